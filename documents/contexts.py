"""What each document says, as plain dataclasses; `to_context()` gives the dict its template renders.

Nothing here knows the database: an adapter fills these from the models. All wording that depends on
Russian grammar (dates, cases, initials, numbering) is done here, through `documents.russian`, so the
templates only place ready text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, Literal

from documents.russian import (
    Case,
    Gender,
    appendix_references,
    decline_phrase,
    format_date_long,
    format_date_numeric,
    initials_surname,
    lower_first,
    person_phrase,
    surname_initials,
    upper_first,
)

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "doc_templates"

OrderKind = Literal["order", "resolution", "directive"]

# Kind word, the genitive and dative used in «Контроль за исполнением приказа», «к приказу», and the
# operative word that ends the preamble. A распоряжение takes «предлагаю» (or «обязываю», set per document):
# ГОСТ Р 7.0.97 leaves the word to the office; «п р и к а з ы в а ю:» belongs to orders only.
KINDS: dict[str, dict[str, str]] = {
    "order": {"word": "ПРИКАЗ", "gen": "приказа", "dat": "приказу", "operative": "п р и к а з ы в а ю:"},
    "resolution": {"word": "ПОСТАНОВЛЕНИЕ", "gen": "постановления", "dat": "постановлению",
                   "operative": "ПОСТАНОВЛЯЕТ:"},
    "directive": {"word": "РАСПОРЯЖЕНИЕ", "gen": "распоряжения", "dat": "распоряжению",
                  "operative": "п р е д л а г а ю:"},
    "letter": {"word": "ПИСЬМО", "gen": "письма", "dat": "письму", "operative": ""},
}

DRAFT_DATE = "«___» ____________ 20___ г."
DRAFT_NUMBER = "______"
DRAFT_NUMERIC_DATE = "__.__.20__"


def _date_text(d: date | None, style: str = "numeric", draft: str = DRAFT_DATE) -> str:
    if d is None:
        return draft
    return format_date_long(d) if style == "long" else format_date_numeric(d)


def _paragraphs(value: str | list[str] | None) -> list[str]:
    # A preamble or a letter's text may come as one string with blank lines between paragraphs.
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
    return [p.strip() for p in value if p and p.strip()]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------------------------------------ people

@dataclass
class PersonDoc:
    """A person as documents name them; `overrides` holds a stored manual phrase per case («dat», «acc» …)."""

    last_name: str
    first_name: str
    middle_name: str | None = None
    gender: Gender = "m"
    position: str | None = None
    phone: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)

    @property
    def signature_name(self) -> str:
        """«Н.Е. Дереча»: the form under a signature."""
        return initials_surname(self.last_name, self.first_name, self.middle_name)

    @property
    def short_name(self) -> str:
        """«Дереча Н.Е.»: the form in lists and tables."""
        return surname_initials(self.last_name, self.first_name, self.middle_name)

    @property
    def full_name(self) -> str:
        """«Дереча Нина Евгеньевна»."""
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def phrase(self, case: Case) -> str:
        """Position and name in the case: dat «директору МБУ ДПО «СОИРО» Куропаткиной А.Н.»."""
        return person_phrase(self.position, self.last_name, self.first_name, self.middle_name, self.gender,
                             case, self.overrides.get(case))


@dataclass
class OrganizationDoc:
    """The issuing organization: its name as printed at the top, and its name inside sentences."""

    name: str
    header_lines: list[str] = field(default_factory=list)
    # «к приказу <управления образования …>»; derived from the name when not given.
    name_genitive: str | None = None
    place: str | None = None
    # Address, phone, e-mail printed on a letter's blank.
    contacts: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """The heading lines; the name in capitals when no lines are given."""
        return [ln for ln in self.header_lines if ln.strip()] or [self.name.upper()]

    @property
    def genitive(self) -> str:
        """The name in the genitive, as in «к приказу управления образования»."""
        if self.name_genitive:
            return self.name_genitive
        return lower_first(decline_phrase(self.name, "gen"))


@dataclass
class SignatureDoc:
    """Who signs: the position on the left, «Н.Е. Дереча» on the right."""

    person: PersonDoc
    position: str | None = None

    def to_context(self) -> dict[str, str]:
        """Position (nominative, capitalised) and the initials-first name."""
        return {"position": upper_first(self.position or self.person.position or ""),
                "name": self.person.signature_name}


@dataclass
class ExecutorMarkDoc:
    """The executor mark at the end of the document: name and phone, in small print."""

    name: str
    phone: str | None = None
    email: str | None = None

    @classmethod
    def from_person(cls, person: PersonDoc) -> ExecutorMarkDoc:
        """The mark for a person: full name and their phone."""
        return cls(name=person.full_name, phone=person.phone)

    def to_context(self) -> dict[str, str]:
        """Name, phone and e-mail as printed."""
        return {"name": self.name, "phone": self.phone or "", "email": self.email or ""}


# ------------------------------------------------------------------------------------------------ appendices

@dataclass
class RoadmapRowDoc:
    """One activity of a roadmap: №, мероприятие, срок исполнения (verbatim), ответственный исполнитель."""

    number: str
    content: str
    deadline_text: str = ""
    responsible_text: str = ""


@dataclass
class RoadmapSectionDoc:
    """A section of a roadmap («1.1. Система оценки качества …») with its activities."""

    number: str
    title: str
    rows: list[RoadmapRowDoc] = field(default_factory=list)


MEMBER_ROLES = {
    "chair": "Руководитель рабочей группы",
    "deputy": "Заместитель руководителя",
    "secretary": "Секретарь",
    "member": "Член рабочей группы",
}


@dataclass
class MemberDoc:
    """A member of a working group: name, position and role («chair», «deputy», «secretary», «member»)."""

    name: str
    position: str
    role: str = "member"

    @classmethod
    def from_person(cls, person: PersonDoc, role: str = "member") -> MemberDoc:
        """A member from a person: full name and position."""
        return cls(name=person.full_name, position=person.position or "", role=role)


@dataclass
class ActivityDoc:
    """One line of a list of activities: what, when, who takes part, what comes of it."""

    content: str
    date_text: str = ""
    participants: str = ""
    expected_result: str = ""


AppendixKind = Literal["roadmap", "working_group", "activities", "text"]


@dataclass
class AppendixDoc:
    """An appendix: its title, free paragraphs, and a roadmap, a composition or a list of activities."""

    kind: AppendixKind
    title: str
    paragraphs: list[str] = field(default_factory=list)
    # A heading over the table when the appendix first reports and then gives the table.
    table_title: str | None = None
    sections: list[RoadmapSectionDoc] = field(default_factory=list)
    members: list[MemberDoc] = field(default_factory=list)
    activities: list[ActivityDoc] = field(default_factory=list)
    # Number of sheets, for a letter's «Приложение: на 3 л. в 1 экз.».
    sheets: int | None = None

    def to_context(self, mark: str, number: int) -> dict[str, Any]:
        """The appendix with its ready mark («Приложение 1 к приказу … от … № …») and flat table rows."""
        rows: list[dict[str, Any]] = []
        for section in self.sections:
            rows.append({"section": True, "number": section.number, "title": section.title,
                         "content": "", "deadline": "", "responsible": ""})
            rows.extend({"section": False, "number": r.number, "title": "", "content": r.content,
                         "deadline": r.deadline_text, "responsible": r.responsible_text} for r in section.rows)
        members = [{"number": f"{i}.", "name": m.name, "position": m.position,
                    "role": MEMBER_ROLES.get(m.role, m.role)}
                   for i, m in enumerate(sorted(self.members, key=_member_order), start=1)]
        activities = [{"number": f"{i}.", "content": a.content, "date": a.date_text,
                       "participants": a.participants, "result": a.expected_result}
                      for i, a in enumerate(self.activities, start=1)]
        return {"number": number, "mark": mark, "kind": self.kind, "title": self.title,
                "paragraphs": _paragraphs(self.paragraphs), "table_title": self.table_title or "",
                "rows": rows, "members": members, "activities": activities}


def _member_order(m: MemberDoc) -> int:
    order = list(MEMBER_ROLES)
    return order.index(m.role) if m.role in order else len(order)


def _appendix_marks(appendices: list[AppendixDoc], kind_dat: str, org_gen: str, date_text: str,
                    number: str) -> list[dict[str, Any]]:
    # ГОСТ Р 7.0.97 п. 5.22: «Приложение 1 к приказу … от … № …»; a single appendix carries no number.
    out = []
    for i, app in enumerate(appendices, start=1):
        label = f"Приложение {i}" if len(appendices) > 1 else "Приложение"
        mark = f"{label}\nк {kind_dat} {org_gen}\nот {date_text} № {number}"
        out.append(app.to_context(mark, i))
    return out


# ------------------------------------------------------------------------------------------------ order

@dataclass
class PointDoc:
    """An operative point: text, optional number, the addressee opening it, the deadline, sub-points."""

    text: str = ""
    number: str | None = None
    addressee: PersonDoc | None = None
    # A ready dative phrase for an addressee that is not one person («Руководителям … организаций»).
    addressee_text: str | None = None
    deadline_text: str | None = None
    children: list[PointDoc] = field(default_factory=list)


_DEADLINE_LEADS = ("в срок", "до ", "не позднее", "в течение", "ежегодно", "ежекварт", "ежемесяч",
                   "еженедел", "к ", "по мере", "в соответствии", "в период", "с ")
_BARE_DATE = re.compile(r"^\d{1,2}(\.\d{1,2}\.\d{2,4}| [а-я]+ \d{4})")
# A deadline the text already states, in whatever words: «в срок до …», «срок — …», «не позднее …».
_STATED_DEADLINE = re.compile(r"\bв срок\b|\(срок\b|\bсрок\s*[:—–-]|\bне позднее\b|\bдо \d", re.IGNORECASE)
# A dot that belongs to an abbreviation at the end of a deadline («2024 г.», «I кв.») stays.
_ABBREVIATED_END = re.compile(r"(?:^|[\s\u00a0\d])(?:г|гг|л|в|вв|кв|мес|нед|ч|мин)\.$")
_END_MARKS = ".;:!?"


def _deadline_core(deadline: str) -> str:
    deadline = deadline.strip().rstrip(";,").strip()
    if deadline.endswith(".") and not _ABBREVIATED_END.search(deadline):
        deadline = deadline.rstrip(".")
    return deadline


def _with_deadline(text: str, deadline: str | None) -> str:
    """The point with its deadline as people write it; the point's own closing mark («;», «.», «:») is kept."""
    if not deadline or not deadline.strip():
        return text
    deadline = _deadline_core(deadline)
    if deadline.lower().rstrip(".") in text.lower() or _STATED_DEADLINE.search(text):
        return text
    body = text.rstrip()
    mark = ""
    if body and body[-1] in _END_MARKS and not _ABBREVIATED_END.search(body):
        mark = body[-1]
        body = body.rstrip(_END_MARKS).rstrip()
    low = deadline.lower()
    if _BARE_DATE.match(low):
        tail = f"в срок до {deadline}"
    elif low.startswith(_DEADLINE_LEADS):
        tail = lower_first(deadline)
    else:
        # «Постоянно», «Сентябрь 2022», «I полугодие 2024 г.»: a bracketed tail, never glued to the sentence.
        tail = f"(срок — {lower_first(deadline)})"
    if tail.endswith(".") and mark == ".":
        mark = ""
    return f"{body} {tail}{mark}".strip()


