"""Pages under gunicorn -w 2, each beside a bare Flask app reading the same rows: the task card (API, JSON), the
orders list and a desk page (HTML, signed-in session).

Run: .venv/bin/python bench/http.py [--requests 2000] [--connections 8] [--rounds 5]
Both servers run in turn in the same run, on the same SQLite file, under the same load generator: N threads,
each with its own keep-alive connection (reopened when the sync worker closes it), a bounded request count.
The prikaz side does what a client's request does: the token or session lookup, the rights, the page's query and
its rendering (marshmallow for the card, Jinja for the pages); the bare side runs the same query function for the
same user (fixed at start) and returns its rows as JSON, with no login, rights check or template.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The project root replaces this folder on the path: this file would shadow the standard http package
# (and bench/docx.py python-docx).
ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import http.client  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import textwrap  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402

from alembic import command  # noqa: E402
from alembic.config import Config as AlembicConfig  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from app import create_app  # noqa: E402
from config import Settings  # noqa: E402
from models import Organization, Person, Task, User, UserRole  # noqa: E402
from models.db import Database  # noqa: E402
from routes.auth import EPOCH_KEY  # noqa: E402
from tools.demo import load_demo  # noqa: E402
from workflow.services.auth import create_token  # noqa: E402


def session_cookie(url: str, login: str) -> str:
    """The Cookie header of a signed-in page session of a demo user (as the login form would set it)."""
    app = create_app(Settings.from_env(DATABASE_URL=url, SECRET_KEY="bench"))
    db = app.extensions["prikaz_db"]
    with db.session() as s:
        user = s.scalars(select(User).where(User.login == login)).one()
        data = {"_user_id": str(user.id), "_fresh": True, EPOCH_KEY: user.auth_epoch}
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    db.dispose()
    return f"{app.config['SESSION_COOKIE_NAME']}={serializer.dumps(data)}"


BARE_APP = textwrap.dedent(
    '''
    """The baseline: Flask and the same rows through the same queries, as JSON, with no login, rights or templates."""
    import os

    from flask import Flask, jsonify
    from sqlalchemy import create_engine, select, text

    from models import User
    from models.db import Database
    from workflow.engine.permissions import Actor
    from workflow.queries.desk import desk_of
    from workflow.queries.orders import list_orders

    engine = create_engine(os.environ["BENCH_DATABASE_URL"])
    db = Database(os.environ["BENCH_DATABASE_URL"])
    app = Flask(__name__)
    QUERY = text("SELECT id, state, version, title, deadline, deadline_text, report_text FROM tasks WHERE id = :id")
    with db.session() as session:
        ACTORS = {
            login: Actor.of(session.scalars(select(User).where(User.login == login)).one())
            for login in os.environ["BENCH_LOGINS"].split(",")
        }


    @app.get("/task/<int:task_id>")
    def task(task_id):
        with engine.connect() as conn:
            row = conn.execute(QUERY, {"id": task_id}).mappings().one()
        return jsonify({**row, "deadline": str(row["deadline"])})


    @app.get("/orders/<login>")
    def orders(login):
        with db.session() as session:
            items, total = list_orders(session, ACTORS[login], {"page": 1, "per_page": 25})
            return jsonify(total=total, items=[[o.id, o.state, o.reg_number, o.title] for o in items])


    @app.get("/desk/<login>")
    def desk(login):
        with db.session() as session:
            mine = desk_of(session, ACTORS[login])
            tasks = [[t.id, t.title, str(t.deadline), t.state] for t in mine.tasks]
            return jsonify(tasks=tasks, drafts=[o.id for o in mine.drafts], visas=[o.id for o in mine.visas])
    '''
)
# The pages measured beside the task card: (label, login, the page, the bare route).
PAGES = (
    ("orders list", "clerk", "/orders", "/orders/clerk"),
    ("desk", "executor", "/", "/desk/executor"),
)


def prepare(path: Path) -> tuple[str, int]:
    """The demo office plus an executor, a controller and one task; returns a token and the task id."""
    url = f"sqlite:///{path}"
    cfg = AlembicConfig(str(ROOT / "migrations" / "alembic.ini"))
    cfg.attributes["url"] = url
    command.upgrade(cfg, "head")
    db = Database(url)
    load_demo(db)  # the office of `make run`: its orders and desks are the pages measured
    with db.transaction() as s:
        org = Organization(name="Управление образования", kind="authority")
        s.add(org)
        s.flush()
        executor = Person(last_name="Бадмаева", first_name="Людмила", middle_name="Николаевна", gender="f")
        controller = Person(last_name="Ушакова", first_name="Ирина", middle_name="Геннадьевна", gender="f")
        executor.organization_id = controller.organization_id = org.id
        s.add_all([executor, controller])
        s.flush()
        user = User(login="bench-executor", password_hash="-", person_id=executor.id)
        user.role_rows = [UserRole(role="executor")]
        s.add(user)
        s.flush()
        now = datetime.now(UTC)
        task_id = s.execute(
            insert(Task).returning(Task.id),
            {
                "title": "Подготовить аналитическую справку по итогам мониторинга",
                "organization_id": org.id,
                "source_kind": "order",
                "source_label": "2",
                "state": "in_progress",
                "version": 3,
                "updated_at": now,
                "created_at": now,
                "last_activity_at": now,
                "responsible_person_id": executor.id,
                "controller_id": controller.id,
                "deadline": date(2031, 3, 28),
                "original_deadline": date(2031, 3, 28),
                "deadline_text": "до 28.03.2031",
                "needs_date": False,
                "report_text": "",
                "done_late": False,
            },
        ).scalar_one()
        user_id = user.id
    token = create_token(db, user_id, ttl=timedelta(hours=2))
    db.dispose()
    return token, task_id


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app: str, chdir: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn -w 2 on a free loopback port, once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", app],
        cwd=chdir,
        env={**os.environ, **env},
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"gunicorn did not start: {app}")


def server_cpu(pid: int) -> float | None:
    """CPU seconds used so far by a gunicorn master and its workers (Linux /proc; None elsewhere)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for proc in [str(pid), *children]:
            fields = Path(f"/proc/{proc}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def load(port: int, path: str, headers: dict[str, str], total: int, connections: int) -> float:
    """Requests per second of `total` GETs over `connections` keep-alive connections; every answer must be 200."""
    lock = threading.Lock()
    remaining = [total]
    failures: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while True:
                with lock:
                    if remaining[0] <= 0:
                        break
                    remaining[0] -= 1
                conn.request("GET", path, headers={**headers, "Connection": "keep-alive"})
                response = conn.getresponse()
                body = response.read()
                if response.status != 200:
                    failures.append(f"HTTP {response.status}: {body[:200]!r}")
        except OSError as exc:  # a dead server must fail the run, not shorten it
            failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, e.g. {failures[0]}")
    return total / elapsed


@dataclass
class Result:
    """Best throughput over the rounds, and server CPU per request (which other load on the machine cannot inflate)."""

    rate: float = 0.0
    cpu_ms: float | None = None


def measure(
    servers: list[tuple[str, Path, dict[str, str], str, dict[str, str]]], args: argparse.Namespace
) -> list[Result]:
    """Start every server, warm each up, then measure them in alternating rounds (the best round counts).

    Alternating keeps both sides under the same conditions when something else on the machine takes CPU.
    """
    running = [serve(app, chdir, env) for app, chdir, env, _, _ in servers]
    try:
        for (_, port), (*_, path, headers) in zip(running, servers, strict=True):
            load(port, path, headers, max(200, args.requests // 10), args.connections)
        results = [Result() for _ in servers]
        for _ in range(args.rounds):
            for result, (process, port), (*_, path, headers) in zip(results, running, servers, strict=True):
                before = server_cpu(process.pid)
                result.rate = max(result.rate, load(port, path, headers, args.requests, args.connections))
                after = server_cpu(process.pid)
                if before is not None and after is not None:
                    cpu_ms = (after - before) / args.requests * 1000
                    result.cpu_ms = cpu_ms if result.cpu_ms is None else min(result.cpu_ms, cpu_ms)
        return results
    finally:
        for process, _ in running:
            process.terminate()
            process.wait(timeout=30)


def main() -> None:
    """Both rates and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5, help="alternating measured rounds; the best counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="prikaz-http-bench-") as tmp:
        folder = Path(tmp)
        db_path = folder / "prikaz.sqlite3"
        token, task_id = prepare(db_path)
        (folder / "bare_app.py").write_text(BARE_APP)
        url = f"sqlite:///{db_path}"
        logins = ",".join(login for _, login, _, _ in PAGES)
        bare_env = {"BENCH_DATABASE_URL": url, "BENCH_LOGINS": logins, "PYTHONPATH": str(ROOT)}
        prikaz_env = {"DATABASE_URL": url, "SECRET_KEY": "bench"}
        pairs = [
            (
                "task card (API)",
                ("bare_app:app", folder, bare_env, f"/task/{task_id}", {}),
                ("wsgi:app", ROOT, prikaz_env, f"/api/v1/tasks/{task_id}", {"Authorization": f"Bearer {token}"}),
            )
        ]
        for label, login, page, bare_path in PAGES:
            cookie = {"Cookie": session_cookie(url, login)}
            pairs.append(
                (
                    f"{label} ({login}, HTML)",
                    ("bare_app:app", folder, bare_env, bare_path, {}),
                    ("wsgi:app", ROOT, prikaz_env, page, cookie),
                )
            )
        results = [(label, *measure([bare, prikaz], args)) for label, bare, prikaz in pairs]
    print(f"gunicorn -w 2, {args.connections} connections, {args.requests} requests per round (best of {args.rounds})")
    for label, bare, prikaz in results:
        ratio = prikaz.rate / bare.rate
        print(f"{label}: bare Flask {bare.rate:6.0f} req/s, prikaz {prikaz.rate:6.0f} req/s, ratio {ratio:.2f}")
        if bare.cpu_ms is not None and prikaz.cpu_ms is not None:
            print(
                f"  server CPU per request: bare {bare.cpu_ms:.2f} ms, prikaz {prikaz.cpu_ms:.2f} ms, "
                f"ratio {bare.cpu_ms / prikaz.cpu_ms:.2f} (less sensitive to other load on the machine)"
            )


if __name__ == "__main__":
    main()
