"""Appendices as files: a DOCX or PDF added to a draft, renamed or deleted while it is one, frozen at approval."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy.orm import Session

from documents.appendix_files import inspect_appendix
from documents.untrusted import UnsafeFile
from models import Order, OrderAppendix, StoredFile
from models.db import Database
from workflow import clock
from workflow.engine.engine import audit, load_for_update
from workflow.engine.permissions import Actor
from workflow.errors import NotFound, TooLarge, ValidationFailed
from workflow.search_index import reindex_order
from workflow.services.documents import FileOut
from workflow.services.drafting import check_editable
from workflow.services.reports import _clean_name as clean_name
from workflow.services.visibility import Visibility, not_found

# The request itself is capped at 20 МБ (MAX_UPLOAD_BYTES); an appendix may take most of it.
MAX_APPENDIX_BYTES = 20 * 1024 * 1024
MAX_FILE_APPENDICES = 20
TITLE_MAX = 500


@dataclass(frozen=True)
class AppendixUpload:
    """A file appendix sent to a draft: its title as the document names it, the file's name and bytes."""

    order_id: int
    title: str
    filename: str
    data: bytes
    expected_version: int | None = None


@dataclass(frozen=True)
class AppendixFile:
    """A file appendix as the API answers: its number among the order's appendices, name, size and hash."""

    id: int
    number: int
    title: str
    kind: str
    filename: str
    size: int
    sha256: str
    sheets: int | None
    frozen: bool


def view(order: Order, appendix: OrderAppendix) -> AppendixFile:
    """The appendix as the API shows it, numbered as the document numbers it."""
    return AppendixFile(
        id=appendix.id,
        number=order.appendices.index(appendix) + 1,
        title=appendix.title,
        kind=appendix.kind,
        filename=appendix.filename or "",
        size=appendix.size or 0,
        sha256=appendix.sha256 or "",
        sheets=appendix.sheets,
        frozen=appendix.frozen_at is not None,
    )


def _title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        message = "Укажите название приложения: так оно будет названо в тексте приказа."
        raise ValidationFailed(message, {"title": [message]})
    if len(title) > TITLE_MAX:
        message = f"Название приложения длиннее {TITLE_MAX} символов."
        raise ValidationFailed(message, {"title": [message]})
    return title


def _editable_order(session: Session, actor: Actor, order_id: int, expected: int | None) -> Order:
    order = load_for_update(session, Order, order_id)
    if not Visibility(session, actor).can_see(order):
        raise not_found(Order, order_id)
    check_editable(session, actor, order, expected)
    return order


def _file_appendix(order: Order, appendix_id: int) -> OrderAppendix:
    appendix = next((a for a in order.appendices if a.id == appendix_id and a.is_file), None)
    if appendix is None:
        raise NotFound(f"Приложение № {appendix_id} к приказу не найдено.")
    return appendix


def _check_room(order: Order) -> None:
    if sum(1 for a in order.appendices if a.is_file) >= MAX_FILE_APPENDICES:
        message = f"К приказу можно приложить не больше {MAX_FILE_APPENDICES} файлов."
        raise ValidationFailed(message, {"file": [message]})


def _changed(session: Session, actor: Actor, order: Order, comment: str) -> None:
    # One change of the draft: the version bumps once and the history says what was done, in words.
    order.touch(clock.now())
    session.flush()
    audit(session, order, "edit", actor, comment=comment, payload={"changed": ["приложения"], "version": order.version})
    reindex_order(session, order)


def add_appendix(db: Database, actor: Actor, command: AppendixUpload) -> AppendixFile:
    """A DOCX or PDF (checked by its content) added as the draft's next appendix; the history records it."""
    # The right to edit is checked first (403 before any 422, and nobody else makes the server parse anything);
    # the file is read outside the write transaction, which would otherwise hold the database's writer meanwhile.
    with db.session() as session:
        order = Visibility(session, actor).get(Order, command.order_id)
        check_editable(session, actor, order, command.expected_version)
        _check_room(order)
    title = _title(command.title)
    name = clean_name(command.filename)
    if not command.data:
        raise ValidationFailed(f"Файл «{name}» пуст.", {"file": [f"Файл «{name}» пуст."]})
    if len(command.data) > MAX_APPENDIX_BYTES:
        message = f"Файл «{name}» больше {MAX_APPENDIX_BYTES // (1024 * 1024)} МБ."
        raise TooLarge(message, {"file": [message]})
    try:
        info = inspect_appendix(command.data, name)
    except UnsafeFile as exc:
        if exc.too_large:
            raise TooLarge(exc.message, {"file": [exc.message]}) from exc
        raise ValidationFailed(exc.message, {"file": [exc.message]}) from exc
    with db.transaction() as session:
        order = _editable_order(session, actor, command.order_id, command.expected_version)
        _check_room(order)
        # The file is named by what it is, not by what the browser called it: a PDF keeps «.pdf».
        filename = str(PurePath(name).with_suffix(info.suffix)) if PurePath(name).suffix else name + info.suffix
        stored = StoredFile.of(filename, info.content_type, command.data, created_by_id=actor.user_id)
        session.add(stored)
        session.flush()
        appendix = OrderAppendix(
            position=max((a.position for a in order.appendices), default=-1) + 1,
            title=title,
            kind="file",
            file_id=stored.id,
            filename=filename,
            content_type=info.content_type,
            size=stored.size,
            sha256=stored.sha256,
            sheets=info.sheets,
        )
        order.appendices.append(appendix)
        session.flush()
        _changed(session, actor, order, f"Добавлено приложение «{title}» (файл «{filename}»).")
        return view(order, appendix)


def delete_appendix(
    db: Database, actor: Actor, order_id: int, appendix_id: int, expected_version: int | None = None
) -> None:
    """A file appendix removed from the draft (its stored bytes stay, as every stored file does)."""
    with db.transaction() as session:
        order = _editable_order(session, actor, order_id, expected_version)
        appendix = _file_appendix(order, appendix_id)
        order.appendices.remove(appendix)
        session.flush()
        _changed(session, actor, order, f"Удалено приложение «{appendix.title}».")


def rename_appendix(
    db: Database, actor: Actor, order_id: int, appendix_id: int, title: str, expected_version: int | None = None
) -> AppendixFile:
    """A file appendix's title changed while the order is a draft."""
    with db.transaction() as session:
        order = _editable_order(session, actor, order_id, expected_version)
        appendix = _file_appendix(order, appendix_id)
        new_title = _title(title)
        old_title, appendix.title = appendix.title, new_title
        if old_title != new_title:
            _changed(session, actor, order, f"Приложение «{old_title}» переименовано в «{new_title}».")
        return view(order, appendix)


def file_appendices(session: Session, actor: Actor, order_id: int) -> list[AppendixFile]:
    """The file appendices of an order the actor may read."""
    order = Visibility(session, actor).get(Order, order_id)
    return [view(order, a) for a in order.appendices if a.is_file]


def appendix_file(session: Session, actor: Actor, order_id: int, appendix_id: int) -> FileOut:
    """The bytes of a file appendix, for whoever may read the order (executors of its tasks included)."""
    order = Visibility(session, actor).get(Order, order_id)
    appendix = _file_appendix(order, appendix_id)
    stored = session.get(StoredFile, appendix.file_id) if appendix.file_id is not None else None
    if stored is None:
        raise NotFound(f"Файл приложения № {appendix_id} не найден.")
    return FileOut(appendix.filename or stored.filename, appendix.content_type or stored.content_type, stored.data)
