"""Verification of a detached CMS/CAdES signature over a document's bytes, by the openssl command line.

No cryptography is done here: openssl (with Debian's `libengine-gost-openssl` for GOST R 34.10-2012 and
Streebog) checks the signature, and this module only asks it the right questions and reads the answers:
does the signature match the bytes, who signed (the certificate's subject), when (the signingTime
attribute), was the certificate valid then, and — when trusted roots are given — is the chain trusted.
"""

from __future__ import annotations

import base64
import binascii
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

TIMEOUT_S = 30
MAX_SIGNATURE_BYTES = 1024 * 1024

# Algorithms by OID: the names people know them by. Anything else (SHA-1, MD5 …) is not accepted.
SIGNATURE_ALGORITHMS = {
    "1.2.643.7.1.1.1.1": "ГОСТ Р 34.10-2012 (256 бит)",
    "1.2.643.7.1.1.3.2": "ГОСТ Р 34.10-2012 (256 бит)",
    "1.2.643.7.1.1.1.2": "ГОСТ Р 34.10-2012 (512 бит)",
    "1.2.643.7.1.1.3.3": "ГОСТ Р 34.10-2012 (512 бит)",
    "1.2.840.113549.1.1.1": "RSA",
    "1.2.840.113549.1.1.10": "RSA-PSS",
    "1.2.840.113549.1.1.11": "RSA",
    "1.2.840.113549.1.1.12": "RSA",
    "1.2.840.113549.1.1.13": "RSA",
    "1.2.840.10045.2.1": "ECDSA",
    "1.2.840.10045.4.3.2": "ECDSA",
    "1.2.840.10045.4.3.3": "ECDSA",
    "1.2.840.10045.4.3.4": "ECDSA",
}
DIGEST_ALGORITHMS = {
    "1.2.643.7.1.1.2.2": "ГОСТ Р 34.11-2012 (Стрибог, 256 бит)",
    "1.2.643.7.1.1.2.3": "ГОСТ Р 34.11-2012 (Стрибог, 512 бит)",
    "2.16.840.1.101.3.4.2.1": "SHA-256",
    "2.16.840.1.101.3.4.2.2": "SHA-384",
    "2.16.840.1.101.3.4.2.3": "SHA-512",
}
GOST_DIGESTS = {"1.2.643.7.1.1.2.2", "1.2.643.7.1.1.2.3"}
GOST_KEYS = {"1.2.643.7.1.1.1.1", "1.2.643.7.1.1.1.2", "1.2.643.7.1.1.3.2", "1.2.643.7.1.1.3.3"}

_OID = re.compile(r"\((\d+(?:\.\d+)+)\)\s*$")
_TIME = re.compile(r"(?:UTCTIME|GENERALIZEDTIME):(.+?)\s*$", re.MULTILINE)


class SignatureToolError(RuntimeError):
    """openssl (or its GOST engine) is missing on the server."""


@dataclass
class Signer:
    """The signer as the certificate names them."""

    subject: str
    issuer: str
    serial: str
    owner: str
    valid_from: datetime
    valid_to: datetime


@dataclass
class Verification:
    """The outcome: `valid` when no reason was found; the signer and the algorithm as far as they were read."""

    reasons: list[str] = field(default_factory=list)
    signer: Signer | None = None
    signing_time: datetime | None = None
    algorithm: str = ""
    # None when no trusted roots were loaded: nothing was said about the chain.
    chain_trusted: bool | None = None

    @property
    def valid(self) -> bool:
        """True when the signature matches the bytes, the certificate was valid and (if checked) trusted."""
        return not self.reasons and self.signer is not None


def openssl_path() -> str | None:
    """The openssl executable on PATH, or None."""
    return shutil.which("openssl")


def gost_available() -> bool:
    """Whether openssl can load the GOST engine."""
    exe = openssl_path()
    if exe is None:
        return False
    proc = subprocess.run([exe, "engine", "gost"], capture_output=True, timeout=TIMEOUT_S, check=False)
    return proc.returncode == 0