def _point_lines(text: str) -> str:
    # Spaces collapse; a line break pasted into the point stays a line break inside it.
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _point_text(point: PointDoc, has_children: bool) -> str:
    text = _point_lines(point.text)
    addressee = point.addressee_text or (point.addressee.phrase("dat") if point.addressee else "")
    text = _with_deadline(text, point.deadline_text)
    if addressee:
        addressee = upper_first(addressee.strip().rstrip(":"))
        text = f"{addressee} {lower_first(text)}" if text else f"{addressee}:"
    if not text:
        return text
    if text[-1] not in _END_MARKS:
        text += ":" if has_children else "."
    return text


def _number_points(points: list[PointDoc], prefix: str = "") -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, point in enumerate(points, start=1):
        number = (point.number or f"{prefix}{i}").rstrip(".") + "."
        level = number.count(".")
        out.append({"number": number, "text": _point_text(point, bool(point.children)), "level": level})
        out.extend(_number_points(point.children, number))
    return out


@dataclass
class OrderDoc:
    """An order, resolution or directive (приказ, постановление, распоряжение) with its appendices."""

    doc_type: ClassVar[str] = "order"
    template_name: ClassVar[str] = "order.docx"

    organization: OrganizationDoc
    title: str
    signature: SignatureDoc
    kind: OrderKind = "order"
    reg_number: str | None = None
    reg_date: date | None = None
    place: str | None = None
    preamble: str | list[str] = field(default_factory=list)
    points: list[PointDoc] = field(default_factory=list)
    # Who controls execution: the signatory («оставляю за собой») or another person (accusative).
    controller: PersonDoc | None = None
    # A ready control clause replacing the generated one.
    control_text: str | None = None
    appendices: list[AppendixDoc] = field(default_factory=list)
    # «Приложение: …» after the text; by ГОСТ only needed when no point refers to the appendices.
    appendix_note: str | None = None
    executor: ExecutorMarkDoc | None = None
    draft: bool = False
    operative_word: str | None = None
    date_style: Literal["numeric", "long"] = "numeric"

    def control_clause(self, number: int) -> str:
        """«N. Контроль за исполнением приказа возложить на заместителя … Ушакову И.Г.»."""
        if self.control_text:
            text = self.control_text.strip()
        elif self.controller is None:
            return ""
        elif self.controller == self.signature.person:
            text = f"Контроль за исполнением {KINDS[self.kind]['gen']} оставляю за собой"
        else:
            who = self.controller.phrase("acc")
            if self.controller.position and not self.controller.overrides.get("acc"):
                # Inside the sentence a position is a common noun, even when stored as «Заместитель …».
                who = lower_first(who)
            text = f"Контроль за исполнением {KINDS[self.kind]['gen']} возложить на {who}"
        if text[-1] not in ".!":
            text += "."
        return f"{number}. {text}"

    def _appendix_note(self) -> str:
        if self.appendix_note is not None:
            return self.appendix_note
        texts = [*_paragraphs(self.preamble), *(p.text for p in _walk(self.points)),
                 *(p.addressee_text or "" for p in _walk(self.points))]
        named = appendix_references(texts, len(self.appendices))
        unnamed = [(i, a) for i, a in enumerate(self.appendices, start=1) if i not in named]
        if not unnamed:
            return ""
        if len(self.appendices) == 1:
            return f"Приложение: {_listed(self.appendices[0])}."
        if len(unnamed) == 1:
            i, app = unnamed[0]
            return f"Приложение {i}: {_listed(app)}."
        # «1. Концепция на 5 л. в 1 экз.; 2. План …»: the abbreviation keeps its dot before the semicolon.
        items = [f"{i}. {_listed(a, upper=True)}" + ("." if a.sheets else "") for i, a in unnamed]
        return "Приложения: " + "; ".join(items) + ("" if items[-1].endswith(".") else ".")

    def to_context(self) -> dict[str, Any]:
        """The dict order.docx renders."""
        kind = KINDS[self.kind]
        points = _number_points(self.points)
        top_level = sum(1 for p in points if p["level"] == 1)
        number = self.reg_number or DRAFT_NUMBER
        numeric_date = _date_text(self.reg_date, "numeric", DRAFT_NUMERIC_DATE)
        return {
            "doc_type": self.doc_type,
            "draft": self.draft,
            "kind": self.kind,
            "kind_word": kind["word"],
            "org_header_lines": self.organization.lines,
            "organization_name": self.organization.name,
            "reg_date": _date_text(self.reg_date, self.date_style),
            "reg_number": number,
            "place": self.place if self.place is not None else (self.organization.place or ""),
            "title": _plain(self.title).rstrip("."),
            "preamble": _paragraphs(self.preamble),
            "operative_word": self.operative_word if self.operative_word is not None else kind["operative"],
            "points": points,
            "control_clause": self.control_clause(top_level + 1),
            "appendix_note": self._appendix_note(),
            "signatory": self.signature.to_context(),
            "executor_mark": self.executor.to_context() if self.executor else None,
            "appendices": _appendix_marks(self.appendices, kind["dat"], self.organization.genitive,
                                          numeric_date, number),
            "document_date": _iso(self.reg_date),
        }


