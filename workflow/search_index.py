"""The search index kept in step with orders and tasks: their words in normal forms (pymorphy3), ё folded to е.

Written in the transaction that changes the object (the drafting service, registration, dispatch); read by
workflow.queries.search, which normalises a query the same way. Outside the engine's layers, so that the engine's
effects, the services, the queries and the migration that fills the index all use the one normalisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

import pymorphy3
from sqlalchemy import Integer, Text, column, func, insert, literal, select, values
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


def new_task_entries(session: Session, tasks: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Entries for tasks about to be written in bulk (dispatch), from their rows in memory: no read back.

    A dispatch repeats a few titles and one order thousands of times: each is normalised once.
    """
    numbers: dict[int | None, str] = {None: ""}
    titles: dict[str, str] = {}
    entries: list[dict[str, Any]] = []
    for task in tasks:
        order_id, title = task["order_id"], task["title"] or ""
        if order_id not in numbers:
            order = session.get(Order, order_id)
            numbers[order_id] = number_tokens(order.reg_number if order else None)
        if title not in titles:
            titles[title] = normalise(title)
        entries.append(
            {"kind": "task", "object_id": task["id"], "numbers": numbers[order_id], "title": titles[title], "body": ""}
        )
    return entries


def index_task_range(session: Session, first_id: int, last_id: int, tasks: Sequence[Mapping[str, Any]]) -> None:
    """Entries for the tasks with ids first_id..last_id just written in bulk: one INSERT … SELECT from tasks.

    SQLite's FTS5 trigger costs far more once per statement than once per row: an executemany of 2,000 entries
    ran the trigger program 2,000 times, one statement over the tasks runs it once. Each distinct title and
    order number is normalised once, in Python, and joined in as a VALUES list.
    """
    keyed: dict[tuple[int, str], tuple[str, str]] = {}
    for entry, task in zip(new_task_entries(session, tasks), tasks, strict=True):
        keyed.setdefault((task["order_id"] or 0, task["title"] or ""), (entry["numbers"], entry["title"]))
    words_of = (
        values(
            column("order_key", Integer),
            column("raw", Text),
            column("numbers", Text),
            column("words", Text),
            name="words_of",
        )
        .data([(order_key, raw, numbers, forms) for (order_key, raw), (numbers, forms) in keyed.items()])
        .cte("words_of")
    )
    tasks_table = Task.__table__
    rows = (
        select(literal("task"), tasks_table.c.id, words_of.c.numbers, words_of.c.words, literal(""))
        .join_from(
            tasks_table,
            words_of,
            (func.coalesce(tasks_table.c.order_id, 0) == words_of.c.order_key)
            & (tasks_table.c.title == words_of.c.raw),
        )
        .where(tasks_table.c.id.between(first_id, last_id))
    )
    target = ["kind", "object_id", "numbers", "title", "body"]
    session.execute(insert(SearchDocument).from_select(target, rows))
