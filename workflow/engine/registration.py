"""Registration journals: numbers per organization, kind and year, without gaps or duplicates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import false, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Journal, Order
from workflow.errors import ValidationFailed


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


def _taken(session: Session, journal: Journal, from_seq: int) -> tuple[set[int], set[str]]:
    """Sequence numbers at or after from_seq and numbers without a sequence already in the journal (imports)."""
    rows = session.execute(
        select(Order.reg_seq, Order.reg_number).where(
            Order.journal_id == journal.id, (Order.reg_seq >= from_seq) | Order.reg_seq.is_(None)
        )
    )
    seqs: set[int] = set()
    numbers: set[str] = set()
    for seq, number in rows:
        if seq is not None:
            seqs.add(seq)
        if number:
            numbers.add(number)
    return seqs, numbers


def register(session: Session, order: Order, reg_date: date) -> str:
    """Give the order the journal's next number and the registration date; returns the number."""
    lock = session.get_bind().dialect.name != "sqlite"
    journal = ensure_journal(session, order.organization_id, order.kind, reg_date.year, lock)
    seq = journal.next_number
    # A number an imported order already holds is never issued again: the journal steps over it.
    seqs, numbers = _taken(session, journal, seq)
    while seq in seqs or f"{journal.prefix}{seq}" in numbers:
        seq += 1
    journal.next_number = seq + 1
    order.journal_id = journal.id
    order.reg_seq = seq
    order.reg_number = f"{journal.prefix}{seq}"
    order.reg_date = reg_date
    return order.reg_number


def _seq_of(journal: Journal, number: str) -> int | None:
    """The sequence number inside «01-27/390» when the journal's prefix is «01-27/»; None for another pattern."""
    if number.startswith(journal.prefix) and number[len(journal.prefix) :].isdigit():
        return int(number[len(journal.prefix) :])
    return None


def register_imported(session: Session, order: Order, number: str, reg_date: date) -> str:
    """Put an imported order into its journal under the number it was signed with; a duplicate is a 422."""
    lock = session.get_bind().dialect.name != "sqlite"
    journal = ensure_journal(session, order.organization_id, order.kind, reg_date.year, lock)
    seq = _seq_of(journal, number)
    clash = session.scalar(
        select(Order.id).where(
            Order.journal_id == journal.id,
            Order.id != order.id,
            (Order.reg_number == number) | ((Order.reg_seq == seq) if seq is not None else false()),
        )
    )
    if clash is not None:
        raise ValidationFailed(
            f"Номер № {number} за {reg_date.year} год уже есть в журнале регистрации (приказ № {clash} в системе): "
            "тот же документ загружен раньше или номер выдан повторно.",
            {"reg_number": [f"Номер № {number} уже зарегистрирован."]},
        )
    order.journal_id = journal.id
    order.reg_seq = seq
    order.reg_number = number
    order.reg_date = reg_date
    return number
