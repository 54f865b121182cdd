"""Builds the .docx templates of doc_templates/ with python-docx: styles, page setup, header, tables, Jinja tags.

Run `python -m tools.build_templates` after changing the layout or a template's structure; the output
is deterministic (the same layout gives byte-identical files), so the committed templates change only when
this script does.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from documents.contexts import TEMPLATES_DIR
from documents.layout import DEFAULT_LAYOUT, Layout, mm_to_twips
from documents.render import write_package

LEFT, CENTER, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)
# Template timestamps: fixed, so that rebuilding does not change the committed files.
BUILD_TIME = datetime(2024, 1, 1)

_APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>prikaz</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"
)


# ------------------------------------------------------------------------------------------------ builder

class TemplateBuilder:
    """A python-docx document with the house styles and page setup, and helpers to place tags and tables."""

    def __init__(self, layout: Layout = DEFAULT_LAYOUT, title: str = "", landscape: bool = False):
        self.layout = layout
        self.landscape = landscape
        self.doc = docx.Document()
        self.doc.core_properties.title = title
        self._page_setup()
        self._styles()
        self._header()
        # python-docx starts with one empty paragraph; the body is written from scratch.
        body = self.doc.element.body
        for p in body.findall(qn("w:p")):
            body.remove(p)

    # ---- setup

    def _page_setup(self) -> None:
        lay = self.layout
        section = self.doc.sections[0]
        sect = section._sectPr
        pg_sz = sect.find(qn("w:pgSz"))
        width, height = lay.page_width_mm, lay.page_height_mm
        if self.landscape:
            # Wide control tables go on A4 turned sideways, as ГОСТ allows for tables.
            width, height = height, width
            pg_sz.set(qn("w:orient"), "landscape")
        pg_sz.set(qn("w:w"), str(mm_to_twips(width)))
        pg_sz.set(qn("w:h"), str(mm_to_twips(height)))
        pg_mar = sect.find(qn("w:pgMar"))
        for attr, mm in (("top", lay.margin_top_mm), ("right", lay.margin_right_mm),
                         ("bottom", lay.margin_bottom_mm), ("left", lay.margin_left_mm),
                         ("header", lay.header_distance_mm), ("footer", lay.footer_distance_mm)):
            pg_mar.set(qn(f"w:{attr}"), str(mm_to_twips(mm)))
        pg_mar.set(qn("w:gutter"), "0")
        for attr in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
            sect.attrib.pop(qn(attr), None)
        # Page numbers from the second page: a first-page header of its own, kept empty.
        section.different_first_page_header_footer = True

    def _styles(self) -> None:
        lay = self.layout
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(rpr, lay.font_name)
        _set_child(rpr, "w:sz", val=str(round(lay.font_size_pt * 2)))
        _set_child(rpr, "w:szCs", val=str(round(lay.font_size_pt * 2)))
        _set_child(rpr, "w:lang", val=lay.language, eastAsia=lay.language, bidi="ar-SA")
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        _set_child(ppr, "w:spacing", after="0", line=str(round(240 * lay.line_spacing)), lineRule="auto")

        normal = styles["Normal"]
        normal.font.name = lay.font_name
        normal.font.size = Pt(lay.font_size_pt)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        pf.line_spacing = lay.line_spacing
        pf.widow_control = True

        self._para_style("DocText", "Текст документа", align=JUSTIFY, indent=True)
        self._para_style("Requisite", "Реквизит", align=CENTER)
        self._para_style("OrgName", "Наименование организации", align=CENTER, bold=True)
        kind = self._para_style("KindWord", "Вид документа", align=CENTER, bold=True, size=lay.kind_font_size_pt)
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(round(lay.kind_letter_spacing_pt * 20)))
        # Schema order in w:rPr: spacing comes before sz (Word refuses files that break the sequence).
        kind.element.get_or_add_rPr().find(qn("w:sz")).addprevious(spacing)
        title = self._para_style("DocTitle", "Заголовок к тексту", align=CENTER, bold=True)
        title.paragraph_format.keep_with_next = True
        self._para_style("Operative", "Распорядительное слово", align=LEFT)
        mark = self._para_style("AppendixMark", "Отметка о приложении", align=LEFT)
        mark.paragraph_format.left_indent = Mm(lay.appendix_mark_indent_mm)
        self._para_style("SignPosition", "Подпись", align=LEFT)
        self._para_style("Executor", "Отметка об исполнителе", align=LEFT, size=lay.small_font_size_pt)
        self._para_style("TableText", "Текст таблицы", align=LEFT, size=lay.table_font_size_pt)
        self._para_style("TableCenter", "Текст таблицы по центру", align=CENTER, size=lay.table_font_size_pt)
        self._para_style("TableHead", "Шапка таблицы", align=CENTER, bold=True, size=lay.table_font_size_pt)
        self._para_style("Sender", "Реквизиты бланка", align=CENTER, size=lay.table_font_size_pt)
        self._para_style("SenderName", "Наименование на бланке", align=CENTER, bold=True,
                         size=lay.table_font_size_pt)
        header = styles["Header"]
        header.font.size = Pt(lay.table_font_size_pt)
        header.paragraph_format.alignment = CENTER
        header.paragraph_format.tab_stops.clear_all()

    def _para_style(self, style_id: str, name: str, align=None, bold: bool = False, size: float | None = None,
                    indent: bool = False):
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = self.doc.styles["Normal"]
        style.quick_style = True
        pf = style.paragraph_format
        if align is not None:
            pf.alignment = align
        pf.first_line_indent = Cm(self.layout.first_line_indent_cm) if indent else Cm(0)
        if bold:
            style.font.bold = True
        if size:
            style.font.size = Pt(size)
        return style

    def _header(self) -> None:
        section = self.doc.sections[0]
        default = section.header
        default.is_linked_to_previous = False
        p = default.paragraphs[0]
        p.style = self.doc.styles["Header"]
        _add_page_field(p)
        first = section.first_page_header
        first.is_linked_to_previous = False
        first.paragraphs[0].style = self.doc.styles["Header"]

    @property
    def text_width_mm(self) -> float:
        """Width of the text field of this template's page."""
        lay = self.layout
        page = lay.page_height_mm if self.landscape else lay.page_width_mm
        return page - lay.margin_left_mm - lay.margin_right_mm

    # ---- content

    def para(self, text: str = "", style: str = "DocText", *, bold: bool = False, align=None,
             page_break_before: bool = False, keep_with_next: bool = False, container=None) -> Paragraph:
        """Adds a paragraph of the style (in the body or in a table cell)."""
        target = container if container is not None else self.doc
        p = target.add_paragraph(style=self.doc.styles[_STYLE_NAMES[style]] if style in _STYLE_NAMES else style)
        if text:
            run = p.add_run(text)
            if bold:
                run.bold = True
        if align is not None:
            p.paragraph_format.alignment = align
        if page_break_before:
            p.paragraph_format.page_break_before = True
        if keep_with_next:
            p.paragraph_format.keep_with_next = True
        return p

    def tag(self, tag: str, container=None) -> Paragraph:
        """Adds a paragraph holding only a docxtpl paragraph tag ({%p … %}); it vanishes on rendering."""
        return self.para(tag, "Normal", container=container)

    def loop(self, header: str, body: Callable[[], object], container=None) -> None:
        """Wraps paragraphs in {%p … %} … {%p end… %} tags."""
        keyword = header.split()[1]
        self.tag(header, container)
        body()
        self.tag("{%p end" + keyword + " %}", container)

    def table(self, widths_mm: list[float], grid: bool = True) -> Table:
        """A fixed-layout table of the given column widths; ruled or borderless."""
        table = self.doc.add_table(rows=0, cols=len(widths_mm))
        if grid:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER if grid else WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        _set_child(tbl_pr, "w:tblW", w=str(sum(mm_to_twips(w) for w in widths_mm)), type="dxa")
        # Schema order in w:tblPr: … tblLayout (set by autofit above), tblCellMar, tblLook.
        look = tbl_pr.find(qn("w:tblLook"))
        if not grid:
            # A layout table (blank, signature) keeps its text on the margins: no cell padding at the sides.
            margins = OxmlElement("w:tblCellMar")
            for side in ("left", "right"):
                el = OxmlElement(f"w:{side}")
                el.set(qn("w:w"), "0")
                el.set(qn("w:type"), "dxa")
                margins.append(el)
            _insert_before(tbl_pr, margins, look)
        for col, w in zip(table.columns, widths_mm, strict=True):
            col.width = Mm(w)
        table._widths = widths_mm  # type: ignore[attr-defined]
        return table

    def row(self, table: Table, texts: list[str], style: str = "TableText", *, header: bool = False,
            bold: bool = False, aligns: list | None = None) -> list[_Cell]:
        """Adds a row with one paragraph of text per cell; a header row repeats on every page."""
        row = table.add_row()
        for i, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.width = Mm(table._widths[i])  # type: ignore[attr-defined]
            p = cell.paragraphs[0]
            p.style = self.doc.styles[_STYLE_NAMES[style]]
            if aligns and aligns[i] is not None:
                p.alignment = aligns[i]
            if text:
                run = p.add_run(text)
                if bold:
                    run.bold = True
        tr_pr = row._tr.get_or_add_trPr()
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))
            for cell in row.cells:
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        return row.cells

    def tag_row(self, table: Table, tag: str) -> None:
        """A table row holding only a {%tr … %} tag; docxtpl replaces the whole row by the tag."""
        self.row(table, [tag] + [""] * (len(table.columns) - 1))

    def save(self) -> bytes:
        """The finished template: unused parts and styles dropped, zipped deterministically."""
        doc = self.doc
        doc.core_properties.author = "prikaz"
        doc.core_properties.comments = ""
        doc.core_properties.last_modified_by = "prikaz"
        doc.core_properties.created = BUILD_TIME
        doc.core_properties.modified = BUILD_TIME
        doc.core_properties.revision = 1
        _drop_unused_parts(doc)
        _prune_styles(doc)
        _tidy_settings(doc, self.layout)
        _font_table_fallback(doc, self.layout)
        buf = io.BytesIO()
        doc.save(buf)
        with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
            entries = [(n, zf.read(n)) for n in zf.namelist()]
        entries = [(n, _APP_XML if n == "docProps/app.xml" else data) for n, data in entries]
        return write_package(entries)


