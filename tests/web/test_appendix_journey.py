"""In Chromium: the clerk attaches a DOCX appendix in the editor and submits; after approval an executor with a task
from the order downloads it, and the order's PDF carries its pages. Screenshots at 1366 and 390 px wide."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from documents.appendix_files import page_texts
from models import Order
from models.db import Database
from tests.appendix_files import docx_file
from tests.web import prepare
from tests.web.conftest import LiveServer, screenshot
from workflow.engine.engine import fire
from workflow.services.drafting import OrderEdit, update_order

pytestmark = pytest.mark.browser

APPENDIX_TEXT = "Концепция развития дополнительного образования детей до 2030 года"
WIDTHS = (1366, 390)


WIDER_THAN_PAGE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.scroll-x'))
    .map(el => (el.closest('[id]') || el).id + ' ' + el.tagName.toLowerCase());
  return [...new Set(wide)].slice(0, 8);
}"""


def _wider_than_page(page: Any) -> list[str]:
    """The elements that stick out of the page on the right (outside a box that scrolls by itself)."""
    if page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"):
        return []
    return list(page.evaluate(WIDER_THAN_PAGE))


def _shots(page: Any, directory: Path, name: str, block: str) -> list[Path]:
    """The page and its block (a CSS selector) at each width, after checking nothing sticks out sideways."""
    shots = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert _wider_than_page(page) == [], f"{name} scrolls sideways at {width} px"
        shots.append(screenshot(page, directory, f"{name}-{width}"))
        path = directory / f"web-{name}-block-{width}.png"
        page.locator(block).first.screenshot(path=str(path))
        shots.append(path)
    page.set_viewport_size({"width": 1366, "height": 900})
    return shots


def _approve_and_dispatch(demo_db: Database, order_id: int) -> None:
    who = prepare.people(demo_db)
    with demo_db.transaction() as session:
        order = session.get(Order, order_id)
        fire(session, order, "visa", who["approver"], decision="approve")
        fire(session, order, "visa", who["lawyer"], decision="approve")
        fire(session, order, "approve", who["head"])
        fire(session, order, "dispatch", who["clerk"])


def test_the_clerk_attaches_a_docx_and_an_executor_downloads_it_after_approval_with_its_pages_in_the_pdf(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    order_id = prepare.order(demo_db, "Об утверждении Концепции развития дополнительного образования", "draft")
    appendix = docx_file(APPENDIX_TEXT, pages=2)

    clerk = visit_as("clerk").page
    clerk.goto(f"{live_server.url}/orders/{order_id}/edit")
    block = clerk.locator("#appendix-files")
    block.get_by_label("Название приложения").fill("Концепция развития дополнительного образования")
    block.get_by_label(re.compile("Файл DOCX или PDF")).set_input_files(
        {"name": "Концепция.docx", "mimeType": "application/octet-stream", "buffer": appendix}
    )
    block.get_by_role("button", name="Загрузить приложение").click()
    clerk.wait_for_url(re.compile(r"/edit#appendix-files$"))
    assert "добавлено" in clerk.locator(".flash.success").inner_text()
    listed = clerk.locator("ol.appendix-list li")
    assert listed.count() == 1
    assert re.search(r"Концепция\.docx, \d+,\d КБ, 2 л\.", listed.first.inner_text())
    _shots(clerk, screenshot_dir, "appendix-editor", "#appendix-files")

    clerk.goto(f"{live_server.url}/orders/{order_id}")
    clerk.locator("summary", has_text="Направить на согласование").click()
    clerk.locator("details[open] form button[type=submit]").click()
    clerk.wait_for_load_state()
    assert prepare.order_state(demo_db, order_id) == "on_approval"

    _approve_and_dispatch(demo_db, order_id)
    executor = visit_as("executor").page
    executor.goto(f"{live_server.url}/tasks/{prepare.task_of(demo_db, order_id)}")
    executor.locator(f'dd a[href^="/orders/{order_id}#"]').first.click()
    executor.wait_for_url(re.compile(rf"/orders/{order_id}(#.*)?$"))
    item = executor.locator("ol.appendices li").first
    assert "SHA-256" in item.inner_text()
    with executor.expect_download() as info:
        item.get_by_role("link", name="Концепция развития дополнительного образования").click()
    assert Path(info.value.path()).read_bytes() == appendix
    _shots(executor, screenshot_dir, "appendix-card", "section:has(#h-app)")

    with executor.expect_download(timeout=120_000) as info:
        executor.get_by_role("link", name="То же в PDF").click()
    pages = page_texts(Path(info.value.path()).read_bytes())
    with demo_db.session() as session:
        row = session.get(Order, order_id)
        assert row is not None
        sha256 = row.appendices[0].sha256 or ""
    named = next(n for n, text in enumerate(pages) if sha256[:16] in text)
    assert APPENDIX_TEXT in pages[named + 1]


def test_the_card_shows_both_rounds_of_visas_after_a_return_and_fits_a_phone(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    order_id = prepare.order(demo_db, "О проведении муниципального этапа конкурса «Учитель года»", "on_approval")
    who = prepare.people(demo_db)
    with demo_db.transaction() as session:
        order = session.get(Order, order_id)
        fire(session, order, "visa", who["approver"], decision="reject", comment="Добавьте состав жюри.")
    update_order(demo_db, who["clerk"], OrderEdit(order_id, None, {"preamble": "В целях выявления лучших педагогов"}))
    with demo_db.transaction() as session:
        order = session.get(Order, order_id)
        fire(session, order, "submit", who["clerk"])
        fire(session, order, "visa", who["approver"], decision="approve")
    page = visit_as("clerk").page
    page.goto(f"{live_server.url}/orders/{order_id}")
    rounds = page.locator("table.visa-rounds")
    assert rounds.count() == 2
    assert "Добавьте состав жюри." in rounds.nth(0).inner_text()
    assert "Изменены: преамбула." in page.locator("ol.timeline").inner_text()
    _shots(page, screenshot_dir, "visa-rounds", "section:has(#h-visas)")
