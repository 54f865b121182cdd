"""Background work on huey: the e-mail outbox every minute and the daily reminder sweep, without cron.

SqliteHuey (a file in instance/) is the embedded default; RedisHuey when a Redis URL is given (several nodes).
Several consumers may run: the database guards every job — an e-mail and a large export are each claimed by a
conditional UPDATE committed before it is sent or written, a reminder is stored once by its dedup key — and the
sweep also takes huey's lock, so that two workers do not sweep the same hour side by side. Every consumer's
scheduler enqueues each periodic task every minute; the first worker to claim the minute in huey's storage
(put_if_empty: HSETNX on Redis) runs it, the others return at once — a periodic task runs once per slot however
many workers there are. The same work on demand (drain_outbox, sweep_now, dispatch called by the app or a test)
is not slotted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.exceptions import TaskLockedException

from models.db import Database
from workflow import clock
from workflow.printing.control_exports import run_pending_exports
from workflow.services.dispatch_jobs import pending_dispatches, run_dispatch_job
from workflow.services.notifications import SweepResult, drain_outbox, sweep


def make_huey(*, redis_url: str = "", sqlite_path: str = "", immediate: bool = False, name: str = "prikaz") -> Huey:
    """The queue: Redis when a URL is given, else SQLite in that file; immediate runs every task at once (tests)."""
    if redis_url:
        return RedisHuey(name, url=redis_url, immediate=immediate)
    return SqliteHuey(name, filename=sqlite_path or ":memory:", immediate=immediate)


@dataclass(frozen=True)
class Jobs:
    """The tasks registered on one huey: call them to enqueue (or, immediate, to run)."""

    huey: Huey
    drain_outbox: Any
    daily_sweep: Any
    sweep_now: Any
    dispatch: Any
    exports: Any


# How long the claims of past slots are kept in huey's storage: each new claim removes the one this much older.
SLOT_KEEP = timedelta(hours=1)


def _slot_key(name: str, moment: datetime) -> str:
    return f"prikaz-slot:{name}:{moment:%Y%m%dT%H%M}"


def claim_slot(huey: Huey, name: str, now: datetime | None = None) -> bool:
    """Whether this worker is the first to run the periodic task `name` in the current minute (atomic in storage)."""
    moment = (now or clock.now()).astimezone(clock.TIMEZONE).replace(second=0, microsecond=0)
    if not huey.put_if_empty(_slot_key(name, moment), 1):
        return False
    # Reading a key pops it: the storage keeps an hour of claims per task, not one per minute forever.
    huey.get(_slot_key(name, moment - SLOT_KEEP))
    return True


def register(huey: Huey, database: Callable[[], Database], sweep_hour: int = 7) -> Jobs:
    """Register the periodic tasks on a huey; `database` gives the worker's Database (made once, lazily)."""

    @huey.task(retries=0)
    def drain_outbox_job() -> int:
        """Send what the outbox holds; each e-mail is claimed in the database first."""
        return drain_outbox(database())

    @huey.periodic_task(crontab(minute="*"), retries=0)
    def drain_outbox_tick() -> int:
        """Every minute, once whatever the number of workers."""
        return drain_outbox(database()) if claim_slot(huey, "drain-outbox") else 0

    def run_sweep() -> SweepResult | None:
        try:
            with huey.lock_task("prikaz-sweep"):
                return sweep(database())
        except TaskLockedException:
            return None  # another worker is sweeping now; its dedup keys would skip ours anyway

    @huey.periodic_task(crontab(minute="0"), retries=0)
    def daily_sweep_job() -> int:
        """Every hour on the hour; sweeps when it is the office's sweep hour (once, by the first worker)."""
        if clock.now().astimezone(clock.TIMEZONE).hour != sweep_hour or not claim_slot(huey, "daily-sweep"):
            return 0
        result = run_sweep()
        return result.created if result else 0

    @huey.task(retries=0)
    def sweep_now_job() -> int:
        """A sweep on demand (the same guarded sweep as the daily one)."""
        result = run_sweep()
        return result.created if result else 0

    def write_dispatches() -> int:
        written = 0
        for order_id in pending_dispatches(database()):
            try:
                with huey.lock_task(f"prikaz-dispatch-{order_id}"):
                    run_dispatch_job(database(), order_id)
                    written += 1
            except TaskLockedException:
                continue  # another worker is writing this order's tasks
        return written

    @huey.task(retries=0)
    def dispatch_job() -> int:
        """Write the tasks of large dispatches in chunks; one worker per order at a time, resumed after a crash."""
        return write_dispatches()

    @huey.periodic_task(crontab(minute="*"), retries=0)
    def dispatch_tick() -> int:
        """Every minute, once whatever the number of workers: picks up dispatches nobody asked a job for."""
        return write_dispatches() if claim_slot(huey, "dispatch") else 0

    @huey.task(retries=0)
    def export_job() -> int:
        """Write the large control exports asked for; each is claimed in the database first, so written once."""
        return run_pending_exports(database())

    @huey.periodic_task(crontab(minute="*"), retries=0)
    def export_tick() -> int:
        """Every minute, once whatever the number of workers."""
        return run_pending_exports(database()) if claim_slot(huey, "exports") else 0

    return Jobs(huey, drain_outbox_job, daily_sweep_job, sweep_now_job, dispatch_job, export_job)
