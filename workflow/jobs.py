"""Background work on huey: the e-mail outbox every minute and the daily reminder sweep, without cron.

SqliteHuey (a file in instance/) is the embedded default; RedisHuey when a Redis URL is given (several nodes).
Several consumers may run: the database guards every job — an e-mail and a large export are each claimed by a
conditional UPDATE committed before it is sent or written, a reminder is stored once by its dedup key — and the
sweep also takes huey's lock, so that two workers do not sweep the same hour side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


def register(huey: Huey, database: Callable[[], Database], sweep_hour: int = 7) -> Jobs:
    """Register the periodic tasks on a huey; `database` gives the worker's Database (made once, lazily)."""

    @huey.periodic_task(crontab(minute="*"), retries=0)
    def drain_outbox_job() -> int:
        """Send what the outbox holds; each e-mail is claimed in the database first."""
        return drain_outbox(database())

    def run_sweep() -> SweepResult | None:
        try:
            with huey.lock_task("prikaz-sweep"):
                return sweep(database())
        except TaskLockedException:
            return None  # another worker is sweeping now; its dedup keys would skip ours anyway

    @huey.periodic_task(crontab(minute="0"), retries=0)
    def daily_sweep_job() -> int:
        """Every hour on the hour; sweeps when it is the office's sweep hour."""
        if clock.now().astimezone(clock.TIMEZONE).hour != sweep_hour:
            return 0
        result = run_sweep()
        return result.created if result else 0

    @huey.task(retries=0)
    def sweep_now_job() -> int:
        """A sweep on demand (the same guarded sweep as the daily one)."""
        result = run_sweep()
        return result.created if result else 0

    @huey.periodic_task(crontab(minute="*"), retries=0)
    def dispatch_job() -> int:
        """Write the tasks of large dispatches in chunks; one worker per order at a time, resumed after a crash."""
        written = 0
        for order_id in pending_dispatches(database()):
            try:
                with huey.lock_task(f"prikaz-dispatch-{order_id}"):
                    run_dispatch_job(database(), order_id)
                    written += 1
            except TaskLockedException:
                continue  # another worker is writing this order's tasks
        return written

    @huey.periodic_task(crontab(minute="*"), retries=0)
    def export_job() -> int:
        """Write the large control exports asked for; each is claimed in the database first, so written once."""
        return run_pending_exports(database())

    return Jobs(huey, drain_outbox_job, daily_sweep_job, sweep_now_job, dispatch_job, export_job)
