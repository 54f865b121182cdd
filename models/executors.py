"""Executor references: a person or an organization (optionally with every organization under it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

EXECUTOR_ROLES = ("responsible", "co_executor")


class ExecutorRef:
    """Mixin: one executor of a point, an activity or a cycle."""

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(16), default="responsible")
    include_subordinates: Mapped[bool] = mapped_column(Boolean, default=False)

    @declared_attr
    def person_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("people.id"), index=True)

    @declared_attr
    def organization_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("organizations.id"), index=True)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (
            CheckConstraint("(person_id IS NULL) <> (organization_id IS NULL)", name="one_target"),
            CheckConstraint("role IN ('responsible', 'co_executor')", name="role"),
        )

    def as_ref(self) -> dict[str, Any]:
        """The API shape: {"person_id": 7} or {"organization_id": 3, "include_subordinates": true}."""
        if self.person_id is not None:
            return {"person_id": self.person_id}
        ref: dict[str, Any] = {"organization_id": self.organization_id}
        if self.include_subordinates:
            ref["include_subordinates"] = True
        return ref
