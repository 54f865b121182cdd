"""Execution control on a small crafted history: overdue now and as of past days, the other views, the summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select, update

from models import Task
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from workflow import clock
from workflow.engine.engine import transition
from workflow.errors import ValidationFailed
from workflow.queries.control import (
    ControlFilter,
    TaskRow,
    due_soon,
    on_review_too_long,
    overdue,
    summary,
    without_date,
)
from workflow.services.extensions import decide_extension, request_extension

TODAY = date(2027, 6, 25)
YEAR = (date(2027, 1, 1), date(2027, 12, 31))


def at(day: date, hour: int = 11) -> datetime:
    """A moment of the office's working day."""
    return datetime.combine(day, time(hour), tzinfo=clock.TIMEZONE).astimezone(UTC)


@dataclass
class History:
    """The crafted office and the ids of its tasks."""

    office: Office
    order1: int
    order2: int
    t1: int  # executor: extension granted before the deadline, then accepted late
    t2: int  # school 1: extension granted only after the original deadline, then done on time
    t3: int  # school 2: cancelled after its deadline
    parent: int  # the fan-out parent of t2 and t3
    t4: int  # director 1: extension denied, overdue today
    t5: int  # executor: reported ten days ago, still on review
    t6: int  # executor: due in two working days
    t7: int  # executor: no date could be derived


def _dispatch(db: Database, office: Office, order_id: int, day: date) -> list[Task]:
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"], now=at(day))
    with db.session() as s:
        return list(s.scalars(select(Task).where(Task.order_id == order_id).order_by(Task.id)))


def _fire(db: Database, h: Office, task_id: int, event: str, who: str, day: date, **fields: str) -> None:
    transition(db, "tasks", task_id, event, h.actors[who], now=at(day), **fields)


def _extension(db: Database, office: Office, task_id: int, who: str, asked: date, new: date, decided: date,
               decision: str) -> None:  # fmt: skip
    request = request_extension(db, office.actors[who], task_id, new, "Нужны сведения от школ", now=at(asked))
    decide_extension(db, office.actors["controller"], request.id, decision, now=at(decided))


def _person_point(office: Office, key: str, text: str, deadline_text: str) -> dict:
    return {
        "text": text,
        "controlled": True,
        "responsible": [{"person_id": office.p(key)}],
        "deadline_text": deadline_text,
    }


def build_history(db: Database) -> History:
    """Two dispatched orders and a year of events, each at a known moment."""
    office = build_office(db)
    order1 = new_order(db, office)
    tasks = _dispatch(db, office, order1, date(2027, 3, 7))
    t1 = next(t.id for t in tasks if t.responsible_person_id == office.p("executor"))
    t2 = next(t.id for t in tasks if t.responsible_org_id == office.orgs["school1"])
    t3 = next(t.id for t in tasks if t.responsible_org_id == office.orgs["school2"])
    parent = next(t.id for t in tasks if t.is_rollup)

    _extension(db, office, t1, "executor", date(2027, 3, 25), date(2027, 5, 5), date(2027, 3, 26), "grant")
    _fire(db, office, t1, "report", "executor", date(2027, 4, 30), report_text="Справка подготовлена")
    _fire(db, office, t1, "accept", "controller", date(2027, 5, 10))

    _extension(db, office, t2, "director1", date(2027, 4, 15), date(2027, 5, 20), date(2027, 4, 25), "grant")
    _fire(db, office, t2, "report", "director1", date(2027, 5, 13), report_text="Мониторинг проведён")
    _fire(db, office, t2, "accept", "controller", date(2027, 5, 15))

    _fire(db, office, t3, "cancel", "controller", date(2027, 4, 25), comment="Школа реорганизована")

    points = [
        _person_point(office, "director1", "Представить план работы.", "до 15.06.2027"),
        _person_point(office, "executor", "Подготовить отчёт за год.", "до 06.12.2027"),
        _person_point(office, "executor", "Направить сведения о кадрах.", "до 29.06.2027"),
        _person_point(office, "executor", "Принять участие в семинаре.", "В соответствии с графиком проведения"),
    ]
    order2 = new_order(db, office, title="О подготовке к новому учебному году", points=points)
    tasks2 = _dispatch(db, office, order2, date(2027, 5, 25))
    t4, t5, t6, t7 = (t.id for t in tasks2)
    _extension(db, office, t4, "director1", date(2027, 6, 6), date(2027, 7, 6), date(2027, 6, 7), "deny")
    _fire(db, office, t5, "report", "executor", date(2027, 6, 15), report_text="Отчёт направлен")
    return History(office, order1, order2, t1, t2, t3, parent, t4, t5, t6, t7)


