"""Accounts of the office directory (LDAP): users.directory_dn.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-02 00:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("directory_dn", sa.String(length=500), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_users_directory_dn"), ["directory_dn"])


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_directory_dn"), type_="unique")
        batch_op.drop_column("directory_dn")
