"""Authentication: bearer tokens stored as SHA-256, sessions that end, and a login throttle kept in the database.

The throttle counts failed logins in the database rather than in Flask-Limiter: Flask-Limiter's storages are
memory, Redis, Memcached or MongoDB, none of them SQL, and its memory storage is private to each gunicorn
worker, so with the embedded SQLite default every worker would keep its own count. The table is shared by all
workers on either database and needs no other server.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import ColumnElement, bindparam, delete, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from documents.russian import guess_gender
from models import ApiToken, LoginAttempt, Organization, Person, User, UserRole
from models.db import Database
from models.directory import ROLES
from workflow import clock
from workflow.errors import DomainError
from workflow.services.office_directory import DirectoryAccount, authenticate
from workflow.services.passwords import hash_password, verify_password
from workflow.settings import DirectorySettings, settings_of


class InvalidCredentials(DomainError):
    """Wrong login or password, or no valid token."""

    code = "unauthorized"


class TooManyAttempts(DomainError):
    """Too many failed logins from one client address (for one login or overall) within the window."""

    code = "too_many_requests"


@dataclass(frozen=True)
class Throttle:
    """Failed logins counted per (login, client address) and per client address within `window`.

    Past `max_failures` for a login from one address (or `max_client_failures` from one address overall)
    each further try waits `first_delay`, doubled with every failure, at most the window. The same login from
    another address is not slowed: an attacker cannot lock the real user out.
    """

    max_failures: int = 10
    window: timedelta = timedelta(minutes=15)
    max_client_failures: int = 30
    first_delay: timedelta = timedelta(minutes=1)

    def wait(self, failures: int, limit: int, last: datetime | None, now: datetime) -> timedelta | None:
        """How long the next try must still wait after `failures` failures, the last at `last`; None: no wait."""
        if failures < limit or last is None:
            return None
        delay = min(self.first_delay * 2 ** min(failures - limit, 20), self.window)
        left = last + delay - now
        return left if left > timedelta(0) else None


@dataclass(frozen=True)
class TokenUser:
    """The user behind a token, as the API needs it."""

    user_id: int
    login: str
    roles: tuple[str, ...]
    person_id: int | None
    label: str
    organization_id: int | None
    token_id: int | None = None
    auth_epoch: int = 0


def token_digest(token: str) -> str:
    """The stored form of a token: only its SHA-256 ever reaches the database."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def _label(login: str, last: str | None, first: str | None, middle: str | None) -> str:
    if last is None:
        return login
    initials = "".join(f"{part[0]}." for part in (first, middle) if part)
    return f"{last} {initials}".strip() + f" ({login})"


# What an actor is made of, for the two one-round-trip reads below (the API token's and the page session's user).
_ACTOR_COLUMNS = (
    User.login,
    User.person_id,
    Person.last_name,
    Person.first_name,
    Person.middle_name,
    Person.organization_id,
)

# One round trip for the token, its user, the person and the roles (a row per role).
_TOKEN_USER = (
    select(
        ApiToken.id,
        User.id,
        *_ACTOR_COLUMNS,
        UserRole.role,
    )
    .join(User, User.id == ApiToken.user_id)
    .outerjoin(Person, Person.id == User.person_id)
    .outerjoin(UserRole, UserRole.user_id == User.id)
)


# Built once with bound parameters: this statement runs on every API call.
_LIVE_TOKEN_USER = _TOKEN_USER.where(
    ApiToken.token_hash == bindparam("digest"),
    ApiToken.revoked_at.is_(None),
    ApiToken.expires_at > bindparam("now"),
    User.active.is_(True),
)


def authenticate_token(session: Session | Connection, token: str, now: datetime | None = None) -> TokenUser | None:
    """The user of a live token (not expired, not revoked, user active), or None; one query on any connection."""
    if not token or len(token) > 200:
        return None
    rows = session.execute(_LIVE_TOKEN_USER, {"digest": token_digest(token), "now": now or clock.now()}).all()
    if not rows:
        return None
    token_id, user_id, login, person_id, last, first, middle, org_id, _ = rows[0]
    have = {row[-1] for row in rows}
    return TokenUser(
        user_id=user_id,
        login=login,
        roles=tuple(r for r in ROLES if r in have),
        person_id=person_id,
        label=_label(login, last, first, middle),
        organization_id=org_id,
        token_id=token_id,
    )


def _failures(session: Session, where: ColumnElement[bool], since: datetime) -> tuple[int, datetime | None]:
    count, last = session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(where, LoginAttempt.at > since)
    ).one()
    return count or 0, last


def _same_client(client: str | None) -> ColumnElement[bool]:
    return LoginAttempt.client.is_(None) if client is None else LoginAttempt.client == client


def _refuse(wait: timedelta) -> TooManyAttempts:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    when = f"{seconds} с" if seconds < 60 else f"{(seconds + 59) // 60} мин"
    return TooManyAttempts(
        f"Слишком много неудачных попыток входа. Повторите через {when}.", {"retry_after_seconds": seconds}
    )


