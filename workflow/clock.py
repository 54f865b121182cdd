"""The time of the office: UTC moments, local dates (the deadlines are local calendar days)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo(os.environ.get("PRIKAZ_TIMEZONE", "Europe/Moscow"))


def now() -> datetime:
    """The current moment, aware, UTC."""
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The office's calendar day of a moment."""
    return moment.astimezone(TIMEZONE).date()


def today() -> date:
    """The office's calendar day now."""
    return local_date(now())
