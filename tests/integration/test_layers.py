"""The layers: settings given to create_app reach the workflow, one error map for pages and API, import contracts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from config import Settings
from extensions import get_db
from models.db import Database
from routes.errors import STATUS, status_of
from workflow.engine.dispatch import parse_for
from workflow.errors import (
    DomainError,
    Duplicate,
    Forbidden,
    NotFound,
    StaleVersion,
    TransitionNotAllowed,
    UnsupportedFile,
    ValidationFailed,
)
from workflow.queries.objects import DeadlineReader
from workflow.services.auth import InvalidCredentials, TooManyAttempts
from workflow.services.drafting import NotEditable
from workflow.services.notifications import SweepSettings
from workflow.services.office_directory import DirectoryUnavailable
from workflow.settings import settings_of

ROOT = Path(__file__).resolve().parents[2]


def _app(db: Database, **settings: object) -> Flask:
    return create_app(Settings.from_env(DATABASE_URL=db.url, SECRET_KEY="test", TESTING=True, **settings))


@pytest.mark.parametrize(("rule", "working"), [("preceding", date(2022, 12, 30)), ("following", date(2023, 1, 9))])
def test_the_deadline_rule_given_to_create_app_dates_a_due_date_on_a_holiday_at_dispatch_and_in_the_answers(
    db: Database, rule: str, working: date
) -> None:
    app = _app(db, DEADLINE_RULE=rule)
    with app.app_context():
        app_db = get_db()
        with app_db.transaction() as session:
            dispatched = parse_for(session, "до 31 декабря 2022 года", None, date(2022, 9, 1))
        with app_db.session() as session:
            answered = DeadlineReader(session)("до 31 декабря 2022 года", None, date(2022, 9, 1))
    assert dispatched.due_dates == (date(2022, 12, 31),)
    assert dispatched.working_due_dates == (working,)
    assert answered is not None and answered.working_due_dates == (working,)
    app_db.dispose()


def test_the_sweep_takes_its_days_and_mail_server_from_the_settings_given_to_create_app(db: Database) -> None:
    app = _app(db, REMIND_DAYS=6, ESCALATE_DAYS=2, INACTIVITY_DAYS=30, SMTP_HOST="mail.example", SMTP_PORT=2525)
    with app.app_context():
        app_db = get_db()
    assert SweepSettings.of(settings_of(app_db)) == SweepSettings(6, 2, 30, "mail.example", 2525, "prikaz@localhost")
    with app_db.session() as session:
        assert settings_of(session).remind_days == 6
    app_db.dispose()


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("нет"), 404),
        (Forbidden("нельзя"), 403),
        (TransitionNotAllowed("не сейчас"), 409),
        (NotEditable("согласуется"), 409),
        (StaleVersion("изменён"), 409),
        (Duplicate("уже есть"), 409),
        (ValidationFailed("проверьте", {"title": ["Обязательное поле."]}), 422),
        (UnsupportedFile("не DOCX"), 415),
        (InvalidCredentials("неверный пароль"), 401),
        (TooManyAttempts("подождите"), 429),
        (DirectoryUnavailable("каталог не отвечает"), 503),
        (DomainError("что-то не так"), 400),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_each_domain_error_class_has_one_status_for_the_api_and_the_pages(
    db: Database, error: DomainError, status: int
) -> None:
    assert status_of(error) == status
    app = _app(db)

    def fail() -> None:
        raise error

    app.add_url_rule("/api/v1/fail", "api_fail", fail)
    app.add_url_rule("/fail", "page_fail", fail)
    client = app.test_client()
    api = client.get("/api/v1/fail")
    page = client.get("/fail", headers={"Accept": "text/html"})
    assert api.status_code == page.status_code == status
    assert api.get_json()["error"] == {"code": error.code, "message": error.message, "details": error.details}
    assert error.message in page.get_data(as_text=True)
    get_db_of(app).dispose()


def get_db_of(app: Flask) -> Database:
    """The app's own database."""
    with app.app_context():
        return get_db()


def _subclasses(cls: type[DomainError]) -> set[type[DomainError]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_domain_error_of_the_code_base_maps_to_a_status_of_its_kind_never_the_generic_400() -> None:
    import workflow.services  # noqa: F401  (every subclass defined in the services is imported with the app)

    unmapped = {cls.__name__ for cls in _subclasses(DomainError) if status_of(cls("x")) == 400}
    assert unmapped == set()
    assert set(STATUS.values()) == {401, 403, 404, 409, 413, 415, 422, 429, 503}


def test_the_import_contracts_hold() -> None:
    importlinter = pytest.importorskip("importlinter.cli", reason="import-linter is a development requirement")
    assert importlinter.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_the_control_queries_default_to_the_days_given_to_create_app(db: Database) -> None:
    from routes.schemas.control import DueSoonQuery, OnReviewQuery

    app = _app(db, REMIND_DAYS=6, REVIEW_DAYS=9)
    with app.test_request_context():
        assert DueSoonQuery().load({})["working_days"] == 6
        assert OnReviewQuery().load({})["days"] == 9
        assert DueSoonQuery().load({"working_days": "2"})["working_days"] == 2
        get_db().dispose()
