"""A substitution in a real browser: the deputy visas, signs «И.о.», accepts a report; both names in the history."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlalchemy import select

from models import Order, Substitution, Task
from models.db import Database
from tests.web import prepare
from tests.web.conftest import LiveServer, screenshot
from workflow import clock
from workflow.engine.engine import fire
from workflow.services.drafting import OrderDraft, draft_order
from workflow.services.extensions import request_extension
from workflow.services.substitutions import cancel_substitution

pytestmark = pytest.mark.browser

UNTIL = date(2026, 12, 15)


def _appointing_order(db: Database) -> int:
    """An approved order «О временном исполнении обязанностей»: Соколов stands in for the controller Ушакова."""
    who = prepare.people(db)
    data: dict[str, Any] = {
        "organization_id": who["clerk"].organization_id,
        "title": "О временном исполнении обязанностей заместителя начальника управления",
        "signatory_id": who["head"].person_id,
        "approvers": [who["lawyer"].person_id],
        "points": [{"text": "Возложить временное исполнение обязанностей заместителя начальника на Соколова А.В."}],
        "substitution": {
            "person_id": who["controller"].person_id,
            "deputy_id": who["approver"].person_id,
            "start": clock.today(),
            "end": UNTIL,
        },
    }
    order_id = draft_order(db, who["clerk"], OrderDraft(**data))
    with db.transaction() as session:
        order = session.get(Order, order_id)
        fire(session, order, "submit", who["clerk"])
        fire(session, order, "visa", who["lawyer"], decision="approve")
        fire(session, order, "approve", who["head"])
    return order_id


def _order_on_approval(db: Database, title: str) -> int:
    """A draft signed by the head whose only visa is the controller's, submitted."""
    who = prepare.people(db)
    data: dict[str, Any] = {
        "organization_id": who["clerk"].organization_id,
        "title": title,
        "signatory_id": who["head"].person_id,
        "controller_id": who["controller"].person_id,
        "approvers": [who["controller"].person_id],
        "points": [{"text": "Провести совещание с руководителями школ."}],
    }
    order_id = draft_order(db, who["clerk"], OrderDraft(**data))
    with db.transaction() as session:
        fire(session, session.get(Order, order_id), "submit", who["clerk"])
    return order_id


def _cancel_all(db: Database) -> None:
    admin = prepare.people(db)["admin"]
    with db.session() as session:
        running = list(session.scalars(select(Substitution.id).where(Substitution.cancelled_at.is_(None))))
    for substitution_id in running:
        cancel_substitution(db, admin, substitution_id)


