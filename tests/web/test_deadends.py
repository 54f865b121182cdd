"""Dead ends of issue 13 on the pages: the controller dates an undated task and grants an extension to another day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from models import ExtensionRequest, Task
from models.db import Database
from tests.web import prepare
from tests.web.conftest import Browserless
from workflow import clock
from workflow.deadlines.calendar import default_calendar

EXTERNAL = "в сроки, установленные Министерством просвещения Российской Федерации"


def _sunday(days_ahead: int) -> date:
    day = clock.today() + timedelta(days=days_ahead)
    while day.weekday() != 6 or not default_calendar().is_working_day(day - timedelta(days=2)):
        day += timedelta(days=1)
    return day


def _task(database: Database, task_id: int) -> Any:
    with database.session() as session:
        return session.get(Task, task_id)


def test_the_controller_sets_the_date_of_an_undated_task_on_its_card(demo_app: Flask, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О сроке по графику", "executing", deadline_text=EXTERNAL)
    task_id = prepare.task_of(demo_db, order_id)
    card = f"/tasks/{task_id}"
    executor = Browserless(demo_app, "executor")
    assert "Установить срок" not in executor.get(card).get_data(as_text=True)
    controller = Browserless(demo_app, "controller")
    page = controller.get(card).get_data(as_text=True)
    assert 'id="set-deadline"' in page and "срок не определён" in page
    control = controller.get("/control?view=without_date").get_data(as_text=True)
    assert f"/tasks/{task_id}#set-deadline" in control
    sunday = _sunday(20)
    friday = sunday - timedelta(days=2)
    response = controller.post_form(card, f"/tasks/{task_id}/deadline", {"deadline": f"{sunday:%d.%m.%Y}"})
    assert response.status_code == 302
    after = controller.get(card).get_data(as_text=True)
    assert f"Срок установлен: {friday:%d.%m.%Y}" in after and "нерабочий день" in after
    assert 'id="set-deadline"' not in after and "Установлен срок" in after
    task = _task(demo_db, task_id)
    assert (task.deadline, task.needs_date) == (friday, False)


def test_a_past_date_on_the_page_is_refused_with_the_fields_label(demo_app: Flask, demo_db: Database) -> None:
    task_id = prepare.task_of(demo_db, prepare.order(demo_db, "О прошлом сроке", "executing", deadline_text=EXTERNAL))
    card = f"/tasks/{task_id}"
    controller = Browserless(demo_app, "controller")
    past = clock.today() - timedelta(days=3)
    controller.post_form(card, f"/tasks/{task_id}/deadline", {"deadline": f"{past:%d.%m.%Y}"})
    page = controller.get(card).get_data(as_text=True)
    assert "Срок не установлен. Проверьте поле «Срок»" in page
    assert _task(demo_db, task_id).needs_date


def test_the_decision_form_offers_the_asked_day_and_grants_another(demo_app: Flask, demo_db: Database) -> None:
    task_id = prepare.task_of(demo_db, prepare.order(demo_db, "О переносе на другой день", "executing"))
    card = f"/tasks/{task_id}"
    executor = Browserless(demo_app, "executor")
    asked = _sunday(70) + timedelta(days=3)
    executor.post_form(card, f"/tasks/{task_id}/extension", {"new_deadline": f"{asked:%d.%m.%Y}", "reason": "Ремонт"})
    with demo_db.session() as session:
        request = session.scalars(select(ExtensionRequest).where(ExtensionRequest.task_id == task_id)).one()
    controller = Browserless(demo_app, "controller")
    page = controller.get(card).get_data(as_text=True)
    assert 'name="new_deadline" type="text" inputmode="numeric" placeholder="ДД.ММ.ГГГГ"' in page
    assert f'value="{asked:%d.%m.%Y}"' in page
    sunday = _sunday(50)
    controller.post_form(
        card,
        f"/extension-requests/{request.id}/decision",
        {"decision": "grant", "task_id": task_id, "version": request.version, "new_deadline": f"{sunday:%d.%m.%Y}"},
    )
    friday = sunday - timedelta(days=2)
    after = controller.get(card).get_data(as_text=True)
    assert f"новый срок {friday:%d.%m.%Y}" in after and "нерабочий день" in after
    assert f"перенос согласован на {friday:%d.%m.%Y}" in after
    assert _task(demo_db, task_id).deadline == friday
