"""The search index kept in step with orders and tasks: their words in normal forms (pymorphy3), ё folded to е.

Written in the transaction that changes the object (the drafting service, registration, dispatch); read by
workflow.queries.search, which normalises a query the same way. Outside the engine's layers, so that the engine's
effects, the services, the queries and the migration that fills the index all use the one normalisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

import pymorphy3
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import Order, Task
from models.search import SearchDocument

# Letters and digits; «№», punctuation and the separators of «01-27/1951» split words.
_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[а-яё]")


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def fold(text: str) -> str:
    """Lower case with ё read as е, as both the index and the query are compared."""
    return text.lower().replace("ё", "е")


def words(text: str) -> list[str]:
    """The words of a text, lower case, in their order."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=200_000)
def normal_forms(word: str) -> tuple[str, ...]:
    """Every normal form a word may be of («стали» → стать, сталь), folded; a number or a Latin word as it is."""
    word = word.lower()
    if not _CYRILLIC.search(word):
        return (word,)
    return tuple(dict.fromkeys(fold(p.normal_form) for p in _morph().parse(word)))


def normalise(text: str) -> str:
    """A text as the index stores it: the normal forms of its words, space-separated."""
    return " ".join(form for word in words(text) for form in normal_forms(word))


def number_tokens(number: str | None) -> str:
    """A registration number as its parts: «01-27/1951» → «01 27 1951», so that «1951» finds it too."""
    return " ".join(fold(part) for part in words(number or ""))


def order_texts(order: Order) -> tuple[str, str, str]:
    """(numbers, title, body) of an order: its registration number; its title; preamble, points and appendices."""
    parts = [order.preamble or ""]
    parts += [p.text for p in order.points]
    parts += [f"{a.title} {a.text}" for a in order.appendices]
    return number_tokens(order.reg_number), normalise(order.title or ""), normalise("\n".join(parts))


def reindex_order(session: Session, order: Order) -> None:
    """Write an order's entry in the search index (in the caller's transaction)."""
    _put(session, "order", order.id, *order_texts(order))


def reindex_tasks(session: Session, tasks: Iterable[Task]) -> None:
    """Write the tasks' entries: their title, and the registration number of the order they came from."""
    numbers: dict[int, str] = {}
    for task in tasks:
        if task.order_id is not None and task.order_id not in numbers:
            order = session.get(Order, task.order_id)
            numbers[task.order_id] = number_tokens(order.reg_number if order else None)
        number = numbers.get(task.order_id, "") if task.order_id is not None else ""
        _put(session, "task", task.id, number, normalise(task.title or ""), "")


def _put(session: Session, kind: str, object_id: int, numbers: str, title: str, body: str) -> None:
    entry = session.scalar(
        select(SearchDocument).where(SearchDocument.kind == kind, SearchDocument.object_id == object_id)
    )
    if entry is None:
        entry = SearchDocument(kind=kind, object_id=object_id)
        session.add(entry)
    entry.numbers, entry.title, entry.body = numbers, title, body
    session.flush()


def index_new_tasks(session: Session, task_ids: Sequence[int]) -> None:
    """Entries for tasks just written in bulk (dispatch): one INSERT per chunk, each title normalised once."""
    titles: dict[str, str] = {}
    numbers: dict[int | None, str] = {None: ""}
    for start in range(0, len(task_ids), 2000):
        chunk = list(task_ids[start : start + 2000])
        rows = session.execute(select(Task.id, Task.title, Task.order_id).where(Task.id.in_(chunk))).all()
        values = []
        for task_id, title, order_id in rows:
            if order_id not in numbers:
                order = session.get(Order, order_id)
                numbers[order_id] = number_tokens(order.reg_number if order else None)
            if title not in titles:
                titles[title] = normalise(title or "")
            values.append(
                {"kind": "task", "object_id": task_id, "numbers": numbers[order_id], "title": titles[title], "body": ""}
            )
        if values:
            session.execute(insert(SearchDocument), values)
