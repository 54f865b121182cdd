"""The control exports of a user: the list on the control page and the file of a finished one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ControlExport, StoredFile
from workflow.engine.permissions import Actor
from workflow.errors import NotFound

STATUS_LABELS = {
    "queued": "В очереди",
    "running": "Формируется",
    "done": "Справка готова",
    "failed": "Ошибка",
}


@dataclass(frozen=True)
class ExportRow:
    """One export as the list shows it."""

    id: int
    title: str
    rows: int
    status: str
    status_label: str
    error: str
    created_at: datetime
    finished_at: datetime | None

    @property
    def ready(self) -> bool:
        """Its file may be downloaded."""
        return self.status == "done"


def recent_exports(session: Session, actor: Actor, limit: int = 10) -> list[ExportRow]:
    """The user's latest exports, newest first (nobody sees another's)."""
    stmt = (
        select(ControlExport)
        .where(ControlExport.user_id == actor.user_id)
        .order_by(ControlExport.id.desc())
        .limit(limit)
    )
    return [
        ExportRow(
            e.id,
            e.title,
            e.rows,
            e.status,
            STATUS_LABELS[e.status],
            e.error,
            e.created_at,
            e.finished_at,
        )
        for e in session.scalars(stmt)
    ]


def export_file(session: Session, actor: Actor, export_id: int) -> StoredFile:
    """The file of the user's finished export; 404 for another's, an unfinished or an unknown one."""
    export = session.get(ControlExport, export_id)
    if export is None or export.user_id != actor.user_id or export.status != "done" or export.file_id is None:
        raise NotFound(f"Справка № {export_id} не найдена или ещё не готова.")
    stored = session.get(StoredFile, export.file_id)
    if stored is None:
        raise NotFound(f"Справка № {export_id} не найдена или ещё не готова.")
    return stored