def signature_der(data: bytes) -> bytes:
    """The DER bytes of an uploaded signature: DER as is, PEM or bare Base64 decoded."""
    stripped = data.strip()
    if stripped.startswith(b"-----BEGIN"):
        body = b"".join(line for line in stripped.splitlines() if not line.startswith(b"-----"))
        return base64.b64decode(body, validate=False)
    if stripped[:1] == b"\x30":
        return data
    try:
        return base64.b64decode(b"".join(stripped.split()), validate=True)
    except (binascii.Error, ValueError):
        return data


def _run(args: list[str], gost: bool) -> subprocess.CompletedProcess[bytes]:
    exe = openssl_path()
    if exe is None:
        raise SignatureToolError("На сервере не установлен openssl: проверка электронной подписи недоступна")
    cmd = [exe, *args]
    if gost:
        # The engine is asked for only when needed: a server without it still verifies RSA and ECDSA.
        cmd[2:2] = ["-engine", "gost"]
    try:
        return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise SignatureToolError(f"openssl не ответил за {TIMEOUT_S} с") from exc


def _parse_time(text: str) -> datetime:
    # openssl prints «Dec  1 20:42:52 2026 GMT».
    return datetime.strptime(" ".join(text.split()), "%b %d %H:%M:%S %Y GMT").replace(tzinfo=UTC)


def _signer_info_oids(printed: str) -> tuple[str | None, str | None]:
    """The digest and signature algorithm OIDs of the (first) signer info."""
    section = printed.split("signerInfos:", 1)[-1]
    digest = sig = None
    lines = section.splitlines()
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        m = _OID.search(nxt)
        if m is None:
            continue
        if line.strip().startswith("digestAlgorithm:") and digest is None:
            digest = m.group(1)
        elif line.strip().startswith("signatureAlgorithm:") and sig is None:
            sig = m.group(1)
    return digest, sig


def _signing_time(printed: str) -> datetime | None:
    at = printed.find("signingTime")
    if at < 0:
        return None
    m = _TIME.search(printed, at)
    return _parse_time(m.group(1)) if m else None


def _field(subject: str, *keys: str) -> str:
    for key in keys:
        m = re.search(rf"(?:^|,\s*){re.escape(key)}\s*=\s*((?:\\,|[^,])+)", subject)
        if m:
            return m.group(1).replace("\\,", ",").strip()
    return ""


def _owner(subject: str) -> str:
    # A qualified certificate names the person in SN (surname) and GN (name and patronymic), else in CN.
    surname, given = _field(subject, "SN", "surname"), _field(subject, "GN", "givenName")
    if surname and given:
        return f"{surname} {given}"
    return _field(subject, "CN", "commonName") or subject


def _read_certificate(pem: Path, gost: bool) -> Signer:
    proc = _run(["x509", "-in", str(pem), "-noout", "-subject", "-issuer", "-serial", "-startdate", "-enddate",
                 "-nameopt", "utf8,sep_comma_plus_space,sname"], gost)
    out = proc.stdout.decode("utf-8", errors="replace")
    values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    subject = values.get("subject", "").strip()
    return Signer(subject=subject, issuer=values.get("issuer", "").strip(),
                  serial=values.get("serial", "").strip().upper(), owner=_owner(subject),
                  valid_from=_parse_time(values["notBefore"]), valid_to=_parse_time(values["notAfter"]))


def certificate_subject(pem: str) -> str:
    """The subject of a PEM certificate; ValueError when the text is not one."""
    with tempfile.TemporaryDirectory(prefix="prikaz-cert-") as tmp:
        path = Path(tmp) / "cert.pem"
        path.write_text(pem, encoding="utf-8")
        proc = _run(["x509", "-in", str(path), "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus_space,sname"],
                    gost_available())
        if proc.returncode != 0 or not proc.stdout.startswith(b"subject="):
            raise ValueError("openssl не прочитал сертификат")
        return proc.stdout.decode("utf-8", errors="replace").split("=", 1)[1].strip()


