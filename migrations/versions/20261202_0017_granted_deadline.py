"""An extension granted at another day than asked: extension_requests.granted_deadline.

Revision ID: 0017
Revises: 0011
Create Date: 2026-12-02 00:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply: granted requests so far were granted at the asked day (moved by the day-off rule is not known)."""
    with op.batch_alter_table("extension_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("granted_deadline", sa.Date(), nullable=True))
    op.execute("UPDATE extension_requests SET granted_deadline = new_deadline WHERE status = 'granted'")


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("extension_requests", schema=None) as batch_op:
        batch_op.drop_column("granted_deadline")
