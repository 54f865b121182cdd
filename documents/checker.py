"""The signed-ready checker: is a DOCX something a head can print or sign without touching it?

It checks against ГОСТ Р 7.0.97-2025 (the edition is named in every report) and reads the package itself (no Word,
no LibreOffice): the parts are valid, no template tag is left, the page is A4 with ГОСТ margins, the body text is
12–14 pt in a font of the office's list, page numbers start on the second page in the top margin, the requisites
of the document type are there and in order, each appendix starts on a new page with a well-formed mark and is
named in the text or the appendix note, the executor mark stands at the bottom of the page, and an approved
document carries its QR code (requisite 31) at the bottom right of the first page.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from documents.layout import DEFAULT_RULES, GOST_EDITION, LayoutRules, twips_to_mm
from documents.russian import appendix_references, format_date_numeric

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"w": W, "r": R}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
DATE_RE = re.compile(rf"\b\d{{2}}\.\d{{2}}\.\d{{4}}\b|\b\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}\s*г\.?")
NUMBER_RE = re.compile(r"№\s*([^\s,;]+)")
SIGNATURE_RE = re.compile(r"^[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\.?$")
TITLE_RE = re.compile(r"^Об?о?\s+\S")
# «Приложение 2 к приказу …» starts an appendix; «Приложение: …» and «Приложение 2: …» are the appendix note.
APPENDIX_START_RE = re.compile(r"^Приложение(?!\s*(?:\d+\s*)?:)\b")
APPENDIX_RE = re.compile(
    r"^Приложение(?:\s+№?\s*(?P<n>\d+))?\s+к\s+(?P<kind>приказу|постановлению|распоряжению|письму|решению)\s+"
    r"(?P<org>.+?)\s+от\s+(?P<date>\d{2}\.\d{2}\.\d{4}|__\.__\.20__)(?:\s*г\.)?\s+№\s*(?P<number>\S+)$")
TAG_RE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")

KIND_WORDS = {"ПРИКАЗ": "order", "ПОСТАНОВЛЕНИЕ": "resolution", "РАСПОРЯЖЕНИЕ": "directive"}
OPERATIVE_WORDS = {
    "order": ("приказываю:",),
    "resolution": ("постановляет:", "постановляю:"),
    "directive": ("предлагаю:", "обязываю:"),
}
REPORT_WORDS = {
    "approval_sheet": ("ЛИСТСОГЛАСОВАНИЯ",),
    "execution_report": ("ОТЧЁТ", "ОТЧЕТ"),
    "reporting_period": ("ОТЧЁТ", "ОТЧЕТ"),
    "control_report": ("СПРАВКА",),
}
DOC_TYPES = ("order", "letter", *REPORT_WORDS)


@dataclass
class Problem:
    """One reason the document is not signed-ready: a stable code and a message in Russian."""

    code: str
    message: str


@dataclass
class CheckReport:
    """The outcome of a check: the problems found; `ok` when there are none."""

    doc_type: str
    problems: list[Problem] = field(default_factory=list)
    edition: str = GOST_EDITION

    @property
    def ok(self) -> bool:
        """True when the document is signed-ready."""
        return not self.problems

    @property
    def messages(self) -> list[str]:
        """The problems' messages."""
        return [p.message for p in self.problems]

    @property
    def codes(self) -> set[str]:
        """The problems' codes."""
        return {p.code for p in self.problems}

    def add(self, code: str, message: str) -> None:
        """Records a problem."""
        self.problems.append(Problem(code, message))

    def __str__(self) -> str:
        if self.ok:
            return f"Документ готов к подписанию: замечаний нет (проверен по {self.edition})."
        lines = [f"Документ не готов к подписанию по {self.edition}, замечаний: {len(self.problems)}"]
        lines += [f"- {p.message}" for p in self.problems]
        return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ package

@dataclass
class _Para:
    text: str
    in_table: bool
    breaks_before: bool
    style: str | None


