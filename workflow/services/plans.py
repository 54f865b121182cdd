"""Use cases of roadmaps, working groups and reporting cycles: drafting them, each in its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from models import (
    ActivityExecutor,
    CycleExecutor,
    Indicator,
    Organization,
    Person,
    ReportingCycle,
    Roadmap,
    RoadmapActivity,
    RoadmapSection,
    WorkingGroup,
    WorkingGroupMember,
)
from models.db import Database
from workflow.engine.permissions import Actor
from workflow.errors import ValidationFailed
from workflow.services.common import (
    check_period,
    executor_refs,
    may_draft_in,
    must_get,
    optional_person,
    record_creation,
)
from workflow.services.orders import attach_to_order


def create_roadmap(session: Session, actor: Actor, data: dict[str, Any]) -> Roadmap:
    """A draft roadmap with sections and activities."""
    org = must_get(session, Organization, data.get("organization_id"), "organization_id", "Организация")
    may_draft_in(session, actor, org.id)
    start, end = check_period(data.get("period"))
    roadmap = Roadmap(
        title=data.get("title", ""),
        organization_id=org.id,
        period_start=start,
        period_end=end,
        controller_id=optional_person(session, data.get("controller_id"), "controller_id"),
        created_by_id=actor.user_id,
        state="draft",
    )
    for s_n, s_data in enumerate(data.get("sections") or []):
        section = RoadmapSection(
            position=s_n, number=s_data.get("number") or str(s_n + 1), title=s_data.get("title") or ""
        )
        for a_n, a_data in enumerate(s_data.get("activities") or []):
            where = f"sections.{s_n}.activities.{a_n}"
            activity = RoadmapActivity(
                position=a_n,
                number=a_data.get("number") or f"{section.number}.{a_n + 1}",
                content=a_data.get("content", ""),
                deadline_text=a_data.get("deadline_text") or "",
                responsible_text=a_data.get("responsible_text") or "",
            )
            activity.executors = executor_refs(
                session, ActivityExecutor, a_data.get("responsible") or [], "responsible", f"{where}.responsible"
            ) + executor_refs(
                session, ActivityExecutor, a_data.get("co_executors") or [], "co_executor", f"{where}.co_executors"
            )
            section.activities.append(activity)
        roadmap.sections.append(section)
    session.add(roadmap)
    attach_to_order(session, actor, roadmap, data.get("order_id"), "roadmap_id")
    record_creation(session, roadmap, actor)
    return roadmap


def create_working_group(session: Session, actor: Actor, data: dict[str, Any]) -> WorkingGroup:
    """A draft working group with its composition."""
    org = must_get(session, Organization, data.get("organization_id"), "organization_id", "Организация")
    may_draft_in(session, actor, org.id)
    group = WorkingGroup(
        name=data.get("name", ""),
        purpose=data.get("purpose") or "",
        organization_id=org.id,
        deadline_text=data.get("deadline_text") or "",
        controller_id=optional_person(session, data.get("controller_id"), "controller_id"),
        created_by_id=actor.user_id,
        state="draft",
    )
    seen: set[int] = set()
    for n, member in enumerate(data.get("members") or []):
        person = must_get(session, Person, member.get("person_id"), f"members.{n}.person_id", "Сотрудник")
        if person.id in seen:
            raise ValidationFailed(
                f"{person.name_initials} указан(а) в составе дважды.", {f"members.{n}.person_id": ["Повтор."]}
            )
        seen.add(person.id)
        group.members.append(WorkingGroupMember(person_id=person.id, role=member.get("role") or "member", position=n))
    if sum(1 for m in group.members if m.role == "chair") > 1:
        raise ValidationFailed("У рабочей группы один руководитель.", {"members": ["Несколько руководителей."]})
    session.add(group)
    attach_to_order(session, actor, group, data.get("order_id"), "working_group_id")
    record_creation(session, group, actor)
    return group


def create_reporting_cycle(session: Session, actor: Actor, data: dict[str, Any]) -> ReportingCycle:
    """A draft reporting cycle with indicators and responsible executors."""
    org = must_get(session, Organization, data.get("organization_id"), "organization_id", "Организация")
    may_draft_in(session, actor, org.id)
    start, end = check_period(data.get("period"))
    cycle = ReportingCycle(
        title=data.get("title", ""),
        organization_id=org.id,
        schedule_text=data.get("schedule_text") or "",
        period_start=start,
        period_end=end,
        controller_id=optional_person(session, data.get("controller_id"), "controller_id"),
        created_by_id=actor.user_id,
        state="draft",
    )
    cycle.executors = executor_refs(session, CycleExecutor, data.get("responsible") or [], "responsible", "responsible")
    cycle.indicators = [
        Indicator(
            position=n,
            name=i.get("name", ""),
            unit=i.get("unit") or "",
            target=None if i.get("target") is None else Decimal(str(i["target"])),
        )
        for n, i in enumerate(data.get("indicators") or [])
    ]
    session.add(cycle)
    attach_to_order(session, actor, cycle, data.get("order_id"), "reporting_cycle_id")
    record_creation(session, cycle, actor)
    return cycle


@dataclass(frozen=True)
class DraftRoadmap:
    """A new draft roadmap: its title, organization, period, sections with their activities."""

    title: str
    organization_id: int | None
    period: dict[str, date] | None = None
    order_id: int | None = None
    controller_id: int | None = None
    sections: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class DraftWorkingGroup:
    """A new draft working group: its name, purpose, organization and (optionally) its composition."""

    name: str
    organization_id: int | None
    purpose: str | None = None
    order_id: int | None = None
    deadline_text: str | None = None
    controller_id: int | None = None
    members: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class DraftReportingCycle:
    """A new draft reporting cycle: its title, organization, schedule, responsible executors and indicators."""

    title: str
    organization_id: int | None
    schedule_text: str | None = None
    period: dict[str, date] | None = None
    order_id: int | None = None
    controller_id: int | None = None
    responsible: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)


Draft = DraftRoadmap | DraftWorkingGroup | DraftReportingCycle


def draft_plan(db: Database, actor: Actor, command: Draft) -> int:
    """A draft roadmap, working group or reporting cycle whose people come from its organization's tree; its id."""
    # drafting builds on this module's create_* functions: imported here, it imports them freely.
    from workflow.services import drafting

    drafters: dict[type[Draft], Callable[[Session, Actor, dict[str, Any]], Roadmap | WorkingGroup | ReportingCycle]]
    drafters = {
        DraftRoadmap: drafting.draft_roadmap,
        DraftWorkingGroup: drafting.draft_working_group,
        DraftReportingCycle: drafting.draft_reporting_cycle,
    }
    with db.transaction() as session:
        return drafters[type(command)](session, actor, asdict(command)).id
