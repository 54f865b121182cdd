"""Test keys, certificates and detached signatures made with openssl in the tests' own temp folder.

Nothing private is committed: every key is generated in the setup and thrown away with the folder.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

KEY_ALGORITHMS = {
    "gost256": (["-engine", "gost", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A"], "md_gost12_256"),
    "gost512": (["-engine", "gost", "-algorithm", "gost2012_512", "-pkeyopt", "paramset:A"], "md_gost12_512"),
    "rsa": (["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "sha256"),
    "ecdsa": (["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "sha256"),
}

CA_CONFIG = """[ca]
default_ca = test
[test]
dir = {dir}
database = {dir}/index.txt
new_certs_dir = {dir}
serial = {dir}/serial
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
surname = optional
givenName = optional
organizationName = optional
"""


def _openssl(*args: str, gost: bool = False) -> None:
    cmd = ["openssl", *args]
    if gost and "-engine" not in args:
        cmd[2:2] = ["-engine", "gost"]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


@dataclass
class Identity:
    """A key and its certificate on disk."""

    key: Path
    cert: Path
    algorithm: str

    @property
    def gost(self) -> bool:
        """Whether the key is a GOST one."""
        return self.algorithm.startswith("gost")

    def sign(self, data: bytes, folder: Path) -> bytes:
        """A detached DER CMS signature over the bytes, with the signing time and the certificate inside."""
        src, out = folder / "content.bin", folder / "signature.der"
        src.write_bytes(data)
        digest = KEY_ALGORITHMS[self.algorithm][1]
        _openssl("cms", "-sign", "-binary", "-in", str(src), "-signer", str(self.cert), "-inkey", str(self.key),
                 "-md", digest, "-outform", "DER", "-out", str(out), gost=self.gost)
        return out.read_bytes()


class TestAuthority:
    """A root certificate authority that issues certificates with given dates."""

    __test__ = False

    def __init__(self, folder: Path, algorithm: str = "gost256"):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.txt").write_text("")
        (folder / "serial").write_text("1000\n")
        (folder / "ca.cnf").write_text(CA_CONFIG.format(dir=folder))
        self.root = self._key("root", algorithm)
        gost = algorithm.startswith("gost")
        _openssl("req", "-new", "-x509", "-key", str(self.root.key), "-out", str(self.root.cert), "-days", "3650",
                 "-subj", "/CN=Тестовый УЦ/O=Тест", "-utf8", "-" + KEY_ALGORITHMS[algorithm][1], gost=gost)

    def _key(self, name: str, algorithm: str) -> Identity:
        key, cert = self.folder / f"{name}.key", self.folder / f"{name}.pem"
        _openssl("genpkey", *KEY_ALGORITHMS[algorithm][0], "-out", str(key))
        return Identity(key, cert, algorithm)

    @property
    def root_pem(self) -> str:
        """The root certificate as PEM text."""
        return self.root.cert.read_text()

    def issue(self, name: str, algorithm: str = "gost256", start: str = "20250101000000Z",
              end: str = "20351231000000Z", subject: str = "/SN=Дереча/GN=Нина Евгеньевна/CN=Дереча Н.Е.") -> Identity:
        """A certificate for a new key, valid from `start` to `end` (YYYYMMDDHHMMSSZ)."""
        ident = self._key(name, algorithm)
        csr = self.folder / f"{name}.csr"
        gost = algorithm.startswith("gost")
        _openssl("req", "-new", "-key", str(ident.key), "-out", str(csr), "-subj", subject, "-utf8", gost=gost)
        _openssl("ca", "-batch", "-config", str(self.folder / "ca.cnf"), "-cert", str(self.root.cert),
                 "-keyfile", str(self.root.key), "-in", str(csr), "-out", str(ident.cert), "-utf8",
                 "-md", KEY_ALGORITHMS[self.root.algorithm][1], "-startdate", start, "-enddate", end,
                 "-notext", gost=gost or self.root.gost)
        return ident
