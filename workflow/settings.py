"""The workflow's settings: a plain dataclass handed in by the application (the workflow reads no environment)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session


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
    # A control справка of more tasks than this is written by the background worker, then downloaded.
    export_inline_rows: int = 20_000


DEFAULTS = WorkflowSettings()


def settings_of(source: Session | Any) -> WorkflowSettings:
    """The settings of a Database, or of the Database a session came from (models.db puts it in session.info).

    A session made outside a Database (a script's own engine) gets the defaults.
    """
    database = source.info.get("db") if isinstance(source, Session) else source
    settings = getattr(database, "settings", None)
    return settings if isinstance(settings, WorkflowSettings) else DEFAULTS
