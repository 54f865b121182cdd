"""An executor's report with files, in one transaction: the lifecycle move, the stored files and their links."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session, defer
from sqlalchemy.orm.exc import StaleDataError

from models import StoredFile, Task, TaskAttachment, TransitionLog
from models.db import Database
from workflow.engine.engine import fire, load_for_update
from workflow.engine.permissions import Actor
from workflow.errors import NotFound, StaleVersion, ValidationFailed
from workflow.services.visibility import Visibility, not_found

# What reports usually carry: office documents, PDF, scans, archives. Executables and scripts are refused.
# The files a report may carry, each served back with our own type for its suffix, never the uploader's.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain; charset=utf-8",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv; charset=utf-8",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".zip": "application/zip",
    ".7z": "application/x-7z-compressed",
    ".rar": "application/vnd.rar",
}
ALLOWED_SUFFIXES = frozenset(CONTENT_TYPES)
MAX_FILES = 10


@dataclass(frozen=True)
class Upload:
    """A file sent with a report."""

    filename: str
    content_type: str
    data: bytes


def _clean_name(name: str) -> str:
    # Browsers on Windows may send a full path; only the last part is the file's name. Control characters
    # (a NUL made a file that could never be downloaded again) are dropped, the name kept otherwise.
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ord(ch) >= 32 and ord(ch) != 127 and not 0xD800 <= ord(ch) <= 0xDFFF).strip()
    return base[:200] or "файл"


def check_uploads(uploads: list[Upload]) -> list[Upload]:
    """Non-empty files of accepted types, at most MAX_FILES; a Russian message naming the file otherwise."""
    if len(uploads) > MAX_FILES:
        raise ValidationFailed(f"Не больше {MAX_FILES} файлов к одному отчёту.", {"files": ["Слишком много файлов."]})
    result = []
    for upload in uploads:
        name = _clean_name(upload.filename)
        suffix = PurePath(name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            allowed = ", ".join(sorted(s.lstrip(".") for s in ALLOWED_SUFFIXES))
            raise ValidationFailed(
                f"Файл «{name}» не принят: допустимы {allowed}.", {"files": [f"Недопустимый тип файла «{name}»."]}
            )
        if not upload.data:
            raise ValidationFailed(f"Файл «{name}» пуст.", {"files": [f"Файл «{name}» пуст."]})
        result.append(Upload(name, CONTENT_TYPES[suffix], upload.data))
    return result


@dataclass(frozen=True)
class ReportWithFiles:
    """An executor's report on a task: the text, the files, the version of the task the executor saw."""

    task_id: int
    report_text: str
    uploads: tuple[Upload, ...] = ()
    expected_version: int | None = None


def report_with_files(db: Database, actor: Actor, command: ReportWithFiles) -> TransitionLog:
    """Report a task (the lifecycle's «report») and attach the files; nothing is kept if anything fails."""
    task_id, report_text = command.task_id, command.report_text.strip()
    if not report_text:
        message = "Напишите, что сделано: без текста отчёт не принимается."
        raise ValidationFailed(message, {"report_text": [message]})
    files = check_uploads(list(command.uploads))
    expected_version = command.expected_version
    try:
        with db.transaction() as session:
            task = load_for_update(session, Task, task_id)
            if not Visibility(session, actor).can_see(task):
                raise not_found(Task, task_id)
            log = fire(session, task, "report", actor, expected_version=expected_version, report_text=report_text)
            for upload in files:
                stored = StoredFile.of(upload.filename, upload.content_type, upload.data, created_by_id=actor.user_id)
                session.add(stored)
                session.flush()
                session.add(TaskAttachment(task_id=task.id, file_id=stored.id))
            return log
    except StaleDataError as exc:
        raise StaleVersion("Поручение одновременно изменено другим пользователем. Повторите действие.") from exc


def attachments(session: Session, task_id: int) -> list[StoredFile]:
    """The files of a task's reports, oldest first (without their bytes)."""
    stmt = (
        select(StoredFile)
        .join(TaskAttachment, TaskAttachment.file_id == StoredFile.id)
        .where(TaskAttachment.task_id == task_id)
        .options(defer(StoredFile.data))
        .order_by(StoredFile.id)
    )
    return list(session.scalars(stmt))


def attachment(session: Session, actor: Actor, task_id: int, file_id: int) -> StoredFile:
    """One file of a task the actor sees."""
    task = Visibility(session, actor).get(Task, task_id)
    linked = session.scalar(
        select(TaskAttachment.id).where(TaskAttachment.task_id == task.id, TaskAttachment.file_id == file_id)
    )
    stored = session.get(StoredFile, file_id) if linked is not None else None
    if stored is None:
        raise NotFound(f"Файл № {file_id} у поручения № {task_id} не найден.")
    return stored
