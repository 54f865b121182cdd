"""Who may fire what: roles from the lifecycle data, relations of the user to the object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    CycleExecutor,
    ExtensionRequest,
    Order,
    Organization,
    ReportingPeriod,
    Task,
    User,
    Visa,
    WorkingGroup,
)
from models.directory import ROLE_LABELS
from workflow.engine.lifecycles import Rule, Transition
from workflow.engine.scope import subtree


@dataclass
class Actor:
    """Who acts: a user with a person and roles, or the system itself."""

    user_id: int | None
    person_id: int | None
    roles: frozenset[str]
    label: str
    organization_id: int | None = None
    system: bool = False
    _scope: frozenset[int] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, user: User) -> Actor:
        """The actor of a user row."""
        person = user.person
        label = f"{person.name_initials} ({user.login})" if person else user.login
        return cls(
            user_id=user.id,
            person_id=user.person_id,
            roles=frozenset(user.roles),
            label=label,
            organization_id=person.organization_id if person else None,
        )

    @classmethod
    def system_actor(cls) -> Actor:
        """The system: roll-ups, attachments approved with their order, automatic reports."""
        return cls(user_id=None, person_id=None, roles=frozenset(), label="Система", system=True)

    def has(self, role: str) -> bool:
        """Whether the actor holds a role."""
        return role in self.roles

    def org_scope(self, session: Session) -> frozenset[int]:
        """The organizations this actor works for: their own and (for a head) everything below it."""
        if self._scope is None:
            if self.organization_id is None:
                self._scope = frozenset()
            elif self.has("head") or self.has("controller"):
                self._scope = subtree(session, self.organization_id)
            else:
                self._scope = frozenset([self.organization_id])
        return self._scope


def _org_of(obj: Any) -> int | None:
    if isinstance(obj, ReportingPeriod):
        return obj.cycle.organization_id
    return getattr(obj, "organization_id", None)


def _in_org(session: Session, obj: Any, actor: Actor) -> bool:
    return _org_of(obj) in actor.org_scope(session)


def _author(session: Session, obj: Any, actor: Actor) -> bool:
    if isinstance(obj, ReportingPeriod):
        obj = obj.cycle
    return actor.user_id is not None and getattr(obj, "created_by_id", None) == actor.user_id


def _signatory(session: Session, obj: Any, actor: Actor) -> bool:
    return isinstance(obj, Order) and actor.person_id is not None and obj.signatory_id == actor.person_id


def current_visa(order: Order) -> Visa | None:
    """The first visa in order that has not been given yet."""
    return next((v for v in order.visas if v.decision is None), None)


def _current_approver(session: Session, obj: Any, actor: Actor) -> bool:
    if not isinstance(obj, Order) or actor.person_id is None:
        return False
    visa = current_visa(obj)
    return visa is not None and visa.approver_id == actor.person_id


def _controller(session: Session, obj: Any, actor: Actor) -> bool:
    if isinstance(obj, ReportingPeriod):
        obj = obj.cycle
    return actor.person_id is not None and getattr(obj, "controller_id", None) == actor.person_id


def heads_org(session: Session, org_id: int | None, person_id: int | None) -> bool:
    """Whether the person is the head of that organization."""
    if org_id is None or person_id is None:
        return False
    return session.scalar(select(Organization.head_id).where(Organization.id == org_id)) == person_id


def _responsible(session: Session, obj: Any, actor: Actor) -> bool:
    if actor.person_id is None:
        return False
    if isinstance(obj, Task):
        return obj.responsible_person_id == actor.person_id or heads_org(
            session, obj.responsible_org_id, actor.person_id
        )
    if isinstance(obj, ReportingPeriod):
        refs = session.scalars(select(CycleExecutor).where(CycleExecutor.cycle_id == obj.cycle_id)).all()
        return any(
            r.person_id == actor.person_id or heads_org(session, r.organization_id, actor.person_id) for r in refs
        )
    return False


def _chair(session: Session, obj: Any, actor: Actor) -> bool:
    return isinstance(obj, WorkingGroup) and obj.chair is not None and obj.chair.person_id == actor.person_id


def _extension_decider(session: Session, obj: Any, actor: Actor) -> bool:
    """The head of the issuing organization always; the task's controller unless the controller asked."""
    if not isinstance(obj, ExtensionRequest) or actor.person_id is None:
        return False
    task = obj.task
    head = heads_org(session, task.organization_id, actor.person_id) or (
        actor.has("head") and task.organization_id in actor.org_scope(session)
    )
    controller = task.controller_id == actor.person_id
    return head or (controller and obj.requested_by_id != actor.user_id)


RELATIONS: dict[str, Callable[[Session, Any, Actor], bool]] = {
    "in_org": _in_org,
    "author": _author,
    "signatory": _signatory,
    "current_approver": _current_approver,
    "controller": _controller,
    "responsible": _responsible,
    "chair": _chair,
    "extension_decider": _extension_decider,
}

RELATION_LABELS = {
    "in_org": "сотрудник организации",
    "author": "автор",
    "signatory": "подписант",
    "current_approver": "согласующий, чья очередь визировать",
    "controller": "контролёр",
    "responsible": "ответственный исполнитель",
    "chair": "руководитель рабочей группы",
    "extension_decider": "контролёр или руководитель организации",
}


def rule_matches(session: Session, rule: Rule, obj: Any, actor: Actor) -> bool:
    """Whether one rule admits the actor for this object."""
    if rule.role is not None and not actor.has(rule.role):
        return False
    return rule.relation is None or RELATIONS[rule.relation](session, obj, actor)


def may_fire(session: Session, transition: Transition, obj: Any, actor: Actor) -> bool:
    """Whether the actor may fire this transition on this object."""
    if actor.system:
        return transition.system
    return any(rule_matches(session, rule, obj, actor) for rule in transition.who)


def who_text(transition: Transition) -> str:
    """«подписант или руководитель …»: who may fire it, for the reason shown to the others."""
    parts = []
    for rule in transition.who:
        if rule.role and rule.relation == "in_org":
            parts.append(f"{ROLE_LABELS[rule.role]} организации")
        elif rule.role:
            parts.append(ROLE_LABELS[rule.role])
        elif rule.relation:
            parts.append(RELATION_LABELS[rule.relation])
    return " или ".join(parts)
