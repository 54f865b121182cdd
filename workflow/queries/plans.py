"""Reads of roadmaps, working groups and reporting cycles shared by the pages and the API, through visibility."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Order, Person, ReportingCycle, ReportingPeriod, Roadmap, RoadmapActivity, Task, WorkingGroup
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.queries.cards import Names, Progress, progress_by
from workflow.queries.objects import DeadlineReader, Detail, _task_ids
from workflow.queries.tasks import tasks_of_source
from workflow.services.directory import page
from workflow.services.drafting import References
from workflow.services.visibility import Visibility
from workflow.services.working_groups import may_edit_group

PLAN_MODELS: dict[str, type[Any]] = {
    "roadmaps": Roadmap,
    "working-groups": WorkingGroup,
    "reporting-cycles": ReportingCycle,
}


def list_plans(session: Session, actor: Actor, kind: str, f: dict[str, Any]) -> tuple[list[Any], int]:
    """Roadmaps, working groups or reporting cycles the actor sees, by state, organization and order."""
    model = PLAN_MODELS[kind]
    stmt = select(model).where(Visibility(session, actor).where(model)).order_by(model.id.desc())
    for name in ("state", "organization_id", "order_id"):
        if f.get(name) is not None:
            stmt = stmt.where(getattr(model, name) == f[name])
    return page(session, stmt, f["page"], f["per_page"])


def read_roadmap(session: Session, actor: Actor, roadmap_id: int) -> Detail:
    """A roadmap with each activity's parsed deadline and its tasks."""
    roadmap = Visibility(session, actor).get(Roadmap, roadmap_id)
    order = session.get(Order, roadmap.order_id) if roadmap.order_id else None
    reference = (order.reg_date if order else None) or clock.today()
    read = DeadlineReader(session)
    activities = [a for s in roadmap.sections for a in s.activities]
    return Detail(
        roadmap,
        {a.id: read(a.deadline_text, roadmap.period, reference) for a in activities},
        _task_ids(session, Task.activity_id, Task.roadmap_id == roadmap.id),
    )


def cycle_periods(session: Session, actor: Actor, cycle_id: int) -> list[ReportingPeriod]:
    """The periods of a reporting cycle, by due date."""
    cycle = Visibility(session, actor).get(ReportingCycle, cycle_id)
    return list(cycle.periods)


@dataclass(frozen=True)
class RoadmapView:
    """A roadmap's card: the roadmap with its parsed deadlines, its activities, executor names, task progress."""

    detail: Detail
    activities: list[RoadmapActivity]
    names: Names
    progress: dict[int, Progress]


def roadmap_view(session: Session, actor: Actor, roadmap_id: int, today: date) -> RoadmapView:
    """The card of a roadmap the actor sees."""
    detail = read_roadmap(session, actor, roadmap_id)
    roadmap: Roadmap = detail.obj
    activities = [a for s in roadmap.sections for a in s.activities]
    names = Names(session).load(e for a in activities for e in a.executors)
    progress = progress_by(
        session, Task.activity_id, Task.roadmap_id == roadmap.id, today, Visibility(session, actor).tasks()
    )
    return RoadmapView(detail, activities, names, progress)


@dataclass(frozen=True)
class GroupView:
    """A working group's card: the group, whether its composition is editable, whom it may take in, its tasks."""

    group: WorkingGroup
    editable: bool
    people: list[Person]
    tasks: list[Task]


def _tree_people(session: Session, organization_id: int) -> list[Person]:
    tree = References(session, organization_id).tree
    stmt = select(Person).where(Person.organization_id.in_(tree)).order_by(Person.last_name, Person.first_name)
    return list(session.scalars(stmt))


def group_view(session: Session, actor: Actor, group_id: int) -> GroupView:
    """The card of a working group the actor sees; the people of its tree only while the actor may edit it."""
    group = Visibility(session, actor).get(WorkingGroup, group_id)
    editable = may_edit_group(session, actor, group)
    return GroupView(
        group,
        editable,
        _tree_people(session, group.organization_id) if editable else [],
        tasks_of_source(session, actor, "working_group", group.id),
    )


@dataclass(frozen=True)
class CycleView:
    """A reporting cycle's card: the cycle, its values by (period, indicator), the executors' names."""

    cycle: ReportingCycle
    values: dict[tuple[int, int], Any]
    names: Names


def cycle_view(session: Session, actor: Actor, cycle_id: int) -> CycleView:
    """The card of a reporting cycle the actor sees."""
    cycle = Visibility(session, actor).get(ReportingCycle, cycle_id)
    values = {(v.period_id, v.indicator_id): v for p in cycle.periods for v in p.values}
    return CycleView(cycle, values, Names(session).load(cycle.executors))


def read_period(session: Session, actor: Actor, period_id: int) -> ReportingPeriod:
    """One period of a reporting cycle the actor sees."""
    return Visibility(session, actor).get(ReportingPeriod, period_id)


def attachable_orders(session: Session, actor: Actor) -> list[Order]:
    """Draft orders of the actor's organization a new plan may be attached to, newest first."""
    stmt = (
        select(Order)
        .where(
            Visibility(session, actor).orders(), Order.state == "draft", Order.organization_id == actor.organization_id
        )
        .order_by(Order.id.desc())
    )
    return list(session.scalars(stmt))