def check_throttle(session: Session, login: str, client: str | None, throttle: Throttle, now: datetime) -> None:
    """Refuse a login try that must still wait: per login from this address, then per address overall."""
    since = now - throttle.window
    failures, last = _failures(session, (LoginAttempt.login == login) & _same_client(client), since)
    wait = throttle.wait(failures, throttle.max_failures, _aware(last, now), now)
    if wait is None and client is not None:
        failures, last = _failures(session, LoginAttempt.client == client, since)
        wait = throttle.wait(failures, throttle.max_client_failures, _aware(last, now), now)
    if wait is not None:
        raise _refuse(wait)


def _aware(moment: datetime | None, now: datetime) -> datetime | None:
    """SQLite gives naive datetimes back: read them in the zone of `now` (the stored values are UTC)."""
    if moment is None or moment.tzinfo is not None or now.tzinfo is None:
        return moment
    return moment.replace(tzinfo=UTC).astimezone(now.tzinfo)


WRONG = "Неверный логин или пароль."
DISABLED_IN_DIRECTORY = "Учётная запись отключена в каталоге."
NO_ROLE_IN_DIRECTORY = (
    "Учётная запись каталога не входит ни в одну группу, дающую роль в системе. Обратитесь к администратору."
)
# What a directory account keeps in password_hash: no password verifies against it.
NO_LOCAL_PASSWORD = "!directory"


def _count_failure(db: Database, login: str, client: str | None, throttle: Throttle, now: datetime) -> None:
    with db.transaction() as session:
        session.add(LoginAttempt(login=login, at=now, client=client))
        # Old attempts are of no use to the throttle; the table stays as small as the window.
        session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - throttle.window))


def check_credentials(
    db: Database, login: str, password: str, *, throttle: Throttle, now: datetime, client: str | None = None
) -> int:
    """The user id for a correct login and password; failures are counted and throttled per login and address.

    With the office directory configured, a login that is not a local account is checked by the directory;
    local accounts (the administrator) keep their own password and work while the directory is down.
    """
    directory = settings_of(db).directory
    with db.session() as session:
        check_throttle(session, login, client, throttle, now)
        user = session.scalar(select(User).where(User.login == login))
        local = user is not None and user.directory_dn is None
        if directory is None or local:
            # The hash is checked even for an unknown login, so the answer takes as long either way.
            stored = user.password_hash if user is not None else _dummy_hash()
            ok = verify_password(stored, password) and user is not None and user.active
    if directory is not None and not local:
        return _directory_login(db, directory, login, password, throttle=throttle, now=now, client=client)
    if not ok or user is None:
        _count_failure(db, login, client, throttle, now)
        raise InvalidCredentials(WRONG)
    return user.id


def _directory_login(
    db: Database,
    directory: DirectorySettings,
    login: str,
    password: str,
    *,
    throttle: Throttle,
    now: datetime,
    client: str | None,
) -> int:
    """Check the password with the directory, then create or update the user, the person and the roles."""
    account = authenticate(directory, login, password)  # DirectoryUnavailable is not the user's failure
    if account is None or account.disabled:
        _count_failure(db, login, client, throttle, now)
        if account is not None:
            _end_directory_sessions(db, account.dn)
        # «Disabled» only to whoever knows the password: a stranger learns nothing about the account.
        raise InvalidCredentials(DISABLED_IN_DIRECTORY if account is not None and account.password_ok else WRONG)
    user_id = save_directory_account(db, directory, login, account)
    if user_id is None:
        raise InvalidCredentials(NO_ROLE_IN_DIRECTORY)
    return user_id


def _end_directory_sessions(db: Database, dn: str) -> None:
    """An account disabled in the directory: the sessions and tokens opened before it was disabled end too."""
    with db.transaction() as session:
        user_id = session.scalar(select(User.id).where(User.directory_dn == dn))
        if user_id is not None:
            end_sessions_in(session, user_id)


def _organization_of(session: Session, directory: DirectorySettings, account: DirectoryAccount) -> int | None:
    """The entry's organization by name, else the configured one, else the one top organization of the office."""
    wanted = [name.strip().casefold() for name in (account.organization, directory.organization) if name.strip()]
    if wanted:
        # Compared in Python: SQLite's lower() folds ASCII only, and an office has hundreds of organizations at most.
        rows = session.execute(select(Organization.id, Organization.name, Organization.short_name)).all()
        names = {}
        for org_id, name, short in sorted(rows, reverse=True):
            names.update({name.casefold(): org_id, short.casefold(): org_id} if short else {name.casefold(): org_id})
        for name in wanted:
            if name in names:
                return names[name]
    tops = session.scalars(select(Organization.id).where(Organization.parent_id.is_(None)).limit(2)).all()
    return tops[0] if len(tops) == 1 else None


