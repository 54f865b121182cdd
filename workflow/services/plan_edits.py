"""Editing a draft roadmap and a draft reporting cycle in the browser: the use cases behind the cards' forms.

A roadmap's sections and activities are added, changed, moved up or down and deleted one at a time while the
roadmap is a draft, by whoever may edit a draft of its organization (its author, a clerk or the head). Each
change checks what the API's POST /roadmaps checks (the same executor references, people of the organization's
tree), bumps the version once and is recorded in the history in words. A draft reporting cycle is changed as
a whole, from the same fields POST /reporting-cycles takes.

Kept apart from services.plans because drafting builds on that module (plans → drafting would be a cycle).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy.orm import Session

from models import (
    ActivityExecutor,
    CycleExecutor,
    Indicator,
    ReportingCycle,
    Roadmap,
    RoadmapActivity,
    RoadmapSection,
)
from models.db import Database
from workflow import clock
from workflow.engine.engine import audit, load_for_update, state_label
from workflow.engine.permissions import Actor
from workflow.errors import Forbidden, ValidationFailed
from workflow.services.common import check_period, executor_refs, optional_person
from workflow.services.directory import check_version
from workflow.services.drafting import FORBIDDEN_EDIT, NotEditable, References, is_editor
from workflow.services.visibility import Visibility, not_found

Item = Literal["section", "activity"]


def may_edit_plan(session: Session, actor: Actor, plan: Roadmap | ReportingCycle) -> bool:
    """Whether the card offers the editing forms: the plan is a draft and the actor may edit its drafts."""
    return plan.state == "draft" and is_editor(session, actor, plan)


# Commands -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddSection:
    """A new section at the end: {number?, title} as SectionSchema loads it."""

    roadmap_id: int
    data: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class ChangeSection:
    """New number and title of a section."""

    roadmap_id: int
    section_id: int
    data: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class AddActivity:
    """A new activity at the end of a section: the fields of ActivitySchema."""

    roadmap_id: int
    section_id: int
    data: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class ChangeActivity:
    """New fields of an activity (its executors replaced as a whole)."""

    roadmap_id: int
    activity_id: int
    data: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class MoveItem:
    """A section or an activity one place up or down; the numbers stay in sequence."""

    roadmap_id: int
    item: Item
    item_id: int
    up: bool
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteItem:
    """A section (with its activities) or an activity removed; the numbers after it close the gap."""

    roadmap_id: int
    item: Item
    item_id: int
    expected_version: int | None = None


@dataclass(frozen=True)
class ChangeDetails:
    """The roadmap's own fields: title, period, controller (as RoadmapSchema loads them)."""

    roadmap_id: int
    title: str
    period: dict[str, date] | None = None
    controller_id: int | None = None
    expected_version: int | None = None


RoadmapEdit = AddSection | ChangeSection | AddActivity | ChangeActivity | MoveItem | DeleteItem | ChangeDetails


@dataclass(frozen=True)
class Edited:
    """What a change did, in words (the history and the page's message say it), and the row it touched."""

    roadmap_id: int
    item_id: int | None
    said: str


# The use case ---------------------------------------------------------------------------------------------


def edit_roadmap(db: Database, actor: Actor, command: RoadmapEdit) -> Edited:
    """One change of a draft roadmap, in one transaction, recorded in its history."""
    handlers: dict[type[Any], Callable[[Session, Actor, Roadmap, Any], tuple[int | None, str]]] = {
        AddSection: _add_section,
        ChangeSection: _change_section,
        AddActivity: _add_activity,
        ChangeActivity: _change_activity,
        MoveItem: _move,
        DeleteItem: _delete,
        ChangeDetails: _change_details,
    }
    with db.transaction() as session:
        roadmap = _editable(session, actor, Roadmap, command.roadmap_id, command.expected_version, "дорожная карта")
        item_id, said = handlers[type(command)](session, actor, roadmap, command)
        _renumber_positions(roadmap)
        now = clock.now()
        roadmap.touch(now)
        session.flush()
        audit(session, roadmap, "edit", actor, comment=said, now=now)
        return Edited(roadmap.id, item_id, said)


def _editable(session: Session, actor: Actor, model: type[Any], obj_id: int, expected: int | None, noun: str) -> Any:
    """The draft, locked: 404 to one who cannot see it, 403 to a non-editor, 409 when stale or no longer a draft."""
    obj = load_for_update(session, model, obj_id)
    if not Visibility(session, actor).can_see(obj):
        raise not_found(model, obj_id)
    if not is_editor(session, actor, obj):
        raise Forbidden(FORBIDDEN_EDIT)
    check_version(obj, expected)
    if obj.state != "draft":
        raise NotEditable(f"Изменять можно только проект: {noun} в состоянии «{state_label(obj)}».")
    return obj


