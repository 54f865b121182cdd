"""Sessions that end and a throttle per client: users.auth_epoch and login_attempts.client.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("auth_epoch", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_login_attempts_client_at", ["client", "at"], unique=False)


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_client_at")
        batch_op.drop_column("client")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("auth_epoch")
