"""The generated district is a coherent history, and the control views read it as a person would count it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import select

from models import ExtensionRequest, Organization, Task, TransitionLog
from models.db import Database
from tests.builders import build_office
from tools.generate import GenerateResult, generate
from workflow import clock
from workflow.queries.control import overdue, start_of_day, summary

TODAY = date(2026, 6, 1)


@pytest.fixture
def district(db: Database) -> GenerateResult:
    return generate(db, tasks=1500, seed=3, today=TODAY)


def test_the_generator_writes_a_realistic_mix_and_reports_its_rate(db: Database, district: GenerateResult) -> None:
    with db.session() as s:
        tasks = s.scalars(select(Task).where(~Task.is_rollup)).all()
        headless = s.scalar(select(Organization.id).where(Organization.head_id.is_(None)).limit(1))
    assert district.tasks >= 1500 and district.rows == sum(district.by_table.values()) > district.tasks
    assert district.rows_per_second > 0 and headless is None
    states = {t.state for t in tasks}
    assert states == {"assigned", "in_progress", "on_review", "done", "cancelled"}
    assert 0.08 < district.open_tasks / district.tasks < 0.25
    assert any(t.done_late for t in tasks) and any(t.original_deadline != t.deadline for t in tasks)
    deadlines = [t.original_deadline for t in tasks if t.original_deadline]
    assert (max(deadlines) - min(deadlines)).days > 3 * 365


def test_every_generated_completion_agrees_with_its_deadline_and_its_log(
    db: Database, district: GenerateResult
) -> None:
    with db.session() as s:
        tasks = {t.id: t for t in s.scalars(select(Task).where(~Task.is_rollup))}
        logs = defaultdict(list)
        for log in s.scalars(select(TransitionLog).where(TransitionLog.object_kind == "tasks")):
            logs[log.object_id].append(log)
        requests = s.scalars(select(ExtensionRequest)).all()
    for task in tasks.values():
        if task.state == "done":
            assert task.done_at is not None
            assert task.done_late == (clock.local_date(task.done_at) > task.deadline) if task.deadline else True
            assert [log.at for log in logs[task.id] if log.to_state == "done"] == [task.done_at]
        if task.state == "cancelled":
            assert len([log for log in logs[task.id] if log.to_state == "cancelled"]) == 1
    for request in requests:
        task = tasks[request.task_id]
        assert request.old_deadline < request.new_deadline
        if request.status == "granted":
            assert task.original_deadline <= request.old_deadline and request.new_deadline <= task.deadline
            assert task.done_at is None or request.decided_at < task.done_at
        if request.status == "pending":
            assert task.state in ("assigned", "in_progress", "on_review")


def _overdue_by_hand(db: Database, day: date) -> set[int]:
    moment = start_of_day(day)
    with db.session() as s:
        granted = defaultdict(list)
        for r in s.scalars(select(ExtensionRequest).where(ExtensionRequest.status == "granted")):
            granted[r.task_id].append(r)
        cancelled = {
            log.object_id: log.at
            for log in s.scalars(
                select(TransitionLog).where(TransitionLog.object_kind == "tasks", TransitionLog.to_state == "cancelled")
            )
        }
        late: set[int] = set()
        for t in s.scalars(select(Task).where(~Task.is_rollup)):
            if t.created_at >= moment or (t.done_at and t.done_at < moment) or cancelled.get(t.id, moment) < moment:
                continue
            before = sorted((r.decided_at, r.id, r.new_deadline) for r in granted[t.id] if r.decided_at < moment)
            deadline = before[-1][2] if before else (t.original_deadline or t.deadline)
            if deadline is not None and deadline < day:
                late.add(t.id)
        return late


@pytest.mark.parametrize("day", [date(2024, 3, 1), date(2025, 12, 1), TODAY])
def test_the_as_of_view_of_the_generated_history_matches_a_count_by_hand(
    db: Database, district: GenerateResult, day: date
) -> None:
    with db.session() as s:
        page = overdue(s, as_of=day, per_page=500)
    expected = _overdue_by_hand(db, day)
    assert page.total == len(expected) > 0
    assert {row.id for row in page.items} == expected
    assert [row.deadline for row in page.items] == sorted(row.deadline for row in page.items)


def test_the_summary_of_the_generated_history_adds_up(db: Database, district: GenerateResult) -> None:
    with db.session() as s:
        result = summary(s, "responsible", today=TODAY)
        tasks = s.scalars(select(Task).where(~Task.is_rollup, Task.state != "cancelled")).all()
    overall = result.overall
    assert overall.total == len(tasks)
    assert overall.done_on_time + overall.done_late == sum(t.state == "done" for t in tasks)
    assert overall.done_late == sum(t.done_late for t in tasks)
    assert overall.overdue + overall.in_work == sum(t.state != "done" for t in tasks)


def test_ordinary_inserts_follow_the_generated_ids(db: Database, district: GenerateResult) -> None:
    # On PostgreSQL the generator moves the sequences past its explicit ids; otherwise this insert would collide.
    office = build_office(db)
    assert min(office.orgs.values()) == district.organizations + 1
