"""The search page without a browser: the header's box, orders and tasks found by number and word form."""

from __future__ import annotations

import re

import pymorphy3
import pytest
from flask import Flask
from sqlalchemy import select

from models import Order, Task
from models.db import Database
from tests.web.conftest import Browserless


@pytest.fixture(scope="module")
def clerk(demo_app: Flask) -> Browserless:
    """The clerk, logged in."""
    return Browserless(demo_app, "clerk")


def _registered_with_tasks(db: Database) -> tuple[Order, list[int]]:
    with db.session() as s:
        order_id = s.scalar(select(Task.order_id).where(Task.order_id.is_not(None)).order_by(Task.id).limit(1))
        order = s.get_one(Order, order_id)
        s.expunge(order)
        tasks = list(s.scalars(select(Task.id).where(Task.order_id == order_id)))
    assert order.reg_number
    return order, tasks


def test_every_page_has_a_search_box_that_leads_to_the_search_page(clerk: Browserless) -> None:
    html = clerk.get("/orders").get_data(as_text=True)
    assert re.search(r'<form method="get" action="/search"[^>]*role="search"', html)
    assert 'name="q"' in html
    empty = clerk.get("/search")
    assert empty.status_code == 200
    assert "Введите слова" in empty.get_data(as_text=True)


def test_the_search_page_finds_an_order_and_its_tasks_by_number_in_any_spelling(
    clerk: Browserless, demo_db: Database
) -> None:
    order, tasks = _registered_with_tasks(demo_db)
    last = re.findall(r"\d+", order.reg_number or "")[-1]
    for q in (order.reg_number, f"№ {order.reg_number}", last):
        html = clerk.get("/search", query_string={"q": q}).get_data(as_text=True)
        assert f'href="/orders/{order.id}"' in html, q
        assert all(f'href="/tasks/{t}"' in html for t in tasks), q


def test_the_search_page_finds_an_order_by_another_form_of_a_title_word(clerk: Browserless, demo_db: Database) -> None:
    order, _ = _registered_with_tasks(demo_db)
    word = max(re.findall(r"[А-Яа-яЁё]{6,}", order.title), key=len).lower()
    forms = {f.word for f in pymorphy3.MorphAnalyzer().parse(word)[0].lexeme} - {word}
    other = sorted(forms)[0]
    html = clerk.get("/search", query_string={"q": other.upper().replace("Ё", "Е")}).get_data(as_text=True)
    assert f'href="/orders/{order.id}"' in html
    nothing = clerk.get("/search", query_string={"q": "абракадабра"}).get_data(as_text=True)
    assert "Приказов по запросу «абракадабра» не найдено." in nothing
    assert "Поручений по запросу «абракадабра» не найдено." in nothing


def test_the_control_page_narrows_to_the_tasks_of_one_source_order(demo_app: Flask, demo_db: Database) -> None:
    controller = Browserless(demo_app, "controller")
    with demo_db.session() as s:
        rows = s.execute(select(Task.id, Task.order_id)).all()
    by_order: dict[int, set[int]] = {}
    for task_id, order_id in rows:
        if order_id is not None:
            by_order.setdefault(order_id, set()).add(task_id)
    assert len(by_order) > 1
    for view in ("overdue", "due_soon", "without_date", "on_review"):
        whole = _task_ids(controller.get("/control", query_string={"view": view}).get_data(as_text=True))
        for order_id, own in by_order.items():
            html = controller.get("/control", query_string={"view": view, "document": order_id}).get_data(as_text=True)
            assert f'<option value="{order_id}" selected>' in html
            shown = _task_ids(html)
            assert shown <= own, (view, order_id)
            assert shown == whole & own or len(whole) >= 25, (view, order_id)


def _task_ids(html: str) -> set[int]:
    """The ids of the tasks a page links to."""
    return {int(i) for i in re.findall(r'href="/tasks/(\d+)"', html)}