@pytest.fixture
def history(db: Database) -> History:
    return build_history(db)


def _ids(rows: list[TaskRow]) -> list[int]:
    return [r.id for r in rows]


def _as_of(db: Database, day: date, f: ControlFilter = ControlFilter()) -> list[TaskRow]:
    with db.session() as s:
        page = overdue(s, f, as_of=day)
    assert page.total == len(page.items)
    return page.items


def test_the_crafted_history_is_what_the_control_views_are_checked_against(db: Database, history: History) -> None:
    with db.session() as s:
        tasks = {t.id: t for t in s.scalars(select(Task))}
    h = history
    assert (tasks[h.t1].state, tasks[h.t1].done_late, tasks[h.t1].deadline) == ("done", True, date(2027, 5, 5))
    assert tasks[h.t1].original_deadline == date(2027, 4, 2)
    assert (tasks[h.t2].state, tasks[h.t2].done_late, tasks[h.t2].deadline) == ("done", False, date(2027, 5, 20))
    assert tasks[h.t3].state == "cancelled" and tasks[h.parent].is_rollup
    assert tasks[h.t7].deadline is None and tasks[h.t7].needs_date


def test_now_only_the_task_whose_extension_was_denied_is_overdue(db: Database, history: History) -> None:
    with db.session() as s:
        page = overdue(s, today=TODAY)
    assert page.total == 1
    row = page.items[0]
    assert row.id == history.t4 and row.deadline == date(2027, 6, 15) and row.days_overdue == 10
    assert row.responsible == "Куропаткина А.Н." and row.controller == "Ушакова И.Г."
    assert row.source.startswith("Приказ от ") and row.source.endswith(", п. 1")


def test_an_extension_granted_before_the_day_keeps_the_task_off_the_overdue_list(
    db: Database, history: History
) -> None:
    # The original deadline 02.04 had passed on 05.04, but the deadline in force was already 05.05.
    assert _as_of(db, date(2027, 4, 5)) == []


def test_an_extension_granted_after_the_day_does_not_rewrite_what_was_overdue(db: Database, history: History) -> None:
    rows = _as_of(db, date(2027, 4, 23))
    assert _ids(rows) == [history.t2, history.t3]
    school1 = rows[0]
    # Shown with the deadline in force on that day, not today's 20.05.
    assert school1.deadline == date(2027, 4, 20) and school1.days_overdue == 3
    assert school1.responsible == "МБОУ «СОШ № 1» (Куропаткина А.Н.)"


def test_a_cancelled_task_leaves_the_list_from_the_day_after_its_cancellation(db: Database, history: History) -> None:
    assert history.t3 in _ids(_as_of(db, date(2027, 4, 25)))
    assert _as_of(db, date(2027, 4, 26)) == []


def test_a_task_completed_late_is_overdue_until_the_day_it_was_accepted(db: Database, history: History) -> None:
    assert _ids(_as_of(db, date(2027, 5, 6))) == [history.t1]
    assert _ids(_as_of(db, date(2027, 5, 10))) == [history.t1]
    assert _as_of(db, date(2027, 5, 11)) == []


