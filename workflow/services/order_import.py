"""Import of a signed DOCX order: read it, match its names to the directory, draft it or register it as signed.

Names are matched by generating every case form of each directory person's surname with the project's own
decliner (documents.russian, Petrovich rules) and comparing them, ё folded to е, with the initials written
beside the surname (before or after it). A name that matches nobody, or more than one person, is a warning with
the text — never a guess. Deadlines are found in a point's text by their usual openings («в срок до …», «до …»,
«в течение …», «ежегодно …», «постоянно») and accepted only when the deadline grammar reads them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.order_reader import ReadAppendix, ReadOrder, ReadPoint, read_order
from documents.russian import Case, Gender, decline_person
from documents.untrusted import ParseFailed, UnsafeFile, read_office_file
from models import Order, Organization, Person, StoredFile
from models.db import Database
from workflow import clock
from workflow.deadlines.grammar import NEEDS_DATE_KINDS, parse_deadline
from workflow.engine.engine import Ctx, audit
from workflow.engine.machines import EFFECTS
from workflow.engine.permissions import Actor, may_sign
from workflow.engine.registration import register_imported
from workflow.engine.scope import subtree
from workflow.errors import NotFound, ValidationFailed
from workflow.printing.freeze import DOCX
from workflow.search_index import reindex_order
from workflow.services.common import may_draft_in
from workflow.services.drafting import OrderDraft, draft_order_in, draft_roadmap
from workflow.services.roadmap_import import parse_rows, refused

MODES = ("draft", "registered")
CASES: tuple[Case, ...] = ("gen", "dat", "acc", "ins", "prep")
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_NAME_AFTER = re.compile(rf"({_SURNAME})\s+([А-ЯЁ])\.\s?(?:([А-ЯЁ])\.)?")
_NAME_BEFORE = re.compile(rf"([А-ЯЁ])\.\s?(?:([А-ЯЁ])\.\s?)?({_SURNAME})")
_FULL_NAME = re.compile(rf"^({_SURNAME})\s+([А-ЯЁ][а-яё]+)(?:\s+([А-ЯЁ][а-яё]+))?")
_SUBORDINATES = re.compile(
    r"^\s*Руководителям\s+(?:подведомственных\s+|муниципальных\s+)?(?:обще)?образовательных\s+"
    r"(?:организаций|учреждений)",
    re.IGNORECASE,
)
_MONTH = r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
_DEADLINE = re.compile(
    r"(?:в\s+срок\s+)?(?:до|не\s+позднее)\s+(?:«?\d{1,2}»?\s+" + _MONTH + r"(?:\s+\d{4}\s*(?:года|г\.?))?"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}(?:\s*(?:года|г\.?))?)"
    r"|в\s+течение\s+[^.;:]*?(?:года|месяца|недели|четверти|полугодия|дней)"
    r"|(?:ежегодно|ежемесячно|ежеквартально|еженедельно)[^.;]*"
    r"|постоянно",
    re.IGNORECASE,
)
_SELF_CONTROL = re.compile(r"оставляю\s+за\s+собой", re.IGNORECASE)
# How far into a point's first line a name still addresses the point («Бадмаевой Л.Н., ответственному …»).
_ADDRESS_SPAN = 120


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


@dataclass(frozen=True)
class OrderImport:
    """An uploaded DOCX order to become a draft (mode «draft») or a registered order (mode «registered»)."""

    organization_id: int
    # The upload's stream is read only after the right to draft in the organization is checked.
    data: bytes | IO[bytes]
    filename: str = ""
    mode: str = "draft"


@dataclass
class ImportedOrder:
    """The order made from the file, what was read from it, and what a person should check."""

    order_id: int
    read: ReadOrder
    warnings: list[dict[str, str]] = field(default_factory=list)


class _Directory:
    """The people an order of the organization may name, found by any case form of the surname and initials."""

    def __init__(self, session: Session, organization_id: int) -> None:
        own = subtree(session, organization_id)
        people = session.scalars(
            select(Person).where(Person.organization_id.in_(own) | Person.organization_id.is_(None))
        )
        self.by_form: dict[str, list[Person]] = {}
        for person in people:
            forms = {person.last_name}
            gender: Gender = "m" if person.gender == "m" else "f"
            for case in CASES:
                forms.add(decline_person(person.last_name, person.first_name, person.middle_name, gender, case)[0])
            for form in forms:
                bucket = self.by_form.setdefault(_fold(form), [])
                if person not in bucket:
                    bucket.append(person)

    def find(self, surname: str, first: str | None, middle: str | None) -> list[Person]:
        """Everyone whose surname has this form and whose names start with these letters (ё = е)."""

        def fits(name: str, given: str | None) -> bool:
            return given is None or (bool(name) and _fold(name[0]) == _fold(given[0]))

        return [
            p for p in self.by_form.get(_fold(surname), []) if fits(p.first_name, first) and fits(p.middle_name, middle)
        ]


class _Matcher:
    def __init__(self, session: Session, organization_id: int, read: ReadOrder) -> None:
        self.session = session
        self.organization_id = organization_id
        self.directory = _Directory(session, organization_id)
        self.read = read
        self.reference = read.reg_date or clock.today()
        self.warnings: list[dict[str, str]] = [
            {"field": w.field, "text": w.text, "message": w.message} for w in read.warnings
        ]

    def warn(self, field_name: str, text: str, message: str) -> None:
        self.warnings.append({"field": field_name, "text": text[:500], "message": message})

    def names_in(self, text: str) -> list[tuple[str, str | None, str | None, int]]:
        """(surname, first initial, middle initial, where) of every «Фамилия И.О.» or «И.О. Фамилия» in the text."""
        found: list[tuple[str, str | None, str | None, int]] = []
        taken: list[tuple[int, int]] = []
        for match in _NAME_BEFORE.finditer(text):
            found.append((match.group(3), match.group(1), match.group(2), match.start()))
            taken.append(match.span())
        for match in _NAME_AFTER.finditer(text):
            if not any(a <= match.start() < b or match.start() <= a < match.end() for a, b in taken):
                found.append((match.group(1), match.group(2), match.group(3), match.start()))
        return sorted(found, key=lambda item: item[3])

    def person(self, field_name: str, text: str, name: tuple[str, str | None, str | None, int]) -> Person | None:
        """The one person a written name stands for, or a warning."""
        surname, first, middle, _ = name
        written = f"{surname} {first or ''}.{(middle or '') + '.' if middle else ''}".replace(" .", "")
        people = self.directory.find(surname, first, middle)
        if len(people) == 1:
            return people[0]
        if not people:
            self.warn(field_name, text, f"«{written}» не найден(а) в справочнике сотрудников организации.")
        else:
            self.warn(field_name, text, f"«{written}» подходит нескольким сотрудникам: выберите вручную.")
        return None

    def first_person(self, field_name: str, text: str, within: int | None = None) -> Person | None:
        """The person of the first name in the text (within its first characters when given)."""
        names = [n for n in self.names_in(text) if within is None or n[3] <= within]
        return self.person(field_name, text, names[0]) if names else None

    def deadline(self, where: str, text: str) -> str:
        """The deadline phrase of a point's text when the grammar reads it; a warning when it reads none."""
        matches = list(_DEADLINE.finditer(text))
        if not matches:
            return ""
        phrase = matches[-1].group(0).strip(" ,;")
        if parse_deadline(phrase, reference_date=self.reference).kind in NEEDS_DATE_KINDS:
            self.warn(where, phrase, "Срок не распознан: укажите его вручную.")
            return ""
        return phrase

    # points ------------------------------------------------------------------------------------

    def points(self, points: list[ReadPoint], inherited: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.point(p, inherited) for p in points]

    def point(self, read: ReadPoint, inherited: list[dict[str, Any]]) -> dict[str, Any]:
        where = f"points.{read.number}"
        text = read.text
        first_line = text.split("\n", 1)[0]
        data: dict[str, Any] = {"number": read.number, "text": text}
        responsible = list(inherited)
        addressed = first_line.rstrip().endswith(":")
        if _SUBORDINATES.match(first_line):
            responsible = [{"organization_id": self.organization_id, "include_subordinates": True}]
        elif person := self.first_person(f"{where}.responsible", first_line, _ADDRESS_SPAN):
            responsible = [{"person_id": person.id}]
            if addressed and read.children:
                # «Директору … Куропаткиной А.Н.:» with sub-points: the editor's addressee point.
                data["addressee_id"] = person.id
                data["text"] = ""
        data["children"] = self.points(read.children, responsible)
        if addressed and read.children:
            # «… :» with sub-points: its executors are the sub-points', each with its own deadline.
            return data
        deadline = self.deadline(f"{where}.deadline_text", text)
        if responsible:
            data["responsible"] = responsible
            data["controlled"] = True
            data["deadline_text"] = deadline
            if not deadline:
                self.warn(f"{where}.deadline_text", text, "В тексте пункта не найден срок исполнения.")
        elif deadline:
            data["deadline_text"] = deadline
            self.warn(f"{where}.responsible", text, "Срок указан, а исполнитель в тексте пункта не найден.")
        return data

    # people of the order -----------------------------------------------------------------------

    def signatory(self) -> Person | None:
        name = self.read.signature_name
        if not name:
            return None
        person = self.first_person("signatory_id", name)
        if person is not None and not may_sign(self.session, person.id, self.organization_id, clock.today()):
            self.warn(
                "signatory_id",
                name,
                f"{person.initials_name} не может подписывать документы этой организации: подписанта укажите вручную.",
            )
            return None
        return person

    def controller(self, signatory: Person | None) -> Person | None:
        control = self.read.control
        if not control:
            return None
        if _SELF_CONTROL.search(control):
            if signatory is None:
                self.warn("controller_id", control, "Контроль оставлен за подписавшим, а подписант не определён.")
            return signatory
        person = self.first_person("controller_id", control)
        if person is None and not self.names_in(control):
            self.warn("controller_id", control, "В пункте о контроле не найдено имя контролёра.")
        return person

    def executor_mark(self) -> Person | None:
        name = self.read.executor_name
        if not name:
            return None
        full = _FULL_NAME.match(name)
        if full:
            surname, first, middle = full.group(1), full.group(2), full.group(3)
            people = self.directory.find(surname, first[0], middle[0] if middle else None)
            people = [p for p in people if _fold(p.first_name) == _fold(first)] or people
            if len(people) == 1:
                return people[0]
            self.warn("executor_mark_id", name, f"Исполнитель «{name}» не найден в справочнике однозначно.")
            return None
        return self.first_person("executor_mark_id", name)


