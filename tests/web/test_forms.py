"""The pages' forms without a browser: what they save, and the Russian messages they put at the fields."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from models import (
    CalendarDay,
    ExtensionRequest,
    Journal,
    Order,
    Organization,
    Person,
    StoredFile,
    Task,
    User,
    WorkingGroup,
)
from models.db import Database
from tests.web import prepare
from tests.web.conftest import Browserless
from workflow import clock
from workflow.deadlines.calendar import default_calendar


@pytest.fixture(scope="module")
def clerk(demo_app: Flask) -> Browserless:
    """The clerk, logged in."""
    return Browserless(demo_app, "clerk")


def _working_day(days_ahead: int) -> Any:
    day = clock.today() + timedelta(days=days_ahead)
    while not default_calendar().is_working_day(day):
        day += timedelta(days=1)
    return day


def _draft(who: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The editor's form as the browser posts it: rows in order, their level, text, executors, deadline."""
    due = _working_day(40)
    form: dict[str, Any] = {
        "organization_id": who["clerk"].organization_id,
        "kind": "order",
        "title": "О проведении школьного этапа олимпиады",
        "place": "г. Верхнеозёрск",
        "preamble": "",
        "signatory_id": who["head"].person_id,
        "controller_id": who["controller"].person_id,
        "executor_mark_id": "",
        "period_start": "",
        "period_end": "",
        "approver": [f"p:{who['approver'].person_id}"],
        "row": ["a", "b", "c", "d"],
        "level-a": "1",
        "text-a": "Провести школьный этап.",
        "level-b": "1",
        "text-b": "Руководителям организаций:",
        "level-c": "2",
        "text-c": "Назначить ответственных.",
        "controlled-c": "yes",
        "resp-c": [f"os:{who['clerk'].organization_id}"],
        "deadline-c": f"до {due:%d.%m.%Y}",
        # Three levels down from a level-2 row is impossible: the row is lifted to 3.
        "level-d": "4",
        "text-d": "Сформировать жюри.",
    }
    form.update(extra)
    return form


def test_the_editor_saves_nested_points_with_their_executors_and_numbers(clerk: Browserless, demo_db: Database) -> None:
    who = prepare.people(demo_db)
    response = clerk.post_form("/orders/new", "/orders/new", _draft(who))
    assert response.status_code == 302
    order_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with demo_db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None and order.state == "draft"
        points = {p.number: p for p in order.points}
        assert sorted(points) == ["1", "2", "2.1", "2.1.1"]
        assert points["2.1.1"].parent_id == points["2.1"].id
        assert points["2.1"].controlled and points["2.1"].responsible[0].include_subordinates
        assert [v.approver_id for v in order.visas] == [who["approver"].person_id]


def test_a_draft_without_a_title_comes_back_with_the_message_at_the_title(
    clerk: Browserless, demo_db: Database
) -> None:
    who = prepare.people(demo_db)
    with demo_db.session() as session:
        before = session.scalar(select(func.count()).select_from(Order))
    response = clerk.post_form("/orders/new", "/orders/new", _draft(who, title="", **{"text-c": ""}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="title"[^>]*aria-invalid="true"', html)
    assert "Укажите заголовок" in html
    assert "Напишите текст пункта или удалите строку." in html
    # What was typed stays in the form.
    assert "Провести школьный этап." in html
    with demo_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Order)) == before


def test_an_executor_from_another_department_is_refused_at_the_point_that_names_them(
    clerk: Browserless, demo_db: Database
) -> None:
    who = prepare.people(demo_db)
    with demo_db.transaction() as session:
        other = Organization(name="Управление образования другого округа", kind="authority")
        session.add(other)
        session.flush()
        stranger = Person(last_name="Чужой", first_name="Пётр", gender="m", organization_id=other.id)
        session.add(stranger)
        session.flush()
        stranger_id = stranger.id
    response = clerk.post_form("/orders/new", "/orders/new", _draft(who, **{"resp-c": [f"p:{stranger_id}"]}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    row = html.split('data-key="c"')[1].split('data-key="d"')[0]
    assert "Другая организация." in row and 'aria-invalid="true"' in row
    assert f"Сотрудник № {stranger_id} из другого ведомства" in html


def test_the_editor_keeps_the_apis_limits_and_puts_the_schemas_message_at_the_field(
    clerk: Browserless, demo_db: Database
) -> None:
    who = prepare.people(demo_db)
    with demo_db.session() as session:
        before = session.scalar(select(func.count()).select_from(Order))
    response = clerk.post_form("/orders/new", "/orders/new", _draft(who, place="г. " + "Я" * 300))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="place"[^>]*aria-invalid="true"', html)
    assert "Не длиннее 200 символов." in html
    with demo_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Order)) == before


