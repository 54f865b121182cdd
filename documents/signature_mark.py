"""The visualised copy of a signed document: the mark of the electronic signature (ГОСТ Р 7.0.97-2025, п. 5.23).

The mark is a framed block put in place of the handwritten signature, beside the signatory's position:
«ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ», the certificate's serial number, its owner and its validity.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date

from lxml import etree

from documents.layout import mm_to_twips

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SIGNATURE_LINE = re.compile(r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
MARK_WIDTH_MM = 85
MARK_FONT_HALF_POINTS = 20


@dataclass(frozen=True)
class SignatureMarkDoc:
    """What the mark shows of one signature."""

    serial: str
    owner: str
    valid_from: date
    valid_to: date

    def lines(self) -> list[str]:
        """The mark's lines as printed."""
        return ["ДОКУМЕНТ ПОДПИСАН", "ЭЛЕКТРОННОЙ ПОДПИСЬЮ", f"Сертификат: {self.serial}", f"Владелец: {self.owner}",
                f"Действителен: с {self.valid_from:%d.%m.%Y} по {self.valid_to:%d.%m.%Y}"]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _el(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(_w(tag)) if parent is None else etree.SubElement(parent, _w(tag))
    for key, value in attrs.items():
        el.set(_w(key), value)
    return el


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(_w("t"))).replace("\u00a0", " ")


def _mark_table(marks: list[SignatureMarkDoc]) -> etree._Element:
    tbl = _el("tbl")
    tbl_pr = _el("tblPr", tbl)
    _el("tblW", tbl_pr, w=str(mm_to_twips(MARK_WIDTH_MM)), type="dxa")
    _el("jc", tbl_pr, val="right")
    borders = _el("tblBorders", tbl_pr)
    for side in ("top", "left", "bottom", "right"):
        _el(side, borders, val="single", sz="8", space="0", color="1F3864")
    grid = _el("tblGrid", tbl)
    _el("gridCol", grid, w=str(mm_to_twips(MARK_WIDTH_MM)))
    for mark in marks:
        tr = _el("tr", tbl)
        _el("cantSplit", _el("trPr", tr))
        tc = _el("tc", tr)
        _el("tcW", _el("tcPr", tc), w=str(mm_to_twips(MARK_WIDTH_MM)), type="dxa")
        for i, line in enumerate(mark.lines()):
            p = _el("p", tc)
            ppr = _el("pPr", p)
            _el("keepNext", ppr)
            _el("spacing", ppr, before="0", after="0")
            _el("ind", ppr, firstLine="0")
            _el("jc", ppr, val="center" if i < 2 else "left")
            r = _el("r", p)
            rpr = _el("rPr", r)
            if i < 2:
                _el("b", rpr)
            _el("sz", rpr, val=str(MARK_FONT_HALF_POINTS))
            t = _el("t", r)
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return tbl


def add_signature_marks(docx: bytes, marks: list[SignatureMarkDoc]) -> bytes:
    """The document with the marks framed after the signature line (or at the end of the text if none is found)."""
    if not marks:
        return docx
    src = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(src.read("word/document.xml"))
    body = root.find(_w("body"))
    anchor = None
    for p in body.iter(_w("p")):
        style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        tail = _text(p).rsplit("\t", 1)[-1].strip()
        if (style is not None and style.get(_w("val")) == "SignPosition") or SIGNATURE_LINE.fullmatch(tail):
            anchor = p
            break
    table = _mark_table(marks)
    if anchor is None:
        sect = body.find(_w("sectPr"))
        if sect is not None:
            sect.addprevious(table)
        else:
            body.append(table)
    else:
        # A signature inside a layout table gets its mark after that table, not inside a cell.
        outer = next(anchor.iterancestors(_w("tbl")), None)
        (outer if outer is not None else anchor).addnext(table)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, data)
    return out.getvalue()