class _Package:
    """The parts of a DOCX the checks need, parsed once."""

    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.parts: dict[str, etree._Element] = {}
        for name in self.zip.namelist():
            if name.endswith((".xml", ".rels")):
                self.parts[name] = etree.fromstring(self.zip.read(name))
        self.document = self.parts["word/document.xml"]
        self.styles = _Styles(self.parts.get("word/styles.xml"))
        rels = self.parts.get("word/_rels/document.xml.rels")
        self.targets: dict[str, str] = {}
        if rels is not None:
            for rel in rels.iter(f"{{{PR}}}Relationship"):
                self.targets[rel.get("Id")] = "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")

    def text_parts(self) -> list[tuple[str, etree._Element]]:
        """The parts whose text a reader sees: body, headers, footers, notes."""
        return [(n, el) for n, el in self.parts.items()
                if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", n)]


class _Styles:
    """Effective fonts, sizes, alignment and page breaks through the style chain."""

    def __init__(self, root: etree._Element | None):
        self.by_id: dict[str, etree._Element] = {}
        self.default_font: str | None = None
        self.default_size: float | None = None
        self.default_paragraph: str | None = None
        if root is None:
            return
        rpr = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
        if rpr is not None:
            self.default_font = _font_of(rpr)
            self.default_size = _size_of(rpr)
        for style in root.findall("w:style", NS):
            self.by_id[style.get(_w("styleId"))] = style
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true", "on"):
                self.default_paragraph = style.get(_w("styleId"))

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain, seen = [], set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find("w:basedOn", NS)
            style_id = based.get(_w("val")) if based is not None else None
        return chain

    def _lookup(self, style_id: str | None, path: str, getter):
        for style in self._chain(style_id):
            el = style.find(path, NS)
            if el is not None:
                value = getter(el)
                if value is not None:
                    return value
        return None

    def font(self, style_id: str | None) -> str | None:
        """The font a paragraph or character style gives, through its bases."""
        return self._lookup(style_id, "w:rPr", _font_of)

    def size(self, style_id: str | None) -> float | None:
        """The size in points a style gives."""
        return self._lookup(style_id, "w:rPr", _size_of)

    def alignment(self, style_id: str | None) -> str | None:
        """The paragraph alignment a style gives."""
        return self._lookup(style_id, "w:pPr/w:jc", lambda el: el.get(_w("val")))

    def frame_y_align(self, style_id: str | None) -> str | None:
        """The vertical alignment of the frame a style puts its paragraphs in («bottom»), if any."""
        return self._lookup(style_id, "w:pPr/w:framePr", lambda el: el.get(_w("yAlign")))

    def page_break_before(self, style_id: str | None) -> bool:
        """Whether the style starts its paragraphs on a new page."""
        return bool(self._lookup(style_id, "w:pPr/w:pageBreakBefore", _on))


def _on(el: etree._Element) -> bool:
    return el.get(_w("val"), "true") not in ("0", "false", "off")


def _font_of(rpr: etree._Element) -> str | None:
    fonts = rpr.find("w:rFonts", NS)
    if fonts is None:
        return None
    return fonts.get(_w("ascii")) or fonts.get(_w("hAnsi"))


def _size_of(rpr: etree._Element) -> float | None:
    sz = rpr.find("w:sz", NS)
    return int(sz.get(_w("val"))) / 2 if sz is not None and sz.get(_w("val"), "").isdigit() else None


def _para_style(p: etree._Element) -> str | None:
    el = p.find("w:pPr/w:pStyle", NS)
    return el.get(_w("val")) if el is not None else None


def _para_text(p: etree._Element) -> str:
    out = []
    # Only run content: a paragraph's tab stops (w:tabs/w:tab) are not text.
    for el in (c for r in p.iter(_w("r")) for c in r):
        if el.tag not in (_w("t"), _w("tab"), _w("br"), _w("cr")):
            continue
        if el.tag == _w("t"):
            out.append(el.text or "")
        elif el.tag == _w("tab"):
            out.append("\t")
        elif el.get(_w("type")) != "page":
            out.append("\n")
    return "".join(out)


def _page_break_runs(p: etree._Element) -> tuple[bool, bool]:
    """Whether the paragraph has a page break before any text, and after all its text."""
    before_text, seen_text, after_text = False, False, False
    for el in p.iter(_w("t"), _w("br")):
        if el.tag == _w("t") and (el.text or "").strip():
            seen_text = True
            after_text = False
        elif el.tag == _w("br") and el.get(_w("type")) == "page":
            if not seen_text:
                before_text = True
            else:
                after_text = True
    return before_text, after_text


def _paragraphs(pkg: _Package) -> list[_Para]:
    body = pkg.document.find("w:body", NS)
    out: list[_Para] = []
    pending_break = False
    for p in body.iter(_w("p")):
        in_table = any(a.tag == _w("tc") for a in p.iterancestors())
        style = _para_style(p) or pkg.styles.default_paragraph
        direct = p.find("w:pPr/w:pageBreakBefore", NS)
        breaks = _on(direct) if direct is not None else pkg.styles.page_break_before(style)
        leading, trailing = _page_break_runs(p)
        text = _para_text(p)
        out.append(_Para(text, in_table, breaks or leading or pending_break, style))
        if text.strip() or trailing:
            pending_break = trailing
        if p.find("w:pPr/w:sectPr", NS) is not None:
            pending_break = True
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


# ------------------------------------------------------------------------------------------------ checks

def _check_tags(pkg: _Package, report: CheckReport) -> None:
    for name, root in pkg.text_parts():
        text = "".join(t.text or "" for t in root.iter(_w("t")))
        instr = "".join(t.text or "" for t in root.iter(_w("instrText")))
        for source in (text, instr):
            m = TAG_RE.search(source)
            if m:
                snippet = source[max(m.start() - 20, 0): m.end() + 30].strip()
                report.add("template_tag", f"В документе остался тег шаблона («{snippet}», часть {name})")
                return


def _check_page(pkg: _Package, rules: LayoutRules, report: CheckReport) -> None:
    sections = list(pkg.document.iter(_w("sectPr")))
    if not sections:
        report.add("page_setup", "В документе нет параметров страницы (раздела)")
        return
    for i, sect in enumerate(sections, start=1):
        where = f" (раздел {i})" if len(sections) > 1 else ""
        size = sect.find("w:pgSz", NS)
        if size is None:
            report.add("page_size", f"Не задан размер страницы{where}: нужен А4")
        else:
            w_mm = twips_to_mm(int(size.get(_w("w"), "0")))
            h_mm = twips_to_mm(int(size.get(_w("h"), "0")))
            short, long_ = sorted((w_mm, h_mm))
            tol = rules.page_tolerance_mm
            if abs(short - rules.page_width_mm) > tol or abs(long_ - rules.page_height_mm) > tol:
                report.add("page_size", f"Размер страницы {w_mm:.0f}×{h_mm:.0f} мм{where}: нужен А4 (210×297 мм)")
        margins = sect.find("w:pgMar", NS)
        if margins is None:
            report.add("margins", f"Не заданы поля страницы{where}")
            continue
        for side, label, minimum in (("left", "левое", rules.min_margin_left_mm),
                                     ("right", "правое", rules.min_margin_right_mm),
                                     ("top", "верхнее", rules.min_margin_top_mm),
                                     ("bottom", "нижнее", rules.min_margin_bottom_mm)):
            value = twips_to_mm(abs(int(margins.get(_w(side), "0"))))
            if value + 0.2 < minimum:
                report.add("margins", f"{label.capitalize()} поле {value:.0f} мм{where}: по ГОСТ Р 7.0.97 "
                                      f"не менее {minimum:g} мм")


SMALL_PRINT_STYLES = frozenset({"Executor"})


def _check_font(pkg: _Package, rules: LayoutRules, report: CheckReport) -> None:
    styles = pkg.styles
    tally: Counter[tuple[str | None, float | None]] = Counter()
    body = pkg.document.find("w:body", NS)
    # The 12–14 pt rule is for the text itself; tables (a long roadmap appendix) may use a smaller size.
    for p in body.iter(_w("p")):
        if next(p.iterancestors(_w("tbl")), None) is not None:
            continue
        pstyle = _para_style(p) or styles.default_paragraph
        if pstyle in SMALL_PRINT_STYLES:  # the executor mark is small print by ГОСТ Р 7.0.97
            continue
        p_font = styles.font(pstyle) or styles.default_font
        p_size = styles.size(pstyle) or styles.default_size
        for r in p.iter(_w("r")):
            text = "".join(t.text or "" for t in r.findall("w:t", NS))
            chars = len(text.strip())
            if not chars:
                continue
            rpr = r.find("w:rPr", NS)
            font, size = p_font, p_size
            if rpr is not None:
                rstyle = rpr.find("w:rStyle", NS)
                if rstyle is not None:
                    font = styles.font(rstyle.get(_w("val"))) or font
                    size = styles.size(rstyle.get(_w("val"))) or size
                font = _font_of(rpr) or font
                size = _size_of(rpr) or size
            tally[(font, size)] += chars
    total = sum(tally.values())
    if not total:
        report.add("empty", "В документе нет текста")
        return
    allowed = {f.lower() for f in rules.allowed_fonts}
    bad = Counter({(font, size): n for (font, size), n in tally.items()
                   if not ((not allowed or (font and font.lower() in allowed)) and size and
                           rules.min_font_size_pt <= size <= rules.max_font_size_pt)})
    if sum(bad.values()) / total > 1 - rules.body_text_share:
        (font, size), _ = bad.most_common(1)[0]
        shown = f"{size:g}" if size else "?"
        fonts = f"шрифт из списка организации ({', '.join(rules.allowed_fonts[:2])} и др.) " if allowed else "шрифт "
        report.add("font", f"Основной шрифт текста — {font or 'не задан'}, {shown} пт: нужен {fonts}"
                           f"размером {rules.min_font_size_pt:g}–{rules.max_font_size_pt:g} пт ({rules.edition})")


def _has_page_field(root: etree._Element) -> bool:
    instr = " ".join(t.text or "" for t in root.iter(_w("instrText")))
    simple = " ".join(el.get(_w("instr"), "") for el in root.iter(_w("fldSimple")))
    return bool(re.search(r"\bPAGE\b", instr + " " + simple))


def _check_header(pkg: _Package, report: CheckReport) -> None:
    body = pkg.document.find("w:body", NS)
    sect = body.find("w:sectPr", NS) if body is not None else None
    if sect is None:
        return
    if sect.find("w:titlePg", NS) is None or not _on(sect.find("w:titlePg", NS)):
        report.add("first_page", "Не задан особый колонтитул первой страницы: номера страниц должны начинаться "
                                 "со второй страницы")
    refs = {ref.get(_w("type"), "default"): ref.get(f"{{{R}}}id") for ref in sect.findall("w:headerReference", NS)}
    default = pkg.parts.get(pkg.targets.get(refs.get("default", ""), ""))
    if default is None or not _has_page_field(default):
        report.add("page_number", "В верхнем колонтитуле нет поля номера страницы (PAGE)")
    else:
        for p in default.iter(_w("p")):
            if _has_page_field(p):
                jc = p.find("w:pPr/w:jc", NS)
                align = jc.get(_w("val")) if jc is not None else pkg.styles.alignment(_para_style(p))
                if align != "center":
                    report.add("page_number", "Номер страницы должен стоять по центру верхнего поля")
    first = pkg.parts.get(pkg.targets.get(refs.get("first", ""), ""))
    if first is not None and _has_page_field(first):
        report.add("page_number", "Номер страницы стоит на первой странице: нумерация начинается со второй")


def _matched(pattern: re.Pattern[str], text: str) -> re.Match[str]:
    """The match in a paragraph that _find has already found to contain the pattern."""
    match = pattern.search(text)
    assert match is not None
    return match


def _check_executor_mark(pkg: _Package, report: CheckReport) -> None:
    body = pkg.document.find("w:body", NS)
    for p in body.iter(_w("p")):
        style = _para_style(p)
        if style not in SMALL_PRINT_STYLES or not _para_text(p).strip():
            continue
        direct = p.find("w:pPr/w:framePr", NS)
        align = direct.get(_w("yAlign")) if direct is not None else pkg.styles.frame_y_align(style)
        if align != "bottom":
            report.add("executor_mark", "Отметка об исполнителе должна стоять в нижней части последнего листа "
                                        "документа (ГОСТ Р 7.0.97, реквизит 27)")
        return


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _check_qr(pkg: _Package, rules: LayoutRules, report: CheckReport) -> None:
    body = pkg.document.find("w:body", NS)
    first_break = None
    for i, p in enumerate(body.iter(_w("p"))):
        for anchor in p.iter(f"{{{WP}}}anchor"):
            doc_pr = anchor.find(f"{{{WP}}}docPr")
            if doc_pr is None or "QR" not in (doc_pr.get("name") or ""):
                continue
            h = anchor.find(f"{{{WP}}}positionH/{{{WP}}}posOffset")
            v = anchor.find(f"{{{WP}}}positionV/{{{WP}}}posOffset")
            right = h is not None and int(h.text or 0) / 36000 > rules.page_width_mm / 2
            bottom = v is not None and int(v.text or 0) / 36000 > rules.page_height_mm / 2
            if first_break is None and right and bottom:
                return
        if first_break is None and any(b.get(_w("type")) == "page" for b in p.iter(_w("br"))):
            first_break = i
    report.add("qr_code", f"Нет QR-кода документа в правом нижнем углу первой страницы (реквизит 31 {rules.edition})")


def _find(paras: list[_Para], pred, start: int = 0) -> int | None:
    for i in range(start, len(paras)):
        if pred(paras[i]):
            return i
    return None


def _signature_name(p: _Para) -> str:
    # The name is a paragraph (or cell) of its own, or stands after the last tab of the position's line.
    return _norm(p.text.rsplit("\t", 1)[-1]).rstrip(".")


def _is_signature(p: _Para) -> bool:
    return bool(SIGNATURE_RE.match(_signature_name(p) + "."))


def _check_order(paras: list[_Para], expect: dict[str, Any], report: CheckReport) -> dict[str, str]:
    found: dict[str, str] = {}
    kind_at = _find(paras, lambda p: re.sub(r"\s+", "", p.text).upper() in KIND_WORDS)
    if kind_at is None:
        report.add("kind", "Не найден вид документа (ПРИКАЗ, ПОСТАНОВЛЕНИЕ или РАСПОРЯЖЕНИЕ)")
        kind, start = expect.get("kind", "order"), 0
    else:
        word = re.sub(r"\s+", "", paras[kind_at].text).upper()
        kind, start = KIND_WORDS[word], kind_at + 1
        found["kind_word"] = word
    number_at = _find(paras, lambda p: bool(NUMBER_RE.search(p.text)), start)
    if number_at is None:
        report.add("number", "Не найден регистрационный номер документа («№ …»)")
    else:
        found["number"] = _matched(NUMBER_RE, paras[number_at].text).group(1)
        if set(found["number"]) <= {"_"} and not expect.get("draft"):
            report.add("number", "Документ не зарегистрирован: вместо номера прочерк")
    # The date stands with the number: on its line, or a line or two before or after it (place between).
    zone = paras[:(number_at + 3)] if number_at is not None else paras
    date_at = _find(zone, lambda p: bool(DATE_RE.search(p.text)), start)
    if date_at is None:
        if not expect.get("draft"):
            report.add("date", "Не найдена дата документа (ДД.ММ.ГГГГ или «24 марта 2022 г.») рядом с номером")
    else:
        found["date"] = _matched(DATE_RE, paras[date_at].text).group(0)
    after = max(i for i in (start, date_at or 0, number_at or 0))
    title_at = _find(paras, lambda p: bool(TITLE_RE.match(_norm(p.text))) and not p.in_table, after)
    if title_at is None:
        report.add("title", "Не найден заголовок к тексту («О …», «Об …»)")
    else:
        title = _norm(paras[title_at].text)
        found["title"] = title
        if title.endswith("."):
            report.add("title_dot", "Заголовок к тексту не должен заканчиваться точкой")
    words = OPERATIVE_WORDS.get(kind, ())
    operative_at = _find(paras, lambda p: re.sub(r"\s+", "", p.text).lower() in words, title_at or after)
    if operative_at is None and kind != "directive":
        shown = {"order": "«п р и к а з ы в а ю:»", "resolution": "«ПОСТАНОВЛЯЕТ:»"}[kind]
        report.add("operative", f"Не найдено распорядительное слово {shown}")
    signature_at = _find(paras, _is_signature, operative_at or title_at or 0)
    if signature_at is None:
        report.add("signature", "Не найдена подпись: расшифровка вида «Н.Е. Дереча» (инициалы перед фамилией)")
    else:
        found["signatory"] = _signature_name(paras[signature_at])
    order = [i for i in (kind_at, date_at, title_at, operative_at, signature_at) if i is not None]
    if order != sorted(order):
        report.add("order", "Реквизиты расположены не в порядке ГОСТ Р 7.0.97: вид документа, дата и номер, "
                            "заголовок, текст, подпись")
    return found


def _check_letter(paras: list[_Para], expect: dict[str, Any], report: CheckReport) -> dict[str, str]:
    found: dict[str, str] = {}
    number_at = _find(paras, lambda p: bool(NUMBER_RE.search(p.text)) and bool(DATE_RE.search(p.text)))
    if number_at is None:
        report.add("number", "Не найдены дата и регистрационный номер письма («26.07.2022 № 01-27/1951»)")
    else:
        found["number"] = _matched(NUMBER_RE, paras[number_at].text).group(1)
        found["date"] = _matched(DATE_RE, paras[number_at].text).group(0)
        if set(found["number"]) <= {"_"} and not expect.get("draft"):
            report.add("number", "Письмо не зарегистрировано: вместо номера прочерк")
    title_at = _find(paras, lambda p: bool(TITLE_RE.match(_norm(p.text))) and not p.in_table, number_at or 0)
    if title_at is None:
        report.add("title", "Не найден заголовок к тексту письма («О …»)")
    else:
        found["title"] = _norm(paras[title_at].text)
    signature_at = _find(paras, _is_signature, title_at or 0)
    if signature_at is None:
        report.add("signature", "Не найдена подпись: расшифровка вида «Н.Е. Дереча» (инициалы перед фамилией)")
    else:
        found["signatory"] = _signature_name(paras[signature_at])
    return found


_TYPO_CHECKS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("typography_nbsp", re.compile(r"№ (?=\S)|(?<=\d) (?:%|гг?\.|л\.)|\b[А-ЯЁ]\.(?:[А-ЯЁ]\.)? [А-ЯЁ][а-яё]+|"
                                   r"[А-ЯЁ][а-яё]+ [А-ЯЁ]\.(?:[А-ЯЁ]\.)?(?![А-ЯЁа-яё])"),
     "обычный пробел там, где нужен неразрывный (после «№», между инициалами и фамилией, перед «%», «г.», «л.»)"),
    ("typography_quotes", re.compile(r'"'), "прямые кавычки вместо «ёлочек»"),
    ("typography_dash", re.compile(r"(?<=[А-ЯЁа-яё]) - (?=[А-ЯЁа-яё])"), "дефис вместо тире между словами"),
    ("deadline_glued", re.compile(r"^\d+(?:\.\d+)*\.\s.*\s(?:постоянно|ежегодно|ежеквартально|ежемесячно)\.$",
                                  re.IGNORECASE), "срок приклеен к тексту пункта («… постоянно.»)"),
    ("control_clause_case", re.compile(r"возложить на [А-ЯЁ][а-яё]+ [а-яё]"),
     "должность в пункте о контроле написана с прописной буквы («возложить на Заместителя …»)"),
)


