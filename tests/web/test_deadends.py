"""Dead ends of issue 13 on the pages: the controller dates an undated task and grants an extension to another day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from models import ExtensionRequest, ReportingCycle, Roadmap, Task
from models.db import Database
from tests.web import prepare
from tests.web.conftest import Browserless
from workflow import clock
from workflow.deadlines.calendar import default_calendar
from workflow.services.plans import DraftRoadmap, draft_plan

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


def _draft_roadmap(database: Database, title: str) -> int:
    who = prepare.people(database)
    sections = [
        {
            "title": "Организационные мероприятия",
            "activities": [
                {"content": "Создать рабочую группу", "deadline_text": "декабрь 2026"},
                {
                    "content": "Провести мониторинг",
                    "deadline_text": "январь 2027",
                    "responsible_text": "МБОУ «СОШ № 1», Бадмаевой Л.Н.",
                },
            ],
        }
    ]
    command = DraftRoadmap(title, who["clerk"].organization_id, sections=sections)
    return draft_plan(database, who["clerk"], command)


def _roadmap(database: Database, roadmap_id: int) -> Roadmap:
    with database.session() as session:
        roadmap = session.get(Roadmap, roadmap_id)
        assert roadmap is not None
        for s in roadmap.sections:
            for a in s.activities:
                list(a.executors)
        return roadmap


def test_a_clerk_edits_a_draft_roadmap_on_its_card_without_a_script(demo_app: Flask, demo_db: Database) -> None:
    roadmap_id = _draft_roadmap(demo_db, "Дорожная карта для правки на странице")
    card = f"/roadmaps/{roadmap_id}"
    clerk = Browserless(demo_app, "clerk")
    page = clerk.get(card).get_data(as_text=True)
    assert "Добавить раздел" in page and "не назначен из справочника" in page
    assert "Добавить раздел" not in Browserless(demo_app, "controller").get(card).get_data(as_text=True)
    version = _roadmap(demo_db, roadmap_id).version
    clerk.post_form(card, f"/roadmaps/{roadmap_id}/sections", {"title": "Контроль", "version": version})
    roadmap = _roadmap(demo_db, roadmap_id)
    assert [(s.number, s.title) for s in roadmap.sections] == [("1", "Организационные мероприятия"), ("2", "Контроль")]
    second = roadmap.sections[0].activities[1]
    clerk.post_form(card, f"/roadmaps/{roadmap_id}/move", {"item": "activity", "item_id": second.id, "direction": "up"})
    roadmap = _roadmap(demo_db, roadmap_id)
    assert [(a.number, a.content) for a in roadmap.sections[0].activities] == [
        ("1.1", "Провести мониторинг"),
        ("1.2", "Создать рабочую группу"),
    ]
    assert "перемещено выше" in clerk.get(card).get_data(as_text=True)
    stale = clerk.post_form(card, f"/roadmaps/{roadmap_id}/sections", {"title": "Устаревшая", "version": version})
    assert stale.status_code == 302 and "Раздел не добавлен" in clerk.get(card).get_data(as_text=True)
    clerk.post_form(card, f"/roadmaps/{roadmap_id}/delete", {"item": "section", "item_id": roadmap.sections[1].id})
    assert len(_roadmap(demo_db, roadmap_id).sections) == 1


def test_the_activity_page_offers_the_directory_matches_of_the_imported_text_and_a_search(
    demo_app: Flask, demo_db: Database
) -> None:
    roadmap_id = _draft_roadmap(demo_db, "Дорожная карта для исполнителей")
    activity = _roadmap(demo_db, roadmap_id).sections[0].activities[1]
    url = f"/roadmaps/{roadmap_id}/activities/{activity.id}"
    clerk = Browserless(demo_app, "clerk")
    page = clerk.get(url).get_data(as_text=True)
    assert "МБОУ «СОШ № 1» <small" in page and "Бадмаева Л.Н., ведущий специалист" in page
    who = prepare.people(demo_db)
    executor, school = f"p:{who['executor'].person_id}", f"o:{who['school1'].organization_id}"
    form = {
        "number": "1.2",
        "content": "Провести мониторинг",
        "deadline_text": "январь 2027",
        "responsible_text": "МБОУ «СОШ № 1», Бадмаевой Л.Н.",
        "candidate": [executor, school],
        f"role-{executor}": "responsible",
        f"role-{school}": "co_executor",
        "q": "соколов",
        "do": "search",
    }
    found = clerk.post_form(url, url, form).get_data(as_text=True)
    assert "Соколов А.В., начальник отдела" in found and "найдено поиском" in found
    assert f'name="role-{executor}"' in found and "выбран" in found
    saved = clerk.post_form(url, url, {**form, "do": "save"})
    assert saved.status_code == 302
    row = _roadmap(demo_db, roadmap_id).sections[0].activities[1]
    assert [(e.person_id, e.organization_id, e.role) for e in row.executors] == [
        (who["executor"].person_id, None, "responsible"),
        (None, who["school1"].organization_id, "co_executor"),
    ]
    empty = clerk.post_form(url, url, {**form, "content": "", "do": "save"})
    assert empty.status_code == 422 and 'id="f-content-err"' in empty.get_data(as_text=True)
    new = f"/roadmaps/{roadmap_id}/sections/{row.section_id}/activities/new"
    added = clerk.post_form(new, new, {"content": "Подвести итоги", "do": "save"})
    assert added.status_code == 302
    assert [a.number for a in _roadmap(demo_db, roadmap_id).sections[0].activities] == ["1.1", "1.2", "1.3"]


def test_a_cycle_is_created_on_its_page_and_edited_while_draft(demo_app: Flask, demo_db: Database) -> None:
    clerk = Browserless(demo_app, "clerk")
    assert "Новый цикл отчётности" in clerk.get("/cycles").get_data(as_text=True)
    page = clerk.get("/cycles/new").get_data(as_text=True)
    assert "Ответственные за отчёт" in page and "МБОУ «СОШ № 1»" in page
    who = prepare.people(demo_db)
    school = f"o:{who['school1'].organization_id}"
    form = {
        "title": "Мониторинг горячего питания",
        "schedule_text": "Ежеквартально до 10 числа",
        "period_start": "01.01.2027",
        "period_end": "31.12.2027",
        "controller_id": who["controller"].person_id,
        "candidate": [school],
        f"role-{school}": "responsible",
        "indicator": ["0", "1"],
        "indicator-name-0": "Охват горячим питанием",
        "indicator-unit-0": "%",
        "indicator-target-0": "95,5",
        "indicator-name-1": "",
        "do": "save",
    }
    refused = clerk.post_form("/cycles/new", "/cycles/new", {**form, "title": ""})
    assert refused.status_code == 422 and 'id="f-title-err"' in refused.get_data(as_text=True)
    created = clerk.post_form("/cycles/new", "/cycles/new", form)
    assert created.status_code == 302
    cycle_url = created.headers["Location"]
    cycle_id = int(cycle_url.rstrip("/").rsplit("/", 1)[1])
    with demo_db.session() as session:
        cycle = session.get(ReportingCycle, cycle_id)
        assert cycle is not None and cycle.state == "draft"
        assert [(i.name, i.unit, float(i.target or 0)) for i in cycle.indicators] == [
            ("Охват горячим питанием", "%", 95.5)
        ]
        assert [e.organization_id for e in cycle.executors] == [who["school1"].organization_id]
        version = cycle.version
    assert "Изменить проект отчётности" in clerk.get(cycle_url).get_data(as_text=True)
    edit = f"/cycles/{cycle_id}/edit"
    assert 'value="95.5"' in clerk.get(edit).get_data(as_text=True)
    changed = clerk.post_form(edit, edit, {**form, "title": "Мониторинг питания", "version": version})
    assert changed.status_code == 302
    with demo_db.session() as session:
        cycle = session.get(ReportingCycle, cycle_id)
        assert cycle is not None and cycle.title == "Мониторинг питания" and cycle.version == version + 1
    assert "Изменить проект отчётности" not in Browserless(demo_app, "executor").get(cycle_url).get_data(as_text=True)


def test_a_new_empty_roadmap_is_drafted_in_the_browser_and_filled_on_its_card(
    demo_app: Flask, demo_db: Database
) -> None:
    clerk = Browserless(demo_app, "clerk")
    assert "Новая дорожная карта" in clerk.get("/roadmaps").get_data(as_text=True)
    page = clerk.get("/roadmaps/new").get_data(as_text=True)
    assert "← Дорожные карты" in page and 'type="file"' not in page
    half = clerk.post_form("/roadmaps/new", "/roadmaps/new", {"title": "Карта", "period_start": "01.09.2026"})
    assert half.status_code == 422 and "Укажите обе даты периода" in half.get_data(as_text=True)
    created = clerk.post_form(
        "/roadmaps/new",
        "/roadmaps/new",
        {"title": "Дорожная карта по профориентации", "period_start": "01.09.2026", "period_end": "31.08.2027"},
    )
    assert created.status_code == 302 and created.headers["Location"].endswith("#add-section")
    roadmap_id = int(created.headers["Location"].split("#")[0].rsplit("/", 1)[1])
    roadmap = _roadmap(demo_db, roadmap_id)
    assert (roadmap.state, roadmap.sections, roadmap.period_end) == ("draft", [], date(2027, 8, 31))
    assert 'id="add-section"' in clerk.get(f"/roadmaps/{roadmap_id}").get_data(as_text=True)


def test_a_draft_roadmaps_title_period_and_controller_are_changed_on_its_card(
    demo_app: Flask, demo_db: Database
) -> None:
    roadmap_id = _draft_roadmap(demo_db, "Дорожная карта без периода")
    card = f"/roadmaps/{roadmap_id}"
    clerk = Browserless(demo_app, "clerk")
    who = prepare.people(demo_db)
    form = {"title": "Дорожная карта на учебный год", "period_start": "01.09.2026", "period_end": "31.08.2027"}
    clerk.post_form(card, f"/roadmaps/{roadmap_id}/details", {**form, "controller_id": who["controller"].person_id})
    roadmap = _roadmap(demo_db, roadmap_id)
    assert (roadmap.title, roadmap.period_start, roadmap.controller_id) == (
        "Дорожная карта на учебный год",
        date(2026, 9, 1),
        who["controller"].person_id,
    )
    assert "Изменены сведения дорожной карты" in clerk.get(card).get_data(as_text=True)
    clerk.post_form(card, f"/roadmaps/{roadmap_id}/details", {**form, "period_end": "01.01.2026"})
    assert "Сведения не сохранены" in clerk.get(card).get_data(as_text=True)
    assert _roadmap(demo_db, roadmap_id).period_end == date(2027, 8, 31)
