"""Directory use cases: organizations, people, users and registration journals (administrators write).

Each use case takes a command, opens and commits its own transaction and returns the saved row (detached,
its columns loaded). A change command holds KEEP in every field it leaves as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from models import Base, Journal, Order, Organization, Person, User, UserRole
from models.db import Database
from workflow.engine.permissions import Actor
from workflow.engine.scope import descendants
from workflow.errors import Duplicate, Forbidden, NotFound, StaleVersion, ValidationFailed, field_error
from workflow.services.auth import end_sessions_in
from workflow.services.common import must_get
from workflow.services.passwords import check_password_policy, hash_password

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


def page(session: Session, stmt: Select[Any], number: int, per_page: int) -> tuple[list[Any], int]:
    """One page of a query and the total count."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(per_page).offset((number - 1) * per_page)))
    return items, total


class _Keep:
    """The value of a change command's field that is left unchanged."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def _given(command: Any, skip: tuple[str, ...]) -> dict[str, Any]:
    """The fields of a command that carry a value (KEEP dropped), by name."""
    return {
        f.name: getattr(command, f.name)
        for f in fields(command)
        if f.name not in skip and getattr(command, f.name) is not KEEP
    }


# Organizations ------------------------------------------------------------------------------------

ORG_FIELDS = ("name", "short_name", "name_genitive", "kind", "place", "phone", "email")


@dataclass(frozen=True)
class NewOrganization:
    """A new organization of the directory."""

    name: str
    short_name: str | None = None
    name_genitive: str | None = None
    kind: str = "school"
    parent_id: int | None = None
    head_id: int | None = None
    place: str | None = None
    phone: str | None = None
    email: str | None = None
    approval_without_visas: bool = False


@dataclass(frozen=True)
class ChangeOrganization:
    """Changes to an organization seen at version `expected` (None: no check)."""

    org_id: int
    expected: int | None = None
    name: str = KEEP
    short_name: str | None = KEEP
    name_genitive: str | None = KEEP
    kind: str = KEEP
    parent_id: int | None = KEEP
    head_id: int | None = KEEP
    place: str | None = KEEP
    phone: str | None = KEEP
    email: str | None = KEEP
    approval_without_visas: bool = KEEP


def _check_org_links(session: Session, org: Organization, data: dict[str, Any]) -> None:
    if data.get("parent_id") is not None:
        parent = must_get(session, Organization, data["parent_id"], "parent_id", "Организация")
        if org.id is not None and (parent.id == org.id or parent.id in descendants(session, org.id)):
            raise field_error("parent_id", "Организация не может подчиняться самой себе или своей подчинённой.")
    if data.get("head_id") is not None:
        head = must_get(session, Person, data["head_id"], "head_id", "Сотрудник")
        if head.organization_id not in (None, org.id):
            raise field_error("head_id", f"{head.name_initials} работает в другой организации.")


def create_organization(db: Database, actor: Actor, command: NewOrganization) -> Organization:
    """A new organization."""
    require_admin(actor)
    data = _given(command, ())
    with db.transaction() as session:
        org = Organization(name=command.name, kind=command.kind or "school")
        _apply(org, data, ORG_FIELDS, ("approval_without_visas",))
        _check_org_links(session, org, data)
        org.parent_id, org.head_id = command.parent_id, command.head_id
        session.add(org)
        session.flush()
    return org


def update_organization(db: Database, actor: Actor, command: ChangeOrganization) -> Organization:
    """Change an organization (its head once the head exists, its parent, its names)."""
    require_admin(actor)
    data = _given(command, ("org_id", "expected"))
    with db.transaction() as session:
        org = get(session, Organization, command.org_id, lock=True)
        check_version(org, command.expected)
        _check_org_links(session, org, data)
        _apply(org, data, ORG_FIELDS, ("parent_id", "head_id", "approval_without_visas"))
        session.flush()
    return org


# People -----------------------------------------------------------------------------------------

PERSON_FIELDS = ("last_name", "first_name", "middle_name", "gender", "position", "email", "phone")


@dataclass(frozen=True)
class NewPerson:
    """A new person of the directory."""

    last_name: str
    first_name: str
    gender: str
    middle_name: str | None = None
    position: str | None = None
    organization_id: int | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class ChangePerson:
    """Changes to a person seen at version `expected` (None: no check)."""

    person_id: int
    expected: int | None = None
    last_name: str = KEEP
    first_name: str = KEEP
    gender: str = KEEP
    middle_name: str | None = KEEP
    position: str | None = KEEP
    organization_id: int | None = KEEP
    email: str | None = KEEP
    phone: str | None = KEEP


def create_person(db: Database, actor: Actor, command: NewPerson) -> Person:
    """A new person of the directory."""
    require_admin(actor)
    data = _given(command, ())
    with db.transaction() as session:
        if command.organization_id is not None:
            must_get(session, Organization, command.organization_id, "organization_id", "Организация")
        person = Person(last_name=command.last_name, first_name=command.first_name, gender=command.gender)
        _apply(person, data, PERSON_FIELDS, ("organization_id",))
        session.add(person)
        session.flush()
    return person


def update_person(db: Database, actor: Actor, command: ChangePerson) -> Person:
    """Change a person."""
    require_admin(actor)
    data = _given(command, ("person_id", "expected"))
    with db.transaction() as session:
        person = get(session, Person, command.person_id, lock=True)
        check_version(person, command.expected)
        if data.get("organization_id") is not None:
            must_get(session, Organization, data["organization_id"], "organization_id", "Организация")
        _apply(person, data, PERSON_FIELDS, ("organization_id",))
        session.flush()
    return person


# Users ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewUser:
    """A new login with its password (policy-checked) and roles."""

    login: str
    password: str
    roles: list[str]
    person_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class ChangeUser:
    """Changes to a user seen at version `expected` (None: no check); a password given is set anew."""

    user_id: int
    expected: int | None = None
    password: str | None = KEEP
    roles: list[str] = KEEP
    person_id: int | None = KEEP
    active: bool = KEEP


def _check_person_free(session: Session, person_id: int | None, user_id: int | None) -> None:
    if person_id is None:
        return
    must_get(session, Person, person_id, "person_id", "Сотрудник")
    other = session.scalar(select(User).where(User.person_id == person_id, User.id != (user_id or 0)))
    if other is not None:
        raise Duplicate(
            f"У сотрудника уже есть учётная запись «{other.login}».", {"person_id": ["Учётная запись уже есть."]}
        )


def create_user(db: Database, actor: Actor | None, command: NewUser) -> User:
    """A login with a hashed password and roles; `actor` None is the command line of the server itself."""
    if actor is not None:
        require_admin(actor)
    check_password_policy(command.password, command.login)
    with db.transaction() as session:
        if session.scalar(select(User.id).where(User.login == command.login)) is not None:
            raise Duplicate(f"Логин «{command.login}» уже занят.", {"login": ["Логин уже занят."]})
        _check_person_free(session, command.person_id, None)
        user = User(
            login=command.login,
            password_hash=hash_password(command.password),
            person_id=command.person_id,
            active=command.active,
        )
        user.role_rows = [UserRole(role=r) for r in dict.fromkeys(command.roles)]
        session.add(user)
        session.flush()
    return user


def update_user(db: Database, actor: Actor, command: ChangeUser) -> User:
    """Change a user's password, roles, person or activity."""
    require_admin(actor)
    data = _given(command, ("user_id", "expected"))
    with db.transaction() as session:
        user = get(session, User, command.user_id, lock=True)
        check_version(user, command.expected)
        if data.get("password"):
            check_password_policy(data["password"], user.login)
        if "person_id" in data:
            _check_person_free(session, data["person_id"], user.id)
            user.person_id = data["person_id"]
        end = False
        if data.get("password"):
            user.password_hash = hash_password(data["password"])
            end = True
        if "roles" in data:
            wanted = list(dict.fromkeys(data["roles"]))
            if user.id == actor.user_id and "admin" not in wanted:
                raise field_error("roles", "Нельзя снять роль администратора с самого себя.")
            end = end or set(wanted) != set(user.roles)
            keep = [row for row in user.role_rows if row.role in wanted]
            have = {row.role for row in keep}
            user.role_rows = keep + [UserRole(role=r) for r in wanted if r not in have]
        if "active" in data:
            if user.id == actor.user_id and not data["active"]:
                raise field_error("active", "Нельзя отключить собственную учётную запись.")
            # Deactivation ends every session and token, so that reactivating revives none of them.
            end = end or (user.active and not data["active"])
            user.active = data["active"]
        # Roles live in their own table: the user row is still updated, so its version records the change.
        flag_modified(user, "login")
        session.flush()
        if end:
            # A new password, other roles or deactivation: what was signed in before must sign in again.
            end_sessions_in(session, user.id)
            session.refresh(user)
    return user