def _check_typography(paras: list[_Para], report: CheckReport) -> None:
    # The text as printed, spaces as they are: a non-breaking space is what keeps «№ 4518» on one line.
    seen: set[str] = set()
    for p in paras:
        if p.in_table or APPENDIX_START_RE.match(_norm(p.text)):
            continue
        for code, pattern, what in _TYPO_CHECKS:
            m = pattern.search(p.text.strip())
            if code not in seen and m:
                seen.add(code)
                snippet = p.text.strip()[max(m.start() - 25, 0): m.end() + 25].replace("\n", " ")
                report.add(code, f"Типографика: {what}: «{snippet}»")


def _check_report_heading(paras: list[_Para], doc_type: str, report: CheckReport) -> None:
    words = REPORT_WORDS[doc_type]
    if _find(paras, lambda p: re.sub(r"\s+", "", p.text).upper() in words) is None:
        report.add("kind", f"Не найдено наименование документа («{words[0]}»)")


def _check_appendices(paras: list[_Para], found: dict[str, str], report: CheckReport) -> int:
    marks = [(i, _norm(p.text)) for i, p in enumerate(paras)
             if not p.in_table and APPENDIX_START_RE.match(_norm(p.text))]
    numbers = []
    for i, text in marks:
        m = APPENDIX_RE.match(text)
        if m is None:
            report.add("appendix_mark", f"Отметка о приложении оформлена неверно: «{text[:120]}»; нужно "
                                        "«Приложение N к приказу <организации> от ДД.ММ.ГГГГ № N»")
            continue
        label = f"Приложение {m.group('n')}" if m.group("n") else "Приложение"
        if not paras[i].breaks_before:
            report.add("appendix_page", f"{label} не начинается с новой страницы")
        if "number" in found and m.group("number") != found["number"] and set(found["number"]) - {"_"}:
            report.add("appendix_mark", f"{label}: номер документа в отметке ({m.group('number')}) не совпадает "
                                        f"с номером документа ({found['number']})")
        if "date" in found and re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", found["date"]) and \
                m.group("date") != found["date"]:
            report.add("appendix_mark", f"{label}: дата в отметке ({m.group('date')}) не совпадает с датой "
                                        f"документа ({found['date']})")
        numbers.append(int(m.group("n")) if m.group("n") else 1)
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        report.add("appendix_numbers", "Приложения пронумерованы не по порядку: "
                                       + ", ".join(str(n) for n in numbers))
    if marks:
        before = [_norm(p.text) for p in paras[:marks[0][0]] if not p.in_table]
        named = appendix_references(before, len(marks))
        for n in range(1, len(marks) + 1):
            if n not in named:
                label = f"Приложение {n}" if len(marks) > 1 else "Приложение"
                report.add("appendix_unnamed", f"{label} не названо ни в тексте документа, ни в отметке о наличии "
                                               "приложения («Приложение: … на N л. в 1 экз.»)")
    return len(marks)


