"""Directory use cases: organizations, people, users and registration journals (administrators write)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from models import Base, Journal, Order, Organization, Person, User, UserRole
from workflow.engine.permissions import Actor
from workflow.engine.scope import descendants
from workflow.errors import Duplicate, Forbidden, NotFound, StaleVersion, ValidationFailed, field_error
from workflow.services.common import must_get
from workflow.services.passwords import hash_password

T = TypeVar("T", bound=Base)

LABELS: dict[type[Any], str] = {
    Organization: "Организация",
    Person: "Сотрудник",
    User: "Пользователь",
    Journal: "Журнал регистрации",
}


def require_admin(actor: Actor) -> None:
    """Only administrators change the directory."""
    if not actor.has("admin"):
        raise Forbidden("Недостаточно прав: справочники ведёт администратор.")


def check_version(obj: Any, expected: int | None) -> None:
    """Refuse a change made from a stale copy."""
    if expected is not None and obj.version != expected:
        raise StaleVersion(
            f"Запись изменена другим пользователем (версия {obj.version}, у вас {expected}). Обновите данные."
        )


def get(session: Session, model: type[T], obj_id: int, *, lock: bool = False) -> T:
    """A directory row or a 404 (users and journals are administrators' business)."""
    stmt = select(model).where(model.id == obj_id)  # type: ignore[attr-defined]
    if lock and session.get_bind().dialect.name != "sqlite":
        stmt = stmt.with_for_update()
    obj = session.scalar(stmt)
    if obj is None:
        raise NotFound(f"{LABELS.get(model, 'Запись')} № {obj_id} не найден(а).")
    return obj


def _apply(obj: Any, data: dict[str, Any], strings: tuple[str, ...], others: tuple[str, ...] = ()) -> None:
    """Copy the given fields; a null text is stored as empty (the columns are NOT NULL)."""
    for name in strings:
        if name in data:
            setattr(obj, name, data[name] or "")
    for name in others:
        if name in data:
            setattr(obj, name, data[name])


def _contains(column: Any, q: str) -> ColumnElement[bool]:
    # SQLite folds case for ASCII only: the usual spellings of a Russian word are tried as well.
    variants = dict.fromkeys([q, q.lower(), q.capitalize(), q.upper()])
    return or_(*(column.icontains(v, autoescape=True) for v in variants))


def page(session: Session, stmt: Select[Any], number: int, per_page: int) -> tuple[list[Any], int]:
    """One page of a query and the total count."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(per_page).offset((number - 1) * per_page)))
    return items, total


# Organizations ------------------------------------------------------------------------------------

ORG_FIELDS = ("name", "short_name", "name_genitive", "kind", "place", "phone", "email")


def _check_org_links(session: Session, org: Organization, data: dict[str, Any]) -> None:
    if data.get("parent_id") is not None:
        parent = must_get(session, Organization, data["parent_id"], "parent_id", "Организация")
        if org.id is not None and (parent.id == org.id or parent.id in descendants(session, org.id)):
            raise field_error("parent_id", "Организация не может подчиняться самой себе или своей подчинённой.")
    if data.get("head_id") is not None:
        head = must_get(session, Person, data["head_id"], "head_id", "Сотрудник")
        if head.organization_id not in (None, org.id):
            raise field_error("head_id", f"{head.name_initials} работает в другой организации.")


def list_organizations(session: Session, actor: Actor, data: dict[str, Any]) -> tuple[list[Organization], int]:
    """Organizations by parent, kind and a part of the name (the directory is open to every user)."""
    stmt = select(Organization).order_by(Organization.id)
    if data.get("parent_id") is not None:
        stmt = stmt.where(Organization.parent_id == data["parent_id"])
    if data.get("kind"):
        stmt = stmt.where(Organization.kind == data["kind"])
    if data.get("q"):
        stmt = stmt.where(or_(_contains(Organization.name, data["q"]), _contains(Organization.short_name, data["q"])))
    return page(session, stmt, data["page"], data["per_page"])


def create_organization(session: Session, actor: Actor, data: dict[str, Any]) -> Organization:
    """A new organization."""
    require_admin(actor)
    org = Organization(name=data["name"], kind=data.get("kind") or "school")
    _apply(org, data, ORG_FIELDS)
    _check_org_links(session, org, data)
    org.parent_id, org.head_id = data.get("parent_id"), data.get("head_id")
    session.add(org)
    session.flush()
    return org


def update_organization(
    session: Session, actor: Actor, org_id: int, data: dict[str, Any], expected: int | None
) -> Organization:
    """Change an organization (its head once the head exists, its parent, its names)."""
    require_admin(actor)
    org = get(session, Organization, org_id, lock=True)
    check_version(org, expected)
    _check_org_links(session, org, data)
    _apply(org, data, ORG_FIELDS, ("parent_id", "head_id"))
    session.flush()
    return org


# People -----------------------------------------------------------------------------------------

PERSON_FIELDS = ("last_name", "first_name", "middle_name", "gender", "position", "email", "phone")


def list_people(session: Session, actor: Actor, data: dict[str, Any]) -> tuple[list[Person], int]:
    """People by organization and a part of the surname (the directory is open to every user)."""
    stmt = select(Person).order_by(Person.last_name, Person.id)
    if data.get("organization_id") is not None:
        stmt = stmt.where(Person.organization_id == data["organization_id"])
    if data.get("q"):
        stmt = stmt.where(_contains(Person.last_name, data["q"]))
    return page(session, stmt, data["page"], data["per_page"])


def create_person(session: Session, actor: Actor, data: dict[str, Any]) -> Person:
    """A new person of the directory."""
    require_admin(actor)
    if data.get("organization_id") is not None:
        must_get(session, Organization, data["organization_id"], "organization_id", "Организация")
    person = Person(last_name=data["last_name"], first_name=data["first_name"], gender=data["gender"])
    _apply(person, data, PERSON_FIELDS, ("organization_id",))
    session.add(person)
    session.flush()
    return person


def update_person(session: Session, actor: Actor, person_id: int, data: dict[str, Any], expected: int | None) -> Person:
    """Change a person."""
    require_admin(actor)
    person = get(session, Person, person_id, lock=True)
    check_version(person, expected)
    if data.get("organization_id") is not None:
        must_get(session, Organization, data["organization_id"], "organization_id", "Организация")
    _apply(person, data, PERSON_FIELDS, ("organization_id",))
    session.flush()
    return person


# Users ------------------------------------------------------------------------------------------


def list_users(session: Session, actor: Actor, data: dict[str, Any]) -> tuple[list[User], int]:
    """Users (administrators only)."""
    require_admin(actor)
    stmt = select(User).order_by(User.id)
    if data.get("q"):
        stmt = stmt.where(User.login.icontains(data["q"], autoescape=True))
    return page(session, stmt, data["page"], data["per_page"])


def _check_person_free(session: Session, person_id: int | None, user_id: int | None) -> None:
    if person_id is None:
        return
    must_get(session, Person, person_id, "person_id", "Сотрудник")
    other = session.scalar(select(User).where(User.person_id == person_id, User.id != (user_id or 0)))
    if other is not None:
        raise Duplicate(
            f"У сотрудника уже есть учётная запись «{other.login}».", {"person_id": ["Учётная запись уже есть."]}
        )


def create_user(session: Session, actor: Actor, data: dict[str, Any]) -> User:
    """A login with a hashed password and roles."""
    require_admin(actor)
    if session.scalar(select(User.id).where(User.login == data["login"])) is not None:
        raise Duplicate(f"Логин «{data['login']}» уже занят.", {"login": ["Логин уже занят."]})
    _check_person_free(session, data.get("person_id"), None)
    user = User(login=data["login"], password_hash=hash_password(data["password"]), person_id=data.get("person_id"))
    user.role_rows = [UserRole(role=r) for r in dict.fromkeys(data["roles"])]
    session.add(user)
    session.flush()
    return user


def update_user(session: Session, actor: Actor, user_id: int, data: dict[str, Any], expected: int | None) -> User:
    """Change a user's password, roles, person or activity."""
    require_admin(actor)
    user = get(session, User, user_id, lock=True)
    check_version(user, expected)
    if "person_id" in data:
        _check_person_free(session, data["person_id"], user.id)
        user.person_id = data["person_id"]
    if data.get("password"):
        user.password_hash = hash_password(data["password"])
    if "roles" in data:
        wanted = list(dict.fromkeys(data["roles"]))
        if user.id == actor.user_id and "admin" not in wanted:
            raise field_error("roles", "Нельзя снять роль администратора с самого себя.")
        keep = [row for row in user.role_rows if row.role in wanted]
        have = {row.role for row in keep}
        user.role_rows = keep + [UserRole(role=r) for r in wanted if r not in have]
    if "active" in data:
        if user.id == actor.user_id and not data["active"]:
            raise field_error("active", "Нельзя отключить собственную учётную запись.")
        user.active = data["active"]
    # Roles live in their own table: the user row is still updated, so its version records the change.
    flag_modified(user, "login")
    session.flush()
    return user


# Journals ---------------------------------------------------------------------------------------


def list_journals(session: Session, actor: Actor, data: dict[str, Any]) -> tuple[list[Journal], int]:
    """Registration journals (administrators only)."""
    require_admin(actor)
    stmt = select(Journal).order_by(Journal.organization_id, Journal.year.desc(), Journal.kind)
    for name in ("organization_id", "year", "kind"):
        if data.get(name) is not None:
            stmt = stmt.where(getattr(Journal, name) == data[name])
    return page(session, stmt, data["page"], data["per_page"])


def last_given(session: Session, journal_id: int) -> int | None:
    """The highest number the journal has given."""
    return session.scalar(select(func.max(Order.reg_seq)).where(Order.journal_id == journal_id))


def create_journal(session: Session, actor: Actor, data: dict[str, Any]) -> Journal:
    """A journal for (organization, kind, year), e.g. continuing a paper one at № 390."""
    require_admin(actor)
    must_get(session, Organization, data["organization_id"], "organization_id", "Организация")
    exists = session.scalar(
        select(Journal.id).where(
            Journal.organization_id == data["organization_id"],
            Journal.kind == data["kind"],
            Journal.year == data["year"],
        )
    )
    if exists is not None:
        raise Duplicate(
            f"Журнал этой организации для этого вида документов за {data['year']} год уже есть (№ {exists}).",
            {"year": ["Журнал уже есть."]},
        )
    journal = Journal(
        organization_id=data["organization_id"],
        kind=data["kind"],
        year=data["year"],
        prefix=data.get("prefix") or "",
        next_number=data.get("next_number") or 1,
    )
    session.add(journal)
    session.flush()
    return journal


def update_journal(
    session: Session, actor: Actor, journal_id: int, data: dict[str, Any], expected: int | None
) -> Journal:
    """Set the prefix or the next number; never back onto a number already given."""
    require_admin(actor)
    journal = get(session, Journal, journal_id, lock=True)
    check_version(journal, expected)
    if "next_number" in data:
        given = last_given(session, journal.id)
        if given is not None and data["next_number"] <= given:
            raise ValidationFailed(
                f"Номер {data['next_number']} уже выдан: последний выданный номер — {given}. "
                f"Следующий номер может быть не меньше {given + 1}.",
                {"next_number": [f"Не меньше {given + 1}: номера до {given} уже выданы."]},
            )
        journal.next_number = data["next_number"]
    if "prefix" in data:
        journal.prefix = data["prefix"] or ""
    session.flush()
    return journal


def get_entry(session: Session, actor: Actor, model: type[T], obj_id: int) -> T:
    """One row of the directory as this actor may read it: users and journals only for administrators."""
    if model in (User, Journal):
        require_admin(actor)
    return get(session, model, obj_id)
