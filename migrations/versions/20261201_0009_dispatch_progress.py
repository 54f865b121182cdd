"""Dispatch progress of an order: the tasks it creates and how many exist.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the two counters; orders dispatched before have no total."""
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("dispatch_total", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("dispatch_done", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Drop the counters."""
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("dispatch_done")
        batch.drop_column("dispatch_total")
