"""Full-text search of orders and tasks: a query's words in normal forms against the index, best match first.

SQLite matches the FTS5 table (bm25, numbers weighted above the title, the title above the text); PostgreSQL
matches the stored tsvector (ts_rank, the same weights as letters A, B, D). A query that starts with «№» looks at
registration numbers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Subquery, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from models import Order, Task
from models.search import DOCUMENT_COLUMN, FTS_TABLE, SearchDocument
from workflow.engine.permissions import Actor
from workflow.search_index import normal_forms, words
from workflow.services.visibility import Visibility

SEARCH_LIMIT = 50
_FTS = table(FTS_TABLE, column("rowid"))
# bm25 weights of (numbers, title, body).
_BM25_WEIGHTS = (10.0, 5.0, 1.0)


@dataclass(frozen=True)
class Terms:
    """A query as the index reads it: for each word, the normal forms any one of which must match."""

    groups: tuple[tuple[str, ...], ...]
    numbers_only: bool

    def __bool__(self) -> bool:
        return bool(self.groups)


def terms(q: str) -> Terms:
    """The words of a query in normal forms; «№ 391» asks for the number only."""
    groups = tuple(normal_forms(word) for word in words(q))
    return Terms(groups, q.strip().startswith("№"))


def _fts5_match(t: Terms) -> str:
    expression = " AND ".join("(" + " OR ".join(f'"{form}"' for form in group) + ")" for group in t.groups)
    return f"numbers : ({expression})" if t.numbers_only else expression


def _tsquery(t: Terms) -> str:
    weight = ":A" if t.numbers_only else ""
    return " & ".join("(" + " | ".join(f"'{form}'{weight}" for form in group) + ")" for group in t.groups)


def matches(session: Session, kind: str, q: str) -> Subquery:
    """(object_id, rank) of the objects of a kind that match a query, a higher rank a better match."""
    t = terms(q)
    stmt = select(SearchDocument.object_id).where(SearchDocument.kind == kind)
    if not t:
        return stmt.add_columns(literal_column("0").label("rank")).where(SearchDocument.id.is_(None)).subquery()
    if session.get_bind().dialect.name == "postgresql":
        document: ColumnElement[Any] = literal_column(f"search_documents.{DOCUMENT_COLUMN}")
        query = func.to_tsquery(literal_column("'russian'::regconfig"), _tsquery(t))
        return stmt.add_columns(func.ts_rank(document, query).label("rank")).where(document.op("@@")(query)).subquery()
    fts: ColumnElement[Any] = literal_column(FTS_TABLE)
    rank = -func.bm25(fts, *_BM25_WEIGHTS)
    return (
        stmt.add_columns(rank.label("rank"))
        .join(_FTS, _FTS.c.rowid == SearchDocument.id)
        .where(fts.op("MATCH")(_fts5_match(t)))
        .subquery()
    )


def matching_ids(session: Session, kind: str, q: str) -> ColumnElement[bool]:
    """A filter: the object's id is among the matches of a query."""
    model = Order if kind == "order" else Task
    found = matches(session, kind, q)
    return model.id.in_(select(found.c.object_id))


@dataclass(frozen=True)
class Found:
    """What the search page lists: orders and tasks the user sees, best match first, and the query."""

    q: str
    orders: list[Order]
    tasks: list[Task]


def search(session: Session, actor: Actor, q: str, limit: int = SEARCH_LIMIT) -> Found:
    """Orders and tasks the actor sees that match a query, by relevance, then the newest first."""
    visibility = Visibility(session, actor)
    if not terms(q):
        return Found(q, [], [])
    orders = matches(session, "order", q)
    order_stmt = (
        select(Order)
        .join(orders, orders.c.object_id == Order.id)
        .where(visibility.orders())
        .order_by(orders.c.rank.desc(), Order.reg_date.desc().nulls_last(), Order.id.desc())
        .limit(limit)
    )
    tasks = matches(session, "task", q)
    task_stmt = (
        select(Task)
        .join(tasks, tasks.c.object_id == Task.id)
        .where(visibility.tasks())
        .order_by(tasks.c.rank.desc(), Task.created_at.desc(), Task.id.desc())
        .limit(limit)
    )
    return Found(q, list(session.scalars(order_stmt)), list(session.scalars(task_stmt)))
