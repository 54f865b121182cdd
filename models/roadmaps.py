"""Roadmaps (дорожные карты): sections and activities with deadlines as people write them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, HasPeriod, Managed, utcnow
from models.executors import ExecutorRef


class Roadmap(HasPeriod, Managed, Base):
    """A roadmap, usually approved as an appendix of an order."""

    __tablename__ = "roadmaps"
    lifecycle_kind = "roadmaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    controller_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sections: Mapped[list[RoadmapSection]] = relationship(
        back_populates="roadmap", cascade="all, delete-orphan", order_by="RoadmapSection.position"
    )


class RoadmapSection(Base):
    """A section (1.1, 1.2 …) of a roadmap."""

    __tablename__ = "roadmap_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text, default="")

    roadmap: Mapped[Roadmap] = relationship(back_populates="sections")
    activities: Mapped[list[RoadmapActivity]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="RoadmapActivity.position"
    )


class RoadmapActivity(Base):
    """An activity: №, мероприятие, срок исполнения, ответственный исполнитель."""

    __tablename__ = "roadmap_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("roadmap_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20), default="")
    content: Mapped[str] = mapped_column(Text)
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    # Printed back verbatim; the structured executors below are what tasks are created for.
    responsible_text: Mapped[str] = mapped_column(Text, default="")

    section: Mapped[RoadmapSection] = relationship(back_populates="activities")
    executors: Mapped[list[ActivityExecutor]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityExecutor.position", lazy="selectin"
    )


class ActivityExecutor(ExecutorRef, Base):
    """An executor of a roadmap activity."""

    __tablename__ = "activity_executors"

    activity_id: Mapped[int] = mapped_column(ForeignKey("roadmap_activities.id", ondelete="CASCADE"), index=True)
