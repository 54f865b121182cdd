"""Who may sign: the organizations' signatories and the setting that allows approval without visas.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The signatories table and the organizations' setting."""
    op.create_table(
        "organization_signatories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("journal_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["journal_id"],
            ["journals.id"],
            name=op.f("fk_organization_signatories_journal_id_journals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_signatories_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_organization_signatories_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_signatories")),
        sa.UniqueConstraint(
            "organization_id", "person_id", name=op.f("uq_organization_signatories_organization_id_person_id")
        ),
    )
    op.create_index(
        op.f("ix_organization_signatories_organization_id"),
        "organization_signatories",
        ["organization_id"],
        unique=False,
    )
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(sa.Column("approval_without_visas", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    """Back to orders signed by anyone named."""
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("approval_without_visas")
    op.drop_index(op.f("ix_organization_signatories_organization_id"), table_name="organization_signatories")
    op.drop_table("organization_signatories")
