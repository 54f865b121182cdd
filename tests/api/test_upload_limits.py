"""Uploads are judged before they are read: the right to draft first, then the zip, then a limited child parses.

The bombs of tests/unit/test_upload_bombs.py go through the real endpoints (the roadmap import of the API and
the administrator's template page); the answer is 413 or 422 with a Russian reason within seconds, and the
process serving the requests (this one: the test client runs the app in it) peaks under 512 MB meanwhile.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from models import DocumentTemplate, Roadmap
from tests.api.conftest import Api, set_password
from tests.unit.test_upload_bombs import (
    _docx_bomb,
    _xlsx_claiming_the_whole_sheet,
    _xlsx_with_rows,
)
from workflow.services import roadmap_import

WORKER_PEAK_LIMIT_MB = 512
ANSWER_LIMIT_S = 30
CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщыьэюя")
BOMBS = ("whole_sheet", "empty_paragraphs", "whitespace", "million_rows")


@pytest.fixture(scope="module")
def bomb_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The four files of the attack, made once for the module."""
    d = tmp_path_factory.mktemp("upload-bombs")
    yield {
        "whole_sheet": _xlsx_claiming_the_whole_sheet(d / "whole-sheet.xlsx"),
        "empty_paragraphs": _docx_bomb(d / "paragraphs.docx", b"<w:p/>" * 100_000, 500),
        "whitespace": _docx_bomb(d / "whitespace.docx", b" " * (1 << 20), 1024),
        "million_rows": _xlsx_with_rows(d / "million.xlsx", 1_000_000),
    }


def _peak_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024


def _reset_peak() -> None:
    # «5» resets the peak resident size to the current one (Linux ≥ 4.0), so the figure is this test's own.
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _russian(text: str) -> bool:
    return bool(CYRILLIC & set(text.lower()))


