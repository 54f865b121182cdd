"""A throwaway OpenLDAP directory for the suite: Debian's slapd in a temporary directory on a free port.

The tree is built by the test (`Directory.add_person`, `Directory.set_groups`): nothing holds a real password,
every password is generated at run time. Like tests/pg.py, in CI a missing slapd is a failure, not a skip.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ldap3 import MODIFY_ADD, MODIFY_DELETE, MODIFY_REPLACE, Connection, Server

from tests.pg import SETUP_HINT

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SLAPADD = shutil.which("slapadd") or "/usr/sbin/slapadd"
SUFFIX = "dc=uo,dc=example"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
ADMIN_DN = f"cn=admin,{SUFFIX}"
# The service account the application binds as to search (read-only by the ACL below).
SERVICE_DN = f"cn=prikaz,{SUFFIX}"


class SlapdUnavailable(RuntimeError):
    """slapd is not installed or did not start here."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(root: Path, admin_password: str) -> str:
    return f"""
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile {root}/slapd.pid
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ADMIN_DN}"
rootpw {admin_password}
directory {root}/data
# memberOf on the members' entries, as Active Directory keeps it.
overlay memberof
access to attrs=userPassword by anonymous auth by self write by * none
access to * by dn.exact="{SERVICE_DN}" read by self read by * none
"""


def _tree(service_password: str) -> str:
    return f"""dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
o: Управление образования
dc: uo

dn: {PEOPLE}
objectClass: organizationalUnit
ou: people

dn: {GROUPS}
objectClass: organizationalUnit
ou: groups

dn: {SERVICE_DN}
objectClass: person
cn: prikaz
sn: prikaz
userPassword: {service_password}
"""


@dataclass
class Directory:
    """A running slapd: its URL, the service account, and helpers that shape the tree from a test."""

    url: str
    service_password: str
    admin_password: str
    root: Path
    process: subprocess.Popen[bytes]
    groups: set[str] = field(default_factory=set)

    def _admin(self) -> Connection:
        return Connection(Server(self.url), ADMIN_DN, self.admin_password, auto_bind=True)

    def add_person(
        self, uid: str, *, cn: str, title: str = "", mail: str = "", o: str = "", disabled: bool = False
    ) -> str:
        """A person under ou=people with a generated password; returns the password."""
        password = secrets.token_urlsafe(12)
        attributes: dict[str, str | list[str]] = {
            "objectClass": ["inetOrgPerson"],
            "uid": uid,
            "cn": cn,
            "sn": cn.split()[0],
            "userPassword": password,
        }
        for name, value in (("title", title), ("mail", mail), ("o", o)):
            if value:
                attributes[name] = value
        if disabled:
            attributes["employeeType"] = "disabled"
        with self._admin() as conn:
            dn = f"uid={uid},{PEOPLE}"
            conn.delete(dn)
            if not conn.add(dn, attributes=attributes):
                raise SlapdUnavailable(f"add {dn}: {conn.result}")
        return password

    def modify_person(self, uid: str, **values: str) -> None:
        """Replace attributes of a person (title, mail, employeeType …)."""
        with self._admin() as conn:
            conn.modify(f"uid={uid},{PEOPLE}", {k: [(MODIFY_REPLACE, [v])] for k, v in values.items()})

    def set_groups(self, uid: str, *names: str) -> None:
        """Make the person a member of exactly these groups (groupOfNames under ou=groups)."""
        member = f"uid={uid},{PEOPLE}"
        with self._admin() as conn:
            for name in sorted(self.groups | set(names)):
                dn = f"cn={name},{GROUPS}"
                if name not in self.groups:
                    conn.add(dn, attributes={"objectClass": ["groupOfNames"], "cn": name, "member": [ADMIN_DN]})
                    self.groups.add(name)
                change = MODIFY_ADD if name in names else MODIFY_DELETE
                conn.modify(dn, {"member": [(change, [member])]})

    def set_posix_group(self, name: str, *uids: str) -> None:
        """A posixGroup under ou=groups listing exactly these uids (memberUid: no memberOf on the members)."""
        dn = f"cn={name},{GROUPS}"
        with self._admin() as conn:
            conn.delete(dn)
            attributes: dict[str, str | list[str]] = {"objectClass": ["posixGroup"], "cn": name, "gidNumber": "5000"}
            if uids:
                attributes["memberUid"] = list(uids)
            if not conn.add(dn, attributes=attributes):
                raise SlapdUnavailable(f"add {dn}: {conn.result}")

    def member_of(self, uid: str) -> list[str]:
        """The memberOf values slapd keeps on a person's entry."""
        with self._admin() as conn:
            conn.search(f"uid={uid},{PEOPLE}", "(objectClass=*)", search_scope="BASE", attributes=["memberOf"])
            return [str(v) for v in conn.entries[0].memberOf.values] if conn.entries else []

    def stop(self) -> None:
        """Stop slapd and remove its files."""
        try:
            self.process.terminate()
            self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def group_dn(name: str) -> str:
    """The DN of a test group."""
    return f"cn={name},{GROUPS}"


def start() -> Directory:
    """Build the configuration and the base tree, start slapd on a free port and wait until it answers."""
    if not Path(SLAPD).exists() or not Path(SLAPADD).exists():
        raise SlapdUnavailable(SETUP_HINT.format(what="slapd и ldap-utils"))
    root = Path(tempfile.mkdtemp(prefix="prikaz-ldap-"))
    (root / "data").mkdir()
    admin_password = secrets.token_urlsafe(16)
    service_password = secrets.token_urlsafe(16)
    conf = root / "slapd.conf"
    conf.write_text(_config(root, admin_password))
    (root / "tree.ldif").write_text(_tree(service_password))
    loaded = subprocess.run([SLAPADD, "-f", str(conf), "-l", str(root / "tree.ldif")], capture_output=True, text=True)
    if loaded.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise SlapdUnavailable(f"slapadd: {loaded.stderr[-500:]}")
    port = _free_port()
    url = f"ldap://127.0.0.1:{port}"
    log = (root / "slapd.log").open("wb")
    # -d 0: stay in the foreground (a child of the tests) without debug output.
    process = subprocess.Popen([SLAPD, "-f", str(conf), "-h", f"{url}/", "-d", "0"], stdout=log, stderr=log)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = (root / "slapd.log").read_text(errors="replace")[-500:]
            shutil.rmtree(root, ignore_errors=True)
            raise SlapdUnavailable(f"slapd: {message}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return Directory(url, service_password, admin_password, root, process)
