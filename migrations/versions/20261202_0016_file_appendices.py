"""Appendices as files: an uploaded DOCX or PDF kept as a stored file with its SHA-256, frozen at approval.

Revision ID: 0016
Revises: 0011
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the file columns; every appendix stored before is of kind «text» (a plan or free text)."""
    with op.batch_alter_table("order_appendices") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="text"))
        batch.add_column(sa.Column("file_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("filename", sa.String(300), nullable=True))
        batch.add_column(sa.Column("content_type", sa.String(200), nullable=True))
        batch.add_column(sa.Column("size", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("sha256", sa.String(64), nullable=True))
        batch.add_column(sa.Column("sheets", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_order_appendices_file_id_stored_files"), "stored_files", ["file_id"], ["id"]
        )
        batch.create_check_constraint(batch.f("ck_order_appendices_kind"), "kind IN ('text', 'file')")


def downgrade() -> None:
    """Drop the file columns (the stored files stay)."""
    with op.batch_alter_table("order_appendices") as batch:
        batch.drop_constraint(batch.f("ck_order_appendices_kind"), type_="check")
        batch.drop_constraint(batch.f("fk_order_appendices_file_id_stored_files"), type_="foreignkey")
        for name in ("frozen_at", "sheets", "sha256", "size", "content_type", "filename", "file_id", "kind"):
            batch.drop_column(name)
