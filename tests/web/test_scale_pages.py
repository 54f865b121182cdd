"""In the browser, 390 px wide: a large справка asked for and downloaded from «Экспорты», an order «Рассылается»."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from models import Order
from models.db import Database
from tests.web.conftest import LiveServer, actor_of, open_as, screenshot, web_app
from workflow.engine.engine import transition
from workflow.printing.control_exports import run_pending_exports

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def own_server(demo_url: str, tmp_path: Path) -> Iterator[tuple[LiveServer, Database]]:
    """The demo office copied for this test, served with limits low enough for its small orders and views."""
    source = sqlite3.connect(demo_url.removeprefix("sqlite:///"))
    target = sqlite3.connect(tmp_path / "prikaz.sqlite3")
    source.backup(target)  # a consistent copy, whatever the shared demo's WAL holds
    source.close()
    target.close()
    url = f"sqlite:///{tmp_path / 'prikaz.sqlite3'}"
    app = web_app(url, EXPORT_INLINE_ROWS=0, DISPATCH_BACKGROUND_TASKS=1)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    database = app.extensions["prikaz_db"]
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}", server), database
    server.shutdown()
    thread.join(timeout=10)
    database.dispose()


WIDEST = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)
  .map(e => e.tagName + '.' + e.className).slice(0, 8).join(' ')"""


def _no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], page.evaluate(WIDEST)


def test_a_large_spravka_is_asked_for_listed_and_downloaded_on_a_phone(
    browser: Any, own_server: tuple[LiveServer, Database], screenshot_dir: Path
) -> None:
    server, database = own_server
    visit = open_as(browser, server, "controller")
    page = visit.page
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/control?view=overdue")
    page.get_by_role("button", name="Сформировать Excel (XLSX)").click()
    assert "формируется в фоне" in page.locator(".flash").first.inner_text()
    assert "В очереди" in page.locator(".export-list").inner_text()
    assert run_pending_exports(database) == 1
    page.reload()
    link = page.get_by_role("link", name="Справка готова — скачать")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    _no_horizontal_scroll(page)
    screenshot(page, screenshot_dir, "control-exports-phone")
    assert visit.console_errors == [] and visit.page_errors == []
    page.context.close()


def test_an_order_being_dispatched_shows_its_state_and_progress_on_a_phone(
    browser: Any, own_server: tuple[LiveServer, Database], screenshot_dir: Path
) -> None:
    server, database = own_server
    with database.session() as s:
        order_id = s.scalars(
            select(Order.id).where(Order.state == "approved", Order.kind == "order").order_by(Order.id)
        ).first()
    assert order_id is not None
    transition(database, "orders", order_id, "dispatch", actor_of(database, "clerk"))
    visit = open_as(browser, server, "clerk")
    page = visit.page
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/orders/{order_id}")
    assert "Рассылается" in page.locator("body").inner_text()
    assert page.locator("progress").count() == 1
    _no_horizontal_scroll(page)
    screenshot(page, screenshot_dir, "order-dispatching-phone")
    assert visit.console_errors == [] and visit.page_errors == []
    page.context.close()
