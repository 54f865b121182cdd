"""Workflow settings from the environment (the engine knows nothing of Flask's config)."""

from __future__ import annotations

import os

# The records-management rule: a due date on a non-working day moves to the preceding working day;
# "following" gives the civil-law next working day.
DEADLINE_RULE = os.environ.get("DEADLINE_RULE", "preceding")

# Reminders and escalation (flask control sweep).
REMIND_DAYS = int(os.environ.get("REMIND_DAYS", "3"))  # working days before the deadline
ESCALATE_DAYS = int(os.environ.get("ESCALATE_DAYS", "5"))  # calendar days overdue before the head is told
INACTIVITY_DAYS = int(os.environ.get("INACTIVITY_DAYS", "10"))  # days without activity before a warning
SMTP_HOST = os.environ.get("SMTP_HOST", "")
SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
SMTP_FROM = os.environ.get("SMTP_FROM", "prikaz@localhost")
REVIEW_DAYS = int(os.environ.get("REVIEW_DAYS", "5"))  # days a report may wait for the controller before it is flagged
