"""Drafting: references kept inside one organization tree, drafts edited while still drafts, by their editors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Order, Organization, Person, ReportingCycle, Roadmap, Visa, WorkingGroup
from models.db import Database
from workflow import clock
from workflow.engine.engine import audit, load_for_update, state_label
from workflow.engine.kinds import EDITORS
from workflow.engine.permissions import Actor, may_sign, rule_matches
from workflow.engine.scope import subtree
from workflow.errors import Forbidden, TransitionNotAllowed, ValidationFailed
from workflow.search_index import reindex_order
from workflow.services import edits, substitutions
from workflow.services.common import check_period, may_draft_in, must_get, optional_person
from workflow.services.directory import check_version
from workflow.services.orders import _appendices, build_points, create_order
from workflow.services.plans import create_reporting_cycle, create_roadmap, create_working_group
from workflow.services.visibility import Visibility, not_found

ATTACHABLE = (Roadmap, WorkingGroup, ReportingCycle)


class NotEditable(TransitionNotAllowed):
    """The document is no longer a draft."""

    code = "not_editable"


FORBIDDEN_EDIT = "Недостаточно прав: изменять проект может автор, делопроизводитель или руководитель организации."


def is_editor(session: Session, actor: Actor, obj: Any) -> bool:
    """Whoever may submit a draft (its author, a clerk or a head of its organization) may edit it."""
    return any(rule_matches(session, rule, obj, actor) for rule in EDITORS)


def may_edit(session: Session, actor: Actor, obj: Any) -> bool:
    """The editor's button: the object is still a draft and the actor is one of its editors."""
    return obj.state == "draft" and is_editor(session, actor, obj)


def check_editable(session: Session, actor: Actor, order: Order, expected: int | None = None) -> None:
    """Refuse an edit: 403 to one who is not an editor, 409 on a stale version, then 409 once it is not a draft."""
    if not is_editor(session, actor, order):
        raise Forbidden(FORBIDDEN_EDIT)
    check_version(order, expected)
    if order.state != "draft":
        raise NotEditable(f"Изменять можно только проект: приказ в состоянии «{state_label(order)}».")


class References:
    """People and organizations a document of one organization may name: those of the same tree."""

    def __init__(self, session: Session, organization_id: int) -> None:
        self.session = session
        parents: dict[int, int | None] = {
            oid: parent for oid, parent in session.execute(select(Organization.id, Organization.parent_id))
        }
        root, seen = organization_id, {organization_id}
        while (parent := parents.get(root)) is not None and parent not in seen:
            root = parent
            seen.add(root)
        self.tree = subtree(session, root)
        self.organization_id = organization_id
        self.own = subtree(session, organization_id)

    def _refuse(self, what: str, path: str) -> ValidationFailed:
        return ValidationFailed(
            f"{what} из другого ведомства: в документ можно включить только сотрудников и организации "
            "своей организации, вышестоящих и подчинённых.",
            {path: ["Другая организация."]},
        )

    def person(self, person_id: Any, path: str) -> None:
        """A person of the tree (or of no organization); a missing one is reported by the use case."""
        if not isinstance(person_id, int):
            return
        org_id = self.session.scalar(select(Person.organization_id).where(Person.id == person_id))
        if org_id is not None and org_id not in self.tree:
            raise self._refuse(f"Сотрудник № {person_id}", path)

    def organization(self, org_id: Any, path: str) -> None:
        """An organization of the tree."""
        if isinstance(org_id, int) and self.session.get(Organization, org_id) is not None and org_id not in self.tree:
            raise self._refuse(f"Организация № {org_id}", path)

    def executors(self, refs: Iterable[dict[str, Any]], path: str) -> None:
        """Executor references."""
        for n, ref in enumerate(refs):
            self.person(ref.get("person_id"), f"{path}.{n}.person_id")
            self.organization(ref.get("organization_id"), f"{path}.{n}.organization_id")

    def addressed(self, person_ids: list[tuple[Any, str]], org_ids: list[tuple[Any, str]]) -> None:
        """Whom an order addresses: only the issuing organization's own subtree and the people in it."""
        for org_id, path in org_ids:
            if isinstance(org_id, int) and self.session.get(Organization, org_id) is not None:
                if org_id not in self.own:
                    raise ValidationFailed(
                        f"Организация № {org_id} не подчинена издающей организации: приказ может адресовать "
                        "только свою организацию и подчинённые ей.",
                        {path: ["Организация вне подчинения."]},
                    )
        for person_id, path in person_ids:
            if not isinstance(person_id, int):
                continue
            org_id = self.session.scalar(select(Person.organization_id).where(Person.id == person_id))
            if org_id is not None and org_id not in self.own:
                raise ValidationFailed(
                    f"Сотрудник № {person_id} не работает в издающей организации или подчинённых ей: приказ может "
                    "адресовать только их сотрудников.",
                    {path: ["Сотрудник вне подчинения."]},
                )

    def signatory(self, person_id: Any, on_day: date) -> None:
        """The signatory has signing authority in the issuing organization."""
        exists = isinstance(person_id, int) and self.session.get(Person, person_id) is not None
        if exists and not may_sign(self.session, person_id, self.organization_id, on_day):
            raise ValidationFailed(
                "Подписывать приказ может только руководитель организации или сотрудник, которому "
                "администратор дал право подписи.",
                {"signatory_id": ["Нет права подписи в этой организации."]},
            )

    def people(self, data: dict[str, Any], names: Iterable[str]) -> None:
        """Single person fields."""
        for name in names:
            self.person(data.get(name), name)

    def points(self, points: list[dict[str, Any]], path: str = "points") -> None:
        """Every point's addressee and executors, recursively."""
        for n, point in enumerate(points):
            where = f"{path}.{n}"
            self.person(point.get("addressee_id"), f"{where}.addressee_id")
            self.executors(point.get("responsible") or [], f"{where}.responsible")
            self.executors(point.get("co_executors") or [], f"{where}.co_executors")
            self.points(point.get("children") or [], f"{where}.children")


