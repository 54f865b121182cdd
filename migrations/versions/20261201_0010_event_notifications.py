"""Notifications of events (any object, no dedup key) and the e-mail outbox.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 21:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("due_soon", "overdue", "overdue_controller", "escalation", "inactivity")
NEW_KINDS = (
    "visa_needed",
    "returned",
    "approval_needed",
    "approved",
    "task_assigned",
    "report_to_review",
    "report_returned",
    "report_accepted",
    "extension_requested",
    "extension_decided",
    "date_needed",
    *OLD_KINDS,
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    """Apply."""
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("object_kind", sa.String(length=32), nullable=False, server_default="tasks"))
        batch_op.add_column(sa.Column("object_id", sa.Integer(), nullable=True))
    op.execute("UPDATE notifications SET object_id = task_id")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column("object_kind", server_default=None)
        batch_op.alter_column("object_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("task_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("dedup_key", existing_type=sa.String(length=120), nullable=True)
        batch_op.drop_constraint(batch_op.f("ck_notifications_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_notifications_kind"), _in("kind", NEW_KINDS))
    op.create_table(
        "email_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed')", name=op.f("ck_email_outbox_status")
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notifications.id"],
            name=op.f("fk_email_outbox_notification_id_notifications"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_outbox")),
    )
    with op.batch_alter_table("email_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_email_outbox_due", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    """Revert: event notices go with the kinds they use."""
    with op.batch_alter_table("email_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_email_outbox_due")
    op.drop_table("email_outbox")
    op.execute(f"DELETE FROM notifications WHERE NOT ({_in('kind', OLD_KINDS)}) OR task_id IS NULL")
    op.execute("UPDATE notifications SET dedup_key = 'legacy:' || id WHERE dedup_key IS NULL")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_notifications_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_notifications_kind"), _in("kind", OLD_KINDS))
        batch_op.alter_column("dedup_key", existing_type=sa.String(length=120), nullable=False)
        batch_op.alter_column("task_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("object_id")
        batch_op.drop_column("object_kind")
