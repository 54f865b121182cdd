"""Several nodes: two gunicorn instances and two huey workers on one PostgreSQL and one Redis, under a mixed load.

The production shape (README «В производстве / Production»): every node runs the same code with the same settings;
the database and Redis are the only shared state. Orders go through visas, approval and dispatch on either
node, a large dispatch goes to the background job, the sweep is run on both nodes at once; nothing may answer
5xx, no notice or e-mail may exist twice, every job is done once, registration numbers have no gaps.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from models import Notification, Order, OutboxEmail, Person, Task
from models.db import Database
from tests.builders import Office, build_office, order_data
from tests.conftest import migrate
from tests.pg import Cluster
from tests.smtp_sink import SmtpSink
from workflow import clock
from workflow.jobs import claim_slot, make_huey, register
from workflow.services.auth import create_token
from workflow.services.dispatch_jobs import pending_dispatches

pytestmark = [pytest.mark.nodes, pytest.mark.postgres, pytest.mark.redis]
ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
ORDERS = 6  # small orders, each through the whole way on a node chosen at random per request
BACKGROUND_TASKS = 10  # the large order's 24 tasks go to the background job


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process on port {port} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


@dataclass
class Cluster2:
    """What the test drives: the two nodes' URLs, the database, the SMTP sink, the queue, the office."""

    nodes: list[str]
    db: Database
    sink: SmtpSink
    redis_url: str
    env: dict[str, str]
    office: Office
    tokens: dict[str, str]


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[str]:
    """A throwaway redis-server on a free port, nothing persisted."""
    if not os.path.exists(REDIS):
        pytest.fail("redis-server не установлен (make setup)")
    port = _free_port()
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_port(port, server, 10)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def two_nodes(pg_cluster: Cluster, redis_server: str, tmp_path: Path) -> Iterator[Cluster2]:
    """Two gunicorn nodes and two huey consumers with the production settings, on the builders' office."""
    url = pg_cluster.create_database("prikaz_nodes")
    migrate(url)
    db = Database(url)
    office = build_office(db)
    with db.transaction() as s:
        for person in s.scalars(select(Person)):
            person.email = f"person{person.id}@uo.example"
    # The nodes run on the real clock, the test on the frozen one: tokens that outlive the difference.
    tokens = {
        who: create_token(db, actor.user_id, ttl=timedelta(days=3650))
        for who, actor in office.actors.items()
        if actor.user_id is not None
    }
    processes: list[subprocess.Popen[bytes]] = []
    with SmtpSink() as sink:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": redis_server,
            "SECRET_KEY": "several-nodes",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(sink.port),
            "DISPATCH_BACKGROUND_TASKS": str(BACKGROUND_TASKS),
            "JOBS_SQLITE_PATH": str(tmp_path / "unused-jobs.sqlite3"),
        }
        nodes = []
        try:
            for index in range(2):
                port = _free_port()
                log = (tmp_path / f"node{index}.log").open("wb")
                web = [str(VENV_BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
                processes.append(subprocess.Popen(web, cwd=ROOT, env=env, stdout=log, stderr=log))
                worker = [str(VENV_BIN / "huey_consumer"), "worker.huey", "--workers", "2", "--worker-type", "thread"]
                wlog = (tmp_path / f"worker{index}.log").open("wb")
                processes.append(subprocess.Popen(worker, cwd=ROOT, env=env, stdout=wlog, stderr=wlog))
                nodes.append((port, processes[-2]))
            for port, process in nodes:
                _wait_port(port, process)
            yield Cluster2([f"http://127.0.0.1:{p}" for p, _ in nodes], db, sink, redis_server, env, office, tokens)
        finally:
            for index, process in enumerate(processes):
                # gunicorn's quick shutdown is SIGINT (SIGTERM waits for its workers), huey_consumer's is SIGTERM.
                process.send_signal(signal.SIGINT if index % 2 == 0 else signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
            db.dispose()


class Load:
    """HTTP calls spread over both nodes; every status is kept to check that none was a 5xx."""

    def __init__(self, cluster: Cluster2) -> None:
        self.cluster = cluster
        self.statuses: Counter[int] = Counter()

    def call(self, method: str, path: str, who: str, node: int | None = None, body: Any = None) -> tuple[int, Any]:
        """One call as `who` on the given node, or on one picked at random: the status and the JSON answer."""
        base = self.cluster.nodes[random.randrange(2) if node is None else node]
        headers = {"Authorization": f"Bearer {self.cluster.tokens[who]}", "Content-Type": "application/json"}
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{base}/api/v1/{path}", data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw, kind = response.status, response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            status, raw, kind = error.code, error.read(), error.headers.get_content_type()
        self.statuses[status] += 1
        return status, json.loads(raw) if raw and kind == "application/json" else raw

    def ok(self, method: str, path: str, who: str, node: int | None = None, body: Any = None) -> Any:
        """The JSON of a call that must succeed."""
        status, answer = self.call(method, path, who, node, body)
        assert status < 300, (method, path, status, answer)
        return answer


def _json_ready(data: dict[str, Any]) -> dict[str, Any]:
    """The builders' order data as JSON (dates as ISO strings)."""

    def convert(value: Any) -> Any:
        if isinstance(value, date | datetime):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return convert(data)


def _whole_way(load: Load, data: dict[str, Any]) -> int:
    """Create → submit → two visas → approve → dispatch, each call on a node picked at random."""
    order_id = int(load.ok("POST", "orders", "clerk", body=_json_ready(data))["id"])
    for who, event, extra in (
        ("clerk", "submit", {}),
        ("approver1", "visa", {"decision": "approve"}),
        ("approver2", "visa", {"decision": "approve"}),
        ("head", "approve", {}),
        ("clerk", "dispatch", {}),
    ):
        load.ok("POST", f"orders/{order_id}/transitions", who, body={"event": event, **extra})
        # Reports and lists read between the writes, on either node.
        load.ok("GET", "control/summary", "controller")
    return order_id


def _wait_until(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def test_two_nodes_and_two_workers_under_a_mixed_load_lose_nothing_and_do_nothing_twice(two_nodes: Cluster2) -> None:
    cluster, db, office = two_nodes, two_nodes.db, two_nodes.office
    load = Load(cluster)
    large = order_data(
        office,
        title="О мониторинге питания",
        period={"start": date(2027, 1, 1), "end": date(2027, 6, 30)},
        points=[
            {
                "text": "Представлять сведения о посещаемости.",
                "controlled": True,
                "responsible": [{"person_id": office.p("executor")}],
                "deadline_text": "ежемесячно до 25 числа",
            },
            {
                "text": "Проводить мониторинг питания.",
                "controlled": True,
                "responsible": [{"organization_id": office.orgs["authority"], "include_subordinates": True}],
                "deadline_text": "ежемесячно до 25 числа",
            },
        ],
    )
    small = [order_data(office, title=f"О проведении семинара № {n}") for n in range(ORDERS)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(_whole_way, load, data) for data in [large, *small]]
        reads = [pool.submit(load.ok, "GET", "orders", "clerk", node=n % 2) for n in range(6)]
        reports = [pool.submit(load.ok, "GET", "control/report.xlsx", "controller", node=n) for n in range(2)]
        order_ids = [f.result() for f in futures]
        [r.result() for r in reads]
        assert all(r.result()[:2] == b"PK" for r in reports)  # the справка as a workbook, from either node

    # The app's side asks the workers for the background work, twice as two nodes would; the jobs must still
    # happen once. The sweep runs on both nodes at the same moment, through the CLI as cron would.
    jobs = register(make_huey(redis_url=cluster.redis_url), lambda: db)
    for _ in range(2):
        jobs.dispatch()
        jobs.sweep_now()
    sweep_day = "2027-03-31"  # two working days before the small orders' «до 02.04.2027»: due-soon reminders
    sweeps = [
        subprocess.Popen(
            [str(VENV_BIN / "flask"), "control", "sweep", "--date", sweep_day],
            cwd=ROOT,
            env={**cluster.env, "FLASK_APP": "wsgi"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for process in sweeps:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err.decode()[-1000:]
    assert _wait_until(lambda: not pending_dispatches(db), 30), "the background dispatch did not finish"
    for _ in range(2):
        jobs.drain_outbox()

    def outbox_sent() -> bool:
        with db.session() as s:
            return not s.scalar(select(func.count()).select_from(OutboxEmail).where(OutboxEmail.status != "sent"))

    with db.session() as s:
        left = s.execute(
            select(OutboxEmail.status, OutboxEmail.attempts, OutboxEmail.next_attempt_at, OutboxEmail.last_error)
        ).all()
    assert _wait_until(outbox_sent, 30), f"the outbox was not drained: {left[:5]}"

    assert not [status for status in load.statuses if status >= 500], load.statuses
    with db.session() as s:
        orders = list(s.scalars(select(Order).where(Order.id.in_(order_ids))))
        assert {o.state for o in orders} == {"executing"}
        # One journal, numbers 1..N in whatever order the nodes approved them: no gap, no duplicate.
        assert len({o.journal_id for o in orders}) == 1
        assert sorted(o.reg_seq for o in orders if o.reg_seq is not None) == list(range(1, len(orders) + 1))
        big = next(o for o in orders if o.title == "О мониторинге питания")
        assert big.dispatch_total == 24 and big.dispatch_done == 24
        tasks = s.execute(
            select(Task.order_id, Task.point_id, Task.series_index, Task.responsible_person_id, Task.responsible_org_id)
        ).all()
        assert len(tasks) == len(set(tasks)), "a task was written twice"
        assert sum(1 for t in tasks if t.order_id == big.id) == 24
        notices = s.execute(select(Notification.kind, Notification.person_id, Notification.object_id)).all()
        reminders = [n for n in notices if n.kind == "due_soon"]
        assert reminders, "the sweep on both nodes stored no reminder"
        keys = s.scalars(select(Notification.dedup_key).where(Notification.dedup_key.is_not(None))).all()
        assert len(keys) == len(set(keys))
        mails = s.execute(select(OutboxEmail.notification_id, OutboxEmail.to_address, OutboxEmail.subject)).all()
    assert mails and len({m.notification_id for m in mails}) == len(mails), "an e-mail was queued twice"

    def bare(subject: str) -> str:
        # Python's email folding puts a space between two encoded words, where RFC 2047 readers drop it:
        # the subjects are compared without spaces (the outbox's folding is another matter than this test's).
        return "".join(subject.split())

    sent = Counter((m["To"], bare(str(make_header(decode_header(m["Subject"]))))) for m in cluster.sink.messages)
    assert sum(sent.values()) == len(mails), "an e-mail was sent twice or not at all"
    assert sent == Counter((m.to_address, bare(m.subject)) for m in mails)


def test_a_periodic_task_runs_once_per_minute_however_many_workers_enqueue_it(redis_server: str) -> None:
    first, second = make_huey(redis_url=redis_server), make_huey(redis_url=redis_server)
    moment = datetime(2026, 11, 16, 9, 0, 30, tzinfo=clock.TIMEZONE)
    assert claim_slot(first, "drain-outbox", moment)
    assert not claim_slot(second, "drain-outbox", moment + timedelta(seconds=20))
    assert claim_slot(second, "drain-outbox", moment + timedelta(minutes=1))
    assert claim_slot(first, "dispatch", moment)  # each task has its own slots
    # An hour later the claim of that minute is gone from Redis: the storage does not grow by a key a minute.
    assert claim_slot(first, "drain-outbox", moment + timedelta(hours=1))
    assert first.get("prikaz-slot:drain-outbox:20261116T0900", peek=True) is None
