"""Notifications: the daily sweep (reminders, overdue, escalation, inactivity), the e-mail outbox, the inbox."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email import policy
from email.message import EmailMessage
from typing import Any, cast

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from models import Organization, Task
from models.db import Database
from models.notifications import Notification, OutboxEmail
from models.tasks import OPEN_TASK_STATES
from workflow import clock
from workflow.engine.dispatch import calendar_for
from workflow.engine.effects import queue_emails
from workflow.errors import NotFound
from workflow.settings import DEFAULTS, WorkflowSettings, settings_of

# Attempts of an e-mail before the outbox gives up on it (last_error says why).
MAX_ATTEMPTS = 6


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
        "object_kind": "tasks",
        "object_id": task.id,
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


def _queue(session: Session, ids: list[int]) -> int:
    """The e-mails of the new notices, in the sweep's own transaction: the outbox sends them after commit."""
    if not ids:
        return 0
    notices = session.execute(
        select(Notification.id, Notification.person_id, Notification.subject, Notification.body).where(
            Notification.id.in_(ids)
        )
    ).all()
    return queue_emails(session, [(n.id, n.person_id, n.subject, n.body) for n in notices])


def _backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


@dataclass(frozen=True)
class _Claimed:
    id: int
    notification_id: int | None
    to_address: str
    subject: str
    body: str
    attempts: int


def _claim(db: Database, now: datetime) -> _Claimed | bool | None:
    """Claim the next due e-mail and commit the claim; False when none is due, None when another node won it."""
    with db.transaction() as session:
        stmt = (
            select(OutboxEmail.id)
            .where(OutboxEmail.status == "pending", OutboxEmail.next_attempt_at <= now)
            .order_by(OutboxEmail.id)
            .limit(1)
        )
        candidate = session.scalar(stmt.with_for_update(skip_locked=True) if db.locks_rows else stmt)
        if candidate is None:
            return False
        # The conditional update is the guard: of two workers that saw the same row, only one changes it.
        row = session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == candidate, OutboxEmail.status == "pending")
            .values(status="sending", claimed_at=now, attempts=OutboxEmail.attempts + 1)
            .returning(
                OutboxEmail.id,
                OutboxEmail.notification_id,
                OutboxEmail.to_address,
                OutboxEmail.subject,
                OutboxEmail.body,
                OutboxEmail.attempts,
            )
        ).first()
        return _Claimed(*row) if row is not None else None


# Long header lines as SMTP allows them (998): the default 78 folds a Russian subject into encoded words whose
# spaces mail clients drop at each fold («визыполучены»).
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