def _listed(app: AppendixDoc, upper: bool = False) -> str:
    # «состав рабочей группы на 2 л. в 1 экз.»: the appendix note of ГОСТ Р 7.0.97 (п. 5.22).
    title = app.title.strip().rstrip(".")
    title = upper_first(title) if upper else lower_first(title)
    return f"{title} на {app.sheets} л. в 1 экз" if app.sheets else title


def _walk(points: list[PointDoc]):
    for p in points:
        yield p
        yield from _walk(p.children)


# ------------------------------------------------------------------------------------------------ letter

@dataclass
class LetterDoc:
    """A cover letter on the organization's blank (see the letter № 01-27/1951)."""

    doc_type: ClassVar[str] = "letter"
    template_name: ClassVar[str] = "letter.docx"

    organization: OrganizationDoc
    title: str
    signature: SignatureDoc
    addressee_lines: list[str] = field(default_factory=list)
    paragraphs: str | list[str] = field(default_factory=list)
    reg_number: str | None = None
    reg_date: date | None = None
    # The letter this one answers: «на № 12-3/45 от 20.07.2022».
    reply_to_number: str | None = None
    reply_to_date: date | None = None
    salutation: str | None = None
    appendix_note: str | None = None
    appendices: list[AppendixDoc] = field(default_factory=list)
    executor: ExecutorMarkDoc | None = None
    draft: bool = False

    def _appendix_note(self) -> str:
        if self.appendix_note is not None:
            return self.appendix_note
        if not self.appendices:
            return ""
        if len(self.appendices) == 1:
            sheets = self.appendices[0].sheets
            return f"Приложение: на {sheets} л. в 1 экз." if sheets else "Приложение: в 1 экз."
        items = "; ".join(
            f"{i}. {a.title.rstrip('.')}" + (f" на {a.sheets} л. в 1 экз." if a.sheets else " в 1 экз.")
            for i, a in enumerate(self.appendices, start=1))
        return f"Приложения: {items}"

    def to_context(self) -> dict[str, Any]:
        """The dict letter.docx renders."""
        number = self.reg_number or DRAFT_NUMBER
        reply = ""
        if self.reply_to_number or self.reply_to_date:
            reply = f"на № {self.reply_to_number or '______'} от {_date_text(self.reply_to_date, 'numeric', '______')}"
        return {
            "doc_type": self.doc_type,
            "draft": self.draft,
            "org_header_lines": self.organization.lines,
            "organization_name": self.organization.name,
            "sender_details": list(self.organization.contacts),
            "reg_date": _date_text(self.reg_date, "numeric", DRAFT_NUMERIC_DATE),
            "reg_number": number,
            "reply_to": reply,
            "addressee_lines": [ln for ln in self.addressee_lines if ln.strip()],
            "title": _plain(self.title).rstrip("."),
            "salutation": self.salutation or "",
            "paragraphs": _paragraphs(self.paragraphs),
            "appendix_note": self._appendix_note(),
            "signatory": self.signature.to_context(),
            "executor_mark": self.executor.to_context() if self.executor else None,
            "appendices": _appendix_marks(self.appendices, KINDS["letter"]["dat"], self.organization.genitive,
                                          _date_text(self.reg_date, "numeric", DRAFT_NUMERIC_DATE), number),
            "document_date": _iso(self.reg_date),
        }