def test_the_as_of_view_of_today_sees_the_same_overdue_task_as_the_current_view(db: Database, history: History) -> None:
    assert _ids(_as_of(db, TODAY)) == [history.t4]


def test_the_as_of_view_is_filtered_by_responsible_organization_controller_source_and_period(
    db: Database, history: History
) -> None:
    day, o = date(2027, 4, 23), history.office
    assert _ids(_as_of(db, day, ControlFilter(responsible_org_id=o.orgs["school1"]))) == [history.t2]
    assert len(_as_of(db, day, ControlFilter(organization_id=o.orgs["authority"]))) == 2
    assert _as_of(db, day, ControlFilter(organization_id=o.orgs["school1"])) == []
    assert len(_as_of(db, day, ControlFilter(controller_id=o.p("controller")))) == 2
    assert _as_of(db, day, ControlFilter(controller_id=o.p("head"))) == []
    assert len(_as_of(db, day, ControlFilter(source_kind="order", source_id=history.order1))) == 2
    assert _as_of(db, day, ControlFilter(source_kind="order", source_id=history.order2)) == []
    assert _as_of(db, day, ControlFilter(source_kind="roadmap")) == []
    assert len(_as_of(db, day, ControlFilter(date_from=date(2027, 4, 20), date_to=date(2027, 4, 20)))) == 2
    assert _as_of(db, day, ControlFilter(date_from=date(2027, 4, 21))) == []


def test_the_current_views_are_filtered_the_same_way(db: Database, history: History) -> None:
    o = history.office
    with db.session() as s:
        assert overdue(s, ControlFilter(responsible_person_id=o.p("director1")), today=TODAY).total == 1
        assert overdue(s, ControlFilter(responsible_person_id=o.p("executor")), today=TODAY).total == 0
        assert overdue(s, ControlFilter(source_kind="order", source_id=history.order2), today=TODAY).total == 1
        assert overdue(s, ControlFilter(source_kind="cycle"), today=TODAY).total == 0
        assert overdue(s, ControlFilter(organization_id=o.orgs["other"]), today=TODAY).total == 0
        assert overdue(s, ControlFilter(date_to=date(2027, 6, 14)), today=TODAY).total == 0


def test_a_task_that_did_not_exist_yet_was_not_overdue(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office, points=[_person_point(office, "executor", "Сдать отчёт.", "до 02.02.2026")])
    (task,) = _dispatch(db, office, order_id, clock.today())
    with db.transaction() as s:
        # Dispatched (created) on 10.03.2026, a month after its deadline. Dispatch itself no longer dates a
        # task before its order (issue 12), so the history is written directly.
        s.execute(
            update(Task)
            .where(Task.id == task.id)
            .values(created_at=at(date(2026, 3, 10)), deadline=date(2026, 2, 2), needs_date=False)
        )
    assert _as_of(db, date(2026, 3, 10)) == []
    assert _ids(_as_of(db, date(2026, 3, 11))) == [task.id]


def test_due_soon_counts_working_days_from_today(db: Database, history: History) -> None:
    with db.session() as s:
        soon = due_soon(s, working_days=3, today=TODAY)
        assert _ids(soon.items) == [history.t6] and soon.items[0].days_overdue == 0
        assert due_soon(s, working_days=1, today=TODAY).total == 0


def test_tasks_without_a_date_are_listed_for_a_person_to_set_one(db: Database, history: History) -> None:
    with db.session() as s:
        page = without_date(s)
    assert _ids(page.items) == [history.t7]
    assert page.items[0].deadline_text == "В соответствии с графиком проведения"


def test_a_report_waiting_more_than_n_days_is_listed_and_a_fresh_one_is_not(db: Database, history: History) -> None:
    with db.session() as s:
        assert _ids(on_review_too_long(s, days=5, now=at(TODAY)).items) == [history.t5]
        assert on_review_too_long(s, days=15, now=at(TODAY)).total == 0


