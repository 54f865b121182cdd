"""Read use cases of the API: filtered pages and single objects, always through the actor's visibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from models import ReportingPeriod, Task, TransitionLog
from workflow import clock
from workflow.deadlines.grammar import Deadline, parse_deadline
from workflow.engine.dispatch import calendar_for
from workflow.engine.engine import MODELS, EventOption, available_events, history
from workflow.engine.permissions import Actor
from workflow.errors import NotFound
from workflow.queries import tasks
from workflow.services.visibility import Visibility
from workflow.settings import settings_of


class DeadlineReader:
    """Deadline texts read as dispatch reads them: the office's calendar (loaded once) and rule."""

    def __init__(self, session: Session) -> None:
        self.calendar = calendar_for(session)
        self.rule = settings_of(session).deadline_rule

    def __call__(self, text: str, period: tuple[date, date] | None, reference: date | None) -> Deadline | None:
        """The parsed deadline, or None for an empty text."""
        if not text.strip():
            return None
        return parse_deadline(
            text,
            period=period,
            reference_date=reference or clock.today(),
            calendar=self.calendar,
            rule=self.rule,
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
