"""Imported orders: the name of the file an order was read from (its number was issued outside the journal).

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column; orders drafted here have none."""
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("imported_from", sa.String(length=255), nullable=True))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("imported_from")
