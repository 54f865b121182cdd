"""Who may know that an object exists: one SQL filter per kind, and checks of single objects built from it.

Rules (a person may stand in several; any one suffices):

* admin — everything;
* head — everything of their organization and the organizations under it (documents, and tasks issued
  there or addressed there);
* clerk — the documents of their organization and the tasks those documents gave;
* controller — what they control (controller_id of an order, plan, cycle or task);
* approver — the orders on whose visa list they are;
* executor — tasks where they, or an organization they head, are responsible or co-executor;
* reader — whoever has a task from an order, a roadmap or a working group (responsible, co-executor,
  controller, the head of an addressed organization) reads that document, its appendices and its files;
* author — what they drafted; signatory — what they sign; working-group members — their group;
  responsible executors of a reporting cycle — the cycle and its periods;
* attachments of an order (roadmaps, groups, cycles) are visible to whoever sees the order.

Invisible objects answer 404, so nobody learns that they exist; visible ones that the user may not change
answer 403 from the engine's permissions.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from models import (
    CycleExecutor,
    ExtensionRequest,
    Order,
    Organization,
    Person,
    ReportingCycle,
    ReportingPeriod,
    Roadmap,
    Task,
    TaskCoExecutor,
    Visa,
    WorkingGroup,
    WorkingGroupMember,
)
from workflow import clock
from workflow.engine.kinds import BY_MODEL
from workflow.engine.permissions import Actor
from workflow.engine.scope import subtree
from workflow.errors import NotFound

M = TypeVar("M")

# «Приказ № 5 не найден», «Дорожная карта № 5 не найдена»: from the kinds' registry.
NOT_FOUND_LABELS: dict[type[Any], str] = {model: kind.label for model, kind in BY_MODEL.items()}


def not_found(model: type[Any], obj_id: int) -> NotFound:
    """The same answer for a missing object and a hidden one."""
    kind = BY_MODEL.get(model)
    return NotFound(kind.not_found(obj_id) if kind else f"Объект № {obj_id} не найден.")


class Visibility:
    """What one actor may see, as SQL filters; lookups are cached for the request."""

    def __init__(self, session: Session | Connection, actor: Actor) -> None:
        self.session = session
        self.actor = actor
        self.everything = actor.system or actor.has("admin")
        self._head_scope: frozenset[int] | None = None
        self._people: list[int] | None = None

    # Scopes ----------------------------------------------------------------------------------------

    @property
    def head_scope(self) -> frozenset[int]:
        """The organizations a head sees whole: their own and everything under it."""
        if self._head_scope is None:
            org = self.actor.organization_id
            self._head_scope = subtree(self.session, org) if self.actor.has("head") and org else frozenset()
        return self._head_scope

    @property
    def document_scope(self) -> frozenset[int]:
        """Organizations whose documents the actor sees: a head's subtree, a clerk's own organization."""
        scope = set(self.head_scope)
        if self.actor.has("clerk") and self.actor.organization_id is not None:
            scope.add(self.actor.organization_id)
        return frozenset(scope)

    @property
    def people(self) -> list[int]:
        """The actor's person and those they stand in for today: a deputy sees what the person has to act on."""
        if self._people is None:
            own = [self.actor.person_id] if self.actor.person_id is not None else []
            self._people = own + self.actor.represented(self.session, clock.today()) if own else []  # type: ignore[arg-type]
        return self._people

    def _is_person(self, column: Any) -> ColumnElement[bool]:
        people = self.people
        return column == people[0] if len(people) == 1 else column.in_(people)

    def _headed(self) -> Any:
        return select(Organization.id).where(self._is_person(Organization.head_id))

    # Filters ---------------------------------------------------------------------------------------

    def orders(self) -> ColumnElement[bool]:
        """Orders the actor sees."""
        if self.everything:
            return true()
        person, user = self.actor.person_id, self.actor.user_id
        conditions: list[ColumnElement[bool]] = []
        if self.document_scope:
            conditions.append(Order.organization_id.in_(self.document_scope))
        if person is not None:
            conditions += [
                self._is_person(Order.controller_id),
                self._is_person(Order.signatory_id),
                Order.id.in_(select(Visa.order_id).where(self._is_person(Visa.approver_id))),
            ]
        if user is not None:
            conditions.append(Order.created_by_id == user)
        held = self._held_sources(Task.order_id)
        if held is not None:
            conditions.append(Order.id.in_(held))
        return or_(false(), *conditions)

    def _executing(self) -> list[ColumnElement[bool]]:
        """Tasks the actor works on or controls: their own, as controller, and those of an organization they head."""
        person = self.actor.person_id
        if person is None:
            return []
        headed = self._headed()
        co = select(TaskCoExecutor.task_id).where(
            or_(self._is_person(TaskCoExecutor.person_id), TaskCoExecutor.organization_id.in_(headed))
        )
        return [
            self._is_person(Task.responsible_person_id),
            self._is_person(Task.controller_id),
            Task.responsible_org_id.in_(headed),
            Task.id.in_(co),
        ]

    def _held_sources(self, column: Any) -> Any:
        """The documents (ids in `column` of tasks) the actor has a task from; None for an actor with no person."""
        executing = self._executing()
        if not executing:
            return None
        return select(column).where(column.is_not(None), or_(*executing))

    def tasks(self) -> ColumnElement[bool]:
        """Tasks the actor sees."""
        if self.everything:
            return true()
        conditions = self._executing()
        if self.document_scope:
            conditions.append(Task.organization_id.in_(self.document_scope))
        if self.head_scope:
            staff = select(Person.id).where(Person.organization_id.in_(self.head_scope))
            conditions += [Task.responsible_org_id.in_(self.head_scope), Task.responsible_person_id.in_(staff)]
        return or_(false(), *conditions)

    def _plan(self, model: Any) -> list[ColumnElement[bool]]:
        person, user = self.actor.person_id, self.actor.user_id
        conditions: list[ColumnElement[bool]] = [model.order_id.in_(select(Order.id).where(self.orders()))]
        if self.document_scope:
            conditions.append(model.organization_id.in_(self.document_scope))
        if person is not None:
            conditions.append(model.controller_id == person)
        if user is not None:
            conditions.append(model.created_by_id == user)
        return conditions

    def roadmaps(self) -> ColumnElement[bool]:
        """Roadmaps the actor sees (whoever has a task from one reads it)."""
        if self.everything:
            return true()
        conditions = self._plan(Roadmap)
        held = self._held_sources(Task.roadmap_id)
        if held is not None:
            conditions.append(Roadmap.id.in_(held))
        return or_(*conditions)

    def working_groups(self) -> ColumnElement[bool]:
        """Working groups the actor sees (members see their group)."""
        if self.everything:
            return true()
        conditions = self._plan(WorkingGroup)
        held = self._held_sources(Task.working_group_id)
        if held is not None:
            conditions.append(WorkingGroup.id.in_(held))
        if self.actor.person_id is not None:
            members = select(WorkingGroupMember.group_id).where(WorkingGroupMember.person_id == self.actor.person_id)
            conditions.append(WorkingGroup.id.in_(members))
        return or_(*conditions)

    def reporting_cycles(self) -> ColumnElement[bool]:
        """Reporting cycles the actor sees (their responsible executors too)."""
        if self.everything:
            return true()
        conditions = self._plan(ReportingCycle)
        if self.actor.person_id is not None:
            executors = select(CycleExecutor.cycle_id).where(
                or_(CycleExecutor.person_id == self.actor.person_id, CycleExecutor.organization_id.in_(self._headed()))
            )
            conditions.append(ReportingCycle.id.in_(executors))
        return or_(*conditions)

    def reporting_periods(self) -> ColumnElement[bool]:
        """Periods of the cycles the actor sees."""
        if self.everything:
            return true()
        return ReportingPeriod.cycle_id.in_(select(ReportingCycle.id).where(self.reporting_cycles()))

    def extension_requests(self) -> ColumnElement[bool]:
        """Extension requests of the tasks the actor sees."""
        if self.everything:
            return true()
        return ExtensionRequest.task_id.in_(select(Task.id).where(self.tasks()))

    def where(self, model: type[Any]) -> ColumnElement[bool]:
        """The filter of one model."""
        return {
            Order: self.orders,
            Task: self.tasks,
            Roadmap: self.roadmaps,
            WorkingGroup: self.working_groups,
            ReportingCycle: self.reporting_cycles,
            ReportingPeriod: self.reporting_periods,
            ExtensionRequest: self.extension_requests,
        }[model]()

    # Single objects ---------------------------------------------------------------------------------

    def _obvious(self, obj: Any, model: type[Any]) -> bool:
        """Relations readable from the row itself, checked before asking the database."""
        person = self.actor.person_id
        if self.everything:
            return True
        if person is not None and getattr(obj, "controller_id", None) == person:
            return True
        if model is Task:
            return obj.responsible_person_id == person and person is not None
        return False

    def can_see(self, obj: Any, model: type[Any] | None = None) -> bool:
        """Whether the actor may know this object exists (a row of `model`, or a read model of one)."""
        model = model or type(obj)
        if self._obvious(obj, model):
            return True
        found = self.session.scalar(select(model.id).where(model.id == obj.id, self.where(model)))
        return found is not None

    def get(self, model: type[M], obj_id: int) -> M:
        """The object if the actor may see it; otherwise the same 404 as for a missing one."""
        assert isinstance(self.session, Session)  # loading rows needs the ORM
        obj = self.session.get(model, obj_id)
        if obj is None or not self.can_see(obj):
            raise not_found(model, obj_id)
        return obj


def visible_to(actor: Actor) -> Any:
    """The engine's `visible` hook: hidden objects are «not found» inside transition()."""

    def check(session: Session, obj: Any) -> bool:
        return Visibility(session, actor).can_see(obj)

    return check
