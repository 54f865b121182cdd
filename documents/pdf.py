"""DOCX → PDF through LibreOffice in headless mode, with a private profile per conversion."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from documents.render import RenderError

SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT_S = 180


class PdfConversionError(RenderError):
    """LibreOffice is missing, failed or ran out of time."""


def soffice_path() -> str | None:
    """The LibreOffice executable found on PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def libreoffice_available() -> bool:
    """Whether a LibreOffice executable is on PATH."""
    return soffice_path() is not None


def docx_to_pdf(data: bytes, timeout_s: float = DEFAULT_TIMEOUT_S) -> bytes:
    """Converts a DOCX to PDF; raises PdfConversionError with a Russian message on any failure."""
    if not zipfile.is_zipfile(BytesIO(data)):
        # LibreOffice would happily convert any bytes as plain text; only a DOCX may pass.
        raise PdfConversionError("Файл не является документом DOCX: преобразование в PDF невозможно")
    soffice = soffice_path()
    if soffice is None:
        raise PdfConversionError("LibreOffice не установлен: преобразование в PDF недоступно")
    with tempfile.TemporaryDirectory(prefix="prikaz-pdf-") as tmp:
        work = Path(tmp)
        src = work / "document.docx"
        src.write_bytes(data)
        # A profile of its own: parallel conversions and a user's running LibreOffice do not collide.
        profile = (work / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
               "--nodefault", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work), str(src)]
        env = {**os.environ, "HOME": tmp}
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout_s, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(f"LibreOffice не успел преобразовать документ за {timeout_s:g} с") from exc
        out = work / "document.pdf"
        if proc.returncode != 0 or not out.exists():
            detail = (proc.stderr or proc.stdout).decode("utf-8", errors="replace").strip()[-300:]
            raise PdfConversionError(f"LibreOffice не смог преобразовать документ в PDF: {detail or proc.returncode}")
        return out.read_bytes()