def save_directory_account(
    db: Database, directory: DirectorySettings, login: str, account: DirectoryAccount
) -> int | None:
    """Create or update the user and person of a directory account; roles follow its groups.

    None: the account is in no mapped group — a known user loses its roles and sessions, a new one is not made.
    """
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.directory_dn == account.dn).with_for_update())
        if user is None:
            user = session.scalar(select(User).where(User.login == login, User.directory_dn.is_not(None)))
        if user is None and not account.roles:
            return None
        if user is not None and not user.active:
            # The administrator switched the account off here: the directory does not switch it back on.
            raise InvalidCredentials(WRONG)
        if user is None:
            user = User(login=login, password_hash=NO_LOCAL_PASSWORD, directory_dn=account.dn)
            session.add(user)
        user.directory_dn = account.dn  # an entry moved or renamed in the tree keeps its user
        person = user.person
        if person is None:
            person = Person(last_name="", first_name="", gender="m")
            user.person = person
        person.last_name = account.last_name or login
        person.first_name = account.first_name
        person.middle_name = account.middle_name
        person.gender = guess_gender(account.first_name, account.middle_name) or (
            "f" if account.last_name.endswith(("а", "я")) else "m"
        )
        if directory.attr_position:
            person.position = account.position
        if directory.attr_email:
            person.email = account.email
        organization_id = _organization_of(session, directory, account)
        if organization_id is not None:
            person.organization_id = organization_id
        changed = user.id is not None and set(account.roles) != set(user.roles)
        keep = [row for row in user.role_rows if row.role in account.roles]
        have = {row.role for row in keep}
        user.role_rows = keep + [UserRole(role=r) for r in account.roles if r not in have]
        session.flush()
        if changed:
            # Other roles: whatever was signed in with the old ones must sign in again.
            end_sessions_in(session, user.id)
        user_id = user.id
    return user_id if account.roles else None


def end_sessions_in(session: Session, user_id: int, now: datetime | None = None) -> None:
    """Inside a transaction: every web session of the user stops working and every live token is revoked."""
    # A plain UPDATE, not through the ORM: ending sessions is not an edit of the user (its version stays).
    session.execute(update(User).where(User.id == user_id).values(auth_epoch=User.auth_epoch + 1))
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now or clock.now())
    )


def end_sessions(db: Database, user_id: int, now: datetime | None = None) -> None:
    """End every session and token of a user (logout does this for its own user)."""
    with db.transaction() as session:
        end_sessions_in(session, user_id, now)


# The cookie's user on every page: the user, the person, the roles and the sessions' generation in one round trip.
_SESSION_USER = (
    select(
        User.id,
        *_ACTOR_COLUMNS,
        User.auth_epoch,
        UserRole.role,
    )
    .outerjoin(Person, Person.id == User.person_id)
    .outerjoin(UserRole, UserRole.user_id == User.id)
    .where(User.id == bindparam("user_id"), User.active.is_(True))
)


def session_user(db: Database, user_id: int) -> TokenUser | None:
    """An active user with the current generation of their sessions (for the cookie's check), or None."""
    with db.session() as session:
        rows = session.execute(_SESSION_USER, {"user_id": user_id}).all()
    if not rows:
        return None
    _, login, person_id, last, first, middle, org_id, epoch, _ = rows[0]
    have = {row[-1] for row in rows}
    return TokenUser(
        user_id,
        login,
        tuple(r for r in ROLES if r in have),
        person_id,
        _label(login, last, first, middle),
        org_id,
        auth_epoch=epoch,
    )


def issue_token(
    db: Database,
    login: str,
    password: str,
    *,
    ttl: timedelta,
    throttle: Throttle,
    now: datetime | None = None,
    client: str | None = None,
) -> tuple[str, TokenUser, datetime]:
    """A new token for a correct login and password; failures are counted and throttled per login and address."""
    now = now or clock.now()
    user_id = check_credentials(db, login, password, throttle=throttle, now=now, client=client)
    token = secrets.token_urlsafe(32)
    expires = now + ttl
    with db.transaction() as session:
        row = ApiToken(user_id=user_id, token_hash=token_digest(token), created_at=now, expires_at=expires)
        session.add(row)
        session.execute(delete(ApiToken).where(ApiToken.user_id == user_id, ApiToken.expires_at < now))
        session.flush()
        found = authenticate_token(session, token, now)
    assert found is not None  # inserted just above
    return token, found, expires


def create_token(db: Database, user_id: int, *, ttl: timedelta, now: datetime | None = None) -> str:
    """A token for a user without a password check (the CLI, tests and benchmarks)."""
    now = now or clock.now()
    token = secrets.token_urlsafe(32)
    with db.transaction() as session:
        session.add(ApiToken(user_id=user_id, token_hash=token_digest(token), created_at=now, expires_at=now + ttl))
    return token


def revoke_token(db: Database, token: str, now: datetime | None = None) -> bool:
    """Revoke a token at once; True when it was live."""
    with db.transaction() as session:
        result = session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))
            .values(revoked_at=now or clock.now())
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def sign_in(
    db: Database, login: str, password: str, *, throttle: Throttle, now: datetime, client: str | None = None
) -> TokenUser:
    """The user behind a correct login and password, for a web session; failures are counted and throttled."""
    user_id = check_credentials(db, login, password, throttle=throttle, now=now, client=client)
    found = session_user(db, user_id)
    assert found is not None  # check_credentials has just found it active
    return found