# ------------------------------------------------------------------------------------------------ approval sheet

VISA_DECISIONS = {
    "approve": "Согласовано",
    "approve_with_remarks": "Согласовано с замечаниями",
    "reject": "Не согласовано",
    "pending": "Ожидает согласования",
}


@dataclass
class VisaDoc:
    """One visa on a draft: who, the decision («approve», «approve_with_remarks», «reject», «pending»), when."""

    name: str
    position: str
    decision: str = "pending"
    remarks: str = ""
    decided_on: date | None = None
    # The round of approval: a draft returned and submitted again is approved anew.
    round: int = 1


@dataclass
class ApprovalSheetDoc:
    """Лист согласования: the draft's title and number and the table of visas."""

    doc_type: ClassVar[str] = "approval_sheet"
    template_name: ClassVar[str] = "approval_sheet.docx"

    organization: OrganizationDoc
    title: str
    kind: OrderKind = "order"
    reg_number: str | None = None
    reg_date: date | None = None
    author: str | None = None
    visas: list[VisaDoc] = field(default_factory=list)
    as_of: date | None = None

    def to_context(self) -> dict[str, Any]:
        """The dict approval_sheet.docx renders."""
        kind = KINDS[self.kind]
        if self.reg_number:
            subject = (f"{kind['gen']} {self.organization.genitive} от "
                       f"{_date_text(self.reg_date, 'numeric', DRAFT_NUMERIC_DATE)} № {self.reg_number}")
        else:
            subject = f"проекта {kind['gen']} {self.organization.genitive}"
        rounds = len({v.round for v in self.visas}) > 1
        visas = [{"number": f"{i}.", "name": v.name, "position": v.position,
                  "decision": VISA_DECISIONS.get(v.decision, v.decision), "remarks": v.remarks or "",
                  "date": _date_text(v.decided_on, "numeric", ""),
                  "round": f"{v.round}-й круг" if rounds else ""}
                 for i, v in enumerate(self.visas, start=1)]
        last = max((v.round for v in self.visas), default=1)
        current = [v for v in self.visas if v.round == last]
        decided = [v for v in current if v.decision != "pending"]
        if any(v.decision == "reject" for v in current):
            outcome = "Проект возвращён на доработку."
        elif current and len(decided) == len(current):
            outcome = "Проект согласован всеми визирующими."
        else:
            outcome = f"Согласование не завершено: получено виз {len(decided)} из {len(current)}."
        return {
            "doc_type": self.doc_type,
            "org_header_lines": self.organization.lines,
            "subject": subject,
            "title": _plain(self.title).rstrip("."),
            "author": self.author or "",
            "visas": visas,
            "outcome": outcome,
            "as_of": _date_text(self.as_of, "numeric", ""),
            "document_date": _iso(self.as_of or self.reg_date),
        }