_STYLE_NAMES = {
    "Normal": "Normal", "DocText": "Текст документа", "Requisite": "Реквизит",
    "OrgName": "Наименование организации", "KindWord": "Вид документа", "DocTitle": "Заголовок к тексту",
    "Operative": "Распорядительное слово", "AppendixMark": "Отметка о приложении",
    "SignPosition": "Подпись",
    "Executor": "Отметка об исполнителе", "TableText": "Текст таблицы", "TableCenter": "Текст таблицы по центру",
    "TableHead": "Шапка таблицы", "Sender": "Реквизиты бланка", "SenderName": "Наименование на бланке",
}


def _insert_before(parent, element, anchor) -> None:
    if anchor is None:
        parent.append(element)
    else:
        anchor.addprevious(element)


def _set_child(parent, tag: str, **attrs: str):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _set_fonts(rpr, font: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), font)


def _add_page_field(p: Paragraph) -> None:
    def fld(kind: str) -> None:
        run = p.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    fld("begin")
    instr = p.add_run()._r
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instr.append(text)
    fld("separate")
    p.add_run("2")
    fld("end")


def _drop_unused_parts(doc) -> None:
    # python-docx's default template carries a thumbnail, customXml and stylesWithEffects that no
    # document of ours needs; saving writes only the parts still related.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml", "/numbering")):
            doc.part.drop_rel(rid)
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rid)