def _check_docx(data: bytes) -> None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ValidationFailed(
            "Файл не является документом DOCX.", {"file": ["Ожидается приказ в формате DOCX."]}
        ) from exc
    if "word/document.xml" not in names:
        raise ValidationFailed("Файл не является документом DOCX.", {"file": ["Ожидается приказ в формате DOCX."]})


def read_document(data: bytes) -> ReadOrder:
    """The order read from an uploaded DOCX in the limited child; a 422 (or 413) with a Russian reason otherwise."""
    _check_docx(data)
    try:
        read = read_office_file(data, read_order)
    except UnsafeFile as exc:
        raise refused(exc) from exc
    except ParseFailed as exc:
        raise ValidationFailed(
            "Файл повреждён или зашифрован и не читается как приказ.", {"file": ["Файл не открывается."]}
        ) from exc
    if not read.title and not read.points and not read.preamble:
        raise ValidationFailed(
            "В файле не найден текст приказа: ни заголовка, ни пунктов.", {"file": ["Нет текста приказа."]}
        )
    return read


def _appendix_rows(read: ReadAppendix) -> list[dict[str, Any]] | None:
    """The roadmap sections of an appendix table read as the roadmap import reads them, or None for no roadmap."""
    if not read.rows:
        return None
    try:
        return parse_rows(read.rows).sections
    except ValidationFailed:
        return None