def _format(moment: datetime) -> str:
    return moment.strftime("%d.%m.%Y %H:%M UTC")


def verify_detached(signature: bytes, content: bytes, trusted_roots: Sequence[str] = (),
                    received_at: datetime | None = None) -> Verification:
    """Verifies a detached CMS signature (DER, PEM or Base64) over `content`; `trusted_roots` are PEM texts.

    The certificate's validity is checked at the signing time the signature states, or at `received_at`
    when it states none.
    """
    result = Verification()
    der = signature_der(signature)
    with tempfile.TemporaryDirectory(prefix="prikaz-sig-") as tmp:
        work = Path(tmp)
        sig_file, doc_file, signer_file = work / "signature.der", work / "document.bin", work / "signer.pem"
        sig_file.write_bytes(der)
        doc_file.write_bytes(content)
        printed = _run(["cms", "-cmsout", "-print", "-inform", "DER", "-in", str(sig_file)], False)
        if printed.returncode != 0:
            result.reasons.append("Файл не является отсоединённой электронной подписью CMS (DER или Base64)")
            return result
        text = printed.stdout.decode("utf-8", errors="replace")
        digest, sig_alg = _signer_info_oids(text)
        if digest not in DIGEST_ALGORITHMS or sig_alg not in SIGNATURE_ALGORITHMS:
            result.reasons.append("Алгоритм подписи не поддерживается: нужны ГОСТ Р 34.10-2012 с ГОСТ Р 34.11-2012, "
                                  "RSA или ECDSA с SHA-2")
            return result
        result.algorithm = f"{SIGNATURE_ALGORITHMS[sig_alg]}, {DIGEST_ALGORITHMS[digest]}"
        gost = digest in GOST_DIGESTS or sig_alg in GOST_KEYS
        if gost and not gost_available():
            raise SignatureToolError("На сервере не установлен модуль ГОСТ для openssl (libengine-gost-openssl)")
        result.signing_time = _signing_time(text)
        checked = _run(["cms", "-verify", "-binary", "-inform", "DER", "-in", str(sig_file), "-content",
                        str(doc_file), "-noverify", "-signer", str(signer_file), "-out", "/dev/null"], gost)
        if signer_file.exists() and signer_file.stat().st_size:
            result.signer = _read_certificate(signer_file, gost)
        if checked.returncode != 0:
            if result.signer is None and b"signer certificate not found" in checked.stderr.lower():
                result.reasons.append("В подписи нет сертификата подписавшего")
            else:
                result.reasons.append("Подпись не соответствует утверждённому документу: файл изменён или "
                                      "подписан другой файл")
            return result
        if result.signer is None:
            result.reasons.append("В подписи нет сертификата подписавшего")
            return result
        at = result.signing_time or received_at or datetime.now(UTC)
        signer = result.signer
        if not signer.valid_from <= at <= signer.valid_to:
            result.reasons.append(f"Сертификат подписавшего не действовал на момент подписания {_format(at)}: "
                                  f"срок действия с {_format(signer.valid_from)} по {_format(signer.valid_to)}")
        if trusted_roots:
            roots = work / "roots.pem"
            roots.write_text("\n".join(trusted_roots), encoding="utf-8")
            chain = _run(["cms", "-verify", "-binary", "-inform", "DER", "-in", str(sig_file), "-content",
                          str(doc_file), "-CAfile", str(roots), "-purpose", "any",
                          "-attime", str(int(at.timestamp())), "-out", "/dev/null"],
                         # A GOST root may certify an RSA signer: the chain needs the engine whenever it is there.
                         gost or gost_available())
            result.chain_trusted = chain.returncode == 0
            if not result.chain_trusted:
                result.reasons.append("Сертификат подписавшего не выдан доверенным удостоверяющим центром")
    return result