def _drafting_allowed(session: Session, actor: Actor, data: dict[str, Any]) -> bool:
    """Permission first (403 before any 422); False when the organization is missing (the use case says so)."""
    org_id = data.get("organization_id")
    if not isinstance(org_id, int) or session.get(Organization, org_id) is None:
        return False
    may_draft_in(session, actor, org_id)
    return True


def check_point_numbers(points: list[dict[str, Any]], prefix: str = "", path: str = "points") -> None:
    """Numbers as build_points will give them must fit the column (20 characters)."""
    for n, point in enumerate(points, start=1):
        number = str(point.get("number") or f"{prefix}{n}").rstrip(".")
        if len(number) > 20:
            raise ValidationFailed(
                f"Номер пункта {number[:24]}… длиннее 20 символов.", {f"{path}.{n - 1}": ["Слишком длинный номер."]}
            )
        check_point_numbers(point.get("children") or [], f"{number}.", f"{path}.{n - 1}.children")


def _point_addresses(
    points: list[dict[str, Any]], path: str, people: list[tuple[Any, str]], orgs: list[tuple[Any, str]]
) -> None:
    for n, point in enumerate(points):
        where = f"{path}.{n}"
        people.append((point.get("addressee_id"), f"{where}.addressee_id"))
        for role in ("responsible", "co_executors"):
            for k, ref in enumerate(point.get(role) or []):
                people.append((ref.get("person_id"), f"{where}.{role}.{k}.person_id"))
                orgs.append((ref.get("organization_id"), f"{where}.{role}.{k}.organization_id"))
        _point_addresses(point.get("children") or [], f"{where}.children", people, orgs)


def _check_order_refs(refs: References, data: dict[str, Any]) -> None:
    check_point_numbers(data.get("points") or [])
    refs.people(data, ("signatory_id", "controller_id", "executor_mark_id"))
    for n, person_id in enumerate(data.get("approvers") or []):
        refs.person(person_id, f"approvers.{n}")
    refs.points(data.get("points") or [])
    people: list[tuple[Any, str]] = [(data.get("controller_id"), "controller_id")]
    orgs: list[tuple[Any, str]] = []
    _point_addresses(data.get("points") or [], "points", people, orgs)
    refs.addressed(people, orgs)
    if "signatory_id" in data:
        refs.signatory(data["signatory_id"], clock.today())


@dataclass(frozen=True)
class OrderDraft:
    """A new draft order: requisites, nested points in the API's tree, visas by person and appendices."""

    organization_id: int | None
    title: str
    kind: str = "order"
    place: str = ""
    preamble: str = ""
    signatory_id: int | None = None
    controller_id: int | None = None
    executor_mark_id: int | None = None
    approvers: list[int] = field(default_factory=list)
    period: dict[str, date] | None = None
    points: list[dict[str, Any]] = field(default_factory=list)
    appendices: list[dict[str, Any]] = field(default_factory=list)
    # «Временное исполнение обязанностей»: {person_id, deputy_id, start, end}, in force once approved.
    substitution: dict[str, Any] | None = None

    def as_data(self) -> dict[str, Any]:
        """The fields as the order builders read them."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def draft_order(db: Database, actor: Actor, command: OrderDraft) -> int:
    """A draft order whose people and executors all belong to the issuing organization's tree; its id."""
    with db.transaction() as session:
        return draft_order_in(session, actor, command).id


def draft_order_in(session: Session, actor: Actor, command: OrderDraft) -> Order:
    """The drafting rules inside a caller's transaction (an import drafts and registers in one)."""
    data = command.as_data()
    if _drafting_allowed(session, actor, data):
        _check_order_refs(References(session, data["organization_id"]), data)
    order = create_order(session, actor, data)
    if data.get("substitution"):
        substitutions.name_in_order(session, actor, order, data["substitution"])
    return order


