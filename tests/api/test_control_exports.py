"""The control справка: a file at once below the row limit, above it an export the worker writes once."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, time, timedelta

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import func, select

from models import ControlExport, StoredFile, User
from models.db import Database
from routes.auth import EPOCH_KEY
from tests.api.conftest import Api, make_app
from tests.integration.test_control import TODAY, History, build_history
from workflow import clock
from workflow.jobs import make_huey, register
from workflow.printing import control_exports
from workflow.printing.control_exports import (
    EXPORT_STALE,
    ExportAsk,
    Queued,
    ReadyFile,
    claim_export,
    export_control,
    run_export,
    run_pending_exports,
)
from workflow.queries.control import ControlFilter, view_page
from workflow.queries.exports import export_file, recent_exports
from workflow.settings import WorkflowSettings

ASK = ExportAsk("xlsx", "overdue", ControlFilter(), 3, "responsible")


@pytest.fixture
def history(db: Database) -> History:
    return build_history(db)


@pytest.fixture(autouse=True)
def on_the_day_of_the_history(history: History) -> Iterator[None]:
    """The history's day (once it is built): its tasks are overdue then, for the count and the file alike."""
    with time_machine.travel(datetime.combine(TODAY, time(10), tzinfo=clock.TIMEZONE), tick=True):
        yield


@pytest.fixture
def web(db: Database, history: History) -> Api:
    """A client of the app with a row limit below the history's overdue tasks, speaking as the history's users."""
    app = make_app(db, EXPORT_INLINE_ROWS=0)
    return Api(app.test_client(), db, history.office)


def _overdue(db: Database, history: History) -> int:
    with db.session() as s:
        return view_page(s, history.office.actors["controller"], "overdue", ControlFilter(), 1, 1).total


def _sign_in(api: Api, who: str) -> None:
    user_id = api.office.actors[who].user_id
    with api.db.session() as s:
        user = s.get(User, user_id)
        assert user is not None
        epoch = user.auth_epoch
    with api.client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
        session[EPOCH_KEY] = epoch


def test_a_small_spravka_is_a_file_at_once_and_nothing_is_queued(db: Database, history: History) -> None:
    assert _overdue(db, history) >= 1
    result = export_control(db, history.office.actors["controller"], ASK)
    assert isinstance(result, ReadyFile) and result.data[:2] == b"PK"
    assert result.filename.endswith(".xlsx")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ControlExport)) == 0


def test_a_large_spravka_is_queued_then_written_once_by_the_worker_and_downloaded(
    db: Database, history: History
) -> None:
    db.settings = WorkflowSettings(export_inline_rows=0)
    controller = history.office.actors["controller"]
    rows = _overdue(db, history)
    queued = export_control(db, controller, ASK)
    assert isinstance(queued, Queued) and queued.rows == rows
    with db.session() as s:
        (listed,) = recent_exports(s, controller)
        assert (listed.status_label, listed.rows, listed.ready) == ("В очереди", rows, False)

    jobs = register(make_huey(immediate=True), lambda: db)
    jobs.exports()  # the worker's periodic job, run at once
    assert run_pending_exports(db) == 0  # nothing is written twice
    with db.session() as s:
        (listed,) = recent_exports(s, controller)
        assert listed.status_label == "Справка готова" and listed.ready
        stored = export_file(s, controller, queued.export_id)
        sheet = load_workbook(io.BytesIO(stored.data)).active
        assert sheet is not None and sheet.max_row > rows  # the title, the header and every overdue task
        spravki = select(func.count()).select_from(StoredFile).where(StoredFile.filename.startswith("справка"))
        assert s.scalar(spravki) == 1


def test_of_two_workers_only_one_claims_an_export_and_an_abandoned_claim_is_taken_over(
    db: Database, history: History
) -> None:
    db.settings = WorkflowSettings(export_inline_rows=0)
    queued = export_control(db, history.office.actors["controller"], ASK)
    assert isinstance(queued, Queued)
    now = clock.now()
    assert claim_export(db, now) == queued.export_id
    assert claim_export(db, now) is None  # the second worker finds it claimed
    # The first worker died: after EXPORT_STALE another takes the export over, and writes it once.
    later = now + EXPORT_STALE + timedelta(minutes=1)
    assert claim_export(db, later) == queued.export_id
    assert claim_export(db, later) is None
    assert run_export(db, queued.export_id) is True
    assert run_export(db, queued.export_id) is False
    with db.session() as s:
        export = s.get(ControlExport, queued.export_id)
        assert export is not None and export.status == "done" and export.attempts == 2


def test_a_failing_export_is_marked_with_a_russian_reason_and_not_retried(
    db: Database, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.settings = WorkflowSettings(export_inline_rows=0)
    controller = history.office.actors["controller"]
    queued = export_control(db, controller, ASK)
    assert isinstance(queued, Queued)

    def broken(*args: object) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(control_exports, "control_report_xlsx", broken)
    assert run_pending_exports(db) == 0
    assert run_pending_exports(db) == 0
    with db.session() as s:
        (listed,) = recent_exports(s, controller)
        assert listed.status_label == "Ошибка" and listed.error.startswith("Не удалось сформировать справку")


def test_the_control_page_queues_a_large_spravka_and_lists_it_with_a_download_link(web: Api, db: Database) -> None:
    api = web
    _sign_in(api, "controller")
    page = api.client.get("/control?view=overdue").get_data(as_text=True)
    assert "Сформировать Excel (XLSX)" in page and "формируется в фоне" in page
    asked = api.client.post("/control/export.xlsx?view=overdue")
    assert asked.status_code == 303 and asked.headers["Location"].endswith("/control?view=overdue")
    page = api.client.get("/control?view=overdue").get_data(as_text=True)
    assert "Экспорты" in page and "В очереди" in page

    assert run_pending_exports(db) == 1
    with db.session() as s:
        export_id = s.scalars(select(ControlExport.id)).one()
    page = api.client.get("/control?view=overdue").get_data(as_text=True)
    link = f"/control/exports/{export_id}/file"
    assert "Справка готова" in page and link in page
    download = api.client.get(link)
    assert download.status_code == 200 and download.data[:2] == b"PK"
    assert "attachment" in download.headers["Content-Disposition"]

    _sign_in(api, "head")  # another user's export is not theirs to download
    assert api.client.get(link).status_code == 404
