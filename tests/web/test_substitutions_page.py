"""The page «Замещения»: the administrator creates and cancels one; the deputy's desk says whom they stand in for."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from models import Person, Substitution, User
from models.db import Database
from tests.web import prepare
from tests.web.conftest import Browserless


def _person_of(db: Database, login: str) -> int:
    with db.session() as session:
        person_id = session.scalar(select(User.person_id).where(User.login == login))
    assert person_id is not None
    return person_id


def test_the_admin_creates_a_substitution_the_deputy_sees_it_on_the_desk_and_the_admin_cancels_it(
    demo_app: Flask, demo_db: Database
) -> None:
    head, deputy = _person_of(demo_db, "head"), _person_of(demo_db, "approver")
    admin = Browserless(demo_app, "admin")
    page = "/substitutions"
    assert "Назначить замещение" in admin.get(page).get_data(as_text=True)
    form = {"person_id": str(head), "deputy_id": str(deputy), "start": "16.11.2026", "end": "15.12.2026"}
    assert admin.post_form(page, page, form).status_code == 302
    with demo_db.session() as session:
        row = session.scalars(select(Substitution).where(Substitution.person_id == head)).all()[-1]
        assert (row.deputy_id, row.cancelled_at) == (deputy, None)
        substitution_id = row.id
    desk = Browserless(demo_app, "approver").get("/").get_data(as_text=True)
    assert "Вы замещаете Деречу Н.Е. до 15.12.2026" in desk
    listed = admin.get(page).get_data(as_text=True)
    assert "действует" in listed and "Отменить замещение Дереча Н.Е." in listed
    assert admin.post_form(page, f"/substitutions/{substitution_id}/cancel", {}).status_code == 302
    with demo_db.session() as session:
        cancelled = session.get(Substitution, substitution_id)
        assert cancelled is not None and cancelled.cancelled_at is not None
    assert "Вы замещаете" not in Browserless(demo_app, "approver").get("/").get_data(as_text=True)


def test_a_substitution_of_oneself_is_shown_at_the_deputy_field(demo_app: Flask, demo_db: Database) -> None:
    head = _person_of(demo_db, "head")
    admin = Browserless(demo_app, "admin")
    form = {"person_id": str(head), "deputy_id": str(head), "start": "16.11.2026", "end": "15.12.2026"}
    response = admin.post_form("/substitutions", "/substitutions", form)
    assert response.status_code == 422
    assert "Заместитель не может замещать сам себя." in response.get_data(as_text=True)


def test_the_head_may_open_the_page_and_a_clerk_may_not(demo_app: Flask, demo_db: Database) -> None:
    assert "Назначить замещение" in Browserless(demo_app, "head").get("/substitutions").get_data(as_text=True)
    assert Browserless(demo_app, "clerk").get("/substitutions").status_code == 403
    with demo_db.session() as session:
        assert session.scalar(select(Person.id).limit(1)) is not None


def test_the_editor_names_a_substitution_that_the_draft_keeps_until_approval(
    demo_app: Flask, demo_db: Database
) -> None:
    order_id = prepare.order(demo_db, "О временном исполнении обязанностей", "draft")
    clerk = Browserless(demo_app, "clerk")
    page = clerk.get(f"/orders/{order_id}/edit").get_data(as_text=True)
    assert "Временное исполнение обязанностей" in page
    head, deputy = _person_of(demo_db, "head"), _person_of(demo_db, "controller")
    form = {
        "title": "О временном исполнении обязанностей начальника управления",
        "kind": "order",
        "version": re.search(r'name="version" value="(\d+)"', page).group(1),  # type: ignore[union-attr]
        "signatory_id": str(head),
        "row": ["x"],
        "level-x": "1",
        "text-x": "Возложить временное исполнение обязанностей начальника управления на Ушакову И.Г.",
        "sub_person_id": str(head),
        "sub_deputy_id": str(deputy),
        "sub_start": "01.12.2026",
        "sub_end": "15.12.2026",
    }
    half = {**form, "sub_end": ""}
    refused = clerk.post_form(f"/orders/{order_id}/edit", f"/orders/{order_id}/edit", half)
    assert refused.status_code == 422 and "Заполните все поля временного исполнения" in refused.get_data(as_text=True)
    saved = clerk.post_form(f"/orders/{order_id}/edit", f"/orders/{order_id}/edit", form)
    assert saved.status_code == 302
    with demo_db.session() as session:
        named = session.scalars(select(Substitution).where(Substitution.order_id == order_id)).all()
        assert [(s.person_id, s.deputy_id, s.pending) for s in named] == [(head, deputy, True)]
    again = clerk.get(f"/orders/{order_id}/edit").get_data(as_text=True)
    assert 'value="01.12.2026"' in again and 'value="15.12.2026"' in again
