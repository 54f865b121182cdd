"""The editor saves a point that is only its addressee («Директору …:») followed by its sub-points."""

from __future__ import annotations

from typing import Any

from flask import Flask

from models import Order
from models.db import Database
from tests.web import prepare
from tests.web.conftest import Browserless


def _form(who: dict[str, Any], **rows: Any) -> dict[str, Any]:
    return {
        "organization_id": who["clerk"].organization_id,
        "kind": "order",
        "title": "Об участии в региональном мониторинге",
        "place": "г. Верхнеозёрск",
        "preamble": "",
        "signatory_id": who["head"].person_id,
        "controller_id": who["controller"].person_id,
        "executor_mark_id": "",
        "period_start": "",
        "period_end": "",
        "approver": [f"p:{who['approver'].person_id}"],
        **rows,
    }


def test_the_editor_saves_an_addressee_with_sub_points_and_no_text_of_its_own(
    demo_app: Flask, demo_db: Database
) -> None:
    who = prepare.people(demo_db)
    director = who["school1"].person_id
    clerk = Browserless(demo_app, "clerk")
    rows = {
        "row": ["a", "b", "c"],
        "level-a": "1",
        "text-a": "Утвердить график мониторинга.",
        "level-b": "1",
        "text-b": "",
        "addressee-b": str(director),
        "level-c": "2",
        "text-c": "Обеспечить участие обучающихся.",
    }
    response = clerk.post_form("/orders/new", "/orders/new", _form(who, **rows))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    order_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with demo_db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None
        points = {p.number: p for p in order.points}
        assert sorted(points) == ["1", "2", "2.1"]
        assert points["2"].text == "" and points["2"].addressee_id == director
        assert points["2.1"].parent_id == points["2"].id


def test_an_addressee_without_sub_points_still_needs_its_text(demo_app: Flask, demo_db: Database) -> None:
    who = prepare.people(demo_db)
    rows = {"row": ["a"], "level-a": "1", "text-a": "", "addressee-a": str(who["school1"].person_id)}
    response = Browserless(demo_app, "clerk").post_form("/orders/new", "/orders/new", _form(who, **rows))
    assert response.status_code == 422
    assert "Без текста бывает только обращение к адресату с подпунктами." in response.get_data(as_text=True)
