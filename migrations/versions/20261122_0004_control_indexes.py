"""Indexes of the execution-control queries: open tasks by deadline, the discipline summary, the as-of view.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 14:16:51.409932
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "state IN ('assigned', 'in_progress', 'on_review')"


def _where(sqlite: str, postgresql: str) -> dict[str, sa.TextClause]:
    return {"sqlite_where": sa.text(sqlite), "postgresql_where": sa.text(postgresql)}


INDEXES: list[tuple[str, str, list[str], dict[str, sa.TextClause]]] = [
    (
        "ix_tasks_control_open",
        "tasks",
        [
            "deadline",
            "id",
            "organization_id",
            "responsible_org_id",
            "responsible_person_id",
            "controller_id",
            "order_id",
            "roadmap_id",
            "working_group_id",
            "reporting_period_id",
            "state",
            "is_rollup",
        ],
        _where(f"{OPEN} AND is_rollup = 0", f"{OPEN} AND NOT is_rollup"),
    ),
    (
        "ix_tasks_discipline",
        "tasks",
        [
            "responsible_org_id",
            "responsible_person_id",
            "state",
            "done_late",
            "deadline",
            "organization_id",
            "controller_id",
            "is_rollup",
        ],
        _where("is_rollup = 0", "NOT is_rollup"),
    ),
    (
        "ix_tasks_discipline_source",
        "tasks",
        [
            "order_id",
            "roadmap_id",
            "working_group_id",
            "reporting_period_id",
            "source_kind",
            "state",
            "done_late",
            "deadline",
            "is_rollup",
        ],
        _where("is_rollup = 0", "NOT is_rollup"),
    ),
    (
        "ix_tasks_id_discipline",
        "tasks",
        [
            "id",
            "deadline",
            "state",
            "responsible_org_id",
            "responsible_person_id",
            "organization_id",
            "controller_id",
            "is_rollup",
        ],
        {},
    ),
    (
        "ix_tasks_done_late",
        "tasks",
        ["done_at", "deadline"],
        _where("is_rollup = 0 AND done_late = 1", "NOT is_rollup AND done_late"),
    ),
    (
        "ix_tasks_cancelled",
        "tasks",
        ["updated_at", "deadline"],
        _where("is_rollup = 0 AND state = 'cancelled'", "NOT is_rollup AND state = 'cancelled'"),
    ),
    (
        "ix_tasks_on_review",
        "tasks",
        ["reported_at"],
        _where("state = 'on_review' AND is_rollup = 0", "state = 'on_review' AND NOT is_rollup"),
    ),
    (
        "ix_extension_requests_granted",
        "extension_requests",
        ["decided_at", "old_deadline", "task_id"],
        _where("status = 'granted'", "status = 'granted'"),
    ),
]


def upgrade() -> None:
    """Apply."""
    for name, table, columns, where in INDEXES:
        op.create_index(name, table, columns, unique=False, **where)


def downgrade() -> None:
    """Revert."""
    for name, table, _columns, _where_clause in reversed(INDEXES):
        op.drop_index(name, table_name=table)
