"""The workflow's settings: a plain dataclass handed in by the application (the workflow reads no environment)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class DirectorySettings:
    """Login with the office directory (LDAP, Active Directory): where it is, how people and groups are found."""

    url: str  # ldap://host:389 or ldaps://host:636
    bind_dn: str = ""  # the service account that searches (empty: an anonymous search)
    bind_password: str = ""
    user_base: str = ""
    # {login} is replaced by the login, escaped; Active Directory: (sAMAccountName={login}).
    user_filter: str = "(uid={login})"
    attr_name: str = "cn"  # «Фамилия Имя Отчество»
    attr_position: str = "title"
    attr_email: str = "mail"
    # The entry's attribute naming its organization (matched to an organization's full or short name); empty:
    # every directory user belongs to `organization`, or to the one top organization when that is empty too.
    attr_organization: str = ""
    organization: str = ""
    # Group DN → roles, lower-cased and without spaces after commas; membership by memberOf or by the group.
    group_roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    start_tls: bool = False
    # An LDAP filter matching disabled accounts, besides AD's userAccountControl bit 2 and pwdAccountLockedTime.
    disabled_filter: str = ""
    timeout_seconds: int = 5  # connect and each answer


@dataclass(frozen=True)
class WorkflowSettings:
    """What the domain needs of the configuration; the defaults are the office's usual rules."""

    # The records-management rule: a due date on a non-working day moves to the preceding working day;
    # "following" gives the civil-law next working day.
    deadline_rule: str = "preceding"
    remind_days: int = 3  # working days before the deadline
    escalate_days: int = 5  # calendar days overdue before the head is told
    inactivity_days: int = 10  # days without activity before a warning
    review_days: int = 5  # days a report may wait for review before the control view lists it
    # A series without a period runs over this horizon: academic_year | calendar_year | twelve_months.
    deadline_horizon: str = "academic_year"
    card_base_url: str = "http://127.0.0.1:5000"  # the QR code of a frozen order encodes its card under it
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = "prikaz@localhost"
    timezone: str = "Europe/Moscow"
    # An order with more tasks than this is dispatched by a background job in chunks; none above the cap.
    dispatch_background_tasks: int = 5000
    dispatch_max_tasks: int = 200_000
    # Login with the office directory; None: local passwords only.
    directory: DirectorySettings | None = None
    # A control справка of more tasks than this is written by the background worker, then downloaded.
    export_inline_rows: int = 20_000


DEFAULTS = WorkflowSettings()


def normalize_dn(dn: str) -> str:
    """A DN in the one form DNs are compared in: lower-cased, no spaces around the commas and equal signs."""
    parts = (part.split("=", 1) for part in dn.split(","))
    return ",".join("=".join(piece.strip() for piece in part).lower() for part in parts)


def parse_group_roles(text: str, roles: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """«cn=heads,ou=groups,dc=uo=head;cn=staff,ou=groups,dc=uo=executor,approver» as (group DN, roles) pairs.

    The roles follow the last «=» of each item; an unknown role is refused at start, not at the first login.
    """
    pairs = []
    for item in filter(None, (piece.strip() for piece in text.split(";"))):
        dn, _, names = item.rpartition("=")
        wanted = tuple(name.strip() for name in names.split(",") if name.strip())
        unknown = [name for name in wanted if name not in roles]
        if not dn or not wanted or unknown:
            raise ValueError(f"LDAP_GROUP_ROLES: не понят элемент «{item}» (роли: {', '.join(roles)})")
        pairs.append((normalize_dn(dn), wanted))
    return tuple(pairs)


def settings_of(source: Session | Any) -> WorkflowSettings:
    """The settings of a Database, or of the Database a session came from (models.db puts it in session.info).

    A session made outside a Database (a script's own engine) gets the defaults.
    """
    database = source.info.get("db") if isinstance(source, Session) else source
    settings = getattr(database, "settings", None)
    return settings if isinstance(settings, WorkflowSettings) else DEFAULTS
