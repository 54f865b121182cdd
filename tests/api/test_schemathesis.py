"""Schemathesis against the app's own OpenAPI document, in-process (WSGI): no generated request makes a 5xx."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from app import create_app
from config import Settings
from models.db import Database
from tests.api.world import World, build_world

# The document is read at collection, from an app whose database is swapped for the test office below
# (schemathesis's fixture-based loader does not work with this pytest, its eager one does).
APP = create_app(
    Settings.from_env(DATABASE_URL="sqlite://", SECRET_KEY="schemathesis", TESTING=True, WTF_CSRF_ENABLED=False)
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[World]:
    """The shared office on its own SQLite file, served by the app the document came from."""
    path = tmp_path_factory.mktemp("fuzz") / "prikaz.sqlite3"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    world = build_world(db)
    APP.extensions["prikaz_db"].dispose()
    APP.extensions["prikaz_db"] = db
    yield world
    db.dispose()


# Logging out would revoke the token the fuzzer authenticates with; its own test is in test_auth.py.
@schema.exclude(path="/api/v1/auth/logout").parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case: Any, fuzz_world: World) -> None:
    headers = {"Authorization": f"Bearer {fuzz_world.api.token('admin')}"}
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error])


# The ids of real objects of the office for each collection of the API: fuzzed bodies then reach the code that
# loads, checks and changes a real order, task or plan rather than stopping at «не найден».
_REAL_IDS = {
    "orders": ("order", "draft"),
    "tasks": ("task_executor", "task_school1"),
    "roadmaps": ("roadmap",),
    "working-groups": ("group",),
    "reporting-cycles": ("cycle",),
    "journals": ("journal",),
    "extension-requests": ("extension",),
}


def _real_id(world: World, path: str, example: int) -> int | None:
    collection = path.removeprefix("/api/v1/").split("/")[0]
    names = _REAL_IDS.get(collection)
    if not names:
        return None
    return world.ids[names[example % len(names)]]


@schema.exclude(path="/api/v1/auth/logout").parametrize()
@settings(max_examples=4, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_on_real_objects_gets_a_server_error(case: Any, fuzz_world: World) -> None:
    if case.path_parameters and "obj_id" in case.path_parameters:
        real = _real_id(fuzz_world, case.path, len(str(case.body)))
        if real is not None:
            case.path_parameters["obj_id"] = real
    headers = {"Authorization": f"Bearer {fuzz_world.api.token('admin')}"}
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error])