def _prune_styles(doc) -> None:
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    used = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
    parts = [doc.element] + [rel.target_part.element for rel in doc.part.rels.values()
                             if rel.reltype.endswith("/header")]
    for root in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            used |= {el.get(qn("w:val")) for el in root.iter(qn(tag))}
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    pending = list(used)
    while pending:
        style = by_id.get(pending.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:next", "w:link"):
            el = style.find(qn(tag))
            if el is not None and el.get(qn("w:val")) not in used:
                used.add(el.get(qn("w:val")))
                pending.append(el.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in used:
            styles.remove(style)
    for style in styles.findall(qn("w:style")):
        for el in list(style.iter(qn("w:rFonts"))):
            # Theme fonts would override the house font in some styles (headers, tables).
            if any(k.endswith("Theme") or k.endswith("theme") for k in el.attrib):
                el.getparent().remove(el)
        for el in list(style.iter(qn("w:rsid"))):
            el.getparent().remove(el)


def _tidy_settings(doc, layout: Layout) -> None:
    settings = doc.settings.element
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), layout.language)
        lang.attrib.pop(qn("w:eastAsia"), None)
    for tag in ("w:proofState", "w:attachedTemplate"):
        el = settings.find(qn(tag))
        if el is not None:
            settings.remove(el)


