"""School quarters per academic year, set by the administrator over the default school calendar.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The school_quarters table."""
    op.create_table(
        "school_quarters",
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("academic_year", "number", name=op.f("pk_school_quarters")),
    )


def downgrade() -> None:
    """Drop it."""
    op.drop_table("school_quarters")
