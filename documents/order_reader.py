"""Reading a signed DOCX order as offices write them: requisites, points, signature, appendices (pure; no models).

The document is walked in body order (paragraphs and tables). Word's automatic numbering is not text in the
file: it is computed here from each paragraph's w:numPr (numId, ilvl) and numbering.xml (the abstract
numbering's levels with their start values and lvlText patterns such as «%1.%2.»). Whatever the reader cannot
place goes to `warnings`, never silently dropped. Run it through documents.untrusted.read_office_file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}

KIND_WORDS = {
    "ПРИКАЗ": "order",
    "ПОСТАНОВЛЕНИЕ": "resolution",
    "РАСПОРЯЖЕНИЕ": "directive",
}
_COMMANDS = ("приказываю", "постановляет", "постановляю", "распоряжаюсь", "обязываю", "предлагаю")
_MONTHS = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_DATE_WORDS = re.compile(r"«?\s*(\d{1,2})\s*»?\s+([а-яё]+)\s+(\d{4})\s*(?:г\.?|года)?", re.IGNORECASE)
_DATE_DIGITS = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})[.\s]\s*(\d{4})(?:\s*г\.?)?")
_NUMBER = re.compile(r"№\s*([0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё\-/.]*)")
_TYPED_POINT = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)[.)]?\s+(\S.*)$", re.DOTALL)
_DASH_ITEM = re.compile(r"^[-–—•·]\s*(.*)$", re.DOTALL)
_PLACE = re.compile(r"^(?:г\.|гор\.|п\.|пос\.|пгт\.?|с\.|ст\.|д\.|р\.п\.)\s*[А-ЯЁ]", re.IGNORECASE)
_SIGNATURE_NAME = re.compile(r"([А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\.?\s*$")
_APPENDIX = re.compile(
    r"^\s*Приложени[ея]\s*(?:№\s*)?(\d+)?\s*(?:к\s+(?:приказу|постановлению|распоряжению|письму)\b.*)?$",
    re.IGNORECASE | re.DOTALL,
)
_HEADING_TAIL = re.compile(
    r"^\s*(?:к\s+(?:приказу|постановлению|распоряжению|письму)|от\s|№\s|управления|отдела|администрации)",
    re.IGNORECASE,
)
_EXECUTOR_MARK = re.compile(r"^\s*(?:Исп\.|Исполнитель[:\s])", re.IGNORECASE)
_PHONE = re.compile(r"(?:тел\.?|т\.)?\s*[:]?\s*(\+?[\d() \-]{5,})\s*$", re.IGNORECASE)
_CONTROL = re.compile(r"^\s*Контроль\b", re.IGNORECASE)


@dataclass
class ReadWarning:
    """Text the reader could not place, with the field it belongs to and a Russian message."""

    field: str
    text: str
    message: str


@dataclass
class ReadPoint:
    """A point as written: its number (typed or computed from Word's numbering), text and sub-points."""

    number: str
    text: str
    auto_numbered: bool = False
    children: list[ReadPoint] = field(default_factory=list)


@dataclass
class ReadAppendix:
    """An appendix page: its heading («Приложение 1 к приказу …»), title, text and table rows."""

    number: str
    heading: str
    title: str = ""
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class ReadOrder:
    """Everything read from one order document, and what could not be read."""

    header: list[str] = field(default_factory=list)
    kind: str = "letter"
    kind_word: str = ""
    reg_date: date | None = None
    reg_number: str = ""
    place: str = ""
    title: str = ""
    preamble: str = ""
    command: str = ""
    points: list[ReadPoint] = field(default_factory=list)
    control: str = ""
    signature_position: str = ""
    signature_name: str = ""
    executor_mark: str = ""
    executor_name: str = ""
    executor_phone: str = ""
    appendices: list[ReadAppendix] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    # Every paragraph as read (a table row's cells joined by « | »), for the review screen.
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class _Line:
    text: str
    label: str = ""  # the number Word draws before the paragraph, or "-" for a bullet
    table: list[list[str]] | None = None


# ----------------------------------------------------------------------------------------- numbering


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


class _Numbering:
    """Word's automatic numbering: counters per list, levels from numbering.xml."""

    def __init__(self, root: Any | None) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.iterfind("w:abstractNum", _NS):
            levels: dict[int, _Level] = {}
            for lvl in node.iterfind("w:lvl", _NS):
                levels[int(lvl.get(f"{{{W}}}ilvl", "0"))] = _Level(
                    start=int(_val(lvl.find("w:start", _NS)) or 1),
                    fmt=_val(lvl.find("w:numFmt", _NS)) or "decimal",
                    text=_val(lvl.find("w:lvlText", _NS)) or "",
                )
            abstract[node.get(f"{{{W}}}abstractNumId", "")] = levels
        for num in root.iterfind("w:num", _NS):
            levels = dict(abstract.get(_val(num.find("w:abstractNumId", _NS)) or "", {}))
            for override in num.iterfind("w:lvlOverride", _NS):
                ilvl = int(override.get(f"{{{W}}}ilvl", "0"))
                start = _val(override.find("w:startOverride", _NS))
                if start is not None and ilvl in levels:
                    base = levels[ilvl]
                    levels[ilvl] = _Level(int(start), base.fmt, base.text)
            self.levels[num.get(f"{{{W}}}numId", "")] = levels

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph of a list at a level; deeper levels restart."""
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return ""
        level = levels.get(ilvl, _Level())
        if level.fmt == "bullet":
            return "-"
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(match: re.Match[str]) -> str:
            n = int(match.group(1)) - 1
            return str(counters.get(n, levels.get(n, _Level()).start))

        return re.sub(r"%(\d)", value, level.text).strip()


def _val(node: Any | None) -> str | None:
    return None if node is None else node.get(f"{{{W}}}val")


# ----------------------------------------------------------------------------------------- body walk


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"):
        tag = etree.QName(node).localname
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts).replace("\xa0", " ").strip()


def _table_rows(tbl: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in tbl.iterfind("w:tr", _NS):
        cells = []
        for tc in tr.iterfind("w:tc", _NS):
            # A vertically merged continuation cell is empty in the file and carries nothing new.
            texts = [_paragraph_text(p) for p in tc.iterfind(".//w:p", _NS)]
            cells.append("\n".join(t for t in texts if t).strip())
        rows.append(cells)
    return rows


def _style_numbering(root: Any) -> dict[str, tuple[str | None, str | None]]:
    """(numId, ilvl) of each paragraph style that numbers its paragraphs, through its basedOn chain."""
    own: dict[str, tuple[str | None, str | None]] = {}
    based: dict[str, str] = {}
    for style in root.iterfind("w:style", _NS):
        style_id = style.get(f"{{{W}}}styleId", "")
        num_pr = style.find("w:pPr/w:numPr", _NS)
        if num_pr is not None:
            own[style_id] = (_val(num_pr.find("w:numId", _NS)), _val(num_pr.find("w:ilvl", _NS)))
        parent = _val(style.find("w:basedOn", _NS))
        if parent:
            based[style_id] = parent
    result: dict[str, tuple[str | None, str | None]] = {}
    for style_id in {*own, *based}:
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in own and current not in seen:
            seen.add(current)
            current = based.get(current)
        if current is not None and current in own:
            result[style_id] = own[current]
    return result


def _lines(data: bytes) -> list[_Line]:
    from docx import Document

    document = Document(io.BytesIO(data))
    try:
        numbering_root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering_root = None
    numbering = _Numbering(numbering_root)
    styles = _style_numbering(document.styles.element)
    body = document.element.body
    lines: list[_Line] = []
    for child in body.iterchildren():
        tag = etree.QName(child).localname
        if tag == "p":
            text = _paragraph_text(child)
            num_pr = child.find("w:pPr/w:numPr", _NS)
            style = _val(child.find("w:pPr/w:pStyle", _NS))
            own = (
                (_val(num_pr.find("w:numId", _NS)), _val(num_pr.find("w:ilvl", _NS)))
                if num_pr is not None
                else (None, None)
            )
            inherited = styles.get(style or "", (None, None))
            # The paragraph's own numPr wins, part by part, over its style's («Нумерованный список»).
            num_id, ilvl = own[0] or inherited[0], own[1] or inherited[1]
            label = numbering.label(num_id, int(ilvl or 0)) if num_id else ""
            page_break = child.find(".//w:br[@w:type='page']", _NS) is not None
            if text or label:
                lines.append(_Line(text, label))
            if page_break and not text:
                lines.append(_Line("", "page"))
        elif tag == "tbl":
            lines.append(_Line("", table=_table_rows(child)))
    return lines


# ----------------------------------------------------------------------------------------- parsing


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _parse_date(text: str) -> date | None:
    for match in _DATE_WORDS.finditer(text):
        month = _MONTHS.get(match.group(2).lower())
        if month:
            try:
                return date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                continue
    for match in _DATE_DIGITS.finditer(text):
        try:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            continue
    return None


def _requisite_line(text: str) -> bool:
    """A line that holds only a date and/or a number («от «24» марта 2022 г. № 390», «24.03.2022\t№ 390»)."""
    rest = _DATE_WORDS.sub("", text)
    rest = _DATE_DIGITS.sub("", rest)
    rest = _NUMBER.sub("", rest)
    return len(re.sub(r"[\s\t«»\"от.г]", "", rest, flags=re.IGNORECASE)) == 0 and (
        _parse_date(text) is not None or _NUMBER.search(text) is not None
    )


def _command_at(text: str) -> tuple[str, str] | None:
    """(text before, command word) when the paragraph ends with «п р и к а з ы в а ю:» or the like."""
    squeezed = _squeeze(text).lower().rstrip(":").rstrip()
    for word in _COMMANDS:
        if squeezed.endswith(word):
            # Find where the spaced-out word starts in the original text.
            letters = 0
            cut = len(text)
            for i in range(len(text) - 1, -1, -1):
                if not text[i].isspace() and text[i] != ":":
                    letters += 1
                    if letters == len(word):
                        cut = i
                        break
            return text[:cut].rstrip(" ,"), text[cut:].strip()
    return None


def _row_text(row: list[str]) -> str:
    return " | ".join(c for c in row if c)


class _Reader:
    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.result = ReadOrder()
        self.i = 0

    def warn(self, field_name: str, text: str, message: str) -> None:
        self.result.warnings.append(ReadWarning(field_name, text[:500], message))

    def read(self) -> ReadOrder:
        r = self.result
        for line in self.lines:
            if line.table is not None:
                r.paragraphs.extend(_row_text(row) for row in line.table)
            elif line.text:
                r.paragraphs.append(f"{line.label} {line.text}" if line.label and line.label != "-" else line.text)
        self._requisites()
        self._title_and_preamble()
        if r.command:
            self._points()
        self._signature()
        self._appendices()
        if r.reg_date is None:
            self.warn("reg_date", "", "Дата документа не найдена.")
        if not r.reg_number:
            self.warn("reg_number", "", "Номер документа не найден.")
        if not r.title:
            self.warn("title", "", "Заголовок документа не найден.")
        return r

    # header, kind, date, number, place ---------------------------------------------------------

    def _take_requisites(self, text: str) -> None:
        r = self.result
        if r.reg_date is None:
            r.reg_date = _parse_date(text)
        if not r.reg_number and (number := _NUMBER.search(text)):
            r.reg_number = number.group(1).rstrip(".")[:60]  # the journal column holds 60

    def _requisites(self) -> None:
        r = self.result
        kind_at = next((n for n, line in enumerate(self.lines[:25]) if _squeeze(line.text).upper() in KIND_WORDS), None)
        start = 0
        if kind_at is not None:
            r.kind_word = _squeeze(self.lines[kind_at].text).upper()
            r.kind = KIND_WORDS[r.kind_word]
            r.header = [line.text for line in self.lines[:kind_at] if line.text]
            start = kind_at + 1
        i = start
        # Requisites sit in the next few lines or in one small table: date, number, place in any order.
        while i < len(self.lines) and i < start + 8:
            line = self.lines[i]
            if line.table is not None and len(line.table) <= 3 and (r.reg_date is None or not r.reg_number):
                cells = [c for row in line.table for c in row if c]
                if any(_parse_date(c) or _NUMBER.search(c) for c in cells):
                    for cell in cells:
                        for part in cell.split("\n"):
                            if _PLACE.match(part.strip()) and not r.place:
                                r.place = part.strip()
                            else:
                                self._take_requisites(part)
                    i += 1
                    continue
            if line.table is not None and len(line.table) <= 3 and i < start + 3:
                # An empty requisites table («от ____ № ____» left blank): nothing to read in it.
                i += 1
                continue
            text = line.text
            if line.table is None and text and _requisite_line(text):
                self._take_requisites(text)
            elif line.table is None and text and _PLACE.match(text) and len(text) <= 80 and not r.place:
                r.place = text
            elif kind_at is None and line.table is None and text and i < 20:
                # A letter: its header runs down to the line with the date and the number.
                i += 1
                continue
            elif text or line.table is not None:
                break
            i += 1
        if kind_at is None:
            requisite_at = next(
                (n for n, line in enumerate(self.lines[:25]) if line.table is None and _requisite_line(line.text)),
                None,
            )
            if requisite_at is not None:
                r.header = [line.text for line in self.lines[:requisite_at] if line.text and line.table is None]
                self._take_requisites(self.lines[requisite_at].text)
                i = requisite_at + 1
                # A letter may name its place and date after the number («г. Смоленск» on the next line).
                while i < len(self.lines) and self.lines[i].text and _PLACE.match(self.lines[i].text):
                    r.place = r.place or self.lines[i].text
                    i += 1
        self.i = i

    # title, preamble, command ------------------------------------------------------------------

    def _title_and_preamble(self) -> None:
        r = self.result
        preamble: list[str] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.table is not None:
                break
            if line.label == "page":
                self.i += 1
                continue
            if not r.title:
                r.title = " ".join(line.text.split())
                self.i += 1
                continue
            command = _command_at(line.text)
            if command is not None and len(_squeeze(command[1])) <= 16:
                before, r.command = command
                if before:
                    preamble.append(before)
                self.i += 1
                break
            if r.kind == "letter" and (_SIGNATURE_NAME.search(line.text) or _APPENDIX.match(line.text)):
                break
            if r.kind != "letter" and (line.label or _TYPED_POINT.match(line.text)):
                # Points without a command word (a letter-like order): the preamble ends here.
                break
            preamble.append(line.text)
            self.i += 1
        r.preamble = "\n".join(preamble)

    # points ------------------------------------------------------------------------------------

    def _is_end_of_points(self, line: _Line) -> bool:
        return (
            line.table is not None
            or line.label == "page"
            or bool(_APPENDIX.match(line.text))
            or (not line.label and not _TYPED_POINT.match(line.text) and bool(_SIGNATURE_NAME.search(line.text)))
        )

    def _points(self) -> None:
        r = self.result
        stack: list[ReadPoint] = []
        last: ReadPoint | None = None
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if self._is_end_of_points(line):
                break
            text, number, auto = line.text, "", False
            if line.label and line.label != "-":
                number, auto = line.label.rstrip(".)"), True
            elif not line.label and (typed := _TYPED_POINT.match(text)):
                number, text = typed.group(1), typed.group(2).strip()
            if number:
                if _CONTROL.match(text) and "." not in number:
                    r.control = text
                    last = None
                    self.i += 1
                    continue
                point = ReadPoint(number, text, auto)
                depth = number.count(".")
                while stack and stack[-1].number.count(".") >= depth:
                    stack.pop()
                (stack[-1].children if stack else r.points).append(point)
                stack.append(point)
                last = point
            elif _CONTROL.match(text) and not r.control:
                r.control = text
                last = None
            elif last is not None and not _DASH_ITEM.match(text) and self._looks_like_position(self.i):
                break
            elif last is not None:
                dash = _DASH_ITEM.match(text)
                if dash:
                    item = f"- {dash.group(1).strip()}"
                else:
                    item = f"- {text}" if line.label == "-" else text
                last.text = f"{last.text}\n{item}" if last.text else item
            else:
                if self._looks_like_position(self.i):
                    break
                self.warn("points", text, "Абзац до первого пункта не отнесён ни к одному пункту.")
            self.i += 1

    def _looks_like_position(self, at: int) -> bool:
        """A line followed (within two lines) by the signatory's name: the start of the signature."""
        for line in self.lines[at : at + 3]:
            if line.table is not None or (line.label and line.label != "-") or _TYPED_POINT.match(line.text):
                return False
            if len(line.text) > 200:
                return False  # a position is a line or two, not a paragraph
            if _SIGNATURE_NAME.search(line.text):
                return True
        return False

    # signature, executor mark ------------------------------------------------------------------

    def _signature(self) -> None:
        r = self.result
        position: list[str] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.label == "page" or _APPENDIX.match(line.text):
                break
            if line.table is not None:
                cells = [c for row in line.table for c in row if c]
                joined = "\n".join(cells)
                if not r.signature_name and (name := _SIGNATURE_NAME.search(joined)):
                    r.signature_name = name.group(1)
                    r.signature_position = " ".join(
                        " ".join(c.split()) for c in cells if name.group(1) not in c
                    ).strip()
                    self.i += 1
                    continue
                break
            text = line.text
            if not r.signature_name and (name := _SIGNATURE_NAME.search(text)) and not _EXECUTOR_MARK.match(text):
                before = text[: name.start()].strip()
                if before:
                    position.append(before)
                r.signature_name = name.group(1)
                r.signature_position = " ".join(" ".join(p.split()) for p in position)
            elif not r.signature_name:
                position.append(text)
            elif _EXECUTOR_MARK.match(text) or self._phone_near(self.i):
                self._executor_mark(text)
            else:
                self.warn("executor_mark", text, "Строка после подписи не распознана.")
            self.i += 1
        if not r.signature_name:
            for text in position:
                self.warn("signatory", text, "Подпись (должность и инициалы с фамилией) не распознана.")
            if not position and r.kind != "letter":
                self.warn("signatory", "", "Подпись не найдена.")

    def _phone_near(self, at: int) -> bool:
        """A line of the executor mark without «Исп.»: a phone number on it or on the next line."""
        for line in self.lines[at : at + 2]:
            if line.table is None and sum(ch.isdigit() for ch in line.text) >= 5 and not _APPENDIX.match(line.text):
                return True
        return False

    def _executor_mark(self, text: str) -> None:
        r = self.result
        r.executor_mark = f"{r.executor_mark}\n{text}".strip()
        body = _EXECUTOR_MARK.sub("", r.executor_mark).replace("\n", " ").strip()
        phone = _PHONE.search(body)
        if phone and sum(ch.isdigit() for ch in phone.group(1)) >= 5:
            r.executor_phone = phone.group(1).strip()
            body = body[: phone.start()]
        r.executor_name = body.strip(" ,.;:").removesuffix("тел").strip(" ,.;:")

    # appendices --------------------------------------------------------------------------------

    def _appendices(self) -> None:
        r = self.result
        current: ReadAppendix | None = None
        texts: list[str] = []

        def close() -> None:
            if current is not None:
                current.text = "\n".join(texts)

        while self.i < len(self.lines):
            line = self.lines[self.i]
            self.i += 1
            if line.label == "page":
                continue
            match = _APPENDIX.match(line.text) if line.table is None else None
            if match:
                close()
                texts = []
                heading = " ".join(line.text.split())
                current = ReadAppendix(match.group(1) or str(len(r.appendices) + 1), heading)
                r.appendices.append(current)
                continue
            if current is None:
                what = _row_text(line.table[0]) if line.table else line.text
                self.warn("appendices", what, "Текст после подписи без заголовка «Приложение N к приказу …».")
                continue
            if line.table is not None:
                current.rows.extend(line.table)
            elif not current.title and _HEADING_TAIL.match(line.text):
                # The rest of a heading set on several lines: «к приказу управления» / «от 24.03.2022 № 390».
                current.heading = f"{current.heading} {' '.join(line.text.split())}"
            elif not current.title:
                current.title = " ".join(line.text.split())
            else:
                texts.append(line.text)
        close()


def read_order(data: bytes) -> ReadOrder:
    """A DOCX order's parts as written; call it through documents.untrusted.read_office_file."""
    return _Reader(_lines(data)).read()
