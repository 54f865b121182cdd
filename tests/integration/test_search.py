"""Full-text search of orders and tasks on each database: numbers in any spelling, Russian word forms, ё = е."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from models import Journal, Order, Task
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from workflow.engine import engine
from workflow.engine.engine import transition
from workflow.queries.orders import list_orders
from workflow.queries.search import search
from workflow.queries.tasks import list_tasks
from workflow.services.drafting import OrderEdit, update_order


def _found(db: Database, office: Office, q: str, who: str = "clerk") -> list[int]:
    with db.session() as s:
        items, total = list_orders(s, office.actors[who], {"q": q, "page": 1, "per_page": 50})
        assert total == len(items)
        return [o.id for o in items]


def _numbered(db: Database, office: Office, prefix: str, next_number: int) -> None:
    with db.transaction() as s:
        year = engine.clock.today().year
        s.add(
            Journal(
                organization_id=office.orgs["authority"],
                kind="order",
                year=year,
                prefix=prefix,
                next_number=next_number,
            )
        )


def _other(db: Database, office: Office, **overrides: Any) -> int:
    return new_order(db, office, title="О проведении спартакиады", preamble="", points=[], **overrides)


def test_a_registration_number_is_found_with_or_without_the_sign_and_by_its_last_part(db: Database) -> None:
    office = build_office(db)
    _numbered(db, office, "01-27/", 1951)
    order_id = new_order(db, office)
    _other(db, office)
    approve(db, office, order_id)
    for q in ("01-27/1951", "1951", "№ 1951", "№1951", "№ 01-27/1951"):
        assert _found(db, office, q) == [order_id], q


def test_a_plain_number_is_found_by_itself_and_with_the_sign(db: Database) -> None:
    office = build_office(db)
    first = new_order(db, office)
    second = new_order(db, office)
    approve(db, office, first)
    approve(db, office, second)
    with db.session() as s:
        assert s.get_one(Order, second).reg_number == "2"
    assert _found(db, office, "№ 2") == [second]
    assert _found(db, office, "№ 1") == [first]
    assert _found(db, office, "391") == []


def test_another_word_form_and_e_for_yo_find_the_order(db: Database) -> None:
    office = build_office(db)
    concept = new_order(
        db,
        office,
        title="Об утверждении Концепции развития дополнительного образования",
        points=[{"text": "Утвердить прилагаемую Концепцию."}, {"text": "Подготовить форму отчёта."}],
    )
    _other(db, office)
    assert _found(db, office, "концепция") == [concept]
    assert _found(db, office, "КОНЦЕПЦИЯ развития") == [concept]
    assert _found(db, office, "отчета") == [concept]
    assert _found(db, office, "отчёты") == [concept]
    assert _found(db, office, "утверждение концепций") == [concept]
    assert _found(db, office, "бассейн") == []


def test_a_title_hit_ranks_before_a_hit_in_a_point(db: Database) -> None:
    office = build_office(db)
    in_point = new_order(
        db, office, title="О мерах по подготовке к учебному году", points=[{"text": "Провести мониторинг питания."}]
    )
    in_title = new_order(db, office, title="О мониторинге питания", points=[{"text": "Утвердить план."}])
    assert _found(db, office, "мониторинг питания") == [in_title, in_point]


def test_a_draft_edit_reindexes_the_order_in_the_same_transaction(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    assert _found(db, office, "спартакиада") == []
    update_order(
        db,
        office.actors["clerk"],
        OrderEdit(order_id, None, {"title": "О спартакиаде", "points": [{"text": "Провести забег."}]}),
    )
    assert _found(db, office, "спартакиады") == [order_id]
    assert _found(db, office, "забега") == [order_id]
    assert _found(db, office, "мониторинг") == []


def test_search_shows_only_what_the_user_may_see(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office, title="О Концепции")
    assert _found(db, office, "концепция", "clerk") == [order_id]
    assert _found(db, office, "концепция", "outsider") == []


def test_dispatched_tasks_are_found_by_their_words_and_their_order_s_number(db: Database) -> None:
    office = build_office(db)
    _numbered(db, office, "01-27/", 1951)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        tasks = {t.id: t.title for t in s.scalars(select(Task).where(Task.order_id == order_id))}
        analytic = [i for i, title in tasks.items() if title.startswith("Подготовить")]
        items, total = list_tasks(
            s, office.actors["controller"], {"q": "аналитической справки", "page": 1, "per_page": 50}
        )
        assert [t.id for t in items] == analytic and total == 1
        by_number, total = list_tasks(s, office.actors["controller"], {"q": "1951", "page": 1, "per_page": 50})
        assert sorted(t.id for t in by_number) == sorted(tasks) and total == len(tasks)
        found = search(s, office.actors["controller"], "№ 01-27/1951")
        assert [o.id for o in found.orders] == [order_id]
        assert sorted(t.id for t in found.tasks) == sorted(tasks)