def draft_roadmap(session: Session, actor: Actor, data: dict[str, Any]) -> Roadmap:
    """A draft roadmap; executors from the organization's tree."""
    if _drafting_allowed(session, actor, data):
        refs = References(session, data["organization_id"])
        refs.people(data, ("controller_id",))
        for s, section in enumerate(data.get("sections") or []):
            for a, activity in enumerate(section.get("activities") or []):
                where = f"sections.{s}.activities.{a}"
                refs.executors(activity.get("responsible") or [], f"{where}.responsible")
                refs.executors(activity.get("co_executors") or [], f"{where}.co_executors")
    return create_roadmap(session, actor, data)


def draft_working_group(session: Session, actor: Actor, data: dict[str, Any]) -> WorkingGroup:
    """A draft working group; members from the organization's tree."""
    if _drafting_allowed(session, actor, data):
        refs = References(session, data["organization_id"])
        refs.people(data, ("controller_id",))
        for n, member in enumerate(data.get("members") or []):
            refs.person(member.get("person_id"), f"members.{n}.person_id")
    return create_working_group(session, actor, data)


def draft_reporting_cycle(session: Session, actor: Actor, data: dict[str, Any]) -> ReportingCycle:
    """A draft reporting cycle; executors from the organization's tree."""
    if _drafting_allowed(session, actor, data):
        refs = References(session, data["organization_id"])
        refs.people(data, ("controller_id",))
        refs.executors(data.get("responsible") or [], "responsible")
    return create_reporting_cycle(session, actor, data)


ORDER_TEXT_FIELDS = ("kind", "title", "place", "preamble")
ORDER_PEOPLE = ("signatory_id", "controller_id", "executor_mark_id")
ORDER_FIELDS = (*ORDER_TEXT_FIELDS, *ORDER_PEOPLE, "period", "points", "approvers", "appendices", "substitution")


@dataclass(frozen=True)
class OrderEdit:
    """Changes to a draft order: only the fields in `changes` (ORDER_FIELDS) are replaced, lists as a whole."""

    order_id: int
    expected_version: int | None
    changes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.changes) - set(ORDER_FIELDS)
        if unknown:
            raise ValueError(f"not fields of an order: {sorted(unknown)}")


def update_order(db: Database, actor: Actor, command: OrderEdit) -> None:
    """Replace fields of a draft order (points, visas and appendices as whole lists); the version bumps once."""
    with db.transaction() as session:
        _update_order(session, actor, command.order_id, command.changes, command.expected_version)


def _update_order(session: Session, actor: Actor, order_id: int, data: dict[str, Any], expected: int | None) -> None:
    order = load_for_update(session, Order, order_id)
    if not Visibility(session, actor).can_see(order):
        raise not_found(Order, order_id)
    check_editable(session, actor, order, expected)
    _check_order_refs(References(session, order.organization_id), data)
    before = edits.snapshot(order)
    for name in ORDER_TEXT_FIELDS:
        if name in data:
            setattr(order, name, data[name] or ("order" if name == "kind" else ""))
    for name in ORDER_PEOPLE:
        if name in data:
            setattr(order, name, optional_person(session, data[name], name))
    if "period" in data:
        order.period_start, order.period_end = check_period(data["period"])
    if "points" in data:
        # Old points go first: new ones may reuse their numbers, which are unique per order.
        order.points.clear()
        session.flush()
        order.points = build_points(session, data["points"])
    if "approvers" in data:
        order.visas.clear()
        session.flush()
        order.visas = [
            Visa(position=n, approver_id=must_get(session, Person, pid, f"approvers.{n}", "Сотрудник").id)
            for n, pid in enumerate(data["approvers"], start=1)
        ]
    if "appendices" in data:
        for model in ATTACHABLE:
            attachable: Any = model
            for item in session.scalars(select(attachable).where(attachable.order_id == order.id)):
                item.order_id = None
        # Uploaded files are added and removed one by one (services.appendices); the list replaces the rest.
        files = [a for a in order.appendices if a.is_file]
        for appendix in [a for a in order.appendices if not a.is_file]:
            order.appendices.remove(appendix)
        session.flush()
        order.appendices = _appendices(session, order, data["appendices"]) + files
        for position, appendix in enumerate(order.appendices):
            appendix.position = position
    if "substitution" in data:
        substitutions.name_in_order(session, actor, order, data["substitution"])
    order.touch(clock.now())
    session.flush()
    # Each save is in the history in words, so that edits between two approval rounds are on record.
    comment, changed = edits.describe(before, edits.snapshot(order))
    audit(session, order, "edit", actor, comment=comment, payload={"changed": changed, "version": order.version})
    reindex_order(session, order)