def test_editing_a_draft_shows_its_points_and_saves_a_reordering(clerk: Browserless, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О проверке редактора", "draft")
    page = clerk.get(f"/orders/{order_id}/edit").get_data(as_text=True)
    assert "Представить информацию о выполнении мероприятий." in page
    form = {
        "title": "О проверке редактора (исправлено)",
        "kind": "order",
        "version": re.search(r'name="version" value="(\d+)"', page).group(1),  # type: ignore[union-attr]
        "signatory_id": re.search(r'<option value="(\d+)" selected>Дереча', page).group(1),  # type: ignore[union-attr]
        "row": ["x", "y"],
        "level-x": "1",
        "text-x": "Новый первый пункт.",
        "level-y": "1",
        "text-y": "Бывший первый пункт.",
    }
    response = clerk.post_form(f"/orders/{order_id}/edit", f"/orders/{order_id}/edit", form)
    assert response.status_code == 302
    with demo_db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None and order.title.endswith("(исправлено)")
        texts = [(p.number, p.text) for p in order.points]
        assert texts == [("1", "Новый первый пункт."), ("2", "Бывший первый пункт.")]


def test_a_stale_editor_is_refused_and_says_to_reload(clerk: Browserless, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О проверке версий", "draft")
    form = {"title": "Устаревшая правка", "version": "999", "row": ["x"], "level-x": "1", "text-x": "Пункт."}
    response = clerk.post_form(f"/orders/{order_id}/edit", f"/orders/{order_id}/edit", form)
    assert response.status_code == 409
    assert "Обновите" in response.get_data(as_text=True)
    with demo_db.session() as session:
        assert session.get(Order, order_id).title == "О проверке версий"  # type: ignore[union-attr]


def test_the_deadline_preview_reads_the_text_in_the_period(clerk: Browserless) -> None:
    data = clerk.get(
        "/deadlines/preview", query_string={"text": "Ежегодно, июнь", "start": "01.09.2026", "end": "31.08.2027"}
    ).get_json()
    assert data["kind"] == "recurring" and data["dates"] == ["30.06.2027"]
    assert "30.06.2027" in data["line"]
    # A date before the draft's day gets no task at dispatch, and the preview says so before the draft is saved.
    past = clerk.get(
        "/deadlines/preview", query_string={"text": "Ежегодно, июнь", "start": "01.09.2022", "end": "31.08.2023"}
    ).get_json()
    assert past["dates"] == [] and past["needs_date"] is True
    assert any("30.06.2023" in w and "раньше даты приказа" in w for w in past["warnings"]), past["warnings"]
    undated = clerk.get("/deadlines/preview", query_string={"text": "В соответствии с графиком"}).get_json()
    assert undated["needs_date"] is True and undated["dates"] == []
    assert clerk.get("/deadlines/preview", query_string={"text": "  "}).get_json()["line"] == ""


def test_the_directory_search_offers_people_and_organizations_with_their_subordinates(clerk: Browserless) -> None:
    people = clerk.get("/directory/search", query_string={"q": "бадмаева"}).get_json()["items"]
    assert [i["label"] for i in people if i["kind"] == "person"] == ["Бадмаева Л.Н."]
    orgs = clerk.get("/directory/search", query_string={"q": "Управление", "kinds": "org"}).get_json()["items"]
    values = [i["value"] for i in orgs]
    assert any(v.startswith("os:") for v in values) and any(v.startswith("o:") for v in values)


def test_an_action_that_needs_confirmation_is_not_done_without_it(clerk: Browserless, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О проверке подтверждения", "draft")
    card = f"/orders/{order_id}"
    response = clerk.post_form(card, f"/do/orders/{order_id}/cancel", {"comment": "Не нужен"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#action-orders-{order_id}-cancel")
    page = clerk.get(card).get_data(as_text=True)
    assert "Отметьте «Подтверждаю»" in page
    assert prepare.order_state(demo_db, order_id) == "draft"
    clerk.post_form(card, f"/do/orders/{order_id}/cancel", {"comment": "Не нужен", "confirm": "yes"})
    assert prepare.order_state(demo_db, order_id) == "cancelled"


def test_an_action_of_someone_else_is_refused_with_the_reason(demo_app: Flask, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О проверке прав", "on_approval")
    lawyer = Browserless(demo_app, "lawyer")
    card = f"/orders/{order_id}"
    html = lawyer.get(card).get_data(as_text=True)
    # The lawyer's visa is second: the button is there, disabled, with the reason.
    assert re.search(r"<button type=\"button\" disabled[^>]*>Завизировать</button>", html)
    response = lawyer.post_form(card, f"/do/orders/{order_id}/visa", {"decision": "approve"})
    assert response.status_code == 302
    assert "Недостаточно прав" in lawyer.get(card).get_data(as_text=True)
    assert prepare.order_state(demo_db, order_id) == "on_approval"


def test_a_report_with_a_forbidden_file_type_keeps_the_task_and_stores_nothing(
    demo_app: Flask, demo_db: Database
) -> None:
    order_id = prepare.order(demo_db, "О проверке вложений", "executing")
    task_id = prepare.task_of(demo_db, order_id)
    executor = Browserless(demo_app, "executor")
    card = f"/tasks/{task_id}"
    with demo_db.session() as session:
        files_before = session.scalar(select(func.count()).select_from(StoredFile))
    token = Browserless.token(executor.get(card).get_data(as_text=True))
    response = executor.client.post(
        f"/tasks/{task_id}/report",
        data={
            "csrf_token": token,
            "report_text": "Сделано.",
            "files": [(io.BytesIO(b"MZ\x90\x00"), "setup.exe")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = executor.get(response.headers["Location"]).get_data(as_text=True)
    assert "«setup.exe» не принят" in page or "Недопустимый тип файла «setup.exe»" in page
    assert "Сделано." in page
    with demo_db.session() as session:
        assert session.get(Task, task_id).state == "assigned"  # type: ignore[union-attr]
        assert session.scalar(select(func.count()).select_from(StoredFile)) == files_before


def test_an_extension_is_asked_by_the_executor_and_granted_by_the_controller(
    demo_app: Flask, demo_db: Database
) -> None:
    order_id = prepare.order(demo_db, "О проверке переноса срока", "executing")
    task_id = prepare.task_of(demo_db, order_id)
    card = f"/tasks/{task_id}"
    executor = Browserless(demo_app, "executor")
    refused = executor.post_form(card, f"/tasks/{task_id}/extension", {"new_deadline": "", "reason": ""})
    assert refused.status_code == 302
    assert "укажите новый срок (ДД.ММ.ГГГГ) и причину" in executor.get(card).get_data(as_text=True)
    later = _working_day(60)
    executor.post_form(card, f"/tasks/{task_id}/extension", {"new_deadline": f"{later:%d.%m.%Y}", "reason": "Ремонт"})
    with demo_db.session() as session:
        request = session.scalars(select(ExtensionRequest).where(ExtensionRequest.task_id == task_id)).one()
        assert request.status == "pending" and request.new_deadline == later
    controller = Browserless(demo_app, "controller")
    assert "Запросы на перенос срока" in controller.get("/").get_data(as_text=True)
    controller.post_form(
        card,
        f"/extension-requests/{request.id}/decision",
        {"decision": "grant", "task_id": task_id, "version": request.version},
    )
    with demo_db.session() as session:
        task = session.get(Task, task_id)
        assert task is not None and task.deadline == later and task.original_deadline is not None


def test_an_extension_reason_longer_than_the_api_takes_is_refused_on_the_page_too(
    demo_app: Flask, demo_db: Database
) -> None:
    order_id = prepare.order(demo_db, "О проверке длины причины переноса", "executing")
    task_id = prepare.task_of(demo_db, order_id)
    card = f"/tasks/{task_id}"
    executor = Browserless(demo_app, "executor")
    later = f"{_working_day(60):%d.%m.%Y}"
    refused = executor.post_form(card, f"/tasks/{task_id}/extension", {"new_deadline": later, "reason": "я" * 100_001})
    assert refused.status_code == 302
    assert "Не длиннее 100000 символов." in executor.get(card).get_data(as_text=True)
    with demo_db.session() as session:
        assert session.scalars(select(ExtensionRequest).where(ExtensionRequest.task_id == task_id)).first() is None


def test_the_composition_editor_replaces_members_and_refuses_two_chairs(clerk: Browserless, demo_db: Database) -> None:
    who = prepare.people(demo_db)
    with demo_db.transaction() as session:
        from workflow.services.plans import create_working_group

        group = create_working_group(
            session,
            who["clerk"],
            {"name": "Рабочая группа по проверке состава", "organization_id": who["clerk"].organization_id},
        )
        group_id = group.id
    card = f"/groups/{group_id}"
    two_chairs = {
        "row": ["1", "2"],
        "person-1": who["approver"].person_id,
        "role-1": "chair",
        "person-2": who["executor"].person_id,
        "role-2": "chair",
    }
    clerk.post_form(card, f"/groups/{group_id}/members", {**two_chairs, "version": 1})
    assert "один руководитель" in clerk.get(card).get_data(as_text=True)
    clerk.post_form(card, f"/groups/{group_id}/members", {**two_chairs, "role-2": "secretary", "version": 1})
    with demo_db.session() as session:
        saved = session.get(WorkingGroup, group_id)
        assert saved is not None
        assert [(m.person_id, m.role) for m in saved.members] == [
            (who["approver"].person_id, "chair"),
            (who["executor"].person_id, "secretary"),
        ]


def test_an_admin_form_puts_russian_messages_at_its_fields(demo_app: Flask, demo_db: Database) -> None:
    admin = Browserless(demo_app, "admin")
    response = admin.post_form("/admin/users/new", "/admin/users/new", {"login": "x y", "password": "короткий"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Латинские буквы" in html and "Отметьте хотя бы одну роль." in html
    duplicate = admin.post_form(
        "/admin/users/new", "/admin/users/new", {"login": "clerk", "password": "достаточно-длинный", "roles": "clerk"}
    )
    # A duplicate answers 409 on the pages as in the API (routes.errors.status_of).
    assert duplicate.status_code == 409 and "уже занят" in duplicate.get_data(as_text=True)
    created = admin.post_form(
        "/admin/users/new", "/admin/users/new", {"login": "ivanova", "password": "достаточно-длинный", "roles": "clerk"}
    )
    assert created.status_code == 302
    with demo_db.session() as session:
        user = session.scalars(select(User).where(User.login == "ivanova")).one()
        assert user.roles == ["clerk"]


def test_the_admin_user_form_shows_the_api_schemas_message_at_the_field_it_checks(demo_app: Flask) -> None:
    admin = Browserless(demo_app, "admin")
    body = {"login": "kuznetsova", "password": "достаточно-длинный", "roles": ["clerk", "clerk"]}
    response = admin.post_form("/admin/users/new", "/admin/users/new", body)
    assert response.status_code == 422 and "Роли повторяются." in response.get_data(as_text=True)


def test_the_calendar_page_marks_a_day_and_gives_it_back(demo_app: Flask, demo_db: Database) -> None:
    admin = Browserless(demo_app, "admin")
    response = admin.post_form(
        "/admin/calendar?year=2027",
        "/admin/calendar?year=2027",
        {"day": "08.01.2027", "working": "working", "note": "перенос по решению главы округа"},
    )
    assert response.status_code == 302
    page = admin.get("/admin/calendar?year=2027").get_data(as_text=True)
    assert "08.01.2027" in page and "перенос по решению главы округа" in page
    with demo_db.session() as session:
        row = session.get(CalendarDay, clock.today().replace(year=2027, month=1, day=8))
        assert row is not None and row.working
    admin.post_form("/admin/calendar?year=2027", "/admin/calendar/remove", {"day": "2027-01-08"})
    with demo_db.session() as session:
        assert session.get(CalendarDay, clock.today().replace(year=2027, month=1, day=8)) is None
    bad = admin.post_form("/admin/calendar", "/admin/calendar", {"day": "31.02.2027", "working": "off"})
    assert bad.status_code == 422 and "Неверное значение даты" in bad.get_data(as_text=True)


def test_the_control_pages_answer_for_each_view_and_refuse_executors(demo_app: Flask) -> None:
    controller = Browserless(demo_app, "controller")
    for view in ("overdue", "due_soon", "without_date", "on_review"):
        assert controller.get(f"/control?view={view}").status_code == 200
    summary = controller.get("/control/summary?group_by=source&from=01.09.2022&to=31.08.2023")
    assert summary.status_code == 200 and "<svg" in summary.get_data(as_text=True)
    docx = controller.get("/control/export.docx?view=overdue")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert Browserless(demo_app, "executor").get("/control").status_code == 403


def test_the_responsible_executor_enters_indicator_values_and_the_controller_accepts_them(
    demo_app: Flask, demo_db: Database
) -> None:
    from models import IndicatorValue, ReportingCycle, ReportingPeriod

    with demo_db.session() as session:
        cycle = session.scalars(select(ReportingCycle).order_by(ReportingCycle.id)).first()
        assert cycle is not None
        period = next(p for p in cycle.periods if p.state == "open")
        cycle_id, period_id, indicator_id = cycle.id, period.id, cycle.indicators[0].id
    card = f"/cycles/{cycle_id}"
    executor = Browserless(demo_app, "executor")
    page = executor.get(card).get_data(as_text=True)
    assert f'id="value-{period_id}-{indicator_id}"' in page
    executor.post_form(
        card,
        f"/do/reporting-periods/{period_id}/submit",
        {f"value-{indicator_id}": "абв", "narrative": "Выводы"},
    )
    assert "Ожидается число." in executor.get(card).get_data(as_text=True)
    executor.post_form(
        card,
        f"/do/reporting-periods/{period_id}/submit",
        {f"value-{indicator_id}": "97,5", "narrative": "Все ОО участвовали."},
    )
    Browserless(demo_app, "controller").post_form(card, f"/do/reporting-periods/{period_id}/accept", {})
    with demo_db.session() as session:
        stored = session.get(ReportingPeriod, period_id)
        assert stored is not None and stored.state == "accepted" and stored.narrative == "Все ОО участвовали."
        value = session.scalars(select(IndicatorValue).where(IndicatorValue.period_id == period_id)).one()
        assert float(value.value) == 97.5
    assert "97,5 %" in executor.get(card).get_data(as_text=True)
    report = executor.get(f"/periods/{period_id}/report.docx")
    assert report.status_code == 200 and report.data[:2] == b"PK"


def test_the_documents_of_an_order_download_as_docx_and_pdf(demo_app: Flask, demo_db: Database) -> None:
    from documents.pdf import libreoffice_available

    order_id = prepare.order(demo_db, "О проверке выгрузки документов", "on_approval")
    head = Browserless(demo_app, "head")
    docx = head.get(f"/orders/{order_id}/document.docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert "attachment" in docx.headers["Content-Disposition"]
    sheet = head.get(f"/orders/{order_id}/approval-sheet.docx")
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
    if libreoffice_available():
        pdf = head.get(f"/orders/{order_id}/document.pdf")
        assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
    else:
        assert "PDF недоступен" in head.get(f"/orders/{order_id}").get_data(as_text=True)


def test_a_new_working_group_is_drafted_and_opens_with_its_composition_editor(
    clerk: Browserless, demo_db: Database
) -> None:
    empty = clerk.post_form("/groups/new", "/groups/new", {"name": ""})
    assert empty.status_code == 422 and "Заполните это поле." in empty.get_data(as_text=True)
    response = clerk.post_form(
        "/groups/new", "/groups/new", {"name": "Рабочая группа по аттестации", "deadline_text": "до 01.03.2027"}
    )
    assert response.status_code == 302
    card = response.headers["Location"].split("#")[0]
    assert "Сохранить состав" in clerk.get(card).get_data(as_text=True)
    with demo_db.session() as session:
        group = session.get(WorkingGroup, int(card.rsplit("/", 1)[1]))
        assert group is not None and group.state == "draft" and group.deadline_text == "до 01.03.2027"


def test_a_working_group_name_the_api_accepts_is_accepted_on_the_page_too(
    clerk: Browserless, demo_db: Database
) -> None:
    name = "Рабочая группа по " + "аттестации " * 150  # longer than the page once took, within the API's limit
    response = clerk.post_form("/groups/new", "/groups/new", {"name": name})
    assert response.status_code == 302
    too_long = clerk.post_form("/groups/new", "/groups/new", {"name": "я" * 2001})
    assert too_long.status_code == 422
    with demo_db.session() as session:
        group = session.get(WorkingGroup, int(response.headers["Location"].split("#")[0].rsplit("/", 1)[1]))
        assert group is not None and group.name == name.strip()


def _roadmap_table() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["№", "Мероприятие", "Срок исполнения", "Ответственный исполнитель"],
        ["1.", "Организационные мероприятия", "", ""],
        ["1.1", "Утверждение плана", "Сентябрь 2026", "Отдел образования"],
        ["1.2", "Участие в мониторинге", "В соответствии с графиком проведения", "Образовательные организации"],
    ):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_roadmap_is_drafted_from_a_spreadsheet_and_its_undated_rows_are_named(
    clerk: Browserless, demo_db: Database
) -> None:
    from models import Roadmap

    token = Browserless.token(clerk.get("/roadmaps/import").get_data(as_text=True))
    refused = clerk.client.post(
        "/roadmaps/import",
        data={"csrf_token": token, "title": "Карта", "file": (io.BytesIO(b"just text"), "plan.txt")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "DOCX или XLSX" in refused.get_data(as_text=True)
    response = clerk.client.post(
        "/roadmaps/import",
        data={
            "csrf_token": token,
            "title": "Дорожная карта по подготовке к учебному году",
            "period_start": "01.09.2026",
            "period_end": "31.08.2027",
            "file": (io.BytesIO(_roadmap_table()), "карта.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    card = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "мероприятий 2" in card and "не даёт даты" in card and "<svg" in card
    with demo_db.session() as session:
        roadmap = session.scalars(select(Roadmap).order_by(Roadmap.id.desc())).first()
        assert roadmap is not None and roadmap.state == "draft"
        assert [a.deadline_text for s in roadmap.sections for a in s.activities] == [
            "Сентябрь 2026",
            "В соответствии с графиком проведения",
        ]


def test_the_admin_adds_an_organization_and_a_person_and_a_stale_edit_is_refused(
    demo_app: Flask, demo_db: Database
) -> None:
    admin = Browserless(demo_app, "admin")
    org = admin.post_form(
        "/admin/organizations/new",
        "/admin/organizations/new",
        {"name": "МБОУ «СОШ № 9»", "short_name": "СОШ № 9", "kind": "school"},
    )
    assert org.status_code == 302
    with demo_db.session() as session:
        org_id = session.scalars(select(Organization).where(Organization.short_name == "СОШ № 9")).one().id
    person = admin.post_form(
        "/admin/people/new",
        "/admin/people/new",
        {
            "last_name": "Орлова",
            "first_name": "Вера",
            "gender": "f",
            "position": "директор",
            "organization_id": str(org_id),
        },
    )
    assert person.status_code == 302
    with demo_db.session() as session:
        created = session.scalars(select(Person).where(Person.last_name == "Орлова")).one()
    edit = f"/admin/people/{created.id}"
    stale = admin.post_form(
        edit,
        edit,
        {
            "last_name": "Орлова-Петрова",
            "first_name": "Вера",
            "gender": "f",
            "organization_id": str(org_id),
            "version": str(created.version + 5),
        },
    )
    assert stale.status_code == 409 and "изменена другим пользователем" in stale.get_data(as_text=True)
    with demo_db.session() as session:
        assert session.get(Person, created.id).last_name == "Орлова"


def test_the_admin_changes_a_users_roles_and_a_journal_cannot_go_back_onto_given_numbers(
    demo_app: Flask, demo_db: Database
) -> None:
    # Its own user and the letters' journal: the session's demo data other tests use stays as it was.
    admin = Browserless(demo_app, "admin")
    created = admin.post_form(
        "/admin/users/new",
        "/admin/users/new",
        {"login": "sidorova", "password": "достаточно-длинный", "roles": "clerk"},
    )
    assert created.status_code == 302
    with demo_db.session() as session:
        user = session.scalars(select(User).where(User.login == "sidorova")).one()
        journal = session.scalars(select(Journal).where(Journal.kind == "letter")).one()
        given = session.scalar(select(func.max(Order.reg_seq)).where(Order.journal_id == journal.id))
    edit = f"/admin/users/{user.id}"
    saved = admin.post_form(edit, edit, {"roles": ["clerk", "executor"], "active": "y", "version": str(user.version)})
    assert saved.status_code == 302
    with demo_db.session() as session:
        assert session.get(User, user.id).roles == ["clerk", "executor"]
    page = f"/admin/journals/{journal.id}"
    back = admin.post_form(
        page, page, {"prefix": journal.prefix, "next_number": str(given), "version": str(journal.version)}
    )
    assert back.status_code == 422 and "уже выданы" in back.get_data(as_text=True)
    forward = admin.post_form(
        page, page, {"prefix": journal.prefix, "next_number": str(given + 10), "version": str(journal.version)}
    )
    assert forward.status_code == 302
    with demo_db.session() as session:
        assert session.get(Journal, journal.id).next_number == given + 10
