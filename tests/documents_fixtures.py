"""Builders for the document tests: sample documents (modelled on shared/samples), small templates and
helpers to read or alter a rendered DOCX."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from datetime import date
from typing import Any

import docx

from documents import examples, render_document
from documents.contexts import (
    AppendixDoc,
    OrderDoc,
    OrganizationDoc,
    PersonDoc,
    PointDoc,
    SignatureDoc,
    template_path,
)
from documents.render import render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def person(last: str = "Дереча", first: str = "Нина", middle: str | None = "Евгеньевна", gender: str = "f",
           position: str | None = "начальник управления образования", **kw: Any) -> PersonDoc:
    """A person; the defaults are the head who signs «Н.Е. Дереча»."""
    return PersonDoc(last, first, middle, gender, position=position, **kw)


def organization(**kw: Any) -> OrganizationDoc:
    """An issuing organization with a place."""
    base = dict(name="Управление образования администрации Старооскольского городского округа",
                header_lines=["АДМИНИСТРАЦИЯ СТАРООСКОЛЬСКОГО", "ГОРОДСКОГО ОКРУГА", "БЕЛГОРОДСКОЙ ОБЛАСТИ",
                              "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ"],
                place="г. Старый Оскол")
    base.update(kw)
    return OrganizationDoc(**base)


def simple_order(**kw: Any) -> OrderDoc:
    """A one-page order № 390 of 24.03.2022 without appendices, signed by Н.Е. Дереча."""
    head = person()
    base: dict[str, Any] = dict(
        organization=organization(),
        title="Об итогах проведения методического семинара для заместителей директоров",
        signature=SignatureDoc(head),
        reg_number="390",
        reg_date=date(2022, 3, 24),
        preamble="В соответствии с планом работы управления образования на 2022 год",
        points=[PointDoc("Принять к сведению информацию об итогах семинара."),
                PointDoc("Создать рабочую группу по подготовке методических рекомендаций",
                         deadline_text="в срок до 28 марта 2022 года")],
        controller=head,
    )
    base.update(kw)
    return OrderDoc(**base)


def order_533(**kw: Any) -> OrderDoc:
    """Order № 533 with its real roadmap rows (appendix 1) and a working group (appendix 2)."""
    return dataclasses.replace(examples.order_533(), **kw)


def roadmap_order(rows: int) -> OrderDoc:
    """Order № 533 with a roadmap of the given number of rows."""
    return examples.order_533(rows=rows)


def text_appendix(title: str = "Положение о рабочей группе", paragraphs: list[str] | None = None) -> AppendixDoc:
    """A free-text appendix."""
    return AppendixDoc(kind="text", title=title, paragraphs=paragraphs or ["1. Общие положения."])


def all_documents() -> dict[str, Any]:
    """One sample document of every type, keyed by doc_type."""
    return {doc_type: factory() for doc_type, factory in examples.EXAMPLES.items()}


def render(doc: Any) -> bytes:
    """Renders a document with its built-in template."""
    return render_document(doc)


def render_context(doc_type: str, context: dict[str, Any]) -> bytes:
    """Renders a (possibly altered) context with the built-in template of the type."""
    return render_docx(template_path(doc_type), context)


def template_with_body(*paragraphs: str, header: str | None = None) -> bytes:
    """A small .docx template whose body paragraphs (and default header) hold the given text."""
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    if header is not None:
        d.sections[0].header.paragraphs[0].text = header
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def template_with_table(header: list[str], rows: list[list[str]]) -> bytes:
    """A small template with one table: a header row and the given rows of cell texts."""
    d = docx.Document()
    d.add_paragraph("{{ title }}")
    t = d.add_table(rows=0, cols=len(header))
    for texts in [header, *rows]:
        cells = t.add_row().cells
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def read_part(data: bytes, name: str) -> str:
    """The text of one part of a DOCX."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name).decode("utf-8")


def replace_in_part(data: bytes, name: str, old: str, new: str, count: int = 0) -> bytes:
    """A copy of the DOCX with `old` replaced by `new` in one part; fails if `old` is not there."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == name:
                text = blob.decode("utf-8")
                assert old in text, f"{old!r} not in {name}"
                blob = (text.replace(old, new, count) if count else text.replace(old, new)).encode("utf-8")
            zout.writestr(item, blob)
    return out.getvalue()


def header_parts(data: bytes) -> dict[str, str]:
    """The header parts by reference type («default», «first»), read through the section's references."""
    document = read_part(data, "word/document.xml")
    rels = read_part(data, "word/_rels/document.xml.rels")
    out = {}
    for kind, rid in re.findall(r'<w:headerReference w:type="(\w+)" r:id="(\w+)"', document):
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
        out[kind] = "word/" + target.group(1)
    return out


def paragraph_texts(data: bytes, keep_nbsp: bool = False) -> list[str]:
    """The text of every body paragraph (tables included), in order; a non-breaking space reads as a space
    unless `keep_nbsp` (the typography tests look at it)."""
    d = docx.Document(io.BytesIO(data))
    body = d.element.body
    out = []
    marks = {f"{W}br": "\n", f"{W}tab": "\t"}
    for p in body.iter(f"{W}p"):
        # Run content only: the tab stops of a paragraph's properties are not text.
        out.append("".join((el.text or "") if el.tag == f"{W}t" else marks.get(el.tag, "")
                           for r in p.iter(f"{W}r") for el in r))
    return out if keep_nbsp else [t.replace("\u00a0", " ") for t in out]


def full_text(data: bytes) -> str:
    """All body text, paragraphs joined by newlines, whitespace runs collapsed inside lines."""
    return "\n".join(re.sub(r"[ \t]+", " ", t) for t in paragraph_texts(data))
