"""The one Settings object: every setting of the application, read from the environment in create_app."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from models.directory import ROLES
from workflow.settings import DirectorySettings, WorkflowSettings, parse_group_roles

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
_WORKFLOW = WorkflowSettings()

# A setting read from a variable of another name (the names the README documents); None: never from the
# environment, only as an explicit override (tests), so that no variable can switch off CSRF in production.
ENV_NAMES: dict[str, str | None] = {
    "MAX_CONTENT_LENGTH": "MAX_UPLOAD_BYTES",
    "TIMEZONE": "PRIKAZ_TIMEZONE",
    "TESTING": None,
    "WTF_CSRF_ENABLED": None,
}


def _default_database_url() -> str:
    INSTANCE_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'prikaz.sqlite3'}"


def private_sqlite_file(url: str) -> None:
    """Create a SQLite database file that does not exist yet readable by its owner only (0600).

    SQLite would create it with the umask's mode (often world-readable); its journal and WAL files take the
    mode of the database file.
    """
    prefix = "sqlite:///"
    path = url[len(prefix) :].split("?", 1)[0] if url.startswith(prefix) else ""
    if not path or path == ":memory:":
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except (FileExistsError, FileNotFoundError):
        pass  # already there (its mode is the owner's choice), or a directory that does not exist: SQLite says so


def instance_secret_key(directory: Path = INSTANCE_DIR) -> str:
    """A SECRET_KEY generated once per instance and kept there (when the environment gives none).

    Two first boots at once must agree on one key: each writes its own 0600 temporary file in full, and only
    the first os.link to the final name wins; every process then reads the winner's key.
    """
    directory.mkdir(exist_ok=True)
    path = directory / "secret_key"
    if not path.exists():
        temporary = directory / f".secret_key.{os.getpid()}.{secrets.token_hex(8)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48))
                file.flush()
                os.fsync(file.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another process was first: its key is the instance's
        finally:
            temporary.unlink(missing_ok=True)
    return path.read_text().strip()


def jobs_sqlite_path(settings: Settings) -> str:
    """Where the embedded job queue keeps its file."""
    if settings.JOBS_SQLITE_PATH:
        return settings.JOBS_SQLITE_PATH
    INSTANCE_DIR.mkdir(exist_ok=True)
    return str(INSTANCE_DIR / "jobs.sqlite3")


def _flag(raw: str) -> bool:
    return raw.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """Every setting of the application; Flask's config and the workflow's settings are derived from it."""

    DATABASE_URL: str = ""  # empty: the instance's SQLite file
    SECRET_KEY: str = ""  # empty: one generated once per instance
    MAX_CONTENT_LENGTH: int = 20 * 1024 * 1024
    TESTING: bool = False
    # Web security: CSRF on every form (tests of login logic turn it off), Secure cookie behind a TLS proxy.
    WTF_CSRF_ENABLED: bool = True
    SESSION_COOKIE_SECURE: bool = False
    # API tokens and the login throttle (web and API).
    API_TOKEN_TTL_HOURS: float = 12.0
    # Failures per login from one address, then per address overall, before each try waits FIRST_DELAY, doubled.
    LOGIN_MAX_FAILURES: int = 10
    LOGIN_WINDOW_MINUTES: float = 15.0
    LOGIN_MAX_FAILURES_PER_CLIENT: int = 30
    LOGIN_FIRST_DELAY_SECONDS: float = 60.0
    # How many proxies in front of the app are trusted to report the client's address and scheme (X-Forwarded-*).
    TRUSTED_PROXIES: int = 0
    # A web session without a request for this long ends (the cookie is renewed on every request).
    SESSION_IDLE_MINUTES: float = 120.0
    # The workflow's part (see workflow.settings.WorkflowSettings).
    DEADLINE_RULE: str = _WORKFLOW.deadline_rule
    DEADLINE_HORIZON: str = _WORKFLOW.deadline_horizon
    REMIND_DAYS: int = _WORKFLOW.remind_days
    ESCALATE_DAYS: int = _WORKFLOW.escalate_days
    INACTIVITY_DAYS: int = _WORKFLOW.inactivity_days
    REVIEW_DAYS: int = _WORKFLOW.review_days
    SMTP_HOST: str = _WORKFLOW.smtp_host
    SMTP_PORT: int = _WORKFLOW.smtp_port
    SMTP_FROM: str = _WORKFLOW.smtp_from
    TIMEZONE: str = _WORKFLOW.timezone
    # Where the office reaches the app: the QR code of a frozen order encodes its card under this address.
    CARD_BASE_URL: str = _WORKFLOW.card_base_url
    # A dispatch of more tasks runs as a background job; more than the cap is refused before anything is written.
    DISPATCH_BACKGROUND_TASKS: int = _WORKFLOW.dispatch_background_tasks
    DISPATCH_MAX_TASKS: int = _WORKFLOW.dispatch_max_tasks
    # A control справка of more tasks than this is written by the worker and downloaded from the control page.
    EXPORT_INLINE_ROWS: int = _WORKFLOW.export_inline_rows
    # The background worker (workflow/jobs.py): Redis when set (several nodes), else SQLite in instance/.
    REDIS_URL: str = ""
    JOBS_SQLITE_PATH: str = ""  # empty: instance/jobs.sqlite3
    SWEEP_HOUR: int = 7  # the office's local hour of the daily reminder sweep
    # Login with the office directory (LDAP / Active Directory); off while LDAP_URL is empty.
    LDAP_URL: str = ""
    LDAP_BIND_DN: str = ""
    LDAP_BIND_PASSWORD: str = ""
    LDAP_USER_BASE: str = ""
    LDAP_USER_FILTER: str = "(uid={login})"
    LDAP_ATTR_NAME: str = "cn"
    LDAP_ATTR_POSITION: str = "title"
    LDAP_ATTR_EMAIL: str = "mail"
    LDAP_ATTR_ORGANIZATION: str = ""
    LDAP_ORGANIZATION: str = ""
    LDAP_GROUP_ROLES: str = ""  # group DN=role[,role];… e.g. cn=heads,ou=groups,dc=uo,dc=ru=head
    LDAP_START_TLS: bool = False
    LDAP_DISABLED_FILTER: str = ""
    LDAP_TIMEOUT_SECONDS: int = 5
    # Flask settings with no variable of ours, given as overrides by tests (e.g. SERVER_NAME).
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """The settings from the environment, with explicit overrides (tests, scripts) on top."""
        environ = os.environ if environ is None else environ
        known = {f.name: f for f in fields(cls) if f.name != "extra"}
        values: dict[str, Any] = {}
        for name, spec in known.items():
            variable = ENV_NAMES.get(name, name)
            raw = environ.get(variable) if variable is not None else None
            if raw:
                values[name] = _PARSERS.get(str(spec.type), str)(raw)
        extra = {k: v for k, v in overrides.items() if k not in known}
        values.update({k: v for k, v in overrides.items() if k in known})
        settings = cls(**values, extra=extra)
        if not settings.DATABASE_URL:
            settings = replace(settings, DATABASE_URL=_default_database_url())
        private_sqlite_file(settings.DATABASE_URL)
        if not settings.SECRET_KEY:
            settings = replace(settings, SECRET_KEY=instance_secret_key())
        return settings

    @property
    def workflow(self) -> WorkflowSettings:
        """The workflow's part, as the plain dataclass the domain takes."""
        return WorkflowSettings(
            deadline_rule=self.DEADLINE_RULE,
            deadline_horizon=self.DEADLINE_HORIZON,
            remind_days=self.REMIND_DAYS,
            escalate_days=self.ESCALATE_DAYS,
            inactivity_days=self.INACTIVITY_DAYS,
            review_days=self.REVIEW_DAYS,
            smtp_host=self.SMTP_HOST,
            smtp_port=self.SMTP_PORT,
            smtp_from=self.SMTP_FROM,
            timezone=self.TIMEZONE,
            card_base_url=self.CARD_BASE_URL,
            dispatch_background_tasks=self.DISPATCH_BACKGROUND_TASKS,
            dispatch_max_tasks=self.DISPATCH_MAX_TASKS,
            export_inline_rows=self.EXPORT_INLINE_ROWS,
            directory=self.directory,
        )

    @property
    def directory(self) -> DirectorySettings | None:
        """Login with the office directory, when LDAP_URL is set."""
        if not self.LDAP_URL:
            return None
        return DirectorySettings(
            url=self.LDAP_URL,
            bind_dn=self.LDAP_BIND_DN,
            bind_password=self.LDAP_BIND_PASSWORD,
            user_base=self.LDAP_USER_BASE,
            user_filter=self.LDAP_USER_FILTER,
            attr_name=self.LDAP_ATTR_NAME,
            attr_position=self.LDAP_ATTR_POSITION,
            attr_email=self.LDAP_ATTR_EMAIL,
            attr_organization=self.LDAP_ATTR_ORGANIZATION,
            organization=self.LDAP_ORGANIZATION,
            group_roles=parse_group_roles(self.LDAP_GROUP_ROLES, ROLES),
            start_tls=self.LDAP_START_TLS,
            disabled_filter=self.LDAP_DISABLED_FILTER,
            timeout_seconds=self.LDAP_TIMEOUT_SECONDS,
        )

    def as_flask(self) -> dict[str, Any]:
        """The settings as a mapping for app.config.from_mapping."""
        mapping = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        mapping["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=self.SESSION_IDLE_MINUTES)
        mapping["SESSION_REFRESH_EACH_REQUEST"] = True
        mapping.update(self.extra)
        return mapping


# Field annotations are strings (postponed evaluation): the parser of each declared type.
_PARSERS: dict[str, Callable[[str], Any]] = {"str": str, "int": int, "float": float, "bool": _flag}
