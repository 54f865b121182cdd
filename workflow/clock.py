"""The time of the office: UTC moments, local dates (the deadlines are local calendar days)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# The office's zone; create_app sets it from the settings (configure), Moscow until then.
TIMEZONE = ZoneInfo("Europe/Moscow")


def configure(timezone: str) -> None:
    """Set the office's time zone (an IANA name such as «Europe/Moscow»)."""
    global TIMEZONE
    TIMEZONE = ZoneInfo(timezone)


# A moment the office's history is written at (the demo's past); per context, so no other request sees it.
_WRITTEN_AT: ContextVar[datetime | None] = ContextVar("written_at", default=None)


@contextmanager
def written_at(moment: datetime) -> Iterator[None]:
    """Within the block «now» is that moment: a past office history written at its own dates."""
    token = _WRITTEN_AT.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _WRITTEN_AT.reset(token)


def now() -> datetime:
    """The current moment, aware, UTC."""
    return _WRITTEN_AT.get() or datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The office's calendar day of a moment."""
    return moment.astimezone(TIMEZONE).date()


def today() -> date:
    """The office's calendar day now."""
    return local_date(now())
