"""The e-mail outbox: written with its notice, claimed and committed before sending, sent outside any transaction,
retried with backoff after a failure, never sent twice."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select, update

from models import Notification, OutboxEmail, Person
from models.db import Database
from tests.builders import build_office, new_order
from tests.smtp_sink import SmtpSink
from workflow import clock
from workflow.engine.engine import transition
from workflow.jobs import make_huey, register
from workflow.services import notifications
from workflow.services.notifications import MAX_ATTEMPTS, SweepSettings, drain_outbox
from workflow.settings import WorkflowSettings


def _queued(db: Database) -> None:
    """A submitted order with SMTP set: the first approver's visa notice waits in the outbox."""
    db.settings = WorkflowSettings(smtp_host="127.0.0.1")
    office = build_office(db)
    with db.transaction() as s:
        s.execute(update(Person).values(email="p@example.org"))
    order_id = new_order(db, office)
    transition(db, "orders", order_id, "submit", office.actors["clerk"])


def _rows(db: Database) -> list[OutboxEmail]:
    with db.session() as s:
        return list(s.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_a_queued_e_mail_is_sent_once_and_its_notice_marked_emailed(db: Database) -> None:
    _queued(db)
    with SmtpSink() as sink:
        cfg = SweepSettings(smtp_host="127.0.0.1", smtp_port=sink.port)
        assert drain_outbox(db, cfg) == 1
        assert drain_outbox(db, cfg) == 0
    assert len(sink.messages) == 1 and "нужна ваша виза" in sink.messages[0].get_payload(decode=True).decode()
    [row] = _rows(db)
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None
    with db.session() as s:
        assert s.scalar(select(Notification.emailed_at).where(Notification.id == row.notification_id)) is not None


def test_the_claim_is_committed_before_sending_and_no_transaction_is_open_while_sending(
    db: Database, monkeypatch
) -> None:
    _queued(db)
    seen: list[str] = []

    def deliver(cfg: SweepSettings, mail: object) -> None:
        # Another connection can take the write lock at once: nobody holds a transaction during the send.
        with Database(db.url).transaction() as other:
            seen.append(other.scalar(select(OutboxEmail.status)) or "")

    monkeypatch.setattr(notifications, "_deliver", deliver)
    assert drain_outbox(db, SweepSettings(smtp_host="127.0.0.1")) == 1
    assert seen == ["sending"]


def test_a_failed_send_is_retried_later_with_backoff_and_given_up_after_the_last_attempt(db: Database) -> None:
    _queued(db)
    # Nothing listens on port 9: the connection is refused.
    cfg = SweepSettings(smtp_host="127.0.0.1", smtp_port=9)
    assert drain_outbox(db, cfg) == 0
    [row] = _rows(db)
    assert row.status == "pending" and row.attempts == 1 and "ConnectionRefused" in row.last_error
    assert row.next_attempt_at > clock.now() + timedelta(seconds=50)
    assert drain_outbox(db, cfg) == 0 and _rows(db)[0].attempts == 1  # not due yet
    for _ in range(MAX_ATTEMPTS):
        with db.transaction() as s:
            s.execute(update(OutboxEmail).values(next_attempt_at=clock.now() - timedelta(seconds=1)))
        drain_outbox(db, cfg)
    [row] = _rows(db)
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS
    with SmtpSink() as sink:
        assert drain_outbox(db, SweepSettings(smtp_host="127.0.0.1", smtp_port=sink.port)) == 0


def test_a_row_left_sending_by_a_crash_is_never_sent_again(db: Database) -> None:
    _queued(db)
    with db.transaction() as s:
        s.execute(update(OutboxEmail).values(status="sending", claimed_at=clock.now() - timedelta(hours=1)))
    with SmtpSink() as sink:
        assert drain_outbox(db, SweepSettings(smtp_host="127.0.0.1", smtp_port=sink.port)) == 0
    assert sink.messages == []


def test_two_workers_draining_at_once_send_each_e_mail_exactly_once(db: Database) -> None:
    _queued(db)
    with db.transaction() as s:
        row = s.scalar(select(OutboxEmail))
        assert row is not None
        for n in range(20):
            s.add(OutboxEmail(to_address=f"x{n}@example.org", subject=f"Письмо {n}", body="-", last_error=""))
    with SmtpSink() as sink:
        cfg = SweepSettings(smtp_host="127.0.0.1", smtp_port=sink.port)
        workers = [Database(db.url) for _ in range(2)]
        barrier = threading.Barrier(2)
        counts: list[int] = []

        def run(d: Database) -> None:
            barrier.wait()
            counts.append(drain_outbox(d, cfg))

        threads = [threading.Thread(target=run, args=(w,)) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for w in workers:
            w.dispose()
    assert sum(counts) == 21 and len(sink.messages) == 21
    assert len({m["Subject"] for m in sink.messages}) == 21
    assert all(r.status == "sent" for r in _rows(db))


def test_without_smtp_nothing_is_queued(db: Database) -> None:
    office = build_office(db)
    with db.transaction() as s:
        s.execute(update(Person).values(email="p@example.org"))
    order_id = new_order(db, office)
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    assert _rows(db) == []


def test_the_huey_jobs_in_immediate_mode_drain_the_outbox_and_sweep(db: Database) -> None:
    _queued(db)
    with SmtpSink() as sink:
        db.settings = WorkflowSettings(smtp_host="127.0.0.1", smtp_port=sink.port)
        jobs = register(make_huey(immediate=True), lambda: db, sweep_hour=clock.now().astimezone(clock.TIMEZONE).hour)
        jobs.drain_outbox()  # a periodic task keeps no result: what it did is in the outbox and the sink
        assert len(sink.messages) == 1 and [r.status for r in _rows(db)] == ["sent"]
        jobs.drain_outbox()
        assert jobs.sweep_now()() == 0  # nothing is due: the order is not dispatched
        jobs.daily_sweep()
    assert len(sink.messages) == 1
