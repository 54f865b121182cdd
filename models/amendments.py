"""Amendments (приказ «О внесении изменений …»): what an amendment order changes in its base order, as rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

AMENDMENT_ACTIONS = ("replace", "repeal", "add_after")
AMENDMENT_TARGETS = ("point", "activity")


class AmendmentChange(Base):
    """One change of an amendment order: a base point (or roadmap activity) replaced, repealed or added after.

    The base order's rows are never rewritten: its frozen document stays what was signed, and the consolidated
    text is the base with every dispatched amendment's changes applied in order.
    """

    __tablename__ = "amendment_changes"
    __table_args__ = (
        CheckConstraint("action IN ('replace', 'repeal', 'add_after')", name="action"),
        CheckConstraint("target IN ('point', 'activity')", name="target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The amendment order that makes the change, and the order it changes.
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    base_order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    target: Mapped[str] = mapped_column(String(16), default="point")
    action: Mapped[str] = mapped_column(String(16))
    # The base point or activity changed (for add_after: the one the new item follows).
    point_id: Mapped[int | None] = mapped_column(ForeignKey("order_points.id"))
    roadmap_id: Mapped[int | None] = mapped_column(ForeignKey("roadmaps.id"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("roadmap_activities.id"))
    # The number the change names («1.4»), and the new item's number for add_after («1.8»).
    number: Mapped[str] = mapped_column(String(20), default="")
    new_number: Mapped[str] = mapped_column(String(20), default="")
    # None: unchanged. text is the new wording (or the activity's content).
    text: Mapped[str | None] = mapped_column(Text)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    # Executor references in the API's shape ({"person_id": 7} | {"organization_id": 3, …}); None: unchanged.
    responsible: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The amendment order's own point that states this change (tasks of an added item link to it).
    amendment_point_id: Mapped[int | None] = mapped_column(ForeignKey("order_points.id", ondelete="SET NULL"))
    applied_at: Mapped[datetime | None]
