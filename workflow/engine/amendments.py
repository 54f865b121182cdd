"""The dispatch of an amendment order: the base order's tasks follow the changes it makes.

A changed point's open tasks are re-dated, re-assigned or re-titled in place (their history says by which order);
where the schedule or the executors change shape (a series, a fan-out) the old tasks are cancelled and new ones
planned by the dispatch planner. A repealed point's open tasks are cancelled; an added point gets its tasks.
The same holds for the activities of a roadmap attached to the base order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AmendmentChange, Order, OrderPoint, Roadmap, RoadmapActivity, Task
from workflow.engine import effects
from workflow.engine.dispatch import (
    ItemSpec,
    Occurrence,
    Ref,
    expand,
    occurrences,
    parse_for,
    plan_tasks,
    write_groups,
)
from workflow.engine.engine import Ctx, audit, effect, state_label
from workflow.engine.kinds import OPEN_TASK_STATES
from workflow.errors import TransitionNotAllowed

# The base order must be executing for its tasks to follow; an amendment that only re-dates or repeals may also
# land on an order already reported (there is nothing left to change then, but nothing is refused).
_BASE_STATES = ("executing", "reported")


@dataclass
class _Target:
    """What the tasks of one changed item share: how to find them and how to plan new ones."""

    criteria: list[Any]
    spec: ItemSpec
    period: tuple[Any, Any] | None
    deadline_text: str
    refs: list[Ref]


def _refs(refs: list[dict[str, Any]]) -> list[Ref]:
    return [Ref(r.get("person_id"), r.get("organization_id"), bool(r.get("include_subordinates"))) for r in refs or []]


def _old_refs(executors: list[Any]) -> list[Ref]:
    return [Ref(e.person_id, e.organization_id, e.include_subordinates) for e in executors if e.role == "responsible"]


def _open(session: Session, criteria: list[Any], top_level: bool) -> list[Task]:
    stmt = select(Task).where(*criteria, Task.state.in_(OPEN_TASK_STATES))
    if top_level:
        stmt = stmt.where(Task.parent_id.is_(None))
    return list(session.scalars(stmt.order_by(Task.id)))


def _has_tasks(session: Session, criteria: list[Any]) -> bool:
    return session.scalar(select(Task.id).where(*criteria).limit(1)) is not None


class _Applier:
    """Applies one amendment's changes inside the dispatch transaction."""

    def __init__(self, ctx: Ctx, amendment: Order, base: Order) -> None:
        self.ctx = ctx
        self.session = ctx.session
        self.amendment = amendment
        self.base = base
        self.reference = amendment.reg_date or ctx.today
        self.note = f"Изменено приказом от {self.reference:%d.%m.%Y} № {amendment.reg_number}"
        self.created: list[int] = []
        self.reassigned: list[Task] = []
        self.counts = {"redated": 0, "reassigned": 0, "cancelled": 0, "created": 0, "retitled": 0}

    # Finding the item a change names ------------------------------------------------------------------------

    def _point_target(self, change: AmendmentChange) -> tuple[_Target, OrderPoint | None]:
        base = self.base
        point = self.session.get(OrderPoint, change.point_id) if change.point_id else None
        if change.action == "add_after":
            links = {"order_id": base.id, "point_id": change.amendment_point_id}
            criteria = [Task.order_id == base.id, Task.point_id == change.amendment_point_id]
            title, deadline, refs = change.text or "", change.deadline_text or "", _refs(change.responsible or [])
            label, series = change.new_number, f"order:{base.id}:amendment:{change.id}"
        else:
            assert point is not None
            links = {"order_id": base.id, "point_id": point.id}
            criteria = [Task.order_id == base.id, Task.point_id == point.id]
            title = change.text if change.text is not None else point.text
            deadline = change.deadline_text if change.deadline_text is not None else point.deadline_text
            refs = _refs(change.responsible) if change.responsible is not None else _old_refs(point.executors)
            label, series = point.number, f"order:{base.id}:point:{point.id}:amendment:{change.id}"
        spec = ItemSpec(
            title=title,
            organization_id=base.organization_id,
            source_kind="order",
            source_label=label,
            controller_id=base.controller_id,
            deadline_text=deadline,
            links=links,
            series_base=series,
        )
        return _Target(criteria, spec, base.period, deadline, refs), point

    def _activity_target(self, change: AmendmentChange) -> _Target:
        roadmap = self.session.get_one(Roadmap, change.roadmap_id)
        activity = self.session.get(RoadmapActivity, change.activity_id) if change.activity_id else None
        if change.action == "add_after" or activity is None:
            links: dict[str, Any] = {"roadmap_id": roadmap.id, "activity_id": None}
            criteria = [
                Task.roadmap_id == roadmap.id,
                Task.activity_id.is_(None),
                Task.source_label == change.new_number,
            ]
            title, deadline, refs = change.text or "", change.deadline_text or "", _refs(change.responsible or [])
            label, series = change.new_number, f"roadmap:{roadmap.id}:amendment:{change.id}"
        else:
            links = {"roadmap_id": roadmap.id, "activity_id": activity.id}
            criteria = [Task.roadmap_id == roadmap.id, Task.activity_id == activity.id]
            title = change.text if change.text is not None else activity.content
            deadline = change.deadline_text if change.deadline_text is not None else activity.deadline_text
            refs = _refs(change.responsible) if change.responsible is not None else _old_refs(activity.executors)
            label, series = activity.number, f"roadmap:{roadmap.id}:activity:{activity.id}:amendment:{change.id}"
        spec = ItemSpec(
            title=title,
            organization_id=roadmap.organization_id,
            source_kind="roadmap",
            source_label=label,
            controller_id=roadmap.controller_id or self.base.controller_id,
            deadline_text=deadline,
            links=links,
            series_base=series,
        )
        return _Target(criteria, spec, roadmap.period, deadline, refs)

    # What a change does to the tasks ------------------------------------------------------------------------

    def apply(self, change: AmendmentChange) -> None:
        """One change; its history entries name the amendment."""
        if change.target == "activity":
            target = self._activity_target(change)
            repealed = [target.criteria]
        else:
            target, point = self._point_target(change)
            repealed = [target.criteria]
            if change.action == "repeal" and point is not None:
                # A repealed point takes its sub-points with it.
                repealed = [[Task.order_id == self.base.id, Task.point_id == p.id] for p in _with_children(point)]
        if change.action == "repeal":
            tasks = [t for criteria in repealed for t in _open(self.session, criteria, top_level=True)]
            what = (
                f"пункт {change.number} утратил силу"
                if change.target == "point"
                else (f"мероприятие {change.number} исключено")
            )
            self._cancel(tasks, f"{self.note}: {what}")
        elif change.action == "add_after":
            self._create(target)
        else:
            self._replace(change, target)
        change.applied_at = self.ctx.now

    def _dated(self, target: _Target) -> list[Occurrence]:
        return occurrences(parse_for(self.session, target.deadline_text, target.period, self.reference))

    def _create(self, target: _Target) -> None:
        if not target.refs or not target.deadline_text.strip():
            return
        ids = write_groups(self.session, plan_tasks(self.session, target.spec, self._dated(target), target.refs))
        self.created.extend(ids)
        self.counts["created"] += len(ids)

    def _cancel(self, tasks: list[Task], comment: str) -> None:
        for task in tasks:
            self.ctx.fire(task, "cancel", comment=comment)
            self.counts["cancelled"] += 1

    def _replace(self, change: AmendmentChange, target: _Target) -> None:
        session = self.session
        top = _open(session, target.criteria, top_level=True)
        if not top:
            # Nothing open: an item that never had tasks gets them once it has a deadline and an executor.
            if not _has_tasks(session, target.criteria):
                self._create(target)
            return
        dated = self._dated(target) if change.deadline_text is not None else None
        assignees = expand(session, target.refs) if change.responsible is not None else None
        series = any(t.series_index is not None for t in top)
        reshaped = (dated is not None and (len(dated) != 1 or series)) or (
            assignees is not None
            and (len(assignees) != 1 or assignees[0].children or any(t.is_rollup for t in top) or len(top) != 1)
        )
        if reshaped:
            # The schedule or the executors change shape: new tasks first (so that the order does not report
            # itself complete in between), then the old ones cancelled.
            self._create(target)
            self._cancel(top, f"{self.note}: задача заменена новой")
            return
        every = _open(session, target.criteria, top_level=False)
        for task in every:
            parts: list[str] = []
            if change.text is not None and task.title != change.text:
                task.title = change.text
                parts.append("новая редакция")
                self.counts["retitled"] += 1
            if dated is not None:
                old = f"{task.deadline:%d.%m.%Y}" if task.deadline else "не определён"
                task.deadline = dated[0].working
                task.needs_date = dated[0].working is None
                task.deadline_text = target.deadline_text
                new = f"{task.deadline:%d.%m.%Y}" if task.deadline else "не определён"
                parts.append(f"срок {old} → {new} («{target.deadline_text}»)")
                self.counts["redated"] += 1
            if assignees is not None and task.parent_id is None:
                who = assignees[0]
                task.responsible_person_id, task.responsible_org_id = who.person_id, who.org_id
                parts.append("новый исполнитель")
                self.reassigned.append(task)
                self.counts["reassigned"] += 1
            if not parts:
                continue
            task.last_activity_at = self.ctx.now
            task.touch(self.ctx.now)
            session.flush()
            audit(
                session,
                task,
                "amend",
                self.ctx.actor,
                comment=f"{self.note}: {', '.join(parts)}.",
                payload={"amendment_id": self.amendment.id, "change_id": change.id},
                now=self.ctx.now,
            )

    def notify(self) -> None:
        """The executors of new and re-assigned tasks learn of them, as at any dispatch."""
        self.session.flush()
        tasks = list(self.session.scalars(select(Task).where(Task.id.in_(self.created)))) if self.created else []
        tasks += self.reassigned
        items: list[tuple[str, int | None, Any, str, str]] = []
        for task in tasks:
            due = f"срок {task.deadline:%d.%m.%Y}" if task.deadline else "срок не определён"
            text = f"{self.note}: вам поручение № {task.id}: {task.title[:160]} ({due})."
            items.extend(("task_assigned", p, task, text, "") for p in effects.task_executors(self.session, task))
        effects.notify_many(self.session, items)


