"""Registration journals: numbers per organization, kind and year, without gaps or duplicates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Journal, Order


def ensure_journal(session: Session, organization_id: int, kind: str, year: int, lock: bool) -> Journal:
    """The journal for (organization, kind, year), created when missing, locked for the number."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    # ON CONFLICT DO NOTHING: two first approvals of a year racing to create the journal both succeed.
    session.execute(
        insert(Journal)
        .values(organization_id=organization_id, kind=kind, year=year, prefix="", next_number=1, version=1)
        .on_conflict_do_nothing(index_elements=["organization_id", "kind", "year"])
    )
    stmt = (
        select(Journal)
        .where(Journal.organization_id == organization_id, Journal.kind == kind, Journal.year == year)
        .execution_options(populate_existing=True)
    )
    if lock:
        stmt = stmt.with_for_update()
    journal = session.scalar(stmt)
    assert journal is not None  # inserted or found just above, inside this transaction
    return journal


def register(session: Session, order: Order, reg_date: date) -> str:
    """Give the order the journal's next number and the registration date; returns the number."""
    lock = session.get_bind().dialect.name != "sqlite"
    journal = ensure_journal(session, order.organization_id, order.kind, reg_date.year, lock)
    seq = journal.next_number
    journal.next_number = seq + 1
    order.journal_id = journal.id
    order.reg_seq = seq
    order.reg_number = f"{journal.prefix}{seq}"
    order.reg_date = reg_date
    return order.reg_number