# ------------------------------------------------------------------------------------------------ execution report

@dataclass
class ExecutionItemDoc:
    """A controlled point of an order and how it was executed."""

    point_number: str
    text: str
    executor: str
    deadline: date | None = None
    deadline_text: str | None = None
    done_on: date | None = None
    report_text: str = ""
    extensions: int = 0

    def status(self, as_of: date) -> str:
        """«done_on_time», «done_late», «overdue» or «in_work» as of the date."""
        if self.done_on is not None:
            return "done_late" if self.deadline and self.done_on > self.deadline else "done_on_time"
        if self.deadline and as_of > self.deadline:
            return "overdue"
        return "in_work"


EXECUTION_STATUS = {
    "done_on_time": "Исполнено в срок",
    "done_late": "Исполнено с нарушением срока",
    "overdue": "Не исполнено, срок истёк",
    "in_work": "На исполнении",
}


@dataclass
class ExecutionReportDoc:
    """Отчёт об исполнении приказа: every controlled point, its executor, deadline, result; totals."""

    doc_type: ClassVar[str] = "execution_report"
    template_name: ClassVar[str] = "execution_report.docx"

    organization: OrganizationDoc
    order_title: str
    order_number: str
    order_date: date
    as_of: date
    items: list[ExecutionItemDoc] = field(default_factory=list)
    kind: OrderKind = "order"
    signature: SignatureDoc | None = None
    executor: ExecutorMarkDoc | None = None

    def to_context(self) -> dict[str, Any]:
        """The dict execution_report.docx renders."""
        rows = []
        counts = dict.fromkeys(EXECUTION_STATUS, 0)
        for item in sorted(self.items, key=lambda i: _number_key(i.point_number)):
            status = item.status(self.as_of)
            counts[status] += 1
            deadline = _date_text(item.deadline, "numeric", "") or (item.deadline_text or "—")
            rows.append({"number": item.point_number.rstrip(".") + ".", "text": item.text,
                         "executor": item.executor, "deadline": deadline,
                         "done": _date_text(item.done_on, "numeric", "—"),
                         "status": EXECUTION_STATUS[status], "report": item.report_text or "",
                         "extensions": item.extensions})
        total = len(self.items)
        done = counts["done_on_time"] + counts["done_late"]
        return {
            "doc_type": self.doc_type,
            "org_header_lines": self.organization.lines,
            "subject": (f"об исполнении {KINDS[self.kind]['gen']} {self.organization.genitive} "
                        f"от {format_date_numeric(self.order_date)} № {self.order_number}"),
            "title": _plain(self.order_title).rstrip("."),
            "as_of": format_date_numeric(self.as_of),
            "items": rows,
            "totals": {"total": total, "done": done, "done_on_time": counts["done_on_time"],
                       "done_late": counts["done_late"], "overdue": counts["overdue"],
                       "in_work": counts["in_work"],
                       "extensions": sum(i.extensions for i in self.items),
                       "on_time_rate": on_time_share(counts["done_on_time"], counts["done_late"],
                                                     counts["overdue"])},
            "signatory": self.signature.to_context() if self.signature else None,
            "executor_mark": self.executor.to_context() if self.executor else None,
            "document_date": _iso(self.as_of),
        }