def _change_details(session: Session, actor: Actor, roadmap: Roadmap, command: ChangeDetails) -> tuple[int | None, str]:
    title = command.title.strip()
    if not title:
        raise ValidationFailed("Заполните поле «Название дорожной карты».", {"title": ["Обязательное поле."]})
    References(session, roadmap.organization_id).person(command.controller_id, "controller_id")
    roadmap.period_start, roadmap.period_end = check_period(command.period)
    roadmap.controller_id = optional_person(session, command.controller_id, "controller_id")
    roadmap.title = title
    return None, f"Изменены сведения дорожной карты {_quoted(title)}"


def _section(roadmap: Roadmap, section_id: int) -> RoadmapSection:
    section = next((s for s in roadmap.sections if s.id == section_id), None)
    if section is None:
        raise ValidationFailed("Раздел не найден в этой дорожной карте.", {"section_id": ["Нет такого раздела."]})
    return section


def _activity(roadmap: Roadmap, activity_id: int) -> RoadmapActivity:
    found = next((a for s in roadmap.sections for a in s.activities if a.id == activity_id), None)
    if found is None:
        raise ValidationFailed("Мероприятие не найдено в этой дорожной карте.", {"activity_id": ["Нет такого."]})
    return found


_TAIL_NUMBER = re.compile(r"(\d+)(\D*)$")


def next_number(last: str | None, prefix: str, count: int) -> str:
    """The number after the last one («1.2» → «1.3», «4» → «5»); «<prefix>1» for the first; else a count."""
    if not last:
        return f"{prefix}1"
    match = _TAIL_NUMBER.search(last)
    if match is None:
        return f"{prefix}{count + 1}"
    return f"{last[: match.start()]}{int(match.group(1)) + 1}{match.group(2)}"


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


def _add_section(session: Session, actor: Actor, roadmap: Roadmap, command: AddSection) -> tuple[int | None, str]:
    last = roadmap.sections[-1].number if roadmap.sections else None
    number = command.data.get("number") or next_number(last, "", len(roadmap.sections))
    section = RoadmapSection(position=len(roadmap.sections), number=number, title=command.data.get("title") or "")
    roadmap.sections.append(section)
    session.flush()
    return section.id, f"Добавлен раздел {number}" + (f" {_quoted(section.title)}" if section.title else "")


def _change_section(session: Session, actor: Actor, roadmap: Roadmap, command: ChangeSection) -> tuple[int | None, str]:
    section = _section(roadmap, command.section_id)
    number = command.data.get("number") or section.number
    if number != section.number:
        _reprefix(section, section.number, number)
    section.number, section.title = number, command.data.get("title") or ""
    return section.id, f"Изменён раздел {number}" + (f" {_quoted(section.title)}" if section.title else "")


def _executors(session: Session, roadmap: Roadmap, data: dict[str, Any]) -> list[ActivityExecutor]:
    """The activity's executors, checked as POST /roadmaps checks them: existing, of the organization's tree."""
    refs = References(session, roadmap.organization_id)
    responsible, co_executors = list(data.get("responsible") or []), list(data.get("co_executors") or [])
    refs.executors(responsible, "responsible")
    refs.executors(co_executors, "co_executors")
    rows = executor_refs(session, ActivityExecutor, responsible, "responsible", "responsible")
    rows += executor_refs(session, ActivityExecutor, co_executors, "co_executor", "co_executors")
    for n, row in enumerate(rows):
        row.position = n
    return rows


def _content(data: dict[str, Any]) -> str:
    content = (data.get("content") or "").strip()
    if not content:
        raise ValidationFailed("Заполните поле «Мероприятие».", {"content": ["Обязательное поле."]})
    return content


def _add_activity(session: Session, actor: Actor, roadmap: Roadmap, command: AddActivity) -> tuple[int | None, str]:
    section = _section(roadmap, command.section_id)
    data = command.data
    last = section.activities[-1].number if section.activities else None
    number = data.get("number") or next_number(
        last, f"{section.number}." if section.number else "", len(section.activities)
    )
    activity = RoadmapActivity(
        position=len(section.activities),
        number=number,
        content=_content(data),
        deadline_text=data.get("deadline_text") or "",
        responsible_text=data.get("responsible_text") or "",
    )
    activity.executors = _executors(session, roadmap, data)
    section.activities.append(activity)
    session.flush()
    return activity.id, f"Добавлено мероприятие {number} {_quoted(activity.content)}"


def _change_activity(
    session: Session, actor: Actor, roadmap: Roadmap, command: ChangeActivity
) -> tuple[int | None, str]:
    activity = _activity(roadmap, command.activity_id)
    data = command.data
    content = _content(data)
    executors = _executors(session, roadmap, data)
    activity.number = data.get("number") or activity.number
    activity.content = content
    activity.deadline_text = data.get("deadline_text") or ""
    activity.responsible_text = data.get("responsible_text") or ""
    activity.executors.clear()
    session.flush()
    activity.executors = executors
    return activity.id, f"Изменено мероприятие {activity.number} {_quoted(activity.content)}"


