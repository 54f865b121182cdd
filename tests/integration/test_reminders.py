"""Reminders and escalation: the right notices to the right people, once, even with two sweeps at once."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from icalendar import Calendar
from sqlalchemy import delete, func, select, update

from models import Person, Task, User
from models.db import Database
from models.notifications import Notification
from tests.builders import approve, build_office, new_order
from tests.smtp_sink import SmtpSink
from workflow.engine.engine import transition
from workflow.errors import NotFound
from workflow.services.ical import calendar_feed, rotate_calendar_token, user_by_calendar_token
from workflow.services.notifications import SweepSettings, sweep, unread_count


def _dispatched(db: Database):
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.transaction() as s:
        s.execute(update(Person).values(email="p@example.org"))
        # The dispatch's own notices (task_assigned) are tested in test_notifications_created: these are the sweep's.
        s.execute(delete(Notification))
    return office, order_id


def _notices(db: Database) -> list[tuple[str, int]]:
    with db.session() as s:
        return sorted((n.kind, n.person_id) for n in s.scalars(select(Notification)))


def test_a_due_soon_task_reminds_its_executor_once(db: Database) -> None:
    office, _ = _dispatched(db)
    # The executor's task is due 02.04.2027 (a Friday): three working days before is 30.03.2027.
    assert sweep(db, today=date(2027, 3, 29)).by_kind.get("due_soon", 0) == 0
    first = sweep(db, today=date(2027, 3, 30))
    assert ("due_soon", office.p("executor")) in _notices(db)
    again = sweep(db, today=date(2027, 3, 31))
    assert first.by_kind["due_soon"] == 1 and again.created == 0
    with db.session() as s:
        assert unread_count(s, office.p("executor")) == 1


def test_overdue_tasks_notify_executor_and_controller_and_escalate_to_the_head(db: Database) -> None:
    office, _ = _dispatched(db)
    sweep(db, today=date(2027, 4, 3), cfg=SweepSettings(escalate_days=5))
    notices = _notices(db)
    assert ("overdue", office.p("executor")) in notices
    assert ("overdue_controller", office.p("controller")) in notices
    assert not any(kind == "escalation" for kind, _ in notices)
    sweep(db, today=date(2027, 4, 7), cfg=SweepSettings(escalate_days=5))
    assert ("escalation", office.p("head")) in _notices(db)


def test_a_fan_out_parent_is_not_reminded_but_each_school_is(db: Database) -> None:
    office, _ = _dispatched(db)
    sweep(db, today=date(2027, 4, 19))
    due = {p for kind, p in _notices(db) if kind == "due_soon"}
    assert {office.p("director1"), office.p("director2")} <= due and office.p("head") not in due


def test_two_sweeps_at_once_never_send_a_notice_twice(db: Database) -> None:
    _dispatched(db)
    with SmtpSink() as sink:
        cfg = SweepSettings(smtp_host="127.0.0.1", smtp_port=sink.port)
        workers = [Database(db.url) for _ in range(2)]
        barrier = threading.Barrier(2)
        results = []

        def run(d: Database) -> None:
            barrier.wait()
            results.append(sweep(d, today=date(2027, 4, 25), cfg=cfg))

        threads = [threading.Thread(target=run, args=(w,)) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for w in workers:
            w.dispose()
        with db.session() as s:
            stored = s.scalar(select(func.count()).select_from(Notification))
            unsent = s.scalar(select(func.count()).select_from(Notification).where(Notification.emailed_at.is_(None)))
    assert stored > 0 and unsent == 0
    assert sum(r.created for r in results) == stored
    assert len(sink.messages) == stored  # every stored notice e-mailed exactly once


def test_the_calendar_feed_lists_open_dated_tasks_behind_a_rotatable_token(db: Database) -> None:
    office, _ = _dispatched(db)
    user_id = office.actors["executor"].user_id
    old = rotate_calendar_token(db, user_id)
    token = rotate_calendar_token(db, user_id)
    with db.session() as s:
        user = user_by_calendar_token(s, token)
        feed = Calendar.from_ical(calendar_feed(s, user.person_id))
        with pytest.raises(NotFound, match="устарела"):
            user_by_calendar_token(s, old)
        due = s.scalars(select(Task.deadline).where(Task.responsible_person_id == office.p("executor"))).all()
    todos = [c for c in feed.walk() if c.name == "VTODO"]
    assert [t.decoded("due") for t in todos] == list(due)


def test_the_notifications_page_shows_the_unread_badge_and_marks_notices_read(db: Database) -> None:
    from app import create_app
    from config import Settings
    from workflow.services.passwords import hash_password

    office, _ = _dispatched(db)
    sweep(db, today=date(2027, 4, 3))
    with db.transaction() as s:
        for user in s.scalars(select(User)):
            user.password_hash = hash_password("пароль")
        other = s.scalars(select(Notification).where(Notification.person_id == office.p("controller"))).first()
    app = create_app(Settings.from_env(DATABASE_URL=db.url, SECRET_KEY="test", WTF_CSRF_ENABLED=False))
    client = app.test_client()
    client.post("/login", data={"login": "executor", "password": "пароль"})
    page = client.get("/notifications").get_data(as_text=True)
    assert "Просрочено" in page and 'class="badge"' in page
    client.post("/notifications/read", data={"id": str(other.id)})  # someone else's notice: nothing happens
    with db.session() as s:
        assert s.get(Notification, other.id).read_at is None
    client.post("/notifications/read")
    with db.session() as s:
        assert unread_count(s, office.p("executor")) == 0
    assert 'class="badge"' not in client.get("/notifications").get_data(as_text=True)
