"""A task's reports as rounds: each report with its own text and files, the controller's return after it.

The task row keeps only the latest report text; the transition log keeps every one (the «report» payload)
and every return with its comment, so no report replaces another on the card and files never mix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from models import StoredFile, TransitionLog


@dataclass
class ReportRound:
    """One report and what became of it: still on review, returned (with the comment) or accepted."""

    number: int
    at: datetime
    author: str
    text: str
    files: list[StoredFile] = field(default_factory=list)
    outcome: str = "on_review"
    decided_at: datetime | None = None
    decided_by: str = ""
    comment: str = ""


@dataclass(frozen=True)
class ReportHistory:
    """Every round, newest last, and the return the executor must answer now (None when there is none)."""

    rounds: list[ReportRound]
    returned: ReportRound | None


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive UTC moments; the comparison below needs one kind.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def report_history(log: Sequence[TransitionLog], files: Sequence[StoredFile], state: str) -> ReportHistory:
    """The rounds of a task's reporting from its log and files; each file goes to the report it came with."""
    rounds: list[ReportRound] = []
    for row in log:
        payload: dict[str, Any] = row.payload or {}
        if row.event == "report":
            rounds.append(
                ReportRound(len(rounds) + 1, row.at, row.actor_label, str(payload.get("report_text") or row.comment))
            )
        elif rounds and row.event in ("return", "accept") and rounds[-1].outcome == "on_review":
            last = rounds[-1]
            last.outcome = "returned" if row.event == "return" else "accepted"
            last.decided_at, last.decided_by, last.comment = row.at, row.actor_label, row.comment
    # Files are stored in the report's own transaction, right after its log row: the latest report not later.
    for stored in files:
        owner = next((r for r in reversed(rounds) if _aware(r.at) <= _aware(stored.created_at)), None)
        (owner or (rounds[0] if rounds else None) or _orphans(rounds, stored)).files.append(stored)
    returned = rounds[-1] if rounds and rounds[-1].outcome == "returned" and state == "in_progress" else None
    return ReportHistory(rounds, returned)


def _orphans(rounds: list[ReportRound], stored: StoredFile) -> ReportRound:
    """Files without any recorded report (loaded data): one round of their own, so they are still listed."""
    round_ = ReportRound(0, stored.created_at, "", "")
    rounds.insert(0, round_)
    return round_