def _font_table_fallback(doc, layout: Layout) -> None:
    for rel in doc.part.rels.values():
        if not rel.reltype.endswith("/fontTable"):
            continue
        part = rel.target_part
        root = etree.fromstring(part.blob)
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        for font in root.findall(f"{{{w}}}font"):
            if font.get(f"{{{w}}}name") == layout.font_name:
                alt = font.find(f"{{{w}}}altName")
                if alt is None:
                    alt = etree.Element(f"{{{w}}}altName")
                    font.insert(0, alt)
                alt.set(f"{{{w}}}val", layout.fallback_font_name)
                family = font.find(f"{{{w}}}family")
                if family is not None:
                    family.set(f"{{{w}}}val", "roman")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ------------------------------------------------------------------------------------------------ shared blocks

def _org_header(b: TemplateBuilder) -> None:
    b.loop("{%p for line in org_header_lines %}", lambda: b.para("{{ line }}", "OrgName"))


def _draft_mark(b: TemplateBuilder) -> None:
    b.tag("{%p if draft %}")
    b.para("ПРОЕКТ", "Requisite", bold=True, align=RIGHT)
    b.tag("{%p endif %}")


def _signature(b: TemplateBuilder, optional: bool = False) -> None:
    """Position on the left, «Н.Е. Дереча» on the right of the position's last line (a right tab stop at the
    margin). Paragraphs rather than a table, so that keep-with-next holds the last lines of text, the
    signature and the executor mark together in Word and LibreOffice alike."""
    if optional:
        b.tag("{%p if signatory %}")
    b.para("", "Normal", keep_with_next=True)
    b.para("", "Normal", keep_with_next=True)
    p = b.para("{{ signatory.position }}\t{{ signatory.name }}", "SignPosition", keep_with_next=True)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(b.text_width_mm), WD_TAB_ALIGNMENT.RIGHT)
    if optional:
        b.tag("{%p endif %}")


# Narrower than the text: the QR code of a one-page document shares the bottom of the page, at the right.
EXECUTOR_MARK_WIDTH_MM = 100


def _frame_at_bottom(b: TemplateBuilder, p: Paragraph) -> Paragraph:
    """Puts the paragraph in a frame at the bottom of its page (on the paragraph itself: LibreOffice reads a
    frame only there); consecutive paragraphs with the same frame share it."""
    frame = OxmlElement("w:framePr")
    for key, value in (("w", str(mm_to_twips(EXECUTOR_MARK_WIDTH_MM))), ("wrap", "notBeside"), ("vAnchor", "margin"),
                       ("hAnchor", "margin"), ("xAlign", "left"), ("yAlign", "bottom")):
        frame.set(qn(f"w:{key}"), value)
    ppr = p._p.get_or_add_pPr()
    # Schema order in w:pPr: pStyle, keepNext, keepLines, pageBreakBefore, framePr, …
    leading = [el for el in ppr if el.tag in {qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"),
                                               qn("w:pageBreakBefore")}]
    ppr.insert(len(leading), frame)
    return p


