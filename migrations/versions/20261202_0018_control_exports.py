"""Large control exports written by the worker; orders whose dispatch job is unfinished are «Рассылается».

Revision ID: 0018
Revises: 0011
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The exports table; an order still being written by its dispatch job moves to the state of its own."""
    op.create_table(
        "control_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("format IN ('xlsx', 'docx')", name=op.f("ck_control_exports_format")),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_control_exports_status")),
        sa.ForeignKeyConstraint(["file_id"], ["stored_files.id"], name=op.f("fk_control_exports_file_id_stored_files")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_control_exports_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_control_exports")),
    )
    op.create_index("ix_control_exports_user", "control_exports", ["user_id", "id"])
    op.create_index("ix_control_exports_status", "control_exports", ["status", "id"])
    op.execute(
        "UPDATE orders SET state = 'dispatching' "
        "WHERE state = 'executing' AND dispatch_total IS NOT NULL AND dispatch_done < dispatch_total"
    )


def downgrade() -> None:
    """Back to executing with counters; drop the exports."""
    op.execute("UPDATE orders SET state = 'executing' WHERE state = 'dispatching'")
    op.drop_index("ix_control_exports_status", table_name="control_exports")
    op.drop_index("ix_control_exports_user", table_name="control_exports")
    op.drop_table("control_exports")