def _number_key(number: str) -> tuple:
    # «3.2» before «4» before «10»: points sort by their numbers, not as strings.
    return tuple(int(p) if p.isdigit() else 0 for p in number.strip(".").split("."))


def on_time_share(done_on_time: int, done_late: int, overdue: int) -> str:
    """«Доля исполненных в срок», the one definition of every report: done on time among those whose outcome is
    known — done (in time or late) or overdue; a task still within its deadline is not counted either way."""
    return _percent(done_on_time, done_on_time + done_late + overdue)


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{round(100 * part / whole)} %"


def _number(value: float | int | str | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").replace(".", ",")


# ------------------------------------------------------------------------------------------------ reporting period

@dataclass
class IndicatorDoc:
    """An indicator of a reporting cycle with its target and values for the previous and this period."""

    name: str
    unit: str = ""
    target: float | str | None = None
    previous: float | str | None = None
    value: float | str | None = None

    def change(self) -> str:
        """The change against the previous period: «+36 п.п.» for percentages, «+5 чел.» otherwise."""
        if not isinstance(self.previous, int | float) or not isinstance(self.value, int | float):
            return "—"
        delta = self.value - self.previous
        unit = "п.п." if self.unit.strip() == "%" else self.unit.strip()
        sign = "+" if delta > 0 else ("−" if delta < 0 else "")
        return f"{sign}{_number(abs(delta))} {unit}".strip()


@dataclass
class ReportingPeriodDoc:
    """Отчёт по показателям за период: indicators with target, values and change; conclusions (выводы)."""

    doc_type: ClassVar[str] = "reporting_period"
    template_name: ClassVar[str] = "reporting_period.docx"

    organization: OrganizationDoc
    title: str
    period_label: str
    previous_label: str = ""
    indicators: list[IndicatorDoc] = field(default_factory=list)
    conclusions: str | list[str] = field(default_factory=list)
    as_of: date | None = None
    signature: SignatureDoc | None = None
    executor: ExecutorMarkDoc | None = None

    def to_context(self) -> dict[str, Any]:
        """The dict reporting_period.docx renders."""
        return {
            "doc_type": self.doc_type,
            "org_header_lines": self.organization.lines,
            "title": _plain(self.title).rstrip("."),
            "period_label": self.period_label,
            "previous_label": self.previous_label or "Предыдущий период",
            "indicators": [{"number": f"{i}.", "name": ind.name, "unit": ind.unit,
                            "target": _number(ind.target), "previous": _number(ind.previous),
                            "value": _number(ind.value), "change": ind.change()}
                           for i, ind in enumerate(self.indicators, start=1)],
            "conclusions": _paragraphs(self.conclusions),
            "as_of": _date_text(self.as_of, "numeric", ""),
            "signatory": self.signature.to_context() if self.signature else None,
            "executor_mark": self.executor.to_context() if self.executor else None,
            "document_date": _iso(self.as_of),
        }


# ------------------------------------------------------------------------------------------------ control report

@dataclass
class ControlTaskDoc:
    """A task in the control report: поручение, источник, исполнитель, срок, состояние, дни просрочки."""

    title: str
    source: str
    executor: str
    deadline: date | None = None
    deadline_text: str | None = None
    state: str = "Назначено"  # the state's Russian name, as printed (the workflow's printing layer supplies it)
    days_overdue: int = 0


@dataclass
class ControlSummaryRowDoc:
    """Discipline figures of one group (an executor, an organization or a source)."""

    group: str
    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    in_work: int = 0
    extensions: int = 0
    on_time_rate: float | None = None

    def rate(self) -> str:
        """Share done on time among the finished and the overdue, as «75 %»."""
        if self.on_time_rate is not None:
            return f"{round(100 * self.on_time_rate)} %"
        return on_time_share(self.done_on_time, self.done_late, self.overdue)


@dataclass
class ControlReportDoc:
    """Справка о ходе исполнения: the filter, the tasks, and a summary per group."""

    doc_type: ClassVar[str] = "control_report"
    template_name: ClassVar[str] = "control_report.docx"

    organization: OrganizationDoc
    as_of: date
    filter_description: str = ""
    group_label: str = "Исполнитель"
    tasks: list[ControlTaskDoc] = field(default_factory=list)
    summary: list[ControlSummaryRowDoc] = field(default_factory=list)
    signature: SignatureDoc | None = None
    executor: ExecutorMarkDoc | None = None

    def to_context(self) -> dict[str, Any]:
        """The dict control_report.docx renders."""
        tasks = []
        for i, t in enumerate(self.tasks, start=1):
            deadline = _date_text(t.deadline, "numeric", "") or (t.deadline_text or "—")
            tasks.append({"number": f"{i}.", "title": t.title, "source": t.source, "executor": t.executor,
                          "deadline": deadline, "state": t.state,
                          "overdue": str(t.days_overdue) if t.days_overdue > 0 else "—"})
        summary = [{"group": s.group, "total": s.total, "done_on_time": s.done_on_time,
                    "done_late": s.done_late, "overdue": s.overdue, "in_work": s.in_work,
                    "extensions": s.extensions, "rate": s.rate()} for s in self.summary]
        overall = ControlSummaryRowDoc(
            group="Итого", total=sum(s.total for s in self.summary),
            done_on_time=sum(s.done_on_time for s in self.summary),
            done_late=sum(s.done_late for s in self.summary), overdue=sum(s.overdue for s in self.summary),
            in_work=sum(s.in_work for s in self.summary), extensions=sum(s.extensions for s in self.summary))
        return {
            "doc_type": self.doc_type,
            "org_header_lines": self.organization.lines,
            "as_of": format_date_numeric(self.as_of),
            "filter_description": self.filter_description,
            "group_label": self.group_label,
            "tasks": tasks,
            "summary": summary,
            "overall": {"group": overall.group, "total": overall.total, "done_on_time": overall.done_on_time,
                        "done_late": overall.done_late, "overdue": overall.overdue, "in_work": overall.in_work,
                        "extensions": overall.extensions, "rate": overall.rate()},
            "signatory": self.signature.to_context() if self.signature else None,
            "executor_mark": self.executor.to_context() if self.executor else None,
            "document_date": _iso(self.as_of),
        }


# ------------------------------------------------------------------------------------------------ registry

DocumentContext = (OrderDoc | LetterDoc | ApprovalSheetDoc | ExecutionReportDoc | ReportingPeriodDoc
                   | ControlReportDoc)

DOC_TYPES: dict[str, type[DocumentContext]] = {
    cls.doc_type: cls
    for cls in (OrderDoc, LetterDoc, ApprovalSheetDoc, ExecutionReportDoc, ReportingPeriodDoc, ControlReportDoc)
}

# The top-level keys each document type's context has, and those a template of the type must use:
# the requisites without which the document is not what its type says.
CONTEXT_KEYS: dict[str, frozenset[str]] = {
    "order": frozenset({
        "doc_type", "draft", "kind", "kind_word", "org_header_lines", "organization_name", "reg_date",
        "reg_number", "place", "title", "preamble", "operative_word", "points", "control_clause",
        "appendix_note", "signatory", "executor_mark", "appendices", "document_date"}),
    "letter": frozenset({
        "doc_type", "draft", "org_header_lines", "organization_name", "sender_details", "reg_date",
        "reg_number", "reply_to", "addressee_lines", "title", "salutation", "paragraphs", "appendix_note",
        "signatory", "executor_mark", "appendices", "document_date"}),
    "approval_sheet": frozenset({
        "doc_type", "org_header_lines", "subject", "title", "author", "visas", "outcome", "as_of",
        "document_date"}),
    "execution_report": frozenset({
        "doc_type", "org_header_lines", "subject", "title", "as_of", "items", "totals", "signatory",
        "executor_mark", "document_date"}),
    "reporting_period": frozenset({
        "doc_type", "org_header_lines", "title", "period_label", "previous_label", "indicators",
        "conclusions", "as_of", "signatory", "executor_mark", "document_date"}),
    "control_report": frozenset({
        "doc_type", "org_header_lines", "as_of", "filter_description", "group_label", "tasks", "summary",
        "overall", "signatory", "executor_mark", "document_date"}),
}

REQUIRED_KEYS: dict[str, frozenset[str]] = {
    "order": frozenset({"kind_word", "reg_number", "reg_date", "title", "points", "signatory"}),
    "letter": frozenset({"reg_number", "reg_date", "addressee_lines", "title", "paragraphs", "signatory"}),
    "approval_sheet": frozenset({"title", "visas"}),
    "execution_report": frozenset({"subject", "items", "totals"}),
    "reporting_period": frozenset({"title", "period_label", "indicators", "conclusions"}),
    "control_report": frozenset({"as_of", "tasks", "summary"}),
}


def template_path(doc_type: str) -> Path:
    """The built-in template of a document type."""
    try:
        return TEMPLATES_DIR / DOC_TYPES[doc_type].template_name
    except KeyError:
        raise ValueError(f"Неизвестный тип документа «{doc_type}»") from None
