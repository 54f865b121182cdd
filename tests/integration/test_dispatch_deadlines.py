"""Issue 12 at dispatch on SQLite and PostgreSQL: every date a task, none before the order or its period end."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from models import Order, ReportingCycle, ReportingPeriod, Roadmap, Task, TransitionLog, WorkingGroup
from models.db import Database
from tests.builders import Office, build_office, new_order
from tools.demo import load_demo
from workflow.deadlines.calendar import default_calendar
from workflow.engine.engine import fire, transition
from workflow.errors import ValidationFailed
from workflow.queries.deadlines import school_quarters
from workflow.services.school_calendar import set_school_quarters


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _dispatched(
    db: Database, deadline_text: str, signed: date, period: dict[str, Any] | None = None, office: Office | None = None
) -> list[Task]:
    """An order with one controlled point for the executor, signed on `signed` and dispatched the next day."""
    office = office or build_office(db)
    point = {
        "text": "Представить информацию.",
        "controlled": True,
        "responsible": [{"person_id": office.p("executor")}],
        "deadline_text": deadline_text,
    }
    order_id = new_order(db, office, points=[point], **({"period": period} if period else {}))
    with db.transaction() as s:
        order = s.get(Order, order_id)
        fire(s, order, "submit", office.actors["clerk"], now=_at(signed))
        fire(s, order, "visa", office.actors["approver1"], decision="approve", now=_at(signed))
        fire(s, order, "visa", office.actors["approver2"], decision="approve", now=_at(signed))
        fire(s, order, "approve", office.actors["head"], now=_at(signed))
        assert order.reg_date == signed
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"], now=_at(signed + timedelta(days=1)))
    with db.session() as s:
        return list(s.scalars(select(Task).where(Task.order_id == order_id).order_by(Task.deadline, Task.id)))


def _deadlines(tasks: list[Task]) -> list[date | None]:
    return [t.deadline for t in tasks]


def test_case_1_every_date_of_a_text_becomes_its_own_task(db: Database) -> None:
    tasks = _dispatched(db, "до 01.10.2023 г., до 01.03.2024 г.", date(2023, 9, 1))
    assert _deadlines(tasks) == [date(2023, 9, 29), date(2024, 3, 1)]  # 01.10.2023 is a Sunday
    assert [t.series_index for t in tasks] == [1, 2] and len({t.series_key for t in tasks}) == 1


def test_case_1_two_quarters_named_in_one_text_give_two_tasks(db: Database) -> None:
    period = {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}
    tasks = _dispatched(db, "I, III кварталы", date(2024, 1, 10), period)
    assert _deadlines(tasks) == [date(2024, 3, 29), date(2024, 9, 30)]


def test_case_2_a_yearless_date_without_a_period_is_the_next_one_after_signing(db: Database) -> None:
    tasks = _dispatched(db, "до 1 июня", date(2023, 9, 1))
    assert _deadlines(tasks) == [date(2024, 5, 31)]  # 01.06.2024 is a Saturday


def test_case_2_a_monthly_series_without_a_period_runs_over_the_academic_year_from_signing(db: Database) -> None:
    tasks = _dispatched(db, "ежемесячно до 5 числа", date(2023, 9, 1))
    assert tasks and all(date(2023, 9, 1) <= t.deadline <= date(2024, 8, 31) for t in tasks)
    assert len(tasks) == 12


def test_case_3_checkpoints_before_signing_are_not_created(db: Database) -> None:
    period = {"start": date(2023, 9, 1), "end": date(2024, 8, 31)}
    tasks = _dispatched(db, "Постоянно", date(2023, 11, 15), period)
    assert _deadlines(tasks) == [date(2023, 12, 29), date(2024, 3, 29), date(2024, 6, 28)]


def test_case_3_a_single_date_before_signing_gives_an_undated_task_to_be_dated(db: Database) -> None:
    tasks = _dispatched(db, "до 01.10.2023", date(2023, 11, 15))
    assert len(tasks) == 1 and tasks[0].deadline is None and tasks[0].needs_date


def test_case_4_day_month_in_recurring_texts_is_the_date_named(db: Database) -> None:
    period = {"start": date(2023, 9, 1), "end": date(2024, 8, 31)}
    assert _deadlines(_dispatched(db, "ежегодно до 20.05", date(2023, 9, 1), period)) == [date(2024, 5, 20)]


def test_case_4_quarterly_dates_listed_as_day_month(db: Database) -> None:
    period = {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}
    tasks = _dispatched(db, "ежеквартально: до 15.04, 15.07, 15.10, 15.01", date(2024, 1, 10), period)
    assert _deadlines(tasks) == [date(2024, 1, 15), date(2024, 4, 15), date(2024, 7, 15), date(2024, 10, 15)]


def test_case_5_no_report_is_due_before_the_end_of_its_quarter(db: Database) -> None:
    period = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}
    tasks = _dispatched(db, "ежеквартально до 10 числа месяца, следующего за отчётным", date(2025, 1, 15), period)
    assert len(tasks) == 4  # Q1–Q4 2025; no report on Q4 2024
    assert _deadlines(tasks)[:3] == [date(2025, 4, 10), date(2025, 7, 10), date(2025, 10, 10)]
    last = tasks[-1].deadline
    assert last is not None and last > date(2025, 12, 31) and default_calendar().is_working_day(last)


def test_case_6_daily_means_one_task_per_working_day(db: Database) -> None:
    period = {"start": date(2024, 4, 29), "end": date(2024, 5, 12)}
    tasks = _dispatched(db, "ежедневно", date(2024, 4, 26), period)
    days = _deadlines(tasks)
    assert len(days) == len(set(days))
    every_day = [date(2024, 4, 29) + timedelta(days=n) for n in range(14)]
    assert days == [d for d in every_day if default_calendar().is_working_day(d)]
    assert len(days) == 5  # 29–30 April, 1, 9 and 10 May 2024 are holidays, as are the weekends


def test_case_7_school_quarters_come_from_the_school_calendar(db: Database) -> None:
    period = {"start": date(2023, 9, 1), "end": date(2024, 8, 31)}
    tasks = _dispatched(db, "до 5 числа месяца, следующего за окончанием четверти", date(2023, 9, 1), period)
    # The II quarter ends 28.12: its report due 05.01 (holidays) moves back only as far as 29.12.
    assert _deadlines(tasks) == [date(2023, 11, 3), date(2023, 12, 29), date(2024, 4, 5), date(2024, 6, 5)]


def test_case_7_a_time_of_day_inside_the_text_is_not_read_as_a_date(db: Database) -> None:
    assert _deadlines(_dispatched(db, "до 12.00 15.11.2023", date(2023, 9, 1))) == [date(2023, 11, 15)]


def _order_of(s: Any, task: Task) -> Order | None:
    if task.order_id:
        return s.get(Order, task.order_id)
    if task.roadmap_id:
        return s.get(Order, s.get(Roadmap, task.roadmap_id).order_id)
    if task.working_group_id:
        group = s.get(WorkingGroup, task.working_group_id)
        return s.get(Order, group.order_id) if group.order_id else None
    if task.reporting_period_id:
        cycle = s.get(ReportingCycle, s.get(ReportingPeriod, task.reporting_period_id).cycle_id)
        return s.get(Order, cycle.order_id) if cycle.order_id else None
    return None


def test_the_demo_has_no_task_due_before_its_order_and_none_done_before_it_existed(db: Database) -> None:
    load_demo(db)
    with db.session() as s:
        checked = 0
        for task in s.scalars(select(Task)):
            order = _order_of(s, task)
            if order is None or order.reg_date is None:
                continue
            checked += 1
            if task.deadline is not None:
                assert task.deadline >= order.reg_date, (task.title, task.deadline, order.reg_date)
            dispatched = s.scalar(
                select(TransitionLog.at).where(
                    TransitionLog.object_kind == "order", TransitionLog.object_id == order.id,
                    TransitionLog.event == "dispatch",
                )
            )  # fmt: skip
            steps = s.scalars(
                select(TransitionLog).where(TransitionLog.object_kind == "task", TransitionLog.object_id == task.id)
            ).all()
            for step in steps:
                assert dispatched is None or step.at.replace(tzinfo=None) >= dispatched.replace(tzinfo=None), (
                    task.title, step.event, step.at, dispatched,
                )  # fmt: skip
        assert checked > 20


def test_case_7_quarters_the_administrator_set_for_a_year_are_the_ones_dispatched(db: Database) -> None:
    office = build_office(db)
    quarters = [
        (date(2023, 9, 1), date(2023, 10, 27)),
        (date(2023, 11, 7), date(2023, 12, 29)),
        (date(2024, 1, 9), date(2024, 3, 22)),
        (date(2024, 4, 1), date(2024, 5, 24)),
    ]
    with pytest.raises(ValidationFailed, match="четыре четверти"):
        set_school_quarters(db, office.actors["admin"], 2023, quarters[:3])
    set_school_quarters(db, office.actors["admin"], 2023, quarters)
    with db.session() as s:
        assert school_quarters(s, 2023) == quarters
    period = {"start": date(2023, 9, 1), "end": date(2024, 8, 31)}
    tasks = _dispatched(db, "по итогам четверти", date(2023, 9, 1), period, office=office)
    assert _deadlines(tasks) == [end for _, end in quarters]
