"""The control справка as a file: inline below a row limit, above it a job the worker claims once and writes.

The request is stored, not the rows: the worker reads the view again with the rights the user has then, writes
the file to stored_files and marks the export done; the control page lists the user's exports with a link.
Several workers may run: an export is claimed by a conditional UPDATE committed before anything is rendered,
so each is written once; a claim left by a worker that died is taken over after EXPORT_STALE.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from models import ControlExport, StoredFile, User
from models.db import Database
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.errors import DomainError, NotFound
from workflow.printing.control_reports import (
    VIEW_TITLES,
    ControlReportRequest,
    control_report_docx,
    control_report_xlsx,
)
from workflow.queries import control
from workflow.settings import settings_of

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"xlsx": XLSX, "docx": DOCX}
# A running export whose worker has not finished it in this long is taken over by another (at most MAX_ATTEMPTS).
EXPORT_STALE = timedelta(minutes=30)
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class ExportAsk:
    """What the control page asks for: a format, the view with its filter, the summary's grouping."""

    format: str
    view: str
    filters: control.ControlFilter
    working_days: int
    group_by: str

    def as_json(self) -> dict[str, Any]:
        """The request as stored with a queued export."""
        filters = {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self.filters).items()}
        return {"view": self.view, "filters": filters, "working_days": self.working_days, "group_by": self.group_by}

    @classmethod
    def from_json(cls, format: str, data: dict[str, Any]) -> ExportAsk:
        """The request of a stored export."""
        raw = dict(data["filters"])
        for name in ("date_from", "date_to"):
            raw[name] = date.fromisoformat(raw[name]) if raw.get(name) else None
        return cls(format, data["view"], control.ControlFilter(**raw), data["working_days"], data["group_by"])


@dataclass(frozen=True)
class ReadyFile:
    """A справка to send: its name, type and bytes."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Queued:
    """A справка too large to write inline: the export the worker will write, and its number of tasks."""

    export_id: int
    rows: int


def file_name(ask: ExportAsk, today: date) -> str:
    """«справка-overdue-2026-11-16.xlsx»."""
    return f"справка-{ask.view}-{today:%Y-%m-%d}.{ask.format}"


def _report_request(session: Session, actor: Actor, ask: ExportAsk) -> ControlReportRequest:
    # Exactly what the user may see, as on the pages and in the API (and a 403 before anything else).
    scope = control.scope_of(session, actor)
    return ControlReportRequest(
        view=ask.view,
        filters=ask.filters,
        working_days=ask.working_days,
        review_days=settings_of(session).review_days,
        group_by=ask.group_by,
        organization_id=actor.organization_id,
        scope=scope,
    )


def _render(session: Session, actor: Actor, ask: ExportAsk, today: date) -> ReadyFile:
    request = _report_request(session, actor, ask)
    write = control_report_xlsx if ask.format == "xlsx" else control_report_docx
    return ReadyFile(file_name(ask, today), CONTENT_TYPES[ask.format], write(session, request, today))


def export_control(db: Database, actor: Actor, ask: ExportAsk, today: date | None = None) -> ReadyFile | Queued:
    """The справка now when its view has at most export_inline_rows tasks; else an export queued for the worker."""
    day = today or clock.today()
    with db.session() as session:
        rows = control.view_page(session, actor, ask.view, ask.filters, 1, 1, ask.working_days).total
        if rows <= settings_of(session).export_inline_rows:
            return _render(session, actor, ask, day)
    with db.transaction() as session:
        export = ControlExport(
            user_id=actor.user_id,
            format=ask.format,
            request=ask.as_json(),
            title=f"Справка: {VIEW_TITLES[ask.view]} ({ask.format.upper()})",
            rows=rows,
            status="queued",
            attempts=0,
            error="",
        )
        session.add(export)
        session.flush()
        return Queued(export.id, rows)


def _claimable(now: datetime) -> Any:
    stale = and_(
        ControlExport.status == "running",
        ControlExport.claimed_at < now - EXPORT_STALE,
        ControlExport.attempts < MAX_ATTEMPTS,
    )
    return or_(ControlExport.status == "queued", stale)


def claim_export(db: Database, now: datetime | None = None) -> int | None:
    """Take the oldest export waiting (or abandoned) for this worker, committed before it is written; or None."""
    moment = now or clock.now()
    with db.transaction() as session:
        candidates = session.scalars(
            select(ControlExport.id).where(_claimable(moment)).order_by(ControlExport.id).limit(10)
        ).all()
        for export_id in candidates:
            # Conditional: of two workers racing for one export, the UPDATE of exactly one matches.
            claimed = session.execute(
                update(ControlExport)
                .where(ControlExport.id == export_id, _claimable(moment))
                .values(status="running", claimed_at=moment, attempts=ControlExport.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount == 1:  # type: ignore[attr-defined]
                return export_id
    return None


def run_export(db: Database, export_id: int, today: date | None = None) -> bool:
    """Write one claimed export's file and mark it done (or failed, with the reason); whether it was written."""
    day = today or clock.today()
    try:
        with db.session() as session:
            export = session.get(ControlExport, export_id)
            user = session.get(User, export.user_id) if export is not None else None
            if export is None or export.status != "running":
                return False
            if user is None or not user.active:
                raise NotFound("Пользователь, заказавший справку, больше не работает в системе.")
            ask = ExportAsk.from_json(export.format, export.request)
            ready = _render(session, Actor.of(user), ask, day)
    except Exception as exc:  # a failed export is reported on the page, never retried in a loop
        reason = exc.message if isinstance(exc, DomainError) else "внутренняя ошибка при формировании файла"
        log.exception("export %s failed", export_id)
        with db.transaction() as session:
            session.execute(
                update(ControlExport)
                .where(ControlExport.id == export_id)
                .values(status="failed", error=f"Не удалось сформировать справку: {reason}", finished_at=clock.now())
            )
        return False
    with db.transaction() as session:
        export = session.get(ControlExport, export_id)
        assert export is not None
        stored = StoredFile.of(ready.filename, ready.content_type, ready.data, created_by_id=export.user_id)
        session.add(stored)
        session.flush()
        export.file_id, export.status, export.finished_at = stored.id, "done", clock.now()
    return True


def run_pending_exports(db: Database) -> int:
    """Claim and write exports until none waits; how many were written."""
    written = 0
    while (export_id := claim_export(db)) is not None:
        written += run_export(db, export_id)
    return written
