"""The one seam of substitutions: whom a deputy stands in for on a day, and who stands in for a person."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from models import Person, Substitution
from workflow.printing.contexts import whom


def _running(on_day: date) -> tuple[ColumnElement[bool], ...]:
    return (
        Substitution.cancelled_at.is_(None),
        Substitution.pending.is_(False),
        Substitution.start <= on_day,
        Substitution.end >= on_day,
    )


def represented(session: Session, person_id: int | None, on_day: date) -> list[int]:
    """The people the person stands in for on that day (as a deputy), oldest substitution first."""
    if person_id is None:
        return []
    stmt = (
        select(Substitution.person_id)
        .where(Substitution.deputy_id == person_id, *_running(on_day))
        .order_by(Substitution.id)
    )
    return list(dict.fromkeys(session.scalars(stmt)))


def deputies_of(session: Session, person_id: int | None, on_day: date) -> list[int]:
    """The deputies standing in for the person on that day."""
    if person_id is None:
        return []
    stmt = (
        select(Substitution.deputy_id)
        .where(Substitution.person_id == person_id, *_running(on_day))
        .order_by(Substitution.id)
    )
    return list(dict.fromkeys(session.scalars(stmt)))


def deputies_of_many(session: Session, person_ids: set[int], on_day: date) -> dict[int, list[int]]:
    """The deputies of many people at once (a dispatch notifies thousands): person → deputies."""
    found: dict[int, list[int]] = {}
    wanted = sorted(person_ids)
    for start in range(0, len(wanted), 1000):
        stmt = (
            select(Substitution.person_id, Substitution.deputy_id)
            .where(Substitution.person_id.in_(wanted[start : start + 1000]), *_running(on_day))
            .order_by(Substitution.id)
        )
        for person_id, deputy_id in session.execute(stmt):
            found.setdefault(person_id, []).append(deputy_id)
    return found


def _overlapping(start: date, end: date) -> tuple[ColumnElement[bool], ...]:
    return (
        Substitution.cancelled_at.is_(None),
        Substitution.pending.is_(False),
        Substitution.start <= end,
        Substitution.end >= start,
    )


def conflict(
    session: Session, person_id: int, deputy_id: int, start: date, end: date, exclude_id: int | None = None
) -> tuple[str, str] | None:
    """Why this substitution cannot be: (the field, the Russian reason), or None.

    The same person has one deputy at a time, and nobody stands in for someone standing in for them.
    """
    if person_id == deputy_id:
        return "deputy_id", "Заместитель не может замещать сам себя."
    if start > end:
        return "end", "Поле «Окончание» не может быть раньше поля «Начало»."
    others = Substitution.id != exclude_id if exclude_id is not None else Substitution.id.is_not(None)
    same = session.scalar(
        select(Substitution).where(Substitution.person_id == person_id, others, *_overlapping(start, end))
    )
    if same is not None:
        return "start", (
            f"Сотрудника {same.person.name_initials} уже замещает {same.deputy.name_initials} "
            f"с {same.start:%d.%m.%Y} по {same.end:%d.%m.%Y}: периоды замещения одного сотрудника не пересекаются."
        )
    back = session.scalar(
        select(Substitution).where(
            Substitution.person_id == deputy_id, Substitution.deputy_id == person_id, others, *_overlapping(start, end)
        )
    )
    if back is not None:
        return "deputy_id", (
            f"Заместителя {back.person.name_initials} в этот период самого замещает {back.deputy.name_initials}: "
            "замещать друг друга одновременно нельзя."
        )
    return None


def deputy_copies(session: Session, rows: list[dict[str, Any]], on_day: date, skip: int | None) -> list[dict[str, Any]]:
    """The notices of people who are away, copied to their deputies: «За Деречу Н.Е.: …» (rows of notify_many)."""
    if not rows or session.scalar(select(Substitution.id).where(*_running(on_day)).limit(1)) is None:
        return []
    deputies = deputies_of_many(session, {row["person_id"] for row in rows}, on_day)
    if not deputies:
        return []
    taken = {(row["kind"], row["person_id"], row["object_kind"], row["object_id"]) for row in rows}
    copies: list[dict[str, Any]] = []
    for row in rows:
        for deputy_id in deputies.get(row["person_id"], []):
            key = (row["kind"], deputy_id, row["object_kind"], row["object_id"])
            if deputy_id == skip or key in taken:
                continue
            taken.add(key)
            person = session.get(Person, row["person_id"])
            prefix = f"За {whom(person)}: " if person is not None else ""
            copies.append(
                {
                    **row,
                    "person_id": deputy_id,
                    "body": prefix + row["body"],
                    "subject": (prefix + row["subject"])[:300],
                }
            )
    return copies
