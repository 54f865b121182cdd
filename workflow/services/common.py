"""Shared checks of the use cases: references that must exist, executor lists, the creation record."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from models import Base, Organization, Person
from workflow.engine.engine import audit
from workflow.engine.kinds import BY_MODEL
from workflow.engine.permissions import Actor
from workflow.errors import Forbidden, ValidationFailed

T = TypeVar("T", bound=Base)
R = TypeVar("R", bound=Any)


def must_get(session: Session, model: type[T], obj_id: Any, field: str, label: str) -> T:
    """The referenced row, or a 422 naming the field."""
    obj = session.get(model, obj_id) if isinstance(obj_id, int) and not isinstance(obj_id, bool) else None
    if obj is None:
        message = missing_message(model, obj_id, label)
        raise ValidationFailed(message, {field: [message]})
    return obj


def missing_message(model: type[Any], obj_id: Any, label: str) -> str:
    """«Организация № 5 не найдена.», «Приказ не найден.» — the kind's own words when it is a managed kind."""
    kind = BY_MODEL.get(model)
    if kind is not None:
        return kind.not_found(obj_id)
    # The gender of the label's first word: «Организация» — она, «Сотрудник», «Журнал регистрации» — он.
    word = label.split()[0].lower() if label else ""
    ending = "не найден"
    if word.endswith(("а", "я", "ь")):
        ending = "не найдена"
    elif word.endswith(("о", "е")):
        ending = "не найдено"
    return f"{label} № {obj_id} {ending}."


def optional_person(session: Session, person_id: int | None, field: str) -> int | None:
    """A person id that exists, or None."""
    if person_id is None:
        return None
    return must_get(session, Person, person_id, field, "Сотрудник").id


def executor_refs(session: Session, model: type[R], refs: Iterable[dict[str, Any]], role: str, field: str) -> list[R]:
    """Executor rows from API references ({"person_id"} or {"organization_id", "include_subordinates"})."""
    rows: list[R] = []
    for n, ref in enumerate(refs):
        where = f"{field}.{n}"
        person_id, org_id = ref.get("person_id"), ref.get("organization_id")
        if (person_id is None) == (org_id is None):
            raise ValidationFailed(
                "Исполнитель — это сотрудник или организация.", {where: ["Укажите person_id или organization_id."]}
            )
        if person_id is not None:
            must_get(session, Person, person_id, where, "Сотрудник")
        else:
            must_get(session, Organization, org_id, where, "Организация")
        rows.append(
            model(
                role=role,
                person_id=person_id,
                organization_id=org_id,
                include_subordinates=bool(ref.get("include_subordinates")) and org_id is not None,
                position=n,
            )
        )
    return rows


def check_period(period: dict[str, date] | None) -> tuple[date | None, date | None]:
    """A period's bounds, start not after end."""
    if not period:
        return None, None
    start, end = period.get("start"), period.get("end")
    if start and end and start > end:
        raise ValidationFailed("Начало периода позже его окончания.", {"period": ["Начало позже окончания."]})
    return start, end


def drafting_scope(session: Session, actor: Actor) -> frozenset[int] | None:
    """The organizations an actor drafts for: None for an admin (any); a clerk's or head's own scope; else none."""
    if actor.has("admin"):
        return None
    if actor.has("clerk") or actor.has("head"):
        return actor.org_scope(session)
    return frozenset()


def may_draft(session: Session, actor: Actor) -> bool:
    """Whether the actor drafts for any organization at all (the pages offer «Новый проект» then)."""
    scope = drafting_scope(session, actor)
    return scope is None or bool(scope)


def may_draft_in(session: Session, actor: Actor, organization_id: int) -> None:
    """Clerks and heads draft for their organization (heads also below it); admins anywhere."""
    scope = drafting_scope(session, actor)
    if scope is None or organization_id in scope:
        return
    raise Forbidden("Недостаточно прав: создавать документы организации может её делопроизводитель или руководитель.")


def record_creation(session: Session, obj: Any, actor: Actor) -> None:
    """The first entry of an object's history."""
    session.flush()
    audit(session, obj, "create", actor, from_state="")