def end_user_sessions(db: Database, actor: Actor, user_id: int) -> None:
    """The administrator ends every web session and API token of a user."""
    require_admin(actor)
    with db.transaction() as session:
        get(session, User, user_id)
        end_sessions_in(session, user_id)


# Journals ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewJournal:
    """A registration journal for (organization, kind, year), e.g. continuing a paper one at № 390."""

    organization_id: int
    kind: str
    year: int
    prefix: str | None = None
    next_number: int = 1


@dataclass(frozen=True)
class ChangeJournal:
    """A new prefix or next number of a journal seen at version `expected` (None: no check)."""

    journal_id: int
    expected: int | None = None
    prefix: str | None = KEEP
    next_number: int = KEEP


def last_given(session: Session, journal_id: int) -> int | None:
    """The highest number the journal has given."""
    return session.scalar(select(func.max(Order.reg_seq)).where(Order.journal_id == journal_id))


def create_journal(db: Database, actor: Actor, command: NewJournal) -> Journal:
    """A journal for (organization, kind, year), e.g. continuing a paper one at № 390."""
    require_admin(actor)
    with db.transaction() as session:
        must_get(session, Organization, command.organization_id, "organization_id", "Организация")
        exists = session.scalar(
            select(Journal.id).where(
                Journal.organization_id == command.organization_id,
                Journal.kind == command.kind,
                Journal.year == command.year,
            )
        )
        if exists is not None:
            raise Duplicate(
                f"Журнал этой организации для этого вида документов за {command.year} год уже есть (№ {exists}).",
                {"year": ["Журнал уже есть."]},
            )
        journal = Journal(
            organization_id=command.organization_id,
            kind=command.kind,
            year=command.year,
            prefix=command.prefix or "",
            next_number=command.next_number or 1,
        )
        session.add(journal)
        session.flush()
    return journal


def update_journal(db: Database, actor: Actor, command: ChangeJournal) -> Journal:
    """Set the prefix or the next number; never back onto a number already given."""
    require_admin(actor)
    with db.transaction() as session:
        journal = get(session, Journal, command.journal_id, lock=True)
        check_version(journal, command.expected)
        if command.next_number is not KEEP:
            given = last_given(session, journal.id)
            if given is not None and command.next_number <= given:
                raise ValidationFailed(
                    f"Номер {command.next_number} уже выдан: последний выданный номер — {given}. "
                    f"Следующий номер может быть не меньше {given + 1}.",
                    {"next_number": [f"Не меньше {given + 1}: номера до {given} уже выданы."]},
                )
            journal.next_number = command.next_number
        if command.prefix is not KEEP:
            journal.prefix = command.prefix or ""
        session.flush()
    return journal
