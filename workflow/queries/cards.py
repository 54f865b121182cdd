"""What the cards of the pages add to the API's reads: executor names, task progress per point or activity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from models import Organization, Person, Task


class Names:
    """People and organizations by id, loaded once, named as lists name them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._people: dict[int, Person] = {}
        self._orgs: dict[int, Organization] = {}

    def load(self, refs: Iterable[Any]) -> Names:
        """Fetch every person and organization the references name, in two queries."""
        refs = list(refs)
        people = {r.person_id for r in refs if r.person_id is not None} - set(self._people)
        orgs = {r.organization_id for r in refs if r.organization_id is not None} - set(self._orgs)
        if people:
            self._people.update({p.id: p for p in self.session.scalars(select(Person).where(Person.id.in_(people)))})
        if orgs:
            rows = self.session.scalars(select(Organization).where(Organization.id.in_(orgs)))
            self._orgs.update({o.id: o for o in rows})
        return self

    def of(self, ref: Any) -> str:
        """«Бадмаева Л.Н.», «МБОУ «СОШ № 1»», «Управление образования и подведомственные организации»."""
        if ref.person_id is not None:
            person = self._people.get(ref.person_id) or self.session.get(Person, ref.person_id)
            return person.name_initials if person else f"сотрудник № {ref.person_id}"
        org = self._orgs.get(ref.organization_id or 0) or self.session.get(Organization, ref.organization_id)
        name = (org.short_name or org.name) if org else f"организация № {ref.organization_id}"
        return f"{name} и подведомственные организации" if getattr(ref, "include_subordinates", False) else name

    def join(self, refs: Iterable[Any]) -> str:
        """Several references in one line."""
        return ", ".join(self.of(r) for r in refs)


@dataclass
class Progress:
    """How far the tasks of one point, activity or document have come (fan-out parents not counted)."""

    total: int = 0
    done: int = 0
    on_review: int = 0
    overdue: int = 0
    task_ids: list[int] = field(default_factory=list)

    @property
    def percent(self) -> int:
        """Done, in whole percent."""
        return round(100 * self.done / self.total) if self.total else 0


def progress_by(
    session: Session,
    column: Any,
    criterion: ColumnElement[bool],
    today: Any,
    visible: ColumnElement[bool] | None = None,
) -> dict[int, Progress]:
    """Progress of the tasks grouped by a column (point_id, activity_id …); key 0 is the whole document.

    With `visible`, only the tasks the viewer may open are linked (task_ids); the counts stay whole.
    """
    whole = Progress()
    result: dict[int, Progress] = {0: whole}
    stmt = select(column, Task).where(criterion, Task.state != "cancelled").order_by(Task.id)
    openable = None if visible is None else set(session.scalars(select(Task.id).where(criterion, visible)))
    for key, task in session.execute(stmt):
        bucket = result.setdefault(key or 0, Progress())
        if task.parent_id is None and (openable is None or task.id in openable):
            bucket.task_ids.append(task.id)
        if task.is_rollup:
            continue
        for item in {id(bucket): bucket, id(whole): whole}.values():
            item.total += 1
            item.done += task.state == "done"
            item.on_review += task.state == "on_review"
            item.overdue += task.overdue_on(today)
    return result