def _executor_mark(b: TemplateBuilder) -> None:
    """ГОСТ Р 7.0.97: the executor mark (name, phone) in small print at the bottom of the document's last page."""
    b.tag("{%p if executor_mark %}")
    _frame_at_bottom(b, b.para("{{ executor_mark.name }}", "Executor"))
    b.tag("{%p if executor_mark.phone %}")
    _frame_at_bottom(b, b.para("{{ executor_mark.phone }}", "Executor"))
    b.tag("{%p endif %}")
    b.tag("{%p if executor_mark.email %}")
    _frame_at_bottom(b, b.para("{{ executor_mark.email }}", "Executor"))
    b.tag("{%p endif %}")
    # A frame belongs to the page of the paragraph after it: an empty one keeps the mark on the last page of the
    # text rather than on the first page of an appendix.
    b.para("", "Normal")
    b.tag("{%p endif %}")


def _appendices(b: TemplateBuilder) -> None:
    """Each appendix on a new page: the mark at the top right, the title, text, and its table."""
    w = b.text_width_mm
    b.tag("{%p for app in appendices %}")
    b.para("{{ app.mark }}", "AppendixMark", page_break_before=True)
    b.para("", "Normal")
    b.tag("{%p if app.title %}")
    b.para("{{ app.title }}", "DocTitle")
    b.para("", "Normal")
    b.tag("{%p endif %}")
    b.loop("{%p for para in app.paragraphs %}", lambda: b.para("{{ para }}", "DocText"))
    b.tag("{%p if app.table_title %}")
    b.para("", "Normal")
    b.para("{{ app.table_title }}", "DocTitle")
    b.para("", "Normal")
    b.tag("{%p endif %}")

    b.tag('{%p if app.kind == "roadmap" %}')
    widths = [16, w - 16 - 34 - 44, 34, 44]
    t = b.table(widths)
    b.row(t, ["№", "Мероприятие (содержание деятельности)", "Срок исполнения", "Ответственный исполнитель"],
          "TableHead", header=True)
    b.tag_row(t, "{%tr for row in app.rows %}")
    b.tag_row(t, "{%tr if row.section %}")
    cells = b.row(t, ["{{ row.number }}", "{{ row.title }}", "", ""], bold=True)
    cells[1].merge(cells[3])
    for p in cells[1].paragraphs[1:]:
        p._p.getparent().remove(p._p)
    cells[0]._tc.getparent().get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    b.tag_row(t, "{%tr else %}")
    b.row(t, ["{{ row.number }}", "{{ row.content }}", "{{ row.deadline }}", "{{ row.responsible }}"],
          aligns=[None, None, CENTER, None])
    b.tag_row(t, "{%tr endif %}")
    b.tag_row(t, "{%tr endfor %}")

    b.tag('{%p elif app.kind == "working_group" %}')
    widths = [12, 50, w - 12 - 50 - 45, 45]
    t = b.table(widths)
    b.row(t, ["№", "Фамилия, имя, отчество", "Должность", "Роль в рабочей группе"], "TableHead", header=True)
    b.tag_row(t, "{%tr for m in app.members %}")
    b.row(t, ["{{ m.number }}", "{{ m.name }}", "{{ m.position }}", "{{ m.role }}"])
    b.tag_row(t, "{%tr endfor %}")

    b.tag('{%p elif app.kind == "activities" %}')
    widths = [12, 55, 28, 35, w - 12 - 55 - 28 - 35]
    t = b.table(widths)
    b.row(t, ["№", "Наименование мероприятия", "Срок", "Участники", "Ожидаемый результат"], "TableHead",
          header=True)
    b.tag_row(t, "{%tr for a in app.activities %}")
    b.row(t, ["{{ a.number }}", "{{ a.content }}", "{{ a.date }}", "{{ a.participants }}", "{{ a.result }}"],
          aligns=[None, None, CENTER, None, None])
    b.tag_row(t, "{%tr endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")


