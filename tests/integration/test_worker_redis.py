"""The production path of the worker: Debian's redis-server, the real huey_consumer on worker.huey, one e-mail."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from models import OutboxEmail, Person
from models.db import Database
from tests.builders import build_office, new_order
from tests.smtp_sink import SmtpSink
from workflow.engine.engine import transition
from workflow.jobs import make_huey, register
from workflow.settings import WorkflowSettings

pytestmark = pytest.mark.redis
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A throwaway redis-server on a free port, nothing persisted."""
    if not os.path.exists(REDIS):
        pytest.skip("redis-server is not installed (make setup)")
    port = _free_port()
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_consumer_on_redis_sends_a_queued_e_mail_exactly_once(db: Database, redis_url: str) -> None:
    with SmtpSink() as sink:
        db.settings = WorkflowSettings(smtp_host="127.0.0.1", smtp_port=sink.port)
        office = build_office(db)
        with db.transaction() as s:
            s.execute(update(Person).values(email="p@example.org"))
        order_id = new_order(db, office)
        transition(db, "orders", order_id, "submit", office.actors["clerk"])
        # The app's side enqueues the drain on Redis; the worker's side is the real consumer in its own process.
        jobs = register(make_huey(redis_url=redis_url), lambda: db)
        jobs.drain_outbox()
        jobs.drain_outbox()  # enqueued twice: the claim still sends once
        env = {
            **os.environ,
            "DATABASE_URL": db.url,
            "REDIS_URL": redis_url,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(sink.port),
            "SECRET_KEY": "test",
        }
        consumer = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "huey.bin.huey_consumer",
                "worker.huey",
                "--workers",
                "2",
                "--worker-type",
                "thread",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not sink.messages:
                time.sleep(0.1)
            time.sleep(1.5)  # the second enqueued drain runs too
        finally:
            consumer.terminate()
            output = consumer.communicate(timeout=20)[0].decode(errors="replace")
    assert len(sink.messages) == 1, output
    assert sink.messages[0]["To"] == "p@example.org"
    with db.session() as s:
        assert [r.status for r in s.scalars(select(OutboxEmail))] == ["sent"]
