"""A deadline extension granted to a day off moves by the office's non-working-day rule, and the answer says so."""

from __future__ import annotations

from datetime import date

from models import Task
from models.db import Database
from tests.integration.test_extension_lifecycle import _executor_task
from workflow.services.extensions import decide_extension, request_extension


def test_an_extension_granted_to_a_sunday_is_due_on_the_working_day_before_and_says_so(db: Database) -> None:
    office, task_id = _executor_task(db)
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None and task.deadline is not None
        sunday = date(task.deadline.year + 1, 5, 16)
    while sunday.weekday() != 6:
        sunday = date.fromordinal(sunday.toordinal() + 1)
    friday = date.fromordinal(sunday.toordinal() - 2)
    request = request_extension(db, office.actors["executor"], task_id, sunday, "Нужны данные за май")
    decided = decide_extension(db, office.actors["controller"], request.id, "grant")
    with db.session() as s:
        assert s.get(Task, task_id).deadline == friday  # type: ignore[union-attr]
    note = decided.deadline_note  # type: ignore[attr-defined]
    assert note is not None and f"{sunday:%d.%m.%Y}" in note and f"{friday:%d.%m.%Y}" in note


def test_an_extension_granted_to_a_working_day_keeps_it_and_says_nothing(db: Database) -> None:
    office, task_id = _executor_task(db)
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None and task.deadline is not None
        wednesday = date(task.deadline.year + 1, 3, 10)
    while wednesday.weekday() != 2:
        wednesday = date.fromordinal(wednesday.toordinal() + 1)
    request = request_extension(db, office.actors["executor"], task_id, wednesday, "Нужны данные")
    decided = decide_extension(db, office.actors["controller"], request.id, "grant")
    with db.session() as s:
        assert s.get(Task, task_id).deadline == wednesday  # type: ignore[union-attr]
    assert decided.deadline_note is None  # type: ignore[attr-defined]
