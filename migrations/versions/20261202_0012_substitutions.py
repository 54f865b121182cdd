"""Substitutions: the table, the deputy of a visa, and who signed an order as «И.о.».

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0012"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The substitutions table; visas and orders remember a deputy's part."""
    op.create_table(
        "substitutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("pending", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("person_id <> deputy_id", name=op.f("ck_substitutions_not_self")),
        sa.CheckConstraint("start_date <= end_date", name=op.f("ck_substitutions_period")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_substitutions_person_id_people")),
        sa.ForeignKeyConstraint(["deputy_id"], ["people.id"], name=op.f("fk_substitutions_deputy_id_people")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_substitutions_order_id_orders")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_substitutions_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_substitutions")),
    )
    op.create_index(
        "ix_substitutions_deputy_period", "substitutions", ["deputy_id", "start_date", "end_date"], unique=False
    )
    op.create_index(
        "ix_substitutions_person_period", "substitutions", ["person_id", "start_date", "end_date"], unique=False
    )
    with op.batch_alter_table("visas") as batch:
        batch.add_column(sa.Column("deputy_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_visas_deputy_id_people"), "people", ["deputy_id"], ["id"])
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("signed_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("signed_for_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_orders_signed_by_id_people"), "people", ["signed_by_id"], ["id"])
        batch.create_foreign_key(op.f("fk_orders_signed_for_id_people"), "people", ["signed_for_id"], ["id"])


def downgrade() -> None:
    """Back to nobody standing in for anyone."""
    with op.batch_alter_table("orders") as batch:
        batch.drop_constraint(op.f("fk_orders_signed_for_id_people"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_orders_signed_by_id_people"), type_="foreignkey")
        batch.drop_column("signed_for_id")
        batch.drop_column("signed_by_id")
    with op.batch_alter_table("visas") as batch:
        batch.drop_constraint(op.f("fk_visas_deputy_id_people"), type_="foreignkey")
        batch.drop_column("deputy_id")
    op.drop_index("ix_substitutions_person_period", table_name="substitutions")
    op.drop_index("ix_substitutions_deputy_period", table_name="substitutions")
    op.drop_table("substitutions")
