"""Declarative base with a constraint naming convention, shared column types and mixins."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Named constraints make Alembic migrations reproducible on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp stored as UTC on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}  # noqa: RUF012


class HasPeriod:
    """A document with a period (often an academic year): the context in which its deadlines are read."""

    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)

    @property
    def period(self) -> tuple[date, date] | None:
        """(start, end) when both are set."""
        if self.period_start and self.period_end:
            return (self.period_start, self.period_end)
        return None


class Managed:
    """A managed object: a stored lifecycle state and an optimistic-concurrency version."""

    state: Mapped[str] = mapped_column(String(32), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    # The kind name used by the lifecycle data, the API paths and the audit log.
    lifecycle_kind: str = ""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # The version is bumped by hand, once per change (touch()), however many flushes the change needs;
        # SQLAlchemy still checks it in every UPDATE's WHERE clause.
        return {"version_id_col": cls.version, "version_id_generator": False}

    def touch(self, moment: datetime) -> None:
        """Mark one change of the object: the version bumps once and the time is recorded."""
        self.version += 1
        self.updated_at = moment
