"""Working groups (рабочие группы): composition with roles, a result deadline, dissolution."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Managed, utcnow
from models.directory import Person

MEMBER_ROLES = ("chair", "deputy", "secretary", "member")
MEMBER_ROLE_LABELS = {
    "chair": "руководитель",
    "deputy": "заместитель руководителя",
    "secretary": "секретарь",
    "member": "член рабочей группы",
}


class WorkingGroup(Managed, Base):
    """A working group created by an order point."""

    __tablename__ = "working_groups"
    lifecycle_kind = "working-groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text, default="")
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    controller_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    final_report: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[WorkingGroupMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="WorkingGroupMember.position"
    )

    @property
    def chair(self) -> WorkingGroupMember | None:
        """The member with the chair role."""
        return next((m for m in self.members if m.role == "chair"), None)


class WorkingGroupMember(Base):
    """A member of a working group with a role."""

    __tablename__ = "working_group_members"
    __table_args__ = (
        UniqueConstraint("group_id", "person_id"),
        CheckConstraint("role IN ('chair', 'deputy', 'secretary', 'member')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    position: Mapped[int] = mapped_column(Integer, default=0)

    group: Mapped[WorkingGroup] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()
