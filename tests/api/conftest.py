"""Fixtures of the API tests: the app on each database, the builders' office, a client that speaks as anyone."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app import create_app
from config import Settings
from models import Base
from models.db import Database
from tests.builders import Office, build_office
from tests.conftest import migrate
from workflow.services.auth import create_token


def make_app(db: Database, **settings: Any) -> Flask:
    """The application on the test's database (one engine for the test and the app)."""
    settings = {"TESTING": True, "WTF_CSRF_ENABLED": False, **settings}
    app = create_app(Settings.from_env(DATABASE_URL=db.url, SECRET_KEY="test", **settings))
    own = app.extensions["prikaz_db"]
    own.dispose()
    db.settings = own.settings  # the settings the app was built with reach the services on the test's database
    app.extensions["prikaz_db"] = db
    return app


class Api:
    """A test client that sends JSON with the bearer token of a builders' user (or none)."""

    def __init__(self, client: FlaskClient, db: Database, office: Office) -> None:
        self.client = client
        self.db = db
        self.office = office
        self._tokens: dict[str, str] = {}

    def token(self, who: str) -> str:
        """A live token of the user with this builders' login."""
        if who not in self._tokens:
            user_id = self.office.actors[who].user_id
            assert user_id is not None
            self._tokens[who] = create_token(self.db, user_id, ttl=timedelta(hours=1))
        return self._tokens[who]

    def call(self, method: str, path: str, who: str | None = None, **kwargs: Any) -> TestResponse:
        """One request; `who` picks the token, `json=` the body, `headers=` anything else."""
        headers = dict(kwargs.pop("headers", {}) or {})
        if who is not None:
            headers.setdefault("Authorization", f"Bearer {self.token(who)}")
        url = path if path.startswith("/") else f"/api/v1/{path}"
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, path: str, who: str | None = None, **kwargs: Any) -> TestResponse:
        """GET."""
        return self.call("GET", path, who, **kwargs)

    def post(self, path: str, who: str | None = None, **kwargs: Any) -> TestResponse:
        """POST."""
        return self.call("POST", path, who, **kwargs)

    def patch(self, path: str, who: str | None = None, **kwargs: Any) -> TestResponse:
        """PATCH."""
        return self.call("PATCH", path, who, **kwargs)

    def ok(self, method: str, path: str, who: str, status: int = 200, **kwargs: Any) -> Any:
        """The JSON of a call that must answer `status`."""
        response = self.call(method, path, who, **kwargs)
        assert response.status_code == status, (response.status_code, response.get_json())
        return response.get_json()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One office per database for a whole module whose tests only read or are refused (it must not change)."""
    from tests.api.world import build_world

    if request.param == "sqlite":
        path = Path(tmp_path_factory.mktemp("world")) / "prikaz.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        db = Database(f"sqlite:///{path}")
    else:
        name = f"prikaz_{request.module.__name__.rsplit('.', 1)[-1].removeprefix('test_')}"
        url = request.getfixturevalue("pg_cluster").create_database(name)
        migrate(url)
        db = Database(url)
    yield build_world(db)
    db.dispose()


@pytest.fixture
def app(db: Database) -> Iterator[Flask]:
    """The app on the test's database."""
    yield make_app(db)


@pytest.fixture
def office(db: Database) -> Office:
    """The builders' office: a department, two schools, an unrelated organization, a user per role."""
    return build_office(db)


@pytest.fixture
def api(app: Flask, db: Database, office: Office) -> Api:
    """A client speaking as any user of the office."""
    return Api(app.test_client(), db, office)


def fingerprint(db: Database) -> dict[str, tuple[int, int]]:
    """Rows and the sum of versions of every table: equal fingerprints mean nothing was written."""
    result: dict[str, tuple[int, int]] = {}
    with db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == "api_tokens":
                continue  # the test client's own tokens, issued lazily on first use
            rows = session.scalar(select(func.count()).select_from(table)) or 0
            versions = 0
            if "version" in table.c:
                versions = session.scalar(select(func.coalesce(func.sum(table.c.version), 0))) or 0
            result[table.name] = (rows, int(versions))
    return result


def set_password(db: Database, user_id: int, password: str) -> None:
    """Give a builders' user (whose hash is a placeholder) a real password."""
    from models import User
    from workflow.services.passwords import hash_password

    with db.transaction() as session:
        user = session.get(User, user_id)
        assert user is not None
        user.password_hash = hash_password(password)
