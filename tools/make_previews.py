"""Renders the example of every document type, converts it to PDF and saves the first page as a PNG in docs/.

`python -m tools.make_previews` needs LibreOffice (soffice) and poppler-utils (pdftoppm).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from documents import render_document
from documents.examples import EXAMPLES
from documents.pdf import docx_to_pdf
from documents.qr import add_qr_code

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"
# The order is shown as approved: with the QR code (requisite 31 of ГОСТ Р 7.0.97-2025) a frozen order carries.
SAMPLE_QR = "http://localhost:5000/orders/1?n=533&d=30.11.2022&h=3f5c0e9a1b2d4c6e"


def make_previews(out_dir: Path = DOCS_DIR, dpi: int = 60, doc_types: list[str] | None = None) -> list[Path]:
    """Writes docs/preview-<type>.png for each document type; returns the paths."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("Не найден pdftoppm (пакет poppler-utils): превью не построить")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="prikaz-preview-") as tmp:
        for doc_type in doc_types or list(EXAMPLES):
            pdf_path = Path(tmp) / f"{doc_type}.pdf"
            data = render_document(EXAMPLES[doc_type]())
            if doc_type == "order":
                data = add_qr_code(data, SAMPLE_QR)
            pdf_path.write_bytes(docx_to_pdf(data))
            target = out_dir / f"preview-{doc_type}"
            subprocess.run([pdftoppm, "-png", "-r", str(dpi), "-singlefile", "-f", "1", "-l", "1",
                            str(pdf_path), str(target)], check=True, timeout=120)
            written.append(target.with_suffix(".png"))
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: `python -m tools.make_previews [--out DIR] [--dpi N]`."""
    parser = argparse.ArgumentParser(description="Превью первых страниц документов каждого типа")
    parser.add_argument("--out", type=Path, default=DOCS_DIR)
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    for path in make_previews(args.out, args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