# ------------------------------------------------------------------------------------------------ templates

def build_order(layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """order.docx: приказ, постановление, распоряжение with appendices."""
    b = TemplateBuilder(layout, "{{ title }}")
    _draft_mark(b)
    _org_header(b)
    b.para("", "Normal")
    b.para("{{ kind_word }}", "KindWord")
    b.para("", "Normal")
    p = b.para("{{ reg_date }}\t№\u00a0{{ reg_number }}", "Normal", align=LEFT)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(layout.text_width_mm), WD_TAB_ALIGNMENT.RIGHT)
    b.tag("{%p if place %}")
    b.para("{{ place }}", "Requisite")
    b.tag("{%p endif %}")
    b.para("", "Normal")
    b.para("{{ title }}", "DocTitle")
    b.para("", "Normal")
    b.loop("{%p for para in preamble %}", lambda: b.para("{{ para }}", "DocText"))
    b.tag("{%p if operative_word %}")
    b.para("", "Normal")
    b.para("{{ operative_word }}", "Operative", keep_with_next=True)
    b.para("", "Normal")
    b.tag("{%p endif %}")
    b.loop("{%p for point in points %}", lambda: b.para("{{ point.number }} {{ point.text }}", "DocText"))
    b.tag("{%p if control_clause %}")
    b.para("{{ control_clause }}", "DocText", keep_with_next=True)
    b.tag("{%p endif %}")
    b.tag("{%p if appendix_note %}")
    b.para("", "Normal")
    b.para("{{ appendix_note }}", "DocText")
    b.tag("{%p endif %}")
    _signature(b)
    _executor_mark(b)
    _appendices(b)
    return b.save()


