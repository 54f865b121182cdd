"""The demo office, the app factory, the login page and the CLI commands."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import create_app
from config import Settings
from models import Order, Roadmap, RoadmapActivity, Task, TransitionLog, User, WorkingGroup
from models.db import Database
from tools.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo
from workflow.engine.lifecycles import LIFECYCLES


@pytest.fixture
def app(db: Database) -> Flask:
    settings = Settings.from_env(DATABASE_URL=db.url, SECRET_KEY="test", TESTING=True, WTF_CSRF_ENABLED=False)
    return create_app(settings)


def test_the_demo_has_an_order_in_every_state_and_loads_only_once(db: Database) -> None:
    assert load_demo(db) == DEMO_LOGINS
    with db.session() as s:
        states = set(s.scalars(select(Order.state)))
        logs = s.scalar(select(func.count()).select_from(TransitionLog))
        open_tasks = s.scalar(select(func.count()).select_from(Task).where(Task.state == "assigned"))
    assert states == set(LIFECYCLES["orders"].states)
    assert open_tasks > 0
    assert load_demo(db) is None
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(TransitionLog)) == logs


def test_a_demo_user_logs_in_and_sees_the_desk_in_russian(app: Flask, db: Database) -> None:
    load_demo(db)
    client = app.test_client()
    assert client.get("/").status_code == 302
    page = client.post("/login", data={"login": "executor", "password": "wrong"})
    assert "Неверный логин или пароль" in page.get_data(as_text=True)
    client.post("/login", data={"login": "executor", "password": DEMO_PASSWORD})
    desk = client.get("/").get_data(as_text=True)
    assert "Мои поручения" in desk and "Бадмаева" in desk
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_unknown_pages_answer_in_russian_and_the_api_with_the_envelope(app: Flask) -> None:
    client = app.test_client()
    assert "Не найдено" in client.get("/nowhere").get_data(as_text=True)
    body = client.get("/api/v1/nowhere").get_json()
    assert body == {"error": {"code": "not_found", "message": "Не найдено.", "details": {}}}


def test_the_cli_creates_users_and_prints_diagrams(app: Flask, db: Database) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--login",
            "ivanova",
            "--password",
            "секретный-ключ-2026",
            "--role",
            "clerk",
            "--role",
            "executor",
        ]
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        args=["users", "create", "--login", "ivanova", "--password", "секретный-ключ-2026", "--role", "clerk"]
    )
    assert again.exit_code != 0 and "уже есть" in again.output
    diagram = runner.invoke(args=["workflow", "diagram"])
    assert "stateDiagram-v2" in diagram.output and "on_approval --> approved: approve" in diagram.output


def test_flask_users_create_refuses_a_password_the_policy_refuses_and_creates_nobody(app: Flask, db: Database) -> None:
    runner = app.test_cli_runner()
    short = runner.invoke(args=["users", "create", "--login", "petrova", "--password", "секрет", "--role", "clerk"])
    assert short.exit_code != 0 and "Пароль должен быть не короче 12 символов." in short.output
    common = runner.invoke(
        args=["users", "create", "--login", "petrova", "--password", "qwerty123456", "--role", "clerk"]
    )
    assert common.exit_code != 0 and "самых распространённых" in common.output
    with db.session() as s:
        assert s.scalar(select(User).where(User.login == "petrova")) is None


def test_the_readme_embeds_the_generated_diagrams(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    app = create_app(Settings.from_env(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", SECRET_KEY="test"))
    diagram = app.test_cli_runner().invoke(args=["workflow", "diagram"]).output
    assert diagram.strip() in readme, "README diagrams are stale: run `make diagrams` and paste the output"


def test_the_demo_roadmap_of_order_533_is_dispatched_into_dated_series(db: Database) -> None:
    from datetime import date

    from models import RoadmapActivity

    load_demo(db)
    with db.session() as s:

        def deadlines(number: str) -> list[date | None]:
            activity = s.scalars(select(RoadmapActivity).where(RoadmapActivity.number == number)).one()
            rows = s.scalars(
                select(Task)
                .where(
                    Task.activity_id == activity.id,
                    Task.responsible_person_id.is_not(None),
                    Task.responsible_org_id.is_(None),
                )
                .order_by(Task.series_index)
            )
            return [t.original_deadline for t in rows]

        # «Сентябрь 2022» and «Сентябрь – октябрь 2022» end before the order of 30.11.2022: the tasks are
        # created undated for a person to date, never due in the past (issue 12).
        assert deadlines("1.1.1") == [None]
        assert deadlines("1.1.2") == [None]
        assert deadlines("1.1.8") == [date(2023, 6, 30)]  # «Ежегодно, июнь»
        assert deadlines("1.1.4") == [date(2023, 8, 31)]  # «Ежегодно»: the end of the academic year
        # «Постоянно»: quarterly checkpoints; 31.12.2022 is a holiday, so the preceding working day. The
        # 30.09.2022 checkpoint precedes the order of 30.11.2022 and is not created (issue 12, case 3).
        assert deadlines("1.1.5") == [date(2022, 12, 30), date(2023, 3, 31), date(2023, 6, 30)]
        undated = s.scalars(
            select(Task)
            .join(RoadmapActivity, Task.activity_id == RoadmapActivity.id)
            .where(RoadmapActivity.number == "1.1.3")
        ).all()
        assert undated and all(t.needs_date and t.deadline is None for t in undated)  # «В соответствии с графиком»


def test_the_login_page_is_throttled_like_the_api_and_returns_only_to_local_pages(app: Flask, db: Database) -> None:
    load_demo(db)
    client = app.test_client()
    for _ in range(10):
        client.post("/login", data={"login": "clerk", "password": "wrong"})
    blocked = client.post("/login", data={"login": "clerk", "password": DEMO_PASSWORD})
    assert blocked.status_code == 429 and "Слишком много неудачных попыток" in blocked.get_data(as_text=True)
    local = client.post("/login?next=/tasks", data={"login": "executor", "password": DEMO_PASSWORD})
    assert local.status_code == 302 and local.headers["Location"].endswith("/tasks")
    client.post("/logout")
    foreign = client.post("/login?next=//evil.example/", data={"login": "executor", "password": DEMO_PASSWORD})
    assert foreign.headers["Location"] == "/"


def test_the_demo_office_is_one_consistent_office(db: Database) -> None:
    """Numbers follow the dates, 533 is 533, one region, no object created after its own approval, clean text."""
    load_demo(db)
    with db.session() as s:
        orders = list(s.scalars(select(Order).where(Order.reg_number.is_not(None))))
        by_journal: dict[int | None, list[Order]] = {}
        for order in orders:
            by_journal.setdefault(order.journal_id, []).append(order)
        for journal_orders in by_journal.values():
            by_number = sorted(journal_orders, key=lambda o: o.reg_seq or 0)
            assert [o.reg_date for o in by_number] == sorted(o.reg_date for o in by_number)
        assert any(o.reg_number == "533" and o.reg_date is not None and o.reg_date.year == 2022 for o in orders)

        def logged(kind: str, obj_id: int, event: str) -> Any:
            where = (TransitionLog.object_kind == kind, TransitionLog.object_id == obj_id, TransitionLog.event == event)
            return s.scalar(select(TransitionLog.at).where(*where))

        for order in orders:
            assert logged("orders", order.id, "create") < logged("orders", order.id, "approve"), order.title
        for group in s.scalars(select(WorkingGroup)):
            if group.order_id is not None and logged("orders", group.order_id, "approve") is not None:
                assert group.created_at < logged("orders", group.order_id, "approve")
        for roadmap in s.scalars(select(Roadmap)):
            if roadmap.order_id is not None and logged("orders", roadmap.order_id, "approve") is not None:
                assert roadmap.created_at < logged("orders", roadmap.order_id, "approve")
        texts = [a.content for a in s.scalars(select(RoadmapActivity))]
        texts += [o.title + " " + o.preamble for o in s.scalars(select(Order))]
        for text in texts:
            assert not re.search(r"Калмык|Черноземел|;\s*;", text), text
        logins = set(s.scalars(select(User.login)))
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert logins == set(DEMO_LOGINS)
    for login in logins:
        assert f"| `{login}` |" in readme, login
