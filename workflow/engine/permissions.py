"""Who may fire what: roles from the lifecycle data, relations of the user to the object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    CycleExecutor,
    ExtensionRequest,
    Order,
    Organization,
    OrganizationSignatory,
    Person,
    ReportingPeriod,
    Task,
    User,
    Visa,
    WorkingGroup,
)
from models.directory import ROLE_LABELS
from workflow import clock
from workflow.engine.lifecycles import Rule, Transition
from workflow.engine.scope import subtree
from workflow.engine.substitutes import represented, whom


@dataclass
class Actor:
    """Who acts: a user with a person and roles, or the system itself."""

    user_id: int | None
    person_id: int | None
    roles: frozenset[str]
    label: str
    organization_id: int | None = None
    system: bool = False
    # Set when a deputy acts in person_id's place (a substitution): the deputy's own person.
    deputy_person_id: int | None = None
    _scope: frozenset[int] | None = field(default=None, repr=False)
    _represented: dict[date, list[int]] = field(default_factory=dict, repr=False)

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

    def represented(self, session: Session, on_day: date) -> list[int]:
        """The people this actor stands in for on that day (none for someone already acting as a deputy)."""
        if self.deputy_person_id is not None or self.person_id is None:
            return []
        try:
            return self._represented[on_day]
        except KeyError:
            found = self._represented[on_day] = represented(session, self.person_id, on_day)
            return found

    def selves(self) -> frozenset[int]:
        """The person acting and, for a deputy, the deputy's own person: nobody decides their own case."""
        return frozenset(p for p in (self.person_id, self.deputy_person_id) if p is not None)


def standing_in(session: Session, actor: Actor, person_id: int) -> Actor:
    """The deputy acting in the person's place: «Соколов А.В. за Деречу Н.Е.» in every history entry."""
    deputy = session.get(Person, actor.person_id) if actor.person_id is not None else None
    person = session.get(Person, person_id)
    label = f"{deputy.name_initials if deputy else actor.label} за {whom(person) if person else person_id}"
    return replace(actor, person_id=person_id, deputy_person_id=actor.person_id, label=label, _represented={})


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
    # Nobody visas their own draft: the author's visa would approve nothing.
    return visa is not None and visa.approver_id == actor.person_id and not _author(session, obj, actor)


def _controller(session: Session, obj: Any, actor: Actor) -> bool:
    if isinstance(obj, ReportingPeriod):
        obj = obj.cycle
    return actor.person_id is not None and getattr(obj, "controller_id", None) == actor.person_id


def heads_org(session: Session, org_id: int | None, person_id: int | None) -> bool:
    """Whether the person is the head of that organization."""
    if org_id is None or person_id is None:
        return False
    return session.scalar(select(Organization.head_id).where(Organization.id == org_id)) == person_id


def _own_signing_right(session: Session, person_id: int, organization_id: int) -> bool:
    if heads_org(session, organization_id, person_id):
        return True
    row = select(OrganizationSignatory.id).where(
        OrganizationSignatory.organization_id == organization_id, OrganizationSignatory.person_id == person_id
    )
    return session.scalar(row) is not None


def signing_for(session: Session, person_id: int | None, organization_id: int | None, on_day: date) -> int | None:
    """Whose signing authority a person without their own uses on that day: the one they stand in for, or None."""
    if person_id is None or organization_id is None or _own_signing_right(session, person_id, organization_id):
        return None
    return next(
        (p for p in represented(session, person_id, on_day) if _own_signing_right(session, p, organization_id)), None
    )


def may_sign(session: Session, person_id: int | None, organization_id: int | None, on_day: date) -> bool:
    """Whether the person may sign for the organization on that day: its head, a signatory the admin named, or
    the deputy standing in for one of them on `on_day` (the one seam of signing authority)."""
    if person_id is None or organization_id is None:
        return False
    if _own_signing_right(session, person_id, organization_id):
        return True
    return signing_for(session, person_id, organization_id, on_day) is not None


UNLAWFUL_SIGNATORY = (
    "подписывать может только руководитель организации или сотрудник, которому администратор дал право подписи"
)


def signatory_problem(session: Session, order: Order, on_day: date) -> str | None:
    """Why the order's signatory may not sign it, or None."""
    if order.signatory_id is None:
        return "не указан подписант"
    if not may_sign(session, order.signatory_id, order.organization_id, on_day):
        return UNLAWFUL_SIGNATORY
    return None


def outside_subtree(session: Session, organization_id: int, person_ids: list[int], org_ids: list[int]) -> str | None:
    """The first person or organization outside the issuing organization's own subtree, named, or None."""
    own = subtree(session, organization_id)
    for org_id in org_ids:
        if org_id not in own:
            org = session.get(Organization, org_id)
            return f"организация «{org.name if org else org_id}» не подчинена издающей организации"
    for person_id in person_ids:
        person = session.get(Person, person_id)
        if person is not None and person.organization_id is not None and person.organization_id not in own:
            return f"сотрудник {person.name_initials} не работает в издающей организации или подчинённых ей"
    return None


def order_addresses(order: Order) -> tuple[list[int], list[int]]:
    """The people (controller, addressees, executors) and organizations an order addresses."""
    people = [order.controller_id] if order.controller_id is not None else []
    orgs: list[int] = []
    for point in order.points:
        if point.addressee_id is not None:
            people.append(point.addressee_id)
        for ref in point.executors:
            if ref.person_id is not None:
                people.append(ref.person_id)
            if ref.organization_id is not None:
                orgs.append(ref.organization_id)
    return people, orgs


