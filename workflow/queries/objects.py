"""Read use cases of the API: filtered pages and single objects, always through the actor's visibility."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from models import ReportingPeriod, Task, TransitionLog
from workflow import clock
from workflow.deadlines.grammar import Deadline, parse_deadline
from workflow.engine.dispatch import calendar_for, deadline_settings, schedule, school_calendar_for
from workflow.engine.engine import MODELS, EventOption, available_events, history
from workflow.engine.permissions import Actor
from workflow.errors import NotFound
from workflow.queries import tasks
from workflow.services.visibility import Visibility


class DeadlineReader:
    """Deadline texts read as dispatch reads them: the office's calendars, rule and horizon (loaded once)."""

    def __init__(self, session: Session) -> None:
        self.calendar = calendar_for(session)
        self.school = school_calendar_for(session)
        self.rule, self.horizon = deadline_settings(session)

    def __call__(self, text: str, period: tuple[date, date] | None, reference: date | None) -> Deadline | None:
        """The parsed deadline, or None for an empty text."""
        if not text.strip():
            return None
        deadline = parse_deadline(
            text,
            period=period,
            reference_date=reference or clock.today(),
            calendar=self.calendar,
            rule=self.rule,
            school=self.school,
            horizon=self.horizon,
        )
        return deadline


def as_dispatched(deadline: Deadline) -> Deadline:
    """The deadline with only the due dates dispatch turns into tasks (none before the reference day), and
    dispatch's warnings added: what the editor's preview shows the clerk before the draft is saved."""
    plan = schedule(deadline)
    if not plan.dropped and not plan.warnings:
        return deadline
    kept = {o.nominal: o.working for o in plan.occurrences if o.nominal is not None and o.working is not None}
    aligned = [i for i, day in enumerate(deadline.due_dates) if day in kept]
    return replace(
        deadline,
        due_dates=tuple(deadline.due_dates[i] for i in aligned),
        working_due_dates=tuple(kept[deadline.due_dates[i]] for i in aligned),
        report_ends=tuple(deadline.report_ends[i] for i in aligned if i < len(deadline.report_ends)),
        working_notes=tuple(deadline.working_notes[i] for i in aligned if i < len(deadline.working_notes)),
        needs_date=deadline.needs_date or not aligned,
        warnings=tuple(dict.fromkeys([*deadline.warnings, *plan.warnings])),
    )


@dataclass
class Detail:
    """An object with what its answer adds: parsed deadlines and task ids per point or activity."""

    obj: Any
    deadlines: dict[int, Deadline | None] = field(default_factory=dict)
    task_ids: dict[int, list[int]] = field(default_factory=dict)


def _kind_model(kind: str) -> type[Any]:
    model = MODELS.get(kind)
    if model is None:
        raise NotFound(f"Нет объектов вида «{kind}».")
    return model


def _task_ids(session: Session, column: Any, criterion: ColumnElement[bool]) -> dict[int, list[int]]:
    ids: dict[int, list[int]] = {}
    for key, task_id in session.execute(select(column, Task.id).where(criterion).order_by(Task.id)):
        ids.setdefault(key, []).append(task_id)
    return ids


def read_object(session: Session, actor: Actor, kind: str, obj_id: int) -> Any:
    """Any managed object the actor sees, as its GET answers it."""
    # The plan reads build on this module's DeadlineReader and Detail: imported here, plans imports them freely.
    from workflow.queries import orders, plans

    if kind == "orders":
        return orders.read_order(session, actor, obj_id)
    if kind == "roadmaps":
        return plans.read_roadmap(session, actor, obj_id)
    if kind == "tasks":
        return tasks.read_task(session, actor, obj_id)
    return Visibility(session, actor).get(_kind_model(kind), obj_id)


# Lifecycle ---------------------------------------------------------------------------------------


def events_of(session: Session, actor: Actor, kind: str, obj_id: int) -> tuple[Any, list[EventOption]]:
    """The object and every event of its lifecycle: which the actor may fire now, and why not the others."""
    obj = Visibility(session, actor).get(_kind_model(kind), obj_id)
    return obj, available_events(session, obj, actor)


def history_of(session: Session, actor: Actor, kind: str, obj_id: int) -> list[TransitionLog]:
    """The recorded transitions of an object, oldest first."""
    obj = Visibility(session, actor).get(_kind_model(kind), obj_id)
    return history(session, obj)


def preview_deadline(
    session: Session, text: str, period: tuple[date, date] | None, reference: date | None
) -> dict[str, Any]:
    """A deadline text read as it would be at dispatch (the office's calendar and rule), in the API's shape."""
    deadline = DeadlineReader(session)(text, period, reference)
    if deadline is None:
        deadline = parse_deadline(text, period=period, reference_date=reference or clock.today())
    return deadline.to_dict()


def cycle_of_period(session: Session, actor: Actor, period_id: int) -> int | None:
    """The reporting cycle of a period the actor sees (its card shows the period); None when there is no such
    period or it is hidden from the actor, so that a hidden period answers like a missing one."""
    stmt = select(ReportingPeriod.cycle_id).where(
        ReportingPeriod.id == period_id, Visibility(session, actor).reporting_periods()
    )
    return session.scalar(stmt)