def import_order(db: Database, actor: Actor, command: OrderImport) -> ImportedOrder:
    """A draft, or a registered order ready to dispatch, from an uploaded DOCX; drafting rights checked first."""
    if command.mode not in MODES:
        raise ValidationFailed("Неизвестный режим загрузки.", {"mode": ["Допустимо: draft или registered."]})
    with db.session() as session:
        may_draft_in(session, actor, command.organization_id)
        if session.get(Organization, command.organization_id) is None:
            raise NotFound(f"Организация № {command.organization_id} не найдена.")
    data = command.data if isinstance(command.data, bytes) else command.data.read()
    read = read_document(data)
    registered = command.mode == "registered"
    if registered and (read.reg_date is None or not read.reg_number):
        raise ValidationFailed(
            "В документе не найдены дата и номер: загрузите его как проект.",
            {"mode": ["Зарегистрированный документ должен иметь дату и номер."]},
        )
    with db.transaction() as session:
        matcher = _Matcher(session, command.organization_id, read)
        signatory = matcher.signatory()
        controller = matcher.controller(signatory)
        points = matcher.points(read.points, [])
        roadmaps: list[tuple[ReadAppendix, list[dict[str, Any]]]] = []
        texts: list[dict[str, Any]] = []
        for appendix in read.appendices:
            sections = _appendix_rows(appendix)
            if sections is not None:
                roadmaps.append((appendix, sections))
            else:
                rows = "\n".join(" | ".join(c for c in row if c) for row in appendix.rows)
                body = "\n".join(t for t in (appendix.text, rows) if t)
                texts.append({"title": appendix.title or appendix.heading, "text": body})
        order = draft_order_in(
            session,
            actor,
            OrderDraft(
                organization_id=command.organization_id,
                title=read.title or command.filename,
                kind=read.kind,
                place=read.place,
                preamble=read.preamble,
                signatory_id=signatory.id if signatory else None,
                controller_id=controller.id if controller else None,
                executor_mark_id=(mark.id if (mark := matcher.executor_mark()) else None),
                points=points,
                appendices=texts,
            ),
        )
        for appendix, sections in roadmaps:
            draft_roadmap(
                session,
                actor,
                {
                    "title": (appendix.title or appendix.heading)[:2000],
                    "organization_id": command.organization_id,
                    "order_id": order.id,
                    "sections": sections,
                },
            )
            matcher.warn(
                f"appendices.{appendix.number}",
                appendix.title,
                "Ответственные дорожной карты перенесены текстом: назначьте исполнителей из справочника.",
            )
        order.imported_from = (command.filename or "document.docx")[:255]
        if registered:
            _register(session, actor, order, read, data, command.filename)
        reindex_order(session, order)
        return ImportedOrder(order.id, read, matcher.warnings)


def _register(session: Session, actor: Actor, order: Order, read: ReadOrder, data: bytes, filename: str) -> None:
    """The signed original becomes the order's document and the order stands approved under its own number."""
    assert read.reg_date is not None
    register_imported(session, order, read.reg_number, read.reg_date)
    stored = StoredFile.of(filename or f"{order.kind}-{order.reg_number}.docx", DOCX, data, created_by_id=actor.user_id)
    session.add(stored)
    session.flush()
    order.document_file_id = stored.id
    order.document_sha256 = stored.sha256
    order.state = "approved"
    order.touch(clock.now())
    # Signed outside the system: no route of visas here; its history says it was imported with its number.
    audit(
        session,
        order,
        "import",
        actor,
        from_state="draft",
        comment=f"Загружен подписанный документ № {order.reg_number} от {read.reg_date:%d.%m.%Y}",
        payload={"reg_number": order.reg_number, "document_sha256": order.document_sha256},
    )
    # Attachments stand approved with the order, by the same effect as an approval.
    EFFECTS["approve_attachments"](Ctx(session, order, actor, None, {}, clock.now()))
