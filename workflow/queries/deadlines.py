"""The tasks a deadline text will create, shown before the draft is saved (the editor's preview, the order card)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from workflow import clock
from workflow.engine.dispatch import parse_for, schedule, school_calendar_for
from workflow.errors import ValidationFailed


def preview_tasks(
    session: Session,
    text: str,
    period: tuple[date, date] | None,
    reference: date | None,
    executors_count: int = 1,
) -> dict[str, Any]:
    """The parsed deadline in the API's shape plus every task dispatch will create from it.

    `tasks` lists the occurrences (nominal date, working date, the note when they differ);
    `dropped` the due dates before the reference day that get no task; `warnings` both the
    grammar's and dispatch's; `tasks_count` the occurrences times the responsible executors.
    """
    reference = reference or clock.today()
    try:
        deadline = parse_for(session, text, period, reference)
    except ValueError as error:  # a period or reference day outside the years a deadline can have
        raise ValidationFailed(str(error), {"reference_date": [str(error)]}) from error
    plan = schedule(deadline)
    notes = dict(zip(deadline.due_dates, deadline.working_notes, strict=False))
    body = deadline.to_dict()
    body["warnings"] = list(dict.fromkeys([*deadline.warnings, *plan.warnings]))
    body["time"] = deadline.time_of_day.strftime("%H:%M") if deadline.time_of_day else None
    body["tasks"] = [
        {
            "index": occ.index,
            "nominal": occ.nominal.isoformat() if occ.nominal else None,
            "working": occ.working.isoformat() if occ.working else None,
            "note": notes.get(occ.nominal) if occ.nominal else None,
        }
        for occ in plan.occurrences
    ]
    body["dropped"] = [d.isoformat() for d in plan.dropped]
    body["tasks_count"] = len(plan.occurrences) * max(executors_count, 1)
    return body


def school_quarters(session: Session, academic_year: int) -> list[tuple[date, date]]:
    """The quarters in force for an academic year: the administrator's, else the default school calendar."""
    return list(school_calendar_for(session).quarters(academic_year))