def email_message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """The e-mail of a notice, its Russian subject intact in every mail client."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(body)
    return message


def _deliver(cfg: SweepSettings, mail: _Claimed) -> None:
    message = email_message(cfg.smtp_from, mail.to_address, mail.subject, mail.body)
    with smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=30) as smtp:
        smtp.send_message(message)


def drain_outbox(db: Database, cfg: SweepSettings | None = None, limit: int = 1000) -> int:
    """Send the due e-mails of the outbox, each claimed and committed first and sent outside any transaction.

    A failed send goes back to the outbox with a backoff, up to MAX_ATTEMPTS; a row left «sending» by a crash
    is not sent again, since whether it went out is unknown (never twice rather than maybe twice).
    """
    cfg = cfg or SweepSettings.of(settings_of(db))
    if not cfg.smtp_host:
        return 0
    sent = 0
    for _ in range(limit):
        now = clock.now()
        mail = _claim(db, now)
        if mail is False:
            break
        if not isinstance(mail, _Claimed):
            continue
        try:
            _deliver(cfg, mail)
        except (OSError, smtplib.SMTPException) as exc:
            failed = mail.attempts >= MAX_ATTEMPTS
            with db.transaction() as session:
                session.execute(
                    update(OutboxEmail)
                    .where(OutboxEmail.id == mail.id)
                    .values(
                        status="failed" if failed else "pending",
                        next_attempt_at=now + _backoff(mail.attempts),
                        last_error=f"{type(exc).__name__}: {exc}"[:2000],
                    )
                )
            continue
        with db.transaction() as session:
            done = clock.now()
            session.execute(update(OutboxEmail).where(OutboxEmail.id == mail.id).values(status="sent", sent_at=done))
            if mail.notification_id is not None:
                session.execute(
                    update(Notification).where(Notification.id == mail.notification_id).values(emailed_at=done)
                )
        sent += 1
    return sent


def sweep(db: Database, today: date | None = None, cfg: SweepSettings | None = None) -> SweepResult:
    """One sweep: store the notices the day calls for and queue their e-mails, then drain the outbox after commit."""
    cfg = cfg or SweepSettings.of(settings_of(db))
    now = clock.now()
    today = today or clock.local_date(now)
    result = SweepResult()
    with db.transaction() as session:
        rows = collect(session, today, cfg, now)
        new_ids = _insert(session, rows)
        if cfg.smtp_host:
            _queue(session, new_ids)
    result.created = len(new_ids)
    kinds = {r["dedup_key"]: r["kind"] for r in rows}
    if new_ids:
        with db.session() as session:
            for key in session.scalars(select(Notification.dedup_key).where(Notification.id.in_(new_ids))):
                assert key is not None  # the sweep's notices all have one
                result.by_kind[kinds[key]] = result.by_kind.get(kinds[key], 0) + 1
    if cfg.smtp_host:
        result.emailed = drain_outbox(db, cfg)
    return result


# Built once: every page's header asks it, and building the statement cost more than running it.
_UNREAD = (
    select(func.count())
    .select_from(Notification)
    .where(Notification.person_id == bindparam("person_id"), Notification.read_at.is_(None))
)


def unread_count(session: Session, person_id: int) -> int:
    """How many notices the person has not read."""
    return session.scalar(_UNREAD, {"person_id": person_id}) or 0


def notices_of(
    session: Session, person_id: int, page: int, per_page: int, *, unread_only: bool = False
) -> tuple[list[Notification], int]:
    """A person's notices (or only the unread ones), newest first, and how many there are."""
    criteria = [Notification.person_id == person_id]
    if unread_only:
        criteria.append(Notification.read_at.is_(None))
    total = session.scalar(select(func.count()).select_from(Notification).where(*criteria))
    rows = session.scalars(
        select(Notification)
        .where(*criteria)
        .order_by(Notification.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return list(rows), total or 0


@dataclass(frozen=True)
class Inbox:
    """One page of a person's notices, how many match, and how many are unread."""

    items: list[Notification]
    total: int
    unread: int


def inbox(db: Database, person_id: int | None, page: int = 1, per_page: int = 20, unread_only: bool = False) -> Inbox:
    """The notifications page and the API's list: a person's notices, newest first."""
    if person_id is None:
        return Inbox([], 0, 0)
    with db.session() as session:
        items, total = notices_of(session, person_id, page, per_page, unread_only=unread_only)
        return Inbox(items, total, unread_count(session, person_id))


def mark_read(db: Database, person_id: int | None, notice_id: int | None = None) -> int:
    """Mark one notice (or all) of the person as read; returns how many changed. Others' notices are untouched."""
    if person_id is None:
        return 0
    with db.transaction() as session:
        stmt = update(Notification).where(Notification.person_id == person_id, Notification.read_at.is_(None))
        if notice_id is not None:
            stmt = stmt.where(Notification.id == notice_id)
        result = cast(CursorResult[Any], session.execute(stmt.values(read_at=clock.now())))
        return result.rowcount or 0


@dataclass(frozen=True)
class ReadResult:
    """How many notices were marked read, and how many of the person's stay unread."""

    marked: int
    unread: int


def read_result(db: Database, person_id: int | None, notice_id: int | None) -> ReadResult:
    """Mark one notice (or all) of the person read; a notice of someone else, or none, is not found."""
    if notice_id is not None:
        with db.session() as session:
            owner = session.scalar(select(Notification.person_id).where(Notification.id == notice_id))
        if owner is None or owner != person_id:
            raise NotFound(f"Уведомление № {notice_id} не найдено.")
    marked = mark_read(db, person_id, notice_id)
    if person_id is None:
        return ReadResult(marked, 0)
    with db.session() as session:
        return ReadResult(marked, unread_count(session, person_id))
