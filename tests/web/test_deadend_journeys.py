"""Issue 13's dead ends in Chromium, at 1366 and 390 px: dating a task, another day for an extension, a draft
roadmap edited with the executor picker, a reporting cycle created and edited, an addressee-only point."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from models import ExtensionRequest, Order, ReportingCycle, Roadmap, Task
from models.db import Database
from tests.web import prepare
from tests.web.conftest import LiveServer, screenshot
from tests.web.test_journeys import choose
from workflow import clock
from workflow.deadlines.calendar import default_calendar
from workflow.services.plans import DraftRoadmap, draft_plan

pytestmark = pytest.mark.browser

EXTERNAL = "в сроки, установленные Министерством просвещения Российской Федерации"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _sunday(days_ahead: int) -> date:
    """A Sunday whose Friday is a working day (the non-working-day rule moves it there)."""
    day = clock.today() + timedelta(days=days_ahead)
    while day.weekday() != 6 or not default_calendar().is_working_day(day - timedelta(days=2)):
        day += timedelta(days=1)
    return day


def _no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at {page.viewport_size['width']}px"


def _both_widths(page: Any, directory: Path, name: str, sideways: bool = True) -> None:
    """Screenshots at 1366 and 390 px (web-<name>.png, web-<name>-phone.png); at 390 nothing scrolls sideways."""
    page.set_viewport_size(DESKTOP)
    screenshot(page, directory, name)
    page.set_viewport_size(PHONE)
    if sideways:
        _no_sideways_scroll(page)
    screenshot(page, directory, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def test_the_controller_dates_an_undated_task_and_grants_an_extension_to_another_day(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    undated = prepare.order(demo_db, "О представлении информации по графику", "executing", deadline_text=EXTERNAL)
    undated_task = prepare.task_of(demo_db, undated)
    visit = visit_as("controller")
    page = visit.page
    page.goto(f"{live_server.url}/control?view=without_date")
    page.locator(f"a[href$='/tasks/{undated_task}#set-deadline']").click()
    page.wait_for_url(re.compile(rf"/tasks/{undated_task}#set-deadline$"))
    _both_widths(page, screenshot_dir, "task-set-deadline")
    sunday = _sunday(21)
    friday = sunday - timedelta(days=2)
    page.get_by_label("Срок (ДД.ММ.ГГГГ)").fill(f"{sunday:%d.%m.%Y}")
    page.get_by_role("button", name="Установить срок").click()
    page.wait_for_load_state()
    message = page.locator(".flash.success").inner_text()
    assert f"Срок установлен: {friday:%d.%m.%Y}" in message and "нерабочий день" in message
    assert page.locator("#set-deadline").count() == 0
    assert "Установлен срок" in page.locator("#h-hist + ol").inner_text()
    with demo_db.session() as session:
        task = session.get(Task, undated_task)
        assert task is not None and task.deadline == friday and not task.needs_date

    dated = prepare.order(demo_db, "О переносе срока на другой день", "executing")
    task_id = prepare.task_of(demo_db, dated)
    asked = _sunday(80) + timedelta(days=2)
    executor = visit_as("executor").page
    executor.goto(f"{live_server.url}/tasks/{task_id}")
    executor.locator("summary", has_text="Попросить перенос срока").click()
    executor.get_by_label("Новый срок (ДД.ММ.ГГГГ)").fill(f"{asked:%d.%m.%Y}")
    executor.get_by_label("Причина").fill("Данные поступят позже")
    executor.get_by_role("button", name="Отправить запрос").click()
    executor.wait_for_load_state()
    assert "отправлен" in executor.locator(".flash.success").inner_text()

    page.goto(f"{live_server.url}/tasks/{task_id}#extensions")
    day = page.get_by_label("Новый срок при согласовании (ДД.ММ.ГГГГ)")
    assert day.input_value() == f"{asked:%d.%m.%Y}"
    _both_widths(page, screenshot_dir, "task-extension-decision")
    other = _sunday(50)
    page.get_by_label("согласовать перенос").check()
    day.fill(f"{other:%d.%m.%Y}")
    page.get_by_role("button", name="Сохранить решение").click()
    page.wait_for_load_state()
    moved = other - timedelta(days=2)
    message = page.locator(".flash.success").inner_text()
    assert f"новый срок {moved:%d.%m.%Y}" in message and "нерабочий день" in message
    assert f"перенос согласован на {moved:%d.%m.%Y}" in page.locator("#extensions").inner_text()
    with demo_db.session() as session:
        task = session.get(Task, task_id)
        request = session.scalars(select(ExtensionRequest).where(ExtensionRequest.task_id == task_id)).one()
        assert task is not None and task.deadline == moved
        assert (request.new_deadline, request.granted_deadline) == (asked, moved)
    assert not visit.page_errors


def _draft_roadmap(database: Database) -> int:
    who = prepare.people(database)
    sections = [
        {
            "title": "Организационные мероприятия",
            "activities": [
                {"content": "Создать рабочую группу по мониторингу", "deadline_text": "декабрь 2026"},
                {
                    "content": "Провести мониторинг готовности",
                    "deadline_text": "январь 2027",
                    "responsible_text": "МБОУ «СОШ № 1», Бадмаевой Л.Н.",
                },
            ],
        },
        {"title": "Методическое сопровождение", "activities": [{"content": "Провести семинар для заместителей"}]},
    ]
    command = DraftRoadmap("Дорожная карта мониторинга готовности", who["clerk"].organization_id, sections=sections)
    return draft_plan(database, who["clerk"], command)


def test_a_clerk_edits_a_draft_roadmap_and_picks_an_executor_from_the_matches(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    roadmap_id = _draft_roadmap(demo_db)
    visit = visit_as("clerk")
    page = visit.page
    page.goto(f"{live_server.url}/roadmaps/{roadmap_id}")
    assert "не назначен из справочника" in page.locator("#activities").inner_text()
    _both_widths(page, screenshot_dir, "roadmap-editing")

    page.locator("summary", has_text="Добавить раздел").click()
    page.get_by_label("Название раздела").last.fill("Контроль и подведение итогов")
    page.get_by_role("button", name="Добавить раздел").click()
    page.wait_for_load_state()
    assert "Добавлен раздел 3" in page.locator(".flash.success").inner_text()

    page.get_by_role("link", name="Добавить мероприятие в раздел 3").click()
    page.get_by_label("Мероприятие", exact=False).first.fill("Подвести итоги мониторинга")
    page.get_by_label("Срок исполнения").fill("до 30.06.2027")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_load_state()
    assert "Добавлено мероприятие 3.1" in page.locator(".flash.success").inner_text()

    page.get_by_role("button", name="Мероприятие 1.2: переместить выше").click()
    page.wait_for_load_state()
    assert "перемещено выше: теперь № 1.1" in page.locator(".flash.success").inner_text()

    page.get_by_role("link", name="Изменить мероприятие 1.1").click()
    page.wait_for_url(re.compile(r"/activities/\d+$"))
    picker = page.locator("#picker")
    assert "МБОУ «СОШ № 1»" in picker.inner_text() and "Бадмаева Л.Н." in picker.inner_text()
    _both_widths(page, screenshot_dir, "roadmap-activity")
    picker.get_by_label("Бадмаева Л.Н.", exact=False).select_option("responsible")
    picker.get_by_label("Найти в справочнике").fill("лицей")
    picker.get_by_role("button", name="Найти").click()
    page.wait_for_load_state()
    assert page.locator("#picker").get_by_label("Бадмаева Л.Н.", exact=False).input_value() == "responsible"
    page.locator("#picker").get_by_label("МБОУ «Лицей № 3»", exact=False).select_option("co_executor")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_load_state()
    assert "Изменено мероприятие 1.1" in page.locator(".flash.success").inner_text()

    second = _section_ids(demo_db, roadmap_id)[1]
    page.locator(f"#section-{second} .section-tools summary", has_text="Удалить").click()
    page.get_by_role("button", name="Удалить раздел 2").click()
    page.wait_for_load_state()
    assert "Удалено: раздел 2" in page.locator(".flash.success").inner_text()

    with demo_db.session() as session:
        roadmap = session.get(Roadmap, roadmap_id)
        assert roadmap is not None
        shape = [(s.number, [a.number for a in s.activities]) for s in roadmap.sections]
        assert shape == [("1", ["1.1", "1.2"]), ("2", ["2.1"])]
        first = roadmap.sections[0].activities[0]
        assert first.content == "Провести мониторинг готовности"
        assert sorted(e.role for e in first.executors) == ["co_executor", "responsible"]
    assert not visit.page_errors


def _section_ids(database: Database, roadmap_id: int) -> list[int]:
    with database.session() as session:
        roadmap = session.get(Roadmap, roadmap_id)
        assert roadmap is not None
        return [s.id for s in roadmap.sections]


def test_a_reporting_cycle_is_created_and_edited_in_the_browser(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    visit = visit_as("clerk")
    page = visit.page
    page.goto(f"{live_server.url}/cycles")
    page.get_by_role("link", name="Новый цикл отчётности").click()
    page.wait_for_url(re.compile(r"/cycles/new$"))
    _both_widths(page, screenshot_dir, "cycle-new")
    page.get_by_label("Название").fill("Мониторинг охвата дополнительным образованием")
    page.get_by_label("Периодичность").fill("Ежеквартально до 10 числа")
    page.get_by_label("Период с (ДД.ММ.ГГГГ)").fill("01.01.2027")
    page.get_by_label("по (ДД.ММ.ГГГГ)").fill("31.12.2027")
    choose(page, "#f-controller_id", "Ушакова")
    page.locator("#picker").get_by_label("МБОУ «Гимназия № 5»", exact=False).select_option("responsible")
    page.get_by_label("Показатель 1", exact=True).fill("Охват дополнительным образованием")
    page.get_by_label("Единица показателя 1").fill("%")
    page.get_by_label("Цель показателя 1").fill("80")
    page.get_by_role("button", name="Создать проект").click()
    page.wait_for_url(re.compile(r"/cycles/\d+$"))
    assert "Проект отчётности создан" in page.locator(".flash.success").inner_text()
    cycle_id = int(page.url.rsplit("/", 1)[1])

    page.get_by_role("link", name="Изменить проект отчётности").click()
    page.wait_for_url(re.compile(rf"/cycles/{cycle_id}/edit$"))
    _both_widths(page, screenshot_dir, "cycle-edit")
    page.get_by_label("Показатель 2", exact=True).fill("Число объединений")
    page.get_by_label("Единица показателя 2").fill("шт.")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url(re.compile(rf"/cycles/{cycle_id}$"))
    assert "Проект отчётности сохранён" in page.locator(".flash.success").inner_text()
    with demo_db.session() as session:
        cycle = session.get(ReportingCycle, cycle_id)
        assert cycle is not None and cycle.state == "draft"
        assert [i.name for i in cycle.indicators] == ["Охват дополнительным образованием", "Число объединений"]
        assert len(cycle.executors) == 1 and cycle.controller_id is not None
    assert not visit.page_errors


def test_the_editor_saves_a_point_that_is_only_its_addressee_with_sub_points(
    visit_as: Any, live_server: LiveServer, demo_db: Database
) -> None:
    page = visit_as("clerk").page
    page.goto(f"{live_server.url}/orders/new")
    page.get_by_label("Заголовок").fill("Об участии в региональном мониторинге")
    choose(page, "#signatory_id", "Дереча")
    rows = page.locator("#points > li.point-row")
    rows.nth(0).locator("textarea").fill("Утвердить график мониторинга.")
    page.get_by_role("button", name="+ Добавить пункт").click()
    choose(page, "#points > li.point-row:nth-child(2) select[id^='addressee-']", "Куропаткина")
    rows.nth(1).get_by_role("button", name="Добавить подпункт").click()
    rows.nth(2).locator("textarea").fill("Обеспечить участие обучающихся.")
    page.get_by_role("button", name="Сохранить проект").click()
    page.wait_for_url(re.compile(r"/orders/\d+$"))
    order_id = int(page.url.rsplit("/", 1)[1])
    # The card says it as the document prints it: in the dative, then its sub-points.
    assert "2. Директору МБОУ «СОШ № 1» Куропаткиной А.Н.:" in page.locator("ol.points").first.inner_text()
    with demo_db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None
        points = {p.number: p for p in order.points}
        assert points["2"].text == "" and points["2"].addressee_id is not None
        assert points["2.1"].parent_id == points["2"].id
