"""Read use cases of the API: filtered pages and single objects, always through the actor's visibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from models import Order, Task, TransitionLog
from workflow import clock
from workflow.deadlines.grammar import Deadline, parse_deadline
from workflow.engine.dispatch import calendar_for
from workflow.engine.engine import MODELS, EventOption, available_events, history
from workflow.engine.permissions import Actor
from workflow.errors import NotFound
from workflow.queries import tasks
from workflow.services.directory import page
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


# Orders ------------------------------------------------------------------------------------------


def list_orders(session: Session, actor: Actor, f: dict[str, Any]) -> tuple[list[Order], int]:
    """Orders the actor sees, filtered by state, kind, organization, year and a part of the title or number."""
    stmt = select(Order).where(Visibility(session, actor).orders()).order_by(Order.id.desc())
    for name in ("state", "kind", "organization_id"):
        if f.get(name) is not None:
            stmt = stmt.where(getattr(Order, name) == f[name])
    if f.get("year") is not None:
        first, last = date(f["year"], 1, 1), date(f["year"], 12, 31)
        # A registered order belongs to its registration year, a draft to the year it was drafted in.
        start = datetime.combine(first, time(), tzinfo=clock.TIMEZONE)
        end = datetime.combine(date(f["year"] + 1, 1, 1), time(), tzinfo=clock.TIMEZONE)
        stmt = stmt.where(
            or_(
                Order.reg_date.between(first, last),
                and_(Order.reg_date.is_(None), Order.created_at >= start, Order.created_at < end),
            )
        )
    if f.get("q"):
        stmt = stmt.where(or_(_contains(Order.title, f["q"]), Order.reg_number == f["q"]))
    return page(session, stmt, f["page"], f["per_page"])


def _contains(column: Any, q: str) -> ColumnElement[bool]:
    # SQLite folds case for ASCII only: the usual spellings of a Russian word are tried as well.
    variants = dict.fromkeys([q, q.lower(), q.capitalize(), q.upper()])
    return or_(*(column.icontains(v, autoescape=True) for v in variants))


def _task_ids(session: Session, column: Any, criterion: ColumnElement[bool]) -> dict[int, list[int]]:
    ids: dict[int, list[int]] = {}
    for key, task_id in session.execute(select(column, Task.id).where(criterion).order_by(Task.id)):
        ids.setdefault(key, []).append(task_id)
    return ids


def read_order(session: Session, actor: Actor, order_id: int) -> Detail:
    """An order with each point's parsed deadline and the ids of the tasks it gave."""
    order = Visibility(session, actor).get(Order, order_id)
    read = DeadlineReader(session)
    reference = order.reg_date or clock.today()
    return Detail(
        order,
        {p.id: read(p.deadline_text, order.period, reference) for p in order.points},
        _task_ids(session, Task.point_id, Task.order_id == order.id),
    )


def read_object(session: Session, actor: Actor, kind: str, obj_id: int) -> Any:
    """Any managed object the actor sees, as its GET answers it."""
    # The plan reads build on this module's DeadlineReader and Detail: imported here, plans imports them freely.
    from workflow.queries import plans

    if kind == "orders":
        return read_order(session, actor, obj_id)
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
