"""DOCX → PDF through LibreOffice: a demo order with a 30-row roadmap converts to A4 pages whose text holds
the requisites, the roadmap header repeats, and page numbers start on page 2.

`make setup` installs LibreOffice, poppler-utils and the Liberation fonts. Under CI=true a missing one is a
failure; elsewhere the tests are skipped with a loud reason.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from documents.pdf import PdfConversionError, docx_to_pdf, libreoffice_available
from tests.documents_fixtures import render, roadmap_order
from tests.pg import IN_CI, SETUP_HINT
from tools.make_previews import make_previews

pytestmark = pytest.mark.libreoffice

PROGRAMS = ("pdftotext", "pdfinfo", "pdftoppm")


def _missing() -> list[str]:
    """The programs of the PDF tests not found here."""
    missing = [] if libreoffice_available() else ["soffice (LibreOffice)"]
    return missing + [name for name in PROGRAMS if shutil.which(name) is None]


@pytest.fixture(scope="module")
def tools():
    missing = _missing()
    if missing:
        message = SETUP_HINT.format(what=", ".join(missing))
        if IN_CI:
            pytest.fail(message)
        pytest.skip("ВНИМАНИЕ: проверка PDF пропущена — " + message)
    return True


@pytest.fixture(scope="module")
def pdf(tools, tmp_path_factory):
    data = docx_to_pdf(render(roadmap_order(30)))
    path = tmp_path_factory.mktemp("pdf") / "order.pdf"
    path.write_bytes(data)
    return path


def pdftotext(path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-layout"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    return subprocess.run([*cmd, str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_the_order_converts_to_a4_pages(pdf):
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = page_count(pdf)
    assert pages == len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    # Order text (1–2 pages), a 30-row roadmap with its report (3–5 pages), the working group (1 page).
    assert 5 <= pages <= 9


def test_the_pdf_text_holds_the_requisites(pdf):
    text = pdftotext(pdf)
    flat = re.sub(r"\s+", " ", text)
    assert "ПРИКАЗ" in re.sub(r"\s+", "", text)
    for requisite in ("30.11.2022", "№ 533", "п. Комсомольский", "Об утверждении отчета по итогам работы",
                      "п р и к а з ы в а ю:", "Контроль за исполнением приказа возложить на заместителя",
                      "Ушакову И.Г.", "Н.М. Эрдни-Горяева", "Бадмаева Любовь Николаевна", "Приложение 1",
                      "Приложение 2", "от 30.11.2022 № 533", "1.1.30.", "Ежегодно, июнь", "Постоянно"):
        assert requisite in flat, requisite


def test_the_roadmap_header_repeats_on_each_page_of_the_table(pdf):
    pages_with_rows = [n for n in range(1, page_count(pdf) + 1)
                       if re.search(r"^\s*1\.1\.\d+\.", pdftotext(pdf, n, n), re.M)]
    assert len(pages_with_rows) >= 2
    for n in pages_with_rows:
        assert "Ответственный" in pdftotext(pdf, n, n), f"no header row on page {n}"


def test_page_numbers_start_on_the_second_page_at_the_top(pdf):
    first = [ln.strip() for ln in pdftotext(pdf, 1, 1).splitlines() if ln.strip()]
    second = [ln.strip() for ln in pdftotext(pdf, 2, 2).splitlines() if ln.strip()]
    assert first[0] != "1"
    assert second[0] == "2"


def test_each_appendix_starts_a_page(pdf):
    starts = {}
    for n in range(1, page_count(pdf) + 1):
        lines = [ln.strip() for ln in pdftotext(pdf, n, n).splitlines() if ln.strip()]
        if len(lines) > 1 and re.fullmatch(r"Приложение \d", lines[1]):
            starts[lines[1]] = n
    assert list(starts) == ["Приложение 1", "Приложение 2"]


def test_a_broken_file_gives_a_russian_conversion_error(tools):
    with pytest.raises(PdfConversionError, match="не является документом DOCX"):
        docx_to_pdf(b"this is not a document")


def test_previews_of_every_document_type_are_png_pages(tools, tmp_path):
    paths = make_previews(tmp_path, dpi=30, doc_types=["order", "control_report"])
    assert [p.name for p in paths] == ["preview-order.png", "preview-control_report.png"]
    for path in paths:
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
