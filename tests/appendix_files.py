"""Files the appendix tests upload: a DOCX built with python-docx (pages declared or not) and a small PDF."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document


def docx_file(text: str = "Концепция развития дополнительного образования", pages: int | None = 4) -> bytes:
    """A DOCX with a paragraph; docProps/app.xml declares `pages` (None: no Pages element at all)."""
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/app.xml":
                data = re.sub(rb"<Pages>\d*</Pages>", b"", data)
                if pages is not None:
                    data = data.replace(b"</Properties>", f"<Pages>{pages}</Pages></Properties>".encode())
            target.writestr(item, data)
    return out.getvalue()


def pdf_file(pages: int = 3, label: str = "APPENDIX-PAGE") -> bytes:
    """A valid PDF of `pages` A4 pages, each saying «<label> <n>» (its cross-reference table exact)."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * n} 0 R" for n in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    font = 3 + 2 * pages
    for n in range(pages):
        stream = f"BT /F1 24 Tf 72 720 Td ({label} {n + 1}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * n} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
