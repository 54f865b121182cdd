"""The full-text search index of orders and tasks, filled for the rows that exist.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 21:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.search import create_search_index, drop_search_index
from workflow.search_index import normalise, number_tokens

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The table, each engine's index over it, and an entry for every order and task."""
    entries = op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("numbers", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('order', 'task')", name=op.f("ck_search_documents_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("kind", "object_id", name=op.f("uq_search_documents_kind_object_id")),
    )
    bind = op.get_bind()
    create_search_index(bind)
    assert entries is not None
    op.bulk_insert(entries, list(_order_entries(bind)) + list(_task_entries(bind)))


def _order_entries(bind: sa.Connection) -> list[dict[str, object]]:
    texts: dict[int, list[str]] = {}
    for order_id, text in bind.execute(sa.text("SELECT order_id, text FROM order_points ORDER BY order_id, position")):
        texts.setdefault(order_id, []).append(text or "")
    appendices = "SELECT order_id, title, text FROM order_appendices ORDER BY order_id, position"
    for order_id, title, text in bind.execute(sa.text(appendices)):
        texts.setdefault(order_id, []).append(f"{title or ''} {text or ''}")
    orders = bind.execute(sa.text("SELECT id, reg_number, title, preamble FROM orders"))
    return [
        {
            "kind": "order",
            "object_id": order_id,
            "numbers": number_tokens(reg_number),
            "title": normalise(title or ""),
            "body": normalise("\n".join([preamble or "", *texts.get(order_id, [])])),
        }
        for order_id, reg_number, title, preamble in orders
    ]


def _task_entries(bind: sa.Connection) -> list[dict[str, object]]:
    rows = bind.execute(
        sa.text("SELECT t.id, o.reg_number, t.title FROM tasks t LEFT JOIN orders o ON o.id = t.order_id")
    )
    return [
        {
            "kind": "task",
            "object_id": task_id,
            "numbers": number_tokens(number),
            "title": normalise(title or ""),
            "body": "",
        }
        for task_id, number, title in rows
    ]


def downgrade() -> None:
    """Drop the index and its table."""
    drop_search_index(op.get_bind())
    op.drop_table("search_documents")
