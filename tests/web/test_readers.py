"""Executors read what they execute: the order of their task opens, lists and downloads for them."""

from __future__ import annotations

from flask import Flask

from models.db import Database
from tests.web import prepare
from tests.web.conftest import Browserless


def test_a_school_director_opens_the_order_of_their_task_and_downloads_its_docx(
    demo_app: Flask, demo_db: Database
) -> None:
    title = "О мониторинге питания обучающихся"
    order_id = prepare.order(demo_db, title, "executing", executor="school1")
    task_id = prepare.task_of(demo_db, order_id)
    director = Browserless(demo_app, "school1")
    card = director.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert f'href="/orders/{order_id}' in card
    page = director.get(f"/orders/{order_id}")
    assert page.status_code == 200 and title in page.get_data(as_text=True)
    assert title in director.get("/orders").get_data(as_text=True)
    docx = director.get(f"/orders/{order_id}/document.docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert Browserless(demo_app, "school2").get(f"/orders/{order_id}").status_code == 404


def test_the_order_card_history_shows_each_save_of_the_draft_in_words(demo_app: Flask, demo_db: Database) -> None:
    from workflow.services.drafting import OrderEdit, update_order

    order_id = prepare.order(demo_db, "О проведении недели безопасности", "draft")
    title = "О проведении недели безопасности дорожного движения"
    update_order(demo_db, prepare.people(demo_db)["clerk"], OrderEdit(order_id, None, {"title": title}))
    html = Browserless(demo_app, "clerk").get(f"/orders/{order_id}").get_data(as_text=True)
    assert "Изменён проект" in html and "Изменены: заголовок." in html