def build_letter(layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """letter.docx: a cover letter on the organization's blank, addressee at the top right."""
    b = TemplateBuilder(layout, "{{ title }}")
    _draft_mark(b)
    sender_w = layout.letter_sender_width_mm
    gap = 10
    t = b.table([sender_w, gap, b.text_width_mm - sender_w - gap], grid=False)
    left, _, right = b.row(t, ["", "", ""])
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    b.tag("{%p for line in org_header_lines %}", left)
    b.tag("{%p if loop.last %}", left)
    b.para("{{ line }}", "SenderName", container=left)
    b.tag("{%p else %}", left)
    b.para("{{ line }}", "Sender", container=left)
    b.tag("{%p endif %}", left)
    b.tag("{%p endfor %}", left)
    b.para("", "Sender", container=left)
    b.loop("{%p for line in sender_details %}", lambda: b.para("{{ line }}", "Sender", container=left), left)
    b.para("", "Sender", container=left)
    b.para("{{ reg_date }}\u00a0№\u00a0{{ reg_number }}", "Sender", container=left)
    b.tag("{%p if reply_to %}", left)
    b.para("{{ reply_to }}", "Sender", container=left)
    b.tag("{%p endif %}", left)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    b.loop("{%p for line in addressee_lines %}", lambda: b.para("{{ line }}", "Requisite", align=LEFT,
                                                                   container=right), right)
    b.para("", "Normal", container=right)
    b.para("", "Normal")
    b.para("{{ title }}", "Requisite", align=LEFT)
    b.para("", "Normal")
    b.tag("{%p if salutation %}")
    b.para("{{ salutation }}", "Requisite")
    b.para("", "Normal")
    b.tag("{%p endif %}")
    b.loop("{%p for para in paragraphs %}", lambda: b.para("{{ para }}", "DocText"))
    b.tag("{%p if appendix_note %}")
    b.para("", "Normal")
    b.para("{{ appendix_note }}", "Operative")
    b.tag("{%p endif %}")
    _signature(b)
    _executor_mark(b)
    _appendices(b)
    return b.save()


def _report_heading(b: TemplateBuilder, word: str, lines: list[str]) -> None:
    _org_header(b)
    b.para("", "Normal")
    b.para(word, "KindWord")
    for line in lines:
        b.para(line, "Requisite")
    b.para("", "Normal")


def build_approval_sheet(layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """approval_sheet.docx: лист согласования — every visa of every round, a column for the handwritten signature;
    landscape, so that no column is narrow enough to break a word."""
    b = TemplateBuilder(layout, "Лист согласования", landscape=True)
    _report_heading(b, "ЛИСТ СОГЛАСОВАНИЯ", ["{{ subject }}", "«{{ title }}»"])
    b.tag("{%p if author %}")
    b.para("Проект подготовил: {{ author }}", "Operative")
    b.para("", "Normal")
    b.tag("{%p endif %}")
    w = b.text_width_mm
    widths = [10, 62, 34, 36, 0, 24, 30]
    widths[4] = w - sum(widths)
    t = b.table(widths)
    b.row(t, ["№", "Должность", "Фамилия, инициалы", "Решение", "Замечания", "Дата", "Подпись"], "TableHead",
          header=True)
    b.tag_row(t, "{%tr for v in visas %}")
    decision = "{{ v.decision }}{% if v.round %} ({{ v.round }}){% endif %}"
    b.row(t, ["{{ v.number }}", "{{ v.position }}", "{{ v.name }}", decision, "{{ v.remarks }}", "{{ v.date }}", ""],
          aligns=[None, None, None, None, None, CENTER, None])
    b.tag_row(t, "{%tr endfor %}")
    b.para("", "Normal")
    b.para("{{ outcome }}", "DocText")
    b.tag("{%p if as_of %}")
    b.para("Лист сформирован {{ as_of }}.", "DocText")
    b.tag("{%p endif %}")
    return b.save()


def build_execution_report(layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """execution_report.docx: отчёт об исполнении приказа, point by point, with totals."""
    b = TemplateBuilder(layout, "Отчёт об исполнении", landscape=True)
    _report_heading(b, "ОТЧЁТ", ["{{ subject }}", "«{{ title }}»", "по состоянию на {{ as_of }}"])
    w = b.text_width_mm
    t = b.table([16, w - 16 - 45 - 26 - 26 - 34 - 45, 45, 26, 26, 34, 45])
    b.row(t, ["№ п.", "Поручение", "Исполнитель", "Срок", "Исполнено", "Отметка", "Отчёт об исполнении"],
          "TableHead", header=True)
    b.tag_row(t, "{%tr for item in items %}")
    b.row(t, ["{{ item.number }}", "{{ item.text }}", "{{ item.executor }}", "{{ item.deadline }}",
              "{{ item.done }}", "{{ item.status }}", "{{ item.report }}"],
          aligns=[None, None, None, CENTER, CENTER, None, None])
    b.tag_row(t, "{%tr endfor %}")
    b.para("", "Normal")
    b.para("Всего контрольных пунктов — {{ totals.total }}, исполнено — {{ totals.done }} (в срок — "
           "{{ totals.done_on_time }}, с нарушением срока — {{ totals.done_late }}), не исполнено при "
           "истёкшем сроке — {{ totals.overdue }}, на исполнении — {{ totals.in_work }}. Переносов срока — "
           "{{ totals.extensions }}. Доля исполненных в срок — {{ totals.on_time_rate }}.", "DocText",
           keep_with_next=True)  # the signature never stands alone on a page
    _signature(b, optional=True)
    _executor_mark(b)
    return b.save()


def build_reporting_period(layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """reporting_period.docx: отчёт по показателям с выводами."""
    b = TemplateBuilder(layout, "{{ title }}")
    _report_heading(b, "ОТЧЁТ", ["{{ title }}", "за {{ period_label }}"])
    w = b.text_width_mm
    t = b.table([10, w - 10 - 15 - 22 - 20 - 20 - 26, 15, 22, 20, 20, 26])
    b.row(t, ["№", "Показатель", "Ед. изм.", "Целевое значение", "{{ previous_label }}", "{{ period_label }}",
              "Изменение"], "TableHead", header=True)
    b.tag_row(t, "{%tr for ind in indicators %}")
    b.row(t, ["{{ ind.number }}", "{{ ind.name }}", "{{ ind.unit }}", "{{ ind.target }}", "{{ ind.previous }}",
              "{{ ind.value }}", "{{ ind.change }}"], aligns=[None, None, CENTER, CENTER, CENTER, CENTER, CENTER])
    b.tag_row(t, "{%tr endfor %}")
    b.para("", "Normal")
    b.para("Выводы", "DocTitle")
    b.para("", "Normal")
    b.loop("{%p for para in conclusions %}", lambda: b.para("{{ para }}", "DocText"))
    _signature(b, optional=True)
    _executor_mark(b)
    return b.save()


def build_control_report(layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """control_report.docx: справка о ходе исполнения — tasks and the discipline summary per group."""
    b = TemplateBuilder(layout, "Справка о ходе исполнения", landscape=True)
    _report_heading(b, "СПРАВКА", ["о ходе исполнения поручений", "по состоянию на {{ as_of }}"])
    b.tag("{%p if filter_description %}")
    b.para("{{ filter_description }}", "DocText")
    b.para("", "Normal")
    b.tag("{%p endif %}")
    b.para("1. Поручения на контроле", "Operative", keep_with_next=True)
    b.para("", "Normal")
    w = b.text_width_mm
    t = b.table([12, w - 12 - 50 - 45 - 26 - 30 - 26, 50, 45, 26, 30, 26])
    b.row(t, ["№", "Поручение", "Источник", "Исполнитель", "Срок", "Состояние", "Просрочка, дней"],
          "TableHead", header=True)
    b.tag_row(t, "{%tr for task in tasks %}")
    b.row(t, ["{{ task.number }}", "{{ task.title }}", "{{ task.source }}", "{{ task.executor }}",
              "{{ task.deadline }}", "{{ task.state }}", "{{ task.overdue }}"],
          aligns=[None, None, None, None, CENTER, None, CENTER])
    b.tag_row(t, "{%tr endfor %}")
    b.para("", "Normal")
    b.para("2. Исполнительская дисциплина", "Operative", keep_with_next=True)
    b.para("", "Normal")
    counts = [20, 20, 30, 28, 24, 26, 24]
    t = b.table([w - sum(counts), *counts])
    b.row(t, ["{{ group_label }}", "Всего", "В срок", "С нарушением срока", "Просрочено", "В работе",
              "Переносы", "Доля в срок"], "TableHead", header=True)
    b.tag_row(t, "{%tr for s in summary %}")
    numbers = ["{{ s.total }}", "{{ s.done_on_time }}", "{{ s.done_late }}", "{{ s.overdue }}",
               "{{ s.in_work }}", "{{ s.extensions }}", "{{ s.rate }}"]
    b.row(t, ["{{ s.group }}", *numbers], aligns=[None] + [CENTER] * 7)
    b.tag_row(t, "{%tr endfor %}")
    total = b.row(t, ["{{ overall.group }}", *[n.replace("s.", "overall.") for n in numbers]], bold=True,
                  aligns=[None] + [CENTER] * 7)
    for cell in total:
        # The total row goes with the signature: the signature never stands alone on a page.
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    _signature(b, optional=True)
    _executor_mark(b)
    return b.save()


BUILDERS: dict[str, Callable[[Layout], bytes]] = {
    "order.docx": build_order,
    "letter.docx": build_letter,
    "approval_sheet.docx": build_approval_sheet,
    "execution_report.docx": build_execution_report,
    "reporting_period.docx": build_reporting_period,
    "control_report.docx": build_control_report,
}


def build_all(out_dir: Path = TEMPLATES_DIR, layout: Layout = DEFAULT_LAYOUT) -> list[Path]:
    """Writes every template into out_dir; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in BUILDERS.items():
        path = out_dir / name
        path.write_bytes(build(layout))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: `python -m tools.build_templates [--out DIR]`."""
    parser = argparse.ArgumentParser(description="Собрать шаблоны документов doc_templates/*.docx")
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR, help="каталог для шаблонов")
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