def _reprefix(section: RoadmapSection, old: str, new: str) -> None:
    """Activities numbered under a section («2.3» under «2») follow its new number («1.3» under «1»)."""
    if not old:
        return
    for activity in section.activities:
        if activity.number.startswith(f"{old}."):
            activity.number = f"{new}.{activity.number[len(old) + 1 :]}"


def _shift_numbers(rows: Sequence[Any], start: int, numbers: list[str], on_section: bool) -> None:
    """Rows from `start` on take the numbers in order (after a move or a deletion the sequence stays whole)."""
    for row, number in zip(rows[start:], numbers, strict=False):
        if on_section and row.number != number:
            _reprefix(row, row.number, number)
        row.number = number


def _siblings(roadmap: Roadmap, command: MoveItem | DeleteItem) -> tuple[list[Any], Any, str]:
    if command.item == "section":
        return roadmap.sections, _section(roadmap, command.item_id), "Раздел"
    activity = _activity(roadmap, command.item_id)
    return activity.section.activities, activity, "Мероприятие"


def _move(session: Session, actor: Actor, roadmap: Roadmap, command: MoveItem) -> tuple[int | None, str]:
    rows, row, noun = _siblings(roadmap, command)
    at = rows.index(row)
    other = at - 1 if command.up else at + 1
    if not 0 <= other < len(rows):
        where = "первым" if command.up else "последним"
        raise ValidationFailed(f"{noun} {row.number} уже стоит {where}.", {"item_id": ["Двигать некуда."]})
    first, second = min(at, other), max(at, other)
    numbers = [rows[first].number, rows[second].number]
    # The new order by positions (the relationship's list is left alone: replacing its items would orphan them).
    order = list(rows)
    order[first], order[second] = order[second], order[first]
    for n, each in enumerate(order):
        each.position = n
    _shift_numbers(order, first, numbers, command.item == "section")
    way = "выше" if command.up else "ниже"
    return row.id, f"{noun} {_quoted(_label(row))} перемещено {way}: теперь № {row.number}"


def _label(row: Any) -> str:
    return row.title if isinstance(row, RoadmapSection) else row.content


def _delete(session: Session, actor: Actor, roadmap: Roadmap, command: DeleteItem) -> tuple[int | None, str]:
    rows, row, noun = _siblings(roadmap, command)
    at = rows.index(row)
    numbers = [r.number for r in rows[at:-1]]
    said = f"Удалено: {noun.lower()} {row.number} {_quoted(_label(row))}".rstrip()
    rows.remove(row)
    session.flush()
    _shift_numbers(rows, at, numbers, command.item == "section")
    return None, said


def _renumber_positions(roadmap: Roadmap) -> None:
    """Positions follow the lists' order (the order the card and the document show)."""
    for s_n, section in enumerate(sorted(roadmap.sections, key=lambda s: s.position)):
        section.position = s_n
        for a_n, activity in enumerate(sorted(section.activities, key=lambda a: a.position)):
            activity.position = a_n


# Reporting cycles -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeCycle:
    """The new fields of a draft reporting cycle, as ReportingCycleSchema loads them (indicators replaced)."""

    cycle_id: int
    title: str
    schedule_text: str | None = None
    period: dict[str, date] | None = None
    controller_id: int | None = None
    responsible: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    expected_version: int | None = None


def change_cycle(db: Database, actor: Actor, command: ChangeCycle) -> int:
    """A draft reporting cycle changed as a whole, checked as POST /reporting-cycles checks it; its version."""
    with db.transaction() as session:
        cycle = _editable(session, actor, ReportingCycle, command.cycle_id, command.expected_version, "отчётность")
        refs = References(session, cycle.organization_id)
        refs.person(command.controller_id, "controller_id")
        refs.executors(command.responsible, "responsible")
        title = command.title.strip()
        if not title:
            raise ValidationFailed("Заполните поле «Название».", {"title": ["Обязательное поле."]})
        start, end = check_period(command.period)
        cycle.title = title
        cycle.schedule_text = command.schedule_text or ""
        cycle.period_start, cycle.period_end = start, end
        cycle.controller_id = optional_person(session, command.controller_id, "controller_id")
        executors = executor_refs(session, CycleExecutor, command.responsible, "responsible", "responsible")
        cycle.executors.clear()
        cycle.indicators.clear()
        session.flush()
        cycle.executors = executors
        cycle.indicators = [
            Indicator(
                position=n,
                name=i.get("name", ""),
                unit=i.get("unit") or "",
                target=None if i.get("target") is None else Decimal(str(i["target"])),
            )
            for n, i in enumerate(command.indicators)
        ]
        now = clock.now()
        cycle.touch(now)
        session.flush()
        audit(session, cycle, "edit", actor, comment="Изменён проект отчётности", now=now)
        return cycle.version
