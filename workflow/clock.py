"""The time of the office: UTC moments, local dates (the deadlines are local calendar days)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# The office's zone; create_app sets it from the settings (configure), Moscow until then.
TIMEZONE = ZoneInfo("Europe/Moscow")


def configure(timezone: str) -> None:
    """Set the office's time zone (an IANA name such as «Europe/Moscow»)."""
    global TIMEZONE
    TIMEZONE = ZoneInfo(timezone)


def now() -> datetime:
    """The current moment, aware, UTC."""
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The office's calendar day of a moment."""
    return moment.astimezone(TIMEZONE).date()


def today() -> date:
    """The office's calendar day now."""
    return local_date(now())
