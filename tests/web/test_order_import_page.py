"""The orders page's DOCX upload: the review screen beside the document, then the editor or the dispatch."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from models import Order, Task
from models.db import Database
from tests.order_documents import Layout, order_docx
from tests.web.conftest import Browserless, LiveServer, screenshot


@pytest.mark.browser
def test_a_clerk_uploads_a_docx_on_the_orders_page_and_reviews_it_beside_the_document(
    visit_as: Any, live_server: LiveServer, screenshot_dir: Path
) -> None:
    visit = visit_as("clerk")
    page = visit.page
    page.goto(f"{live_server.url}/orders")
    page.get_by_role("link", name="Загрузить приказ (DOCX)").click()
    page.wait_for_url(re.compile(r"/orders/import$"))
    data = order_docx(Layout(number="7390", executor_mark="Исп. Петрова Мария Ивановна, тел. 38-12-45"))
    page.get_by_label("Файл приказа (DOCX)").set_input_files(
        {
            "name": "prikaz-7390.docx",
            "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "buffer": data,
        }
    )
    screenshot(page, screenshot_dir, "order-import")
    page.get_by_role("button", name="Загрузить и прочитать").click()
    page.get_by_role("heading", name="Проверка загруженного документа").wait_for()
    document = page.locator("section[aria-labelledby=as-read]")
    assert "п р и к а з ы в а ю:" in document.inner_text()
    fields = page.locator("section[aria-labelledby=what-read]").inner_text()
    assert "Об организации мониторинга качества образования" in fields
    assert "Н.Е. Дереча" in fields and "И.Г. Ушакова" in fields
    assert "Куропаткина А.Н.:" in fields  # the addressee point, found through «Куропаткиной А.Н.»
    # The clerk is Петрова Елена Сергеевна: the mark's «Петрова Мария Ивановна» is a warning at its field.
    assert "Петрова Мария Ивановна" in fields
    assert page.get_by_role("link", name="Открыть в редакторе").is_visible()
    screenshot(page, screenshot_dir, "order-import-review")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, screenshot_dir, "order-import-review-390")
    page.get_by_role("link", name="Открыть в редакторе").click()
    page.wait_for_url(re.compile(r"/orders/\d+/edit$"))
    assert visit.page_errors == [] and visit.console_errors == []


def test_a_registered_upload_is_sent_for_execution_from_the_review_screen(demo_app: Flask, demo_db: Database) -> None:
    clerk = Browserless(demo_app, "clerk")
    token = clerk.token(clerk.get("/orders/import").get_data(as_text=True))
    with demo_db.session() as s:
        organization_id = s.scalar(select(Order.organization_id).limit(1))
    response = clerk.client.post(
        "/orders/import",
        data={
            "csrf_token": token,
            "organization_id": str(organization_id),
            "mode": "registered",
            "file": (io.BytesIO(order_docx(Layout(number="8390", appendix=False))), "prikaz-8390.docx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_data(as_text=True)[:2000]
    html = response.get_data(as_text=True)
    assert "зарегистрирован под своим номером № 8390 от 24.03.2022" in html
    action = re.search(r'action="(/do/orders/(\d+)/dispatch)"', html)
    assert action is not None
    version = re.search(r'name="version" value="(\d+)"', html)
    assert version is not None
    fired = clerk.client.post(
        action.group(1),
        data={"csrf_token": Browserless.token(html), "version": version.group(1), "confirm": "yes", "comment": ""},
    )
    assert fired.status_code == 302
    order_id = int(action.group(2))
    with demo_db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and order.state == "executing"
        assert s.scalars(select(Task).where(Task.order_id == order_id)).first() is not None