def _check_expectations(paras: list[_Para], expect: dict[str, Any], appendices: int,
                        report: CheckReport) -> None:
    text = _norm("\n".join(p.text for p in paras))
    checks = {
        "kind_word": ("Вид документа «{}» не найден", lambda v: v in re.sub(r"\s+", "", text).upper()),
        "reg_number": ("Регистрационный номер «№ {}» не найден", lambda v: re.search(
            rf"№\s*{re.escape(v)}(?![\w/-])", text) is not None),
        "reg_date": ("Дата документа «{}» не найдена", lambda v: v in text),
        "title": ("Заголовок «{}» не найден", lambda v: _norm(v).rstrip(".") in text),
        "signatory": ("Подпись «{}» не найдена", lambda v: v in text),
    }
    for key, (message, test) in checks.items():
        value = expect.get(key)
        if value is None:
            continue
        if isinstance(value, date):
            value = format_date_numeric(value)
        value = str(value)
        if not test(value):
            report.add(f"expect_{key}", message.format(value[:100]))
    if "appendices" in expect and int(expect["appendices"]) != appendices:
        report.add("expect_appendices", f"Ожидалось приложений: {expect['appendices']}, найдено: {appendices}")


def check_docx(data: bytes, doc_type: str = "order", expect: dict[str, Any] | None = None,
               rules: LayoutRules = DEFAULT_RULES) -> CheckReport:
    """Checks a DOCX for being signed-ready; `expect` may name kind_word, reg_number, reg_date, title,
    signatory, appendices, draft=True for a draft preview, and qr=True for an approved document's QR code."""
    if doc_type not in DOC_TYPES:
        raise ValueError(f"Неизвестный тип документа «{doc_type}»: ожидается один из {', '.join(DOC_TYPES)}")
    expect = dict(expect or {})
    report = CheckReport(doc_type)
    try:
        pkg = _Package(data)
        bad = pkg.zip.testzip()
        if bad:
            report.add("zip", f"Повреждён архив документа: часть {bad}")
            return report
    except zipfile.BadZipFile:
        report.add("zip", "Файл не является документом DOCX (не ZIP-архив)")
        return report
    except etree.XMLSyntaxError as exc:
        report.add("xml", f"Повреждена XML-часть документа: {exc}")
        return report
    except KeyError:
        report.add("zip", "В архиве нет основной части документа (word/document.xml)")
        return report

    _check_tags(pkg, report)
    _check_page(pkg, rules, report)
    _check_font(pkg, rules, report)
    _check_header(pkg, report)
    _check_executor_mark(pkg, report)
    if expect.get("qr"):
        _check_qr(pkg, rules, report)
    paras = _paragraphs(pkg)
    draft_mark = any(_norm(p.text) == "ПРОЕКТ" for p in paras)
    if draft_mark and not expect.get("draft"):
        report.add("draft", "Документ помечен как проект («ПРОЕКТ»): он не готов к подписанию")
    found: dict[str, str] = {}
    if doc_type in ("order", "letter"):
        _check_typography(paras, report)
    if doc_type == "order":
        found = _check_order(paras, expect, report)
    elif doc_type == "letter":
        found = _check_letter(paras, expect, report)
    else:
        _check_report_heading(paras, doc_type, report)
    appendices = _check_appendices(paras, found, report)
    _check_expectations(paras, expect, appendices, report)
    return report