def test_pages_hold_the_requested_slice_and_the_whole_count(db: Database, history: History) -> None:
    with db.session() as s:
        first = overdue(s, as_of=date(2027, 4, 23), per_page=1)
        second = overdue(s, as_of=date(2027, 4, 23), page=2, per_page=1)
        beyond = overdue(s, as_of=date(2027, 4, 23), page=3, per_page=1)
    assert (first.total, second.total, beyond.total, first.pages) == (2, 2, 2, 2)
    assert _ids(first.items + second.items) == [history.t2, history.t3] and beyond.items == []


def test_a_meaningless_filter_or_page_is_refused_in_russian(db: Database) -> None:
    with db.session() as s:
        with pytest.raises(ValidationFailed, match="допустимые значения"):
            overdue(s, ControlFilter(source_kind="memo"))
        with pytest.raises(ValidationFailed, match="строк на странице"):
            overdue(s, per_page=501)
        with pytest.raises(ValidationFailed, match="«Группировка»"):
            summary(s, "weather")


def _summary(db: Database, group_by: str) -> dict[str, tuple[int, ...]]:
    with db.session() as s:
        result = summary(s, group_by, *YEAR, today=TODAY)
    return {
        r.label: (r.total, r.done_on_time, r.done_late, r.overdue, r.in_work, r.extensions_requested,
                  r.extensions_granted)
        for r in result.rows
    }  # fmt: skip


def test_the_summary_per_responsible_counts_each_outcome_and_each_extension(db: Database, history: History) -> None:
    assert _summary(db, "responsible") == {
        # total, on time, late, overdue, in work, extensions asked, granted
        "Бадмаева Л.Н.": (3, 0, 1, 0, 2, 1, 1),
        "МБОУ «СОШ № 1» (Куропаткина А.Н.)": (1, 1, 0, 0, 0, 1, 1),
        "Куропаткина А.Н.": (1, 0, 0, 1, 0, 1, 0),
    }


def test_the_summary_per_organization_puts_a_person_under_their_organization(db: Database, history: History) -> None:
    assert _summary(db, "organization") == {
        "Управление образования": (3, 0, 1, 0, 2, 1, 1),
        "МБОУ «СОШ № 1»": (2, 1, 0, 1, 0, 2, 1),
    }


def test_the_summary_per_source_groups_by_order(db: Database, history: History) -> None:
    with db.session() as s:
        result = summary(s, "source", *YEAR, today=TODAY)
    by_id = {(r.group_kind, r.group_id): r for r in result.rows}
    first, second = by_id[("order", history.order1)], by_id[("order", history.order2)]
    assert (first.total, first.done_on_time, first.done_late, first.extensions_requested) == (2, 1, 1, 2)
    assert (second.total, second.overdue, second.in_work) == (3, 1, 2)
    assert first.label.startswith("Приказ от ")


def test_the_on_time_rate_counts_the_finished_and_the_overdue(db: Database, history: History) -> None:
    with db.session() as s:
        result = summary(s, "organization", *YEAR, today=TODAY)
    rates = {r.label: r.on_time_rate for r in result.rows}
    assert rates == {"Управление образования": 0.0, "МБОУ «СОШ № 1»": 0.5}
    overall = result.overall
    assert (overall.total, overall.done_on_time, overall.done_late, overall.overdue) == (5, 1, 1, 1)
    assert overall.on_time_rate == pytest.approx(1 / 3)


def test_the_summary_period_is_on_the_deadline(db: Database, history: History) -> None:
    with db.session() as s:
        spring = summary(s, "responsible", date(2027, 4, 6), date(2027, 6, 5), today=TODAY).overall
        nothing = summary(s, "responsible", date(2027, 1, 1), date(2027, 2, 28), today=TODAY)
    # t1 (05.05) and t2 (20.05) fall in spring; t3 is cancelled and the parent rolls up.
    assert (spring.total, spring.done_late, spring.done_on_time, spring.extensions_requested) == (2, 1, 1, 2)
    assert nothing.rows == []