def address_problem(session: Session, order: Order) -> str | None:
    """Why the order addresses someone outside its organization's subtree, or None."""
    people, orgs = order_addresses(order)
    return outside_subtree(session, order.organization_id, people, orgs)


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


def _reviewer(session: Session, obj: Any, actor: Actor) -> bool:
    """The controller, unless they (or the deputy acting for them) are the responsible executor.

    Nobody accepts their own report, a deputy standing in for the controller included.
    """
    if not _controller(session, obj, actor) or _responsible(session, obj, actor):
        return False
    own = replace(actor, person_id=actor.deputy_person_id) if actor.deputy_person_id is not None else None
    return own is None or not _responsible(session, obj, own)


def _person_of_user(session: Session, user_id: int | None) -> int | None:
    return None if user_id is None else session.scalar(select(User.person_id).where(User.id == user_id))


def extension_deciders_org(session: Session, request: ExtensionRequest) -> tuple[int | None, bool]:
    """Whose head decides besides the controller, and whether the controller may: (organization id, controller).

    A request goes to the task's controller or the issuing organization's head; when the controller asked, to that
    head (above the executors); when that head asked, to the head of the organization above the issuing one.
    """
    task = request.task
    asker = _person_of_user(session, request.requested_by_id)
    issuing = session.get(Organization, task.organization_id)
    asked_by_head = issuing is not None and asker is not None and issuing.head_id == asker
    asked_by_controller = asker is not None and task.controller_id == asker
    if asked_by_head:
        return (issuing.parent_id if issuing is not None else None), False
    return task.organization_id, not asked_by_controller


def _extension_decider(session: Session, obj: Any, actor: Actor) -> bool:
    """The task's controller or the issuing head; the head above when either of them asked; never the asker."""
    if not isinstance(obj, ExtensionRequest) or actor.person_id is None:
        return False
    if obj.requested_by_id == actor.user_id or _person_of_user(session, obj.requested_by_id) in actor.selves():
        return False
    org_id, controller_may = extension_deciders_org(session, obj)
    if controller_may and obj.task.controller_id == actor.person_id:
        return True
    return heads_org(session, org_id, actor.person_id)


RELATIONS: dict[str, Callable[[Session, Any, Actor], bool]] = {
    "in_org": _in_org,
    "author": _author,
    "signatory": _signatory,
    "current_approver": _current_approver,
    "controller": _controller,
    "responsible": _responsible,
    "chair": _chair,
    "extension_decider": _extension_decider,
    "reviewer": _reviewer,
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
    "reviewer": "контролёр, если он не ответственный исполнитель",
}


def rule_matches(session: Session, rule: Rule, obj: Any, actor: Actor) -> bool:
    """Whether one rule admits the actor for this object."""
    if rule.role is not None and not actor.has(rule.role):
        return False
    return rule.relation is None or RELATIONS[rule.relation](session, obj, actor)


# Relations a deputy takes over from the person they stand in for; authorship, membership and roles stay theirs.
SUBSTITUTABLE = frozenset(
    {"signatory", "current_approver", "controller", "reviewer", "extension_decider", "responsible"}
)


def _permitted_as(session: Session, transition: Transition, obj: Any, actor: Actor, on_day: date) -> Actor | None:
    if actor.system:
        return actor if transition.system else None
    if any(rule_matches(session, rule, obj, actor) for rule in transition.who):
        return actor
    rules = [r for r in transition.who if r.relation in SUBSTITUTABLE]
    if not rules:
        return None
    for person_id in actor.represented(session, on_day):
        deputy = standing_in(session, actor, person_id)
        if any(rule_matches(session, rule, obj, deputy) for rule in rules):
            return deputy
    return None


def acting_actor(
    session: Session, transition: Transition, obj: Any, actor: Actor, on_day: date | None = None
) -> Actor | None:
    """Who fires the transition: the actor, the actor as the deputy of someone who may (a substitution), or None.

    A signatory whose right to sign comes from a substitution signs as the deputy of the one they stand in for.
    """
    day = on_day or clock.today()
    found = _permitted_as(session, transition, obj, actor, day)
    signs = any(rule.relation == "signatory" for rule in transition.who)
    if found is actor and signs and _signatory(session, obj, actor) and actor.deputy_person_id is None:
        holder = signing_for(session, actor.person_id, obj.organization_id, day)
        return standing_in(session, actor, holder) if holder is not None else actor
    return found


def may_fire(session: Session, transition: Transition, obj: Any, actor: Actor) -> bool:
    """Whether the actor may fire this transition on this object, themselves or as a deputy."""
    return _permitted_as(session, transition, obj, actor, clock.today()) is not None


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
    return readable_list(parts)


def readable_list(parts: list[str]) -> str:
    """«автор, делопроизводитель, руководитель или подписант»: each once, «организации» said once at most."""
    # «… организации» on every role reads as a legal formula; the rule is about one's own organization anyway.
    words = list(dict.fromkeys(part.removesuffix(" организации") if len(parts) > 1 else part for part in parts))
    if not words:
        return "только система"  # a system-only step («рассылка завершена»): no person fires it
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} или {words[-1]}"
