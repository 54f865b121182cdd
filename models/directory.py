"""The directory: organizations, people, users and their roles, API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

ROLES = ("head", "clerk", "approver", "executor", "controller", "admin")
ROLE_LABELS = {
    "head": "руководитель",
    "clerk": "делопроизводитель",
    "approver": "согласующий",
    "executor": "исполнитель",
    "controller": "контролёр",
    "admin": "администратор",
}
ORG_KINDS = ("authority", "school", "other")
GENDERS = ("m", "f")


class Organization(Base):
    """An education department, a school or another organization; a tree through parent_id."""

    __tablename__ = "organizations"
    __table_args__ = (CheckConstraint("kind IN ('authority', 'school', 'other')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str] = mapped_column(String(200), default="")
    # The name in the genitive for «Приложение 1 к приказу управления образования …».
    name_genitive: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str] = mapped_column(String(16), default="school")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", use_alter=True, name="fk_organizations_head_id_people")
    )
    place: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    # An explicit choice of the administrator: orders of this organization may be approved without visas.
    approval_without_visas: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, default=1)

    parent: Mapped[Organization | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    head: Mapped[Person | None] = relationship(foreign_keys=[head_id], post_update=True)

    __mapper_args__: dict[str, Any] = {"version_id_col": version}  # noqa: RUF012


class Person(Base):
    """A person of the directory: an official, a teacher, an executor."""

    __tablename__ = "people"
    __table_args__ = (CheckConstraint("gender IN ('m', 'f')", name="gender"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[str] = mapped_column(String(1))
    position: Mapped[str] = mapped_column(String(300), default="")
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    # Manual declension overrides: {"dat": "Директору … Куропаткиной А.Н.", "acc": "…"}; they win.
    declension_overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organization: Mapped[Organization | None] = relationship(foreign_keys=[organization_id])

    __mapper_args__: dict[str, Any] = {"version_id_col": version}  # noqa: RUF012

    @property
    def initials_name(self) -> str:
        """«И.Г. Ушакова»: initials before the surname, as under a signature."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{initials} {self.last_name}".strip()

    @property
    def name_initials(self) -> str:
        """«Ушакова И.Г.»: the surname before the initials, as in lists."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()

    @property
    def full_name(self) -> str:
        """«Ушакова Ирина Геннадьевна»."""
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class User(Base):
    """A login of a person, with roles."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A secret for the personal iCalendar feed; rotating it invalidates old subscriptions.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The generation of the user's sessions: a session remembers it at login and dies when it moves on
    # (logout, a new password, deactivation, new roles, the administrator ending them).
    auth_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The entry of an account of the office directory (LDAP): its password is checked there, never stored here;
    # None: a local account with its own password.
    directory_dn: Mapped[str | None] = mapped_column(String(500), unique=True)

    person: Mapped[Person | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__: dict[str, Any] = {"version_id_col": version}  # noqa: RUF012

    @property
    def roles(self) -> list[str]:
        """The user's roles in the canonical order of ROLES."""
        have = {r.role for r in self.role_rows}
        return [r for r in ROLES if r in have]


class UserRole(Base):
    """One role of one user."""

    __tablename__ = "user_roles"
    __table_args__ = (
        CheckConstraint("role IN ('head', 'clerk', 'approver', 'executor', 'controller', 'admin')", name="role"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)


class ApiToken(Base):
    """A bearer token of the API, stored as its SHA-256 only."""

    __tablename__ = "api_tokens"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class Journal(Base):
    """A registration journal: per organization, document kind and year, with an optional prefix."""

    __tablename__ = "journals"
    __table_args__ = (
        UniqueConstraint("organization_id", "kind", "year"),
        CheckConstraint("next_number >= 1", name="next_number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    kind: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    prefix: Mapped[str] = mapped_column(String(40), default="")
    next_number: Mapped[int] = mapped_column(Integer, default=1)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: dict[str, Any] = {"version_id_col": version}  # noqa: RUF012


class OrganizationSignatory(Base):
    """A person the administrator allows to sign for an organization, and the journal their orders go to."""

    __tablename__ = "organization_signatories"
    __table_args__ = (UniqueConstraint("organization_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    journal_id: Mapped[int | None] = mapped_column(ForeignKey("journals.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship()


class LoginAttempt(Base):
    """A failed login from a client address, kept for the throttle window: shared by every worker."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_login_at", "login", "at"),
        Index("ix_login_attempts_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # The client's address as the trusted proxies reported it (None: an attempt recorded without one).
    client: Mapped[str | None] = mapped_column(String(64))
