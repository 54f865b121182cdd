"""Amendments: an order may amend another; the changes it makes, as rows.

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The orders' link to the order they amend, and the changes table."""
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("amends_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_orders_amends_id_orders"), "orders", ["amends_id"], ["id"])
        batch.create_index(op.f("ix_orders_amends_id"), ["amends_id"], unique=False)
    op.create_table(
        "amendment_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("base_order_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=True),
        sa.Column("roadmap_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("new_number", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("deadline_text", sa.Text(), nullable=True),
        sa.Column("responsible", sa.JSON(), nullable=True),
        sa.Column("amendment_point_id", sa.Integer(), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("action IN ('replace', 'repeal', 'add_after')", name=op.f("ck_amendment_changes_action")),
        sa.CheckConstraint("target IN ('point', 'activity')", name=op.f("ck_amendment_changes_target")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_amendment_changes_order_id_orders"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["base_order_id"], ["orders.id"], name=op.f("fk_amendment_changes_base_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["point_id"], ["order_points.id"], name=op.f("fk_amendment_changes_point_id_order_points")
        ),
        sa.ForeignKeyConstraint(["roadmap_id"], ["roadmaps.id"], name=op.f("fk_amendment_changes_roadmap_id_roadmaps")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["roadmap_activities.id"],
            name=op.f("fk_amendment_changes_activity_id_roadmap_activities"),
        ),
        sa.ForeignKeyConstraint(
            ["amendment_point_id"],
            ["order_points.id"],
            name=op.f("fk_amendment_changes_amendment_point_id_order_points"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_changes")),
    )
    op.create_index(op.f("ix_amendment_changes_order_id"), "amendment_changes", ["order_id"], unique=False)
    op.create_index(op.f("ix_amendment_changes_base_order_id"), "amendment_changes", ["base_order_id"], unique=False)


def downgrade() -> None:
    """Drop the changes and the link."""
    op.drop_index(op.f("ix_amendment_changes_base_order_id"), table_name="amendment_changes")
    op.drop_index(op.f("ix_amendment_changes_order_id"), table_name="amendment_changes")
    op.drop_table("amendment_changes")
    with op.batch_alter_table("orders") as batch:
        batch.drop_index(op.f("ix_orders_amends_id"))
        batch.drop_constraint(op.f("fk_orders_amends_id_orders"), type_="foreignkey")
        batch.drop_column("amends_id")
