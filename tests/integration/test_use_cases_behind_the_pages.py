"""The use cases and queries behind the pages (reports with files, groups, desk, calendar days), on each database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import CalendarDay, StoredFile, Task, TaskAttachment, WorkingGroup
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from workflow.engine.engine import transition
from workflow.errors import Forbidden, NotFound, StaleVersion, TransitionNotAllowed, ValidationFailed
from workflow.queries import desk, tasks
from workflow.services import calendar_days, reports, working_groups
from workflow.services.extensions import decide_extension, request_extension
from workflow.services.plans import create_working_group
from workflow.services.reports import ReportWithFiles
from workflow.services.working_groups import Member, ReplaceMembers

PDF = reports.Upload("справка.pdf", "application/pdf", b"%PDF-1.4\n")
EXE = reports.Upload("C:\\Users\\setup.exe", "application/octet-stream", b"MZ")


def _executor_task(db: Database, office: Office) -> int:
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as session:
        task_id = session.scalar(
            select(Task.id).where(Task.order_id == order_id, Task.responsible_person_id == office.p("executor"))
        )
    assert task_id is not None
    return task_id


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_report_with_files_moves_the_task_and_links_every_file_in_one_transaction(db: Database) -> None:
    office = build_office(db)
    task_id = _executor_task(db, office)
    log = reports.report_with_files(db, office.actors["executor"], ReportWithFiles(task_id, "Сделано.", (PDF, PDF), 1))
    assert log.to_state == "on_review"
    with db.session() as session:
        assert session.get(Task, task_id).report_text == "Сделано."  # type: ignore[union-attr]
        stored = reports.attachments(session, task_id)
        assert [f.filename for f in stored] == ["справка.pdf", "справка.pdf"]
        assert reports.attachment(session, office.actors["controller"], task_id, stored[0].id).data == PDF.data


def test_a_report_file_keeps_a_downloadable_name_and_is_served_with_our_type_for_its_suffix(db: Database) -> None:
    office = build_office(db)
    task_id = _executor_task(db, office)
    sneaky = reports.Upload("справка\x00\x07.pdf", "text/html", b"%PDF-1.4\n")
    reports.report_with_files(db, office.actors["executor"], ReportWithFiles(task_id, "Сделано.", (sneaky,), 1))
    with db.session() as session:
        (stored,) = reports.attachments(session, task_id)
        assert stored.filename == "справка.pdf"
        assert stored.content_type == "application/pdf"


def test_a_failed_report_keeps_neither_the_move_nor_the_files(db: Database) -> None:
    office = build_office(db)
    task_id = _executor_task(db, office)
    files = _count(db, StoredFile)
    with pytest.raises(ValidationFailed, match=r"«setup\.exe» не принят"):
        reports.report_with_files(db, office.actors["executor"], ReportWithFiles(task_id, "Сделано.", (PDF, EXE), 1))
    with pytest.raises(StaleVersion):
        reports.report_with_files(db, office.actors["executor"], ReportWithFiles(task_id, "Сделано.", (PDF,), 7))
    with pytest.raises(Forbidden):
        reports.report_with_files(db, office.actors["controller"], ReportWithFiles(task_id, "Сделано.", (PDF,), 1))
    with pytest.raises(NotFound):
        reports.report_with_files(db, office.actors["director1"], ReportWithFiles(task_id, "Сделано.", (PDF,), 1))
    with db.session() as session:
        assert session.get(Task, task_id).state == "assigned"  # type: ignore[union-attr]
    assert _count(db, StoredFile) == files and _count(db, TaskAttachment) == 0


def test_a_report_without_text_is_refused_at_its_field_before_any_file_is_looked_at(db: Database) -> None:
    office = build_office(db)
    task_id = _executor_task(db, office)
    with pytest.raises(ValidationFailed, match="без текста отчёт не принимается") as refused:
        reports.report_with_files(db, office.actors["executor"], ReportWithFiles(task_id, "  ", (EXE,), 1))
    assert list(refused.value.details) == ["report_text"]
    with db.session() as session:
        assert session.get(Task, task_id).state == "assigned"  # type: ignore[union-attr]


def test_the_task_card_offers_asking_and_deciding_exactly_to_those_the_extension_services_accept(
    db: Database,
) -> None:
    office = build_office(db)
    a = office.actors
    task_id = _executor_task(db, office)
    with db.session() as session:
        assert tasks.task_view(session, a["executor"], task_id).may_ask
        assert not tasks.task_view(session, a["controller"], task_id).may_ask
    request = request_extension(db, a["executor"], task_id, date(2031, 12, 25), "Нужен отчёт министерства")
    with db.session() as session:
        asked = {who: tasks.task_view(session, a[who], task_id) for who in ("executor", "controller", "head", "admin")}
    assert not asked["executor"].may_ask and not asked["executor"].may_decide
    assert asked["controller"].may_decide and asked["head"].may_decide and not asked["admin"].may_decide
    with pytest.raises(Forbidden):
        decide_extension(db, a["executor"], request.id, "grant")
    decide_extension(db, a["controller"], request.id, "deny")
    with db.session() as session:
        assert not tasks.task_view(session, a["controller"], task_id).may_decide
        assert tasks.task_view(session, a["executor"], task_id).may_ask


def test_a_draft_groups_composition_is_replaced_and_a_later_one_is_not(db: Database) -> None:
    office = build_office(db)
    clerk = office.actors["clerk"]
    with db.transaction() as session:
        group = create_working_group(session, clerk, {"name": "Группа", "organization_id": office.orgs["authority"]})
        group_id = group.id
    members = (Member(office.p("approver1"), "chair"), Member(office.p("executor")))
    working_groups.replace_members(db, clerk, ReplaceMembers(group_id, members, 1))
    with db.session() as session:
        group = session.get(WorkingGroup, group_id)
        assert group is not None and group.version == 2
        assert [(m.person_id, m.role) for m in group.members] == [
            (office.p("approver1"), "chair"),
            (office.p("executor"), "member"),
        ]
        assert working_groups.may_edit_group(session, clerk, group)
        assert not working_groups.may_edit_group(session, office.actors["executor"], group)
    with pytest.raises(ValidationFailed, match="другого ведомства"):
        working_groups.replace_members(db, clerk, ReplaceMembers(group_id, (Member(office.p("outsider")),), 2))
    with pytest.raises(Forbidden):
        working_groups.replace_members(db, office.actors["executor"], ReplaceMembers(group_id, (), 2))
    transition(db, "working-groups", group_id, "approve", office.actors["head"])
    with pytest.raises(TransitionNotAllowed, match="только у проекта"):
        working_groups.replace_members(db, clerk, ReplaceMembers(group_id, (), 3))


def test_the_desk_shows_each_approver_their_turn_and_the_signatory_when_it_is_ready(db: Database) -> None:
    office = build_office(db)
    a = office.actors
    order_id = new_order(db, office)
    transition(db, "orders", order_id, "submit", a["clerk"])
    with db.session() as session:
        assert [o.id for o in desk.awaiting_my_visa(session, a["approver1"])] == [order_id]
        assert desk.awaiting_my_visa(session, a["approver2"]) == []
        (signing,) = desk.awaiting_my_signature(session, a["head"])
        assert not signing.ready and signing.waiting_for == "Соколов А.В."
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve")
    transition(db, "orders", order_id, "visa", a["approver2"], decision="approve")
    with db.session() as session:
        assert desk.awaiting_my_signature(session, a["head"])[0].ready
        assert [o.id for o in desk.my_drafts(session, a["clerk"])] == []


def test_the_desk_lists_my_open_tasks_and_the_extensions_i_decide(db: Database) -> None:
    office = build_office(db)
    task_id = _executor_task(db, office)
    with db.session() as session:
        assert task_id in [t.id for t in desk.my_open_tasks(session, office.actors["executor"])]
        assert desk.my_open_tasks(session, office.actors["admin"]) == []
    request_extension(db, office.actors["executor"], task_id, date(2027, 12, 30), "Нужен отчёт министерства")
    with db.session() as session:
        for who in ("controller", "head"):
            assert [r.task_id for r in desk.extensions_to_decide(session, office.actors[who])] == [task_id]
        assert desk.extensions_to_decide(session, office.actors["executor"]) == []


def test_calendar_days_are_set_changed_and_given_back_by_an_administrator_only(db: Database) -> None:
    office = build_office(db)
    admin = office.actors["admin"]
    day = date(2027, 1, 8)
    calendar_days.set_calendar_day(db, admin, calendar_days.MarkDay(day, True, "перенос"))
    calendar_days.set_calendar_day(db, admin, calendar_days.MarkDay(day, False, "отменён"))
    with db.session() as session:
        assert [(d.day, d.working, d.note) for d in calendar_days.calendar_days(session, 2027)] == [
            (day, False, "отменён")
        ]
        january = dict(calendar_days.year_grid(session, 2027))[1]
        cell = next(c for week in january for c in week if c.day == day)
        assert cell.manual and not cell.working
    with pytest.raises(Forbidden):
        calendar_days.set_calendar_day(db, office.actors["clerk"], calendar_days.MarkDay(day, True, ""))
    calendar_days.remove_calendar_day(db, admin, day)
    assert _count(db, CalendarDay) == 0
