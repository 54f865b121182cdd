"""A throwaway PostgreSQL cluster for the suite, started in a temporary directory (`make setup` installs PostgreSQL)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# What a fixture says when a program the tests need is not installed.
SETUP_HINT = "Не найдено: {what}. Выполните `make setup`: он ставит пакеты Debian, нужные тестам"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL is not installed or could not be started here."""


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """initdb + pg_ctl start on a private port; stop() removes everything."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise PostgresUnavailable(SETUP_HINT.format(what="PostgreSQL (initdb в /usr/lib/postgresql/*/bin)"))
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="prikaz-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        # PostgreSQL refuses to run as root: the cluster belongs to the postgres system user.
        self.runas: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self.runas = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        conf = (
            f"port={self.port}\nlisten_addresses='127.0.0.1'\nunix_socket_directories='{self.root}'\n"
            "fsync=off\nsynchronous_commit=off\nfull_page_writes=off\nmax_connections=100\n"
        )
        with open(self.data / "postgresql.conf", "a") as fh:
            fh.write(conf)
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60", "start")
        self.url_base = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)

    def _run(self, tool: str, *args: str) -> None:
        result = subprocess.run([*self.runas, str(self.bin / tool), *args], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{tool}: {result.stdout[-300:]} {result.stderr[-500:]}")

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of a database of this cluster."""
        return f"{self.url_base}/{database}"

    def create_database(self, name: str) -> str:
        """Create a database and return its URL."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove its files."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