def _import(api: Api, who: str, data: bytes, name: str, organization_id: int) -> Any:
    return api.post(
        "roadmaps/import",
        who,
        data={"organization_id": str(organization_id), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


@pytest.fixture
def parser_must_not_run(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The import's file reader replaced by one that records the call and fails."""
    calls: list[bytes] = []

    def _refuse(data: bytes) -> list[list[str]]:
        calls.append(data)
        raise AssertionError("the file was parsed before the right to draft was checked")

    monkeypatch.setattr(roadmap_import, "read_rows", _refuse)
    return calls


def test_an_executor_naming_an_organization_that_does_not_exist_is_refused_before_the_file_is_parsed(
    api: Api, parser_must_not_run: list[bytes]
) -> None:
    response = _import(api, "executor", b"PK any bytes", "plan.xlsx", 987_654)
    assert response.status_code == 403, response.get_json()
    assert _russian(response.get_json()["error"]["message"])
    assert parser_must_not_run == []


def test_a_clerk_naming_another_organization_is_refused_before_the_file_is_parsed(
    api: Api, parser_must_not_run: list[bytes]
) -> None:
    assert _import(api, "clerk", b"PK", "plan.xlsx", api.office.orgs["other"]).status_code == 403
    assert _import(api, "clerk", b"PK", "plan.xlsx", 987_654).status_code == 403
    assert parser_must_not_run == []


def test_an_administrator_naming_an_organization_that_does_not_exist_gets_404_before_the_file_is_parsed(
    api: Api, parser_must_not_run: list[bytes]
) -> None:
    response = _import(api, "admin", b"PK", "plan.xlsx", 987_654)
    assert response.status_code == 404, response.get_json()
    assert parser_must_not_run == []


@pytest.mark.slow
def test_the_four_bombs_sent_to_the_roadmap_import_are_refused_within_seconds_and_the_worker_stays_small(
    api: Api, bomb_files: dict[str, Path]
) -> None:
    _reset_peak()
    for bomb in BOMBS:
        path = bomb_files[bomb]
        started = time.monotonic()
        response = _import(api, "clerk", path.read_bytes(), path.name, api.office.orgs["authority"])
        elapsed = time.monotonic() - started
        assert response.status_code == 413, (bomb, response.status_code, response.get_json())
        assert _russian(response.get_json()["error"]["message"]), (bomb, response.get_json())
        assert elapsed < ANSWER_LIMIT_S, (bomb, elapsed)
    assert _peak_mb() < WORKER_PEAK_LIMIT_MB
    with api.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Roadmap)) == 0


def test_a_spreadsheet_claiming_the_whole_sheet_is_a_413_with_the_reason(api: Api, bomb_files: dict[str, Path]) -> None:
    path = bomb_files["whole_sheet"]
    response = _import(api, "clerk", path.read_bytes(), path.name, api.office.orgs["authority"])
    assert response.status_code == 413, response.get_json()
    body = response.get_json()["error"]
    assert body["code"] == "payload_too_large" and "строк" in body["message"]


def _admin_page_client(app: Flask, api: Api, who: str = "admin") -> Any:
    """A browser-like client logged in through the login form (CSRF is off here)."""
    user_id = api.office.actors[who].user_id
    assert user_id is not None
    set_password(api.db, user_id, "шаблоны-и-бомбы-2027")
    client = app.test_client()
    response = client.post("/login", data={"login": _login_of(api, user_id), "password": "шаблоны-и-бомбы-2027"})
    assert response.status_code == 302, (response.get_data(as_text=True)[-500:])
    return client


def _login_of(api: Api, user_id: int) -> str:
    from models import User

    with api.db.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        return user.login


def _upload_template(client: Any, data: bytes, name: str = "шаблон.docx", doc_type: str = "order") -> Any:
    return client.post(
        "/admin/templates",
        data={"doc_type": doc_type, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


@pytest.mark.slow
def test_the_four_bombs_sent_as_templates_are_refused_within_seconds_and_the_worker_stays_small(
    app: Flask, api: Api, bomb_files: dict[str, Path]
) -> None:
    client = _admin_page_client(app, api)
    assert client.get("/admin/templates").status_code == 200
    _reset_peak()
    for bomb in BOMBS:
        started = time.monotonic()
        # Named .docx so that the page's own file-type check lets it through to the lint.
        response = _upload_template(client, bomb_files[bomb].read_bytes())
        elapsed = time.monotonic() - started
        assert response.status_code in (413, 422), (bomb, response.status_code)
        page = response.get_data(as_text=True)
        assert "Шаблон не принят" in page or "МБ" in page or "сжата" in page, (bomb, page[-2000:])
        assert elapsed < ANSWER_LIMIT_S, (bomb, elapsed)
    assert _peak_mb() < WORKER_PEAK_LIMIT_MB
    with api.db.session() as session:
        assert session.scalar(select(func.count()).select_from(DocumentTemplate)) == 0


def test_a_template_that_folds_a_huge_constant_is_refused_and_the_worker_stays_small(app: Flask, api: Api) -> None:
    from tests.unit.test_doc_templates import template_with_body

    client = _admin_page_client(app, api)
    _reset_peak()
    started = time.monotonic()
    response = _upload_template(client, template_with_body("{{ title }}", "{{ 'a'|center(300000000) }}"))
    assert response.status_code == 422
    assert "Шаблон не принят" in response.get_data(as_text=True)
    assert time.monotonic() - started < ANSWER_LIMIT_S
    assert _peak_mb() < WORKER_PEAK_LIMIT_MB


@pytest.mark.slow
def test_the_four_bombs_sent_to_the_roadmap_import_page_are_refused_with_the_reason_on_the_page(
    app: Flask, api: Api, bomb_files: dict[str, Path]
) -> None:
    client = _admin_page_client(app, api, "clerk")
    _reset_peak()
    for bomb in BOMBS:
        path = bomb_files[bomb]
        started = time.monotonic()
        response = client.post(
            "/roadmaps/import",
            data={"title": "План", "file": (io.BytesIO(path.read_bytes()), path.name)},
            content_type="multipart/form-data",
        )
        # Each is refused for its size: from the zip's directory, or the whole sheet's rows while streaming.
        assert response.status_code == 413, (bomb, response.status_code)
        assert "МБ" in response.get_data(as_text=True) or "строк" in response.get_data(as_text=True), bomb
        assert time.monotonic() - started < ANSWER_LIMIT_S, bomb
    assert _peak_mb() < WORKER_PEAK_LIMIT_MB
    with api.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Roadmap)) == 0