def _with_children(point: OrderPoint) -> list[OrderPoint]:
    out = [point]
    for child in point.children:
        out.extend(_with_children(child))
    return out


@effect("apply_amendment")
def apply_amendment(ctx: Ctx) -> None:
    """An amendment order's dispatch re-dates, re-assigns, cancels and creates the base order's tasks."""
    amendment: Order = ctx.obj
    if amendment.amends_id is None:
        return
    base = ctx.session.get_one(Order, amendment.amends_id)
    changes = list(
        ctx.session.scalars(
            select(AmendmentChange).where(AmendmentChange.order_id == amendment.id).order_by(AmendmentChange.position)
        )
    )
    adds = any(c.action == "add_after" for c in changes)
    if base.state not in _BASE_STATES or (adds and base.state != "executing"):
        raise TransitionNotAllowed(
            f"Нельзя направить на исполнение: изменяемый приказ № {base.reg_number} в состоянии «{state_label(base)}»"
            " — изменения применяются к приказу на исполнении (сначала направьте на исполнение его)."
        )
    applier = _Applier(ctx, amendment, base)
    for change in changes:
        applier.apply(change)
    if base.dispatch_total is not None and applier.created:
        # The base order's progress counts the tasks its amendments added.
        base.dispatch_total += len(applier.created)
        base.dispatch_done += len(applier.created)
    applier.notify()
    ctx.payload["amended_order_id"] = base.id
    ctx.payload["amendment"] = applier.counts
    audit(
        ctx.session,
        base,
        "amended",
        ctx.actor,
        comment=f"{applier.note}",
        payload={"amendment_id": amendment.id, **applier.counts},
        now=ctx.now,
    )
