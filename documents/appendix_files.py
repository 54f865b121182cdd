"""Appendix files: a DOCX or PDF recognised by its content, its sheets counted, PDFs merged with poppler.

A file's name and declared type say nothing: a DOCX is a zip holding word/document.xml (checked against zip
bombs first), a PDF starts with «%PDF-». Sheets of a PDF are its pages (poppler's pdfinfo); a DOCX says how
many pages Word laid it out on in docProps/app.xml, and when it does not, the count is left out of the note.
The order's PDF gets each appendix's pages right after the appendix's page in the order's own document
(poppler's pdfseparate and pdfunite: pypdf is not among the requirements, poppler-utils is on the server).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from documents.untrusted import UnsafeFile, check_zip

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
POPPLER_TIMEOUT_S = 30
# docProps/app.xml is a few hundred bytes; what follows the first kilobytes is never needed.
APP_XML_READ_BYTES = 64 * 1024
_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d+)\s*</(?:\w+:)?Pages>")
_PDF_PAGES = re.compile(r"^Pages:\s+(\d+)\s*$", re.MULTILINE)
NOT_DOCX_OR_PDF = "Приложение принимается только в формате DOCX или PDF: файл «{name}» не является ни тем, ни другим."


class PopplerError(Exception):
    """A poppler tool is missing or failed; the message is a Russian reason."""


@dataclass(frozen=True)
class AppendixFileInfo:
    """What an uploaded appendix is: its format, the type to serve it with, its sheets (None: unknown)."""

    format: str
    content_type: str
    sheets: int | None
    suffix: str


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise PopplerError(f"На сервере не установлена программа {name} (poppler-utils).")
    return found


def _run(cmd: list[str], what: str) -> bytes:
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=POPPLER_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PopplerError(f"{what}: не уложились в {POPPLER_TIMEOUT_S} с.") from exc
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", errors="replace").strip()[-200:]
        raise PopplerError(f"{what}: {detail or proc.returncode}")
    return proc.stdout


def pdf_pages(data: bytes) -> int:
    """The pages of a PDF, from poppler's pdfinfo; PopplerError when it cannot be read."""
    with tempfile.TemporaryDirectory(prefix="prikaz-pdfinfo-") as tmp:
        path = Path(tmp) / "file.pdf"
        path.write_bytes(data)
        out = _run([_tool("pdfinfo"), str(path)], "PDF не читается").decode("utf-8", errors="replace")
    found = _PDF_PAGES.search(out)
    if found is None:
        raise PopplerError("PDF не читается: число страниц не найдено.")
    return int(found.group(1))


def _docx_pages(data: bytes) -> int | None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            with archive.open("docProps/app.xml") as member:
                head = member.read(APP_XML_READ_BYTES)
        except KeyError:
            return None
    found = _PAGES.search(head)
    pages = int(found.group(1)) if found else 0
    return pages or None


def inspect_appendix(data: bytes, name: str) -> AppendixFileInfo:
    """A DOCX (a safe zip with word/document.xml) or a PDF («%PDF-» that pdfinfo reads); UnsafeFile otherwise."""
    if data.startswith(b"%PDF-"):
        try:
            pages = pdf_pages(data)
        except PopplerError as exc:
            raise UnsafeFile(f"Файл «{name}» не читается как PDF: {exc}") from exc
        return AppendixFileInfo("pdf", PDF_TYPE, pages, ".pdf")
    if zipfile.is_zipfile(io.BytesIO(data)):
        members = check_zip(data)
        if "word/document.xml" in members:
            return AppendixFileInfo("docx", DOCX_TYPE, _docx_pages(data), ".docx")
    raise UnsafeFile(NOT_DOCX_OR_PDF.format(name=name))


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext separates pages by a form feed)."""
    with tempfile.TemporaryDirectory(prefix="prikaz-pdftotext-") as tmp:
        path = Path(tmp) / "file.pdf"
        path.write_bytes(pdf)
        out = _run([_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(path), "-"], "Текст PDF не извлекается")
    pages = out.decode("utf-8", errors="replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def insert_after_pages(document: bytes, inserts: list[tuple[int, bytes]]) -> bytes:
    """The document's PDF with each (page, pdf) inserted after that 1-based page (0: at the end), in order."""
    if not inserts:
        return document
    with tempfile.TemporaryDirectory(prefix="prikaz-pdfunite-") as tmp:
        work = Path(tmp)
        (work / "document.pdf").write_bytes(document)
        _run([_tool("pdfseparate"), str(work / "document.pdf"), str(work / "page-%05d.pdf")], "PDF не разделяется")
        pages = sorted(work.glob("page-*.pdf"))
        after: dict[int, list[Path]] = {}
        for n, (page, data) in enumerate(inserts):
            part = work / f"appendix-{n:03d}.pdf"
            part.write_bytes(data)
            after.setdefault(page if 0 < page <= len(pages) else len(pages), []).append(part)
        sequence: list[Path] = []
        for number, page_file in enumerate(pages, start=1):
            sequence.append(page_file)
            sequence.extend(after.get(number, []))
        out = work / "merged.pdf"
        _run([_tool("pdfunite"), *map(str, sequence), str(out)], "PDF не собирается")
        return out.read_bytes()