def main(argv: list[str] | None = None) -> int:
    """`python -m documents.checker FILE [--type order] [--number N] [--date ДД.ММ.ГГГГ] [--draft] [--json]`;
    exit code 0 when signed-ready, 1 when not, 2 when the file cannot be read."""
    parser = argparse.ArgumentParser(description=f"Проверка DOCX на готовность к подписанию ({GOST_EDITION})")
    parser.add_argument("file", type=Path, help="файл .docx")
    parser.add_argument("--type", default="order", choices=DOC_TYPES, help="тип документа")
    parser.add_argument("--number", help="ожидаемый регистрационный номер")
    parser.add_argument("--date", help="ожидаемая дата документа, ДД.ММ.ГГГГ")
    parser.add_argument("--title", help="ожидаемый заголовок")
    parser.add_argument("--draft", action="store_true", help="проверять как проект (допускается отметка «ПРОЕКТ»)")
    parser.add_argument("--json", action="store_true", help="вывести результат в JSON")
    args = parser.parse_args(argv)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"Не удалось прочитать файл {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    expect: dict[str, Any] = {"draft": args.draft}
    for key, value in (("reg_number", args.number), ("reg_date", args.date), ("title", args.title)):
        if value:
            expect[key] = value
    report = check_docx(data, args.type, expect)
    if args.json:
        print(json.dumps({"ok": report.ok, "doc_type": report.doc_type, "edition": report.edition,
                          "problems": [asdict(p) for p in report.problems]}, ensure_ascii=False, indent=2))
    else:
        print(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
