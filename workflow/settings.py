"""Workflow settings from the environment (the engine knows nothing of Flask's config)."""

from __future__ import annotations

import os

# The records-management rule: a due date on a non-working day moves to the preceding working day;
# "following" gives the civil-law next working day.
DEADLINE_RULE = os.environ.get("DEADLINE_RULE", "preceding")
