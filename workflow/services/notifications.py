"""The sweep: due-soon reminders, overdue notices, escalation and inactivity warnings — each sent once."""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Organization, Person, Task
from models.db import Database
from models.notifications import Notification
from models.tasks import OPEN_TASK_STATES
from workflow import clock
from workflow.engine.dispatch import calendar_for
from workflow.settings import DEFAULTS, WorkflowSettings, settings_of


@dataclass(frozen=True)
class SweepSettings:
    """N and M of the reminders, and where e-mail goes."""

    remind_days: int = DEFAULTS.remind_days
    escalate_days: int = DEFAULTS.escalate_days
    inactivity_days: int = DEFAULTS.inactivity_days
    smtp_host: str = DEFAULTS.smtp_host
    smtp_port: int = DEFAULTS.smtp_port
    smtp_from: str = DEFAULTS.smtp_from

    @classmethod
    def of(cls, settings: WorkflowSettings) -> SweepSettings:
        """The sweep's part of the workflow's settings."""
        return cls(
            settings.remind_days,
            settings.escalate_days,
            settings.inactivity_days,
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
        )


@dataclass
class SweepResult:
    """What one sweep did."""

    created: int = 0
    emailed: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _notice(kind: str, task: Task, person_id: int, subject: str, body: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "task_id": task.id,
        "person_id": person_id,
        "dedup_key": f"{kind}:{task.id}:{task.deadline}:{person_id}",
        "subject": subject[:300],
        "body": body,
        "created_at": clock.now(),
    }


def _responsible(task: Task, heads: dict[int, int | None]) -> int | None:
    if task.responsible_person_id is not None:
        return task.responsible_person_id
    return heads.get(task.responsible_org_id) if task.responsible_org_id is not None else None


def collect(session: Session, today: date, cfg: SweepSettings, now: datetime) -> list[dict[str, Any]]:
    """Every notice the situation on `today` calls for (duplicates are dropped at insert)."""
    horizon = calendar_for(session).add_working_days(today, cfg.remind_days)
    heads = {oid: head for oid, head in session.execute(select(Organization.id, Organization.head_id))}
    tasks = session.scalars(
        select(Task).where(
            Task.state.in_(OPEN_TASK_STATES),
            Task.is_rollup.is_(False),
            Task.deadline.is_not(None),
            Task.deadline <= horizon,
        )
    )
    notices: list[dict[str, Any]] = []
    inactive_since = now - timedelta(days=cfg.inactivity_days)
    for task in tasks:
        assert task.deadline is not None
        who = _responsible(task, heads)
        title = task.title if len(task.title) <= 120 else task.title[:117] + "…"
        due = f"{task.deadline:%d.%m.%Y}"
        if task.deadline >= today:
            if who is not None:
                notices.append(
                    _notice(
                        "due_soon",
                        task,
                        who,
                        f"Срок {due}: {title}",
                        f"Поручение № {task.id} «{task.title}» нужно исполнить до {due}.",
                    )
                )
                if task.last_activity_at < inactive_since:
                    notices.append(
                        _notice(
                            "inactivity",
                            task,
                            who,
                            f"Нет движения по поручению: {title}",
                            f"По поручению № {task.id} со сроком {due} не было действий {cfg.inactivity_days} дней.",
                        )
                    )
            continue
        days = (today - task.deadline).days
        text = f"Поручение № {task.id} «{task.title}» просрочено на {days} дн. (срок {due})."
        if who is not None:
            notices.append(_notice("overdue", task, who, f"Просрочено: {title}", text))
        if task.controller_id is not None:
            notices.append(_notice("overdue_controller", task, task.controller_id, f"Просрочено: {title}", text))
        head = heads.get(task.organization_id)
        if days >= cfg.escalate_days and head is not None:
            notices.append(_notice("escalation", task, head, f"Эскалация: просрочено на {days} дн.: {title}", text))
    return notices


def _insert(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert what is new; a notice already stored (by this or another node) is skipped."""
    if not rows:
        return []
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    ids: list[int] = []
    for start in range(0, len(rows), 500):
        stmt = (
            insert(Notification)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=["dedup_key"])
            .returning(Notification.id)
        )
        ids.extend(session.scalars(stmt))
    return ids


def _send(db: Database, ids: Iterable[int], cfg: SweepSettings) -> int:
    """E-mail the new notices; each row is claimed before sending so that two nodes never both send it."""
    sent = 0
    for notice_id in ids:
        with db.transaction() as session:
            claimed = session.scalar(
                update(Notification)
                .where(Notification.id == notice_id, Notification.emailed_at.is_(None))
                .values(emailed_at=clock.now())
                .returning(Notification.id)
            )
            if claimed is None:
                continue
            notice = session.get(Notification, notice_id)
            person = session.get(Person, notice.person_id) if notice else None
            if notice is None or person is None or not person.email:
                continue
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = cfg.smtp_from, person.email, notice.subject
            message.set_content(notice.body)
            # Inside the transaction: a failed send rolls the claim back and the next sweep retries.
            with smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=30) as smtp:
                smtp.send_message(message)
            sent += 1
    return sent


def sweep(db: Database, today: date | None = None, cfg: SweepSettings | None = None) -> SweepResult:
    """One sweep: store the notices the day calls for, then e-mail the new ones when SMTP is set."""
    cfg = cfg or SweepSettings.of(settings_of(db))
    now = clock.now()
    today = today or clock.local_date(now)
    result = SweepResult()
    with db.transaction() as session:
        rows = collect(session, today, cfg, now)
        new_ids = _insert(session, rows)
    result.created = len(new_ids)
    kinds = {r["dedup_key"]: r["kind"] for r in rows}
    if new_ids:
        with db.session() as session:
            for key in session.scalars(select(Notification.dedup_key).where(Notification.id.in_(new_ids))):
                result.by_kind[kinds[key]] = result.by_kind.get(kinds[key], 0) + 1
    if cfg.smtp_host and new_ids:
        result.emailed = _send(db, new_ids, cfg)
    return result


def unread_count(session: Session, person_id: int) -> int:
    """How many notices the person has not read."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.person_id == person_id, Notification.read_at.is_(None))
        )
        or 0
    )


def notices_of(session: Session, person_id: int, page: int, per_page: int) -> tuple[list[Notification], int]:
    """A person's notices, newest first, and how many there are."""
    total = session.scalar(select(func.count()).select_from(Notification).where(Notification.person_id == person_id))
    rows = session.scalars(
        select(Notification)
        .where(Notification.person_id == person_id)
        .order_by(Notification.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return list(rows), total or 0


def mark_read(db: Database, person_id: int, notice_id: int | None = None) -> int:
    """Mark one notice (or all) of the person as read; returns how many changed. Others' notices are untouched."""
    with db.transaction() as session:
        stmt = update(Notification).where(Notification.person_id == person_id, Notification.read_at.is_(None))
        if notice_id is not None:
            stmt = stmt.where(Notification.id == notice_id)
        result: Any = session.execute(stmt.values(read_at=clock.now()))
        return int(result.rowcount or 0)
