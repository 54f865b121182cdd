"""The background worker's entry point: `huey_consumer worker.huey` (tools/run.sh starts it beside gunicorn)."""

from __future__ import annotations

from functools import cache

from config import Settings, jobs_sqlite_path
from models.db import Database
from workflow import clock
from workflow.jobs import make_huey, register

settings = Settings.from_env()
clock.configure(settings.TIMEZONE)
huey = make_huey(redis_url=settings.REDIS_URL, sqlite_path=jobs_sqlite_path(settings))


@cache
def database() -> Database:
    """The worker's one Database, made on the first job (after the consumer forked its workers)."""
    return Database(settings.DATABASE_URL, settings=settings.workflow)


jobs = register(huey, database, settings.SWEEP_HOUR)
