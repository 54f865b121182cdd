"""The office directory (LDAP, Active Directory) on ldap3: find an account, check its password, read its groups.

The protocol only; what a found account becomes (user, person, roles) is the login use case's (services/auth.py).
The service account searches, the user's own bind checks the password: the password goes to the directory
and nowhere else (neither stored nor logged).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ldap3 import BASE, NONE, SUBTREE, Connection, Server
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars

from workflow.errors import DomainError
from workflow.settings import DirectorySettings, normalize_dn

log = logging.getLogger(__name__)

# Active Directory's userAccountControl flag ACCOUNTDISABLE.
AD_ACCOUNT_DISABLED = 0x2
# OpenLDAP's ppolicy sets it on a locked account; AD's memberOf lists the groups of an entry.
LOCKED_ATTR = "pwdAccountLockedTime"
UAC_ATTR = "userAccountControl"
MEMBER_OF_ATTR = "memberOf"


class DirectoryUnavailable(DomainError):
    """The directory did not answer, or refused the service account: nobody of the directory can log in now."""

    code = "directory_unavailable"


UNAVAILABLE = "Каталог пользователей недоступен, вход по его учётным записям сейчас невозможен. Повторите позже."


@dataclass(frozen=True)
class DirectoryAccount:
    """An account of the directory whose password has just been checked."""

    dn: str
    last_name: str
    first_name: str
    middle_name: str
    position: str
    email: str
    organization: str
    roles: tuple[str, ...]
    disabled: bool
    # False only for a disabled account (Active Directory refuses their bind): it is reported to end its sessions.
    password_ok: bool = True


def _first(attributes: dict[str, object], name: str) -> str:
    """The first value of an attribute as text ('' when the entry has none or the setting names none)."""
    if not name:
        return ""
    value = attributes.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def split_name(full: str) -> tuple[str, str, str]:
    """«Иванова Мария Петровна» as (last, first, middle): the order Russian directories keep in cn."""
    parts = full.split()
    padded = [*parts[:2], " ".join(parts[2:])] if len(parts) > 2 else parts + [""] * (3 - len(parts))
    return padded[0], padded[1], padded[2]


def is_disabled(attributes: dict[str, object]) -> bool:
    """AD's ACCOUNTDISABLE bit, or a lock set by OpenLDAP's password policy."""
    flags = _first(attributes, UAC_ATTR)
    if flags.lstrip("-").isdigit() and int(flags) & AD_ACCOUNT_DISABLED:
        return True
    return bool(_first(attributes, LOCKED_ATTR))


def roles_of_groups(groups: set[str], settings: DirectorySettings) -> tuple[str, ...]:
    """The roles of the mapped groups among `groups` (normalized DNs), each once, in the mapping's order."""
    found: dict[str, None] = {}
    for dn, roles in settings.group_roles:
        if dn in groups:
            found.update(dict.fromkeys(roles))
    return tuple(found)


def _server(settings: DirectorySettings) -> Server:
    # No schema read: attributes the server does not define (memberOf on a bare OpenLDAP) are simply absent.
    return Server(settings.url, get_info=NONE, connect_timeout=settings.timeout_seconds)


def _open(settings: DirectorySettings, server: Server, user: str | None, password: str | None) -> Connection:
    connection = Connection(server, user=user, password=password, receive_timeout=settings.timeout_seconds)
    connection.open()
    if settings.start_tls:
        connection.start_tls()
    return connection


def _groups(connection: Connection, settings: DirectorySettings, dn: str, login: str, member_of: list[str]) -> set[str]:
    """The mapped groups the entry belongs to: its memberOf (AD, the overlay) or the group's own member list."""
    groups = {normalize_dn(value) for value in member_of}
    wanted = escape_filter_chars(dn)
    members = f"(|(member={wanted})(uniqueMember={wanted})(memberUid={escape_filter_chars(login)}))"
    for group, _roles in settings.group_roles:
        if group in groups:
            continue
        if connection.search(group, members, search_scope=BASE, attributes=[]) and connection.entries:
            groups.add(group)
    return groups


def authenticate(settings: DirectorySettings, login: str, password: str) -> DirectoryAccount | None:
    """The directory's account of a login whose password the directory accepts (or of a disabled one, with
    password_ok telling); None: no such account or a wrong password. DirectoryUnavailable: it cannot be asked."""
    # An empty password is an "unauthenticated bind" that LDAP servers accept: it proves nothing.
    if not login or not password:
        return None
    server = _server(settings)
    try:
        service = _open(settings, server, settings.bind_dn or None, settings.bind_password or None)
        try:
            if not service.bind():
                log.error("LDAP: the service account %s was refused: %s", settings.bind_dn, service.result)
                raise DirectoryUnavailable(UNAVAILABLE)
            query = settings.user_filter.replace("{login}", escape_filter_chars(login))
            names = [settings.attr_name, settings.attr_position, settings.attr_email, settings.attr_organization]
            attributes = [a for a in names if a] + [MEMBER_OF_ATTR, UAC_ATTR, LOCKED_ATTR]
            service.search(settings.user_base, query, search_scope=SUBTREE, attributes=attributes, size_limit=2)
            entries = [e for e in service.response or [] if e.get("type") == "searchResEntry"]
            if len(entries) != 1:
                return None  # unknown, or a filter that matches two people: neither may log in
            dn, found = entries[0]["dn"], dict(entries[0]["attributes"])
            disabled = is_disabled(found)
            if settings.disabled_filter:
                disabled = disabled or bool(
                    service.search(dn, settings.disabled_filter, search_scope=BASE, attributes=[]) and service.entries
                )
            member_of = found.get(MEMBER_OF_ATTR) or []
            groups = _groups(service, settings, dn, login, member_of if isinstance(member_of, list) else [member_of])
        finally:
            service.unbind()
        own = _open(settings, server, dn, password)
        try:
            password_ok = bool(own.bind())
        finally:
            own.unbind()
        if not password_ok and not disabled:
            return None
    except LDAPException as exc:
        # The exception's text names the server and the failure, never the password.
        log.error("LDAP: the directory %s cannot be reached: %s", settings.url, exc)
        raise DirectoryUnavailable(UNAVAILABLE) from exc
    last, first, middle = split_name(_first(found, settings.attr_name))
    return DirectoryAccount(
        dn=dn,
        last_name=last,
        first_name=first,
        middle_name=middle,
        position=_first(found, settings.attr_position),
        email=_first(found, settings.attr_email),
        organization=_first(found, settings.attr_organization),
        roles=roles_of_groups(groups, settings),
        disabled=disabled,
        password_ok=password_ok,
    )
