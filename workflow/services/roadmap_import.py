"""Import of a roadmap table from DOCX or XLSX: №, Мероприятие, Срок исполнения, Ответственный исполнитель."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from documents.office_tables import MAX_ROWS, docx_rows, xlsx_rows
from documents.untrusted import ParseFailed, UnsafeFile, read_office_file
from models import Organization
from models.db import Database
from workflow.deadlines.grammar import parse_deadline
from workflow.engine.permissions import Actor
from workflow.errors import DomainError, Forbidden, NotFound, TooLarge, UnsupportedFile, ValidationFailed
from workflow.services.common import drafting_scope, may_draft_in
from workflow.services.drafting import draft_roadmap

_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s*$")


@dataclass
class ImportedRoadmap:
    """Sections with activities in the API's shape, and what a person should look at."""

    sections: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _office_kind(data: bytes) -> str:
    """«docx» or «xlsx» from the zip's directory alone (nothing is decompressed); UnsupportedFile otherwise."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnsupportedFile("Ожидается файл DOCX или XLSX.") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise UnsupportedFile("Ожидается файл DOCX или XLSX.")


def refused(exc: UnsafeFile) -> DomainError:
    """The domain error of an uploaded file refused unread: too large (413) or not readable as it is (422)."""
    if exc.too_large:
        return TooLarge(exc.message, {"file": [exc.message]})
    return ValidationFailed(exc.message, {"file": [exc.message]})


def read_rows(data: bytes) -> list[list[str]]:
    """The table rows of a DOCX (every table) or of the first sheet of an XLSX, parsed in a limited child."""
    reader = docx_rows if _office_kind(data) == "docx" else xlsx_rows
    try:
        return read_office_file(data, reader)
    except UnsafeFile as exc:
        raise refused(exc) from exc
    except ParseFailed as exc:
        raise ValidationFailed("Файл повреждён и не читается.", {"file": ["Файл не открывается."]}) from exc


def _columns(row: list[str]) -> dict[str, int] | None:
    lowered = [c.lower() for c in row]
    found: dict[str, int] = {}
    for i, text in enumerate(lowered):
        if "мероприят" in text or "содержание" in text:
            found.setdefault("content", i)
        elif "срок" in text:
            found.setdefault("deadline", i)
        elif "ответствен" in text or "исполнител" in text:
            found.setdefault("responsible", i)
        elif text.startswith("№") or text in ("n", "no", "п/п", "№ п/п"):
            found.setdefault("number", i)
    return found if {"content", "deadline"} <= found.keys() else None


def parse_rows(rows: list[list[str]], period: tuple[date, date] | None = None) -> ImportedRoadmap:
    """Sections and activities from table rows; repeated header rows and page-break continuations handled."""
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(f"Слишком большая таблица: больше {MAX_ROWS} строк.", {"file": ["Разделите файл."]})
    header_at = next((i for i, row in enumerate(rows) if _columns(row)), None)
    if header_at is None:
        raise ValidationFailed(
            "В файле не найдена таблица дорожной карты с колонками «Мероприятие» и «Срок исполнения».",
            {"file": ["Нет строки заголовка с колонками «Мероприятие» и «Срок исполнения»."]},
        )
    cols = _columns(rows[header_at])
    assert cols is not None
    result = ImportedRoadmap()
    section: dict[str, Any] | None = None
    last: dict[str, Any] | None = None

    def cell(row: list[str], key: str) -> str:
        i = cols.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    for line, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if _columns(row) or not any(c.strip() for c in row):
            continue  # the header repeated on the next page, or an empty row
        number, content = cell(row, "number"), cell(row, "content")
        deadline, responsible = cell(row, "deadline"), cell(row, "responsible")
        match = _NUMBER.match(number)
        number = match.group(1) if match else number
        if content and not deadline and not responsible and (number or last is None):
            section = {"number": number, "title": content, "activities": []}
            result.sections.append(section)
            last = None
            continue
        if content and not number and not deadline and last is not None:
            last["content"] = f"{last['content']} {content}"  # a row continued after a page break
            continue
        if not content:
            result.warnings.append(f"Строка {line}: нет текста мероприятия — строка пропущена.")
            continue
        if section is None:
            section = {"number": "1", "title": "", "activities": []}
            result.sections.append(section)
        last = {"number": number, "content": content, "deadline_text": deadline, "responsible_text": responsible}
        section["activities"].append(last)
        parsed = parse_deadline(deadline, period=period)
        if not deadline:
            result.warnings.append(f"Мероприятие {number or line}: не указан срок.")
        elif parsed.needs_date:
            result.warnings.append(
                f"Мероприятие {number or line}: срок «{deadline}» не даёт даты — укажите её вручную."
            )
    result.sections = [s for s in result.sections if s["activities"]]
    if not result.sections:
        raise ValidationFailed("В таблице нет мероприятий.", {"file": ["Нет ни одной строки с мероприятием."]})
    result.warnings.append(
        "Ответственные перенесены текстом: назначьте исполнителей из справочника, иначе поручения не будут созданы."
    )
    return result


@dataclass(frozen=True)
class RoadmapImport:
    """An uploaded roadmap table to become a draft roadmap of an organization (attached to a draft order or not)."""

    organization_id: int | None
    # The upload's stream is read only after the right to draft in the organization is checked.
    data: bytes | IO[bytes]
    filename: str = ""
    title: str = ""
    period: tuple[date, date] | None = None
    order_id: int | None = None


@dataclass(frozen=True)
class ImportedDraft:
    """The draft roadmap made from a file, how many activities it got and what a person should look at."""

    roadmap_id: int
    activities: int
    warnings: list[str]


def import_roadmap(db: Database, actor: Actor, command: RoadmapImport) -> ImportedDraft:
    """A draft roadmap from the table of an uploaded file; the right to draft is checked before the file is read."""
    with db.session() as session:
        if command.organization_id is not None:
            # An organization out of the actor's drafting scope is 403 whether it exists or not, so that its
            # existence is not told; one who may draft anywhere learns that it does not exist.
            may_draft_in(session, actor, command.organization_id)
            if session.get(Organization, command.organization_id) is None:
                raise NotFound(f"Организация № {command.organization_id} не найдена.")
        elif drafting_scope(session, actor) == frozenset():
            raise Forbidden("Недостаточно прав: импортировать дорожные карты может делопроизводитель или руководитель.")
    data = command.data if isinstance(command.data, bytes) else command.data.read()
    imported = parse_rows(read_rows(data), command.period)
    title = command.title or command.filename.rsplit(".", 1)[0] or "Дорожная карта"
    body: dict[str, Any] = {
        "title": title[:2000],
        "organization_id": command.organization_id,
        "order_id": command.order_id,
        "sections": imported.sections,
    }
    if command.period:
        body["period"] = {"start": command.period[0], "end": command.period[1]}
    with db.transaction() as session:
        roadmap_id = draft_roadmap(session, actor, body).id
    activities = sum(len(s["activities"]) for s in imported.sections)
    return ImportedDraft(roadmap_id, activities, imported.warnings)
