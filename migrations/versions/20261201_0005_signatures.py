"""Electronic signatures over frozen documents, and the trusted root certificates.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 20:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "order_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("subject", sa.String(length=1000), nullable=False),
        sa.Column("issuer", sa.String(length=1000), nullable=False),
        sa.Column("serial", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=300), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signing_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("algorithm", sa.String(length=200), nullable=False),
        sa.Column("chain_trusted", sa.Boolean(), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_order_signatures_order_id_orders")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name=op.f("fk_order_signatures_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_signatures")),
    )
    with op.batch_alter_table("order_signatures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_signatures_order_id"), ["order_id"], unique=False)
    op.create_table(
        "trusted_roots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("pem", sa.Text(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"], name=op.f("fk_trusted_roots_added_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_roots")),
    )


def downgrade() -> None:
    """Revert."""
    op.drop_table("trusted_roots")
    with op.batch_alter_table("order_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_signatures_order_id"))
    op.drop_table("order_signatures")