def test_a_deputy_appointed_on_the_page_and_by_an_order_visas_signs_and_accepts_in_the_persons_place(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    try:
        _journey(visit_as, live_server, demo_db, screenshot_dir)
    finally:
        _cancel_all(demo_db)


def _journey(visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path) -> None:
    # The administrator appoints Соколов to stand in for the head on the page «Замещения».
    admin = visit_as("admin").page
    admin.set_viewport_size({"width": 390, "height": 844})
    admin.goto(f"{live_server.url}/substitutions")
    admin.select_option("#person_id", label=next(o for o in _options(admin, "#person_id") if o.startswith("Дереча")))
    admin.select_option("#deputy_id", label=next(o for o in _options(admin, "#deputy_id") if o.startswith("Соколов")))
    admin.get_by_label("Начало (ДД.ММ.ГГГГ)").fill(f"{clock.today():%d.%m.%Y}")
    admin.get_by_label("Окончание (ДД.ММ.ГГГГ)").fill(f"{UNTIL:%d.%m.%Y}")
    admin.get_by_role("button", name="Назначить замещение").click()
    admin.wait_for_load_state()
    assert "Замещение назначено" in admin.locator(".flash.success").inner_text()
    assert "действует" in admin.locator("table").inner_text()
    assert admin.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(admin, screenshot_dir, "substitutions")

    # An approved order appoints Соколов to stand in for the controller too.
    appointing = _appointing_order(demo_db)
    order_id = _order_on_approval(demo_db, "О проведении совещания с руководителями школ")
    reported = prepare.order(demo_db, "О представлении сведений о питании обучающихся", "executing")
    task_id = prepare.task_of(demo_db, reported)
    who = prepare.people(demo_db)
    with demo_db.transaction() as session:
        fire(session, session.get(Task, task_id), "report", who["executor"], report_text="Сведения представлены.")

    deputy = visit_as("approver").page
    deputy.set_viewport_size({"width": 390, "height": 844})
    deputy.goto(f"{live_server.url}/")
    desk = deputy.locator("main").inner_text()
    assert f"Вы замещаете Деречу Н.Е. до {UNTIL:%d.%m.%Y}" in desk
    assert f"Вы замещаете Ушакову И.Г. до {UNTIL:%d.%m.%Y}" in desk
    assert deputy.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(deputy, screenshot_dir, "desk-standing-in")
    deputy.set_viewport_size({"width": 1360, "height": 900})

    # The visa in the controller's turn, then the approval in the head's place.
    deputy.goto(f"{live_server.url}/orders/{order_id}")
    deputy.locator("summary", has_text="Завизировать").click()
    form = deputy.locator("details[open] form")
    form.get_by_label("Согласовать", exact=True).check()
    form.get_by_role("button", name="Завизировать").click()
    deputy.wait_for_load_state()
    assert "визу дал(а) заместитель: Соколов А.В." in deputy.locator("tr.visa-approve").inner_text()
    deputy.locator("summary", has_text="Утвердить и зарегистрировать").click()
    form = deputy.locator("details[open] form")
    form.get_by_label("Подтверждаю", exact=False).check()
    form.get_by_role("button", name="Утвердить и зарегистрировать").click()
    deputy.wait_for_load_state()
    assert deputy.locator(".title-row .badge").inner_text() == "Утверждён"
    history = deputy.locator("ol.timeline").inner_text()
    assert "Соколов А.В. за Ушакову И.Г." in history and "Соколов А.В. за Деречу Н.Е." in history
    with deputy.expect_download() as info:
        deputy.get_by_role("link", name="Утверждённый документ (DOCX)").click()
    text = "\n".join(p.text for p in Document(io.BytesIO(Path(info.value.path()).read_bytes())).paragraphs)
    tables = Document(io.BytesIO(Path(info.value.path()).read_bytes())).tables
    text += "\n".join(cell.text for table in tables for row in table.rows for cell in row.cells)
    text = text.replace("\xa0", " ")
    assert "И.о. начальника управления образования" in text and "А.В. Соколов" in text

    # The report of the controller's task is accepted by the deputy.
    deputy.goto(f"{live_server.url}/tasks/{task_id}")
    deputy.locator("summary", has_text="Принять исполнение").click()
    deputy.locator("details[open] form").get_by_role("button", name="Принять исполнение").click()
    deputy.wait_for_load_state()
    assert deputy.locator(".title-row .badge").inner_text() == "Исполнено"
    assert "Соколов А.В. за Ушакову И.Г." in deputy.locator("ol.timeline").inner_text()

    # The deputy's own request is not theirs to decide, even standing in for the controller.
    own = prepare.task_of(demo_db, prepare.order(demo_db, "О подготовке к олимпиаде", "executing", "approver"))
    request_extension(demo_db, who["approver"], own, clock.today() + timedelta(days=60), "Нужно больше времени")
    deputy.goto(f"{live_server.url}/tasks/{own}")
    assert deputy.locator("#extensions").get_by_role("button", name="Сохранить решение").count() == 0

    # Once the substitutions end, the deputy signs nothing for the head.
    _cancel_all(demo_db)
    later = _order_on_approval(demo_db, "О проведении родительских собраний")
    deputy.goto(f"{live_server.url}/")
    assert "Вы замещаете" not in deputy.locator("main").inner_text()
    deputy.goto(f"{live_server.url}/orders/{later}")
    assert deputy.locator("summary", has_text="Завизировать").count() == 0
    with demo_db.session() as session:
        assert session.get(Order, appointing).state == "approved"  # type: ignore[union-attr]


def _options(page: Any, css: str) -> list[str]:
    return [t.strip() for t in page.eval_on_selector(css, "el => [...el.options].map(o => o.textContent)")]
