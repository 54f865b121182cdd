"""File appendices and the approval record in the pages: the editor's «Приложения» block, the card's list with
downloads and hashes, and every round of visas on the card with the edits made between them."""

from __future__ import annotations

import io
import re

from flask import Flask

from models import Order
from models.db import Database
from routes.web.appendices import file_size
from routes.web.labels import event_label
from tests.appendix_files import docx_file, pdf_file
from tests.web import prepare
from tests.web.conftest import Browserless
from workflow.engine.engine import fire
from workflow.services.drafting import OrderEdit, update_order


def _upload(client: Browserless, order_id: int, title: str, data: bytes, name: str) -> str:
    page = client.get(f"/orders/{order_id}/edit").get_data(as_text=True)
    version = re.search(r'id="appendix-files".*?name="version" value="(\d+)"', page, re.DOTALL)
    assert version is not None
    response = client.client.post(
        f"/orders/{order_id}/appendices",
        data={
            "csrf_token": client.token(page),
            "version": version.group(1),
            "title": title,
            "file": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/orders/{order_id}/edit#appendix-files")
    return client.get(f"/orders/{order_id}/edit").get_data(as_text=True)


def test_sizes_are_written_with_a_decimal_comma() -> None:
    assert [file_size(n) for n in (812, 36_762, 2_516_582)] == ["812 Б", "35,9 КБ", "2,4 МБ"]


def test_the_clerk_uploads_an_appendix_in_the_editor_and_sees_it_listed_with_its_size(
    demo_app: Flask, demo_db: Database
) -> None:
    order_id = prepare.order(demo_db, "Об утверждении Концепции развития дополнительного образования", "draft")
    clerk = Browserless(demo_app, "clerk")
    data = docx_file(pages=5)
    page = _upload(clerk, order_id, "Концепция развития дополнительного образования", data, "Концепция.docx")
    assert "Приложение 1 «Концепция развития дополнительного образования» добавлено" in page
    assert f"Концепция.docx, {file_size(len(data))}, 5 л." in page
    assert "," in file_size(len(data))
    card = clerk.get(f"/orders/{order_id}").get_data(as_text=True)
    with demo_db.session() as session:
        row = session.get(Order, order_id)
        assert row is not None
        appendix = next(a for a in row.appendices if a.is_file)
    link = f"/orders/{order_id}/appendices/{appendix.id}/file"
    assert f'href="{link}"' in card and "Добавлено приложение «Концепция развития" in card
    assert clerk.get(link).data == data


def test_a_file_of_another_kind_is_refused_in_the_editor_with_the_reason(demo_app: Flask, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О проведении конкурса чтецов", "draft")
    page = _upload(Browserless(demo_app, "clerk"), order_id, "Положение", b"just text", "Положение.pdf")
    assert "Приложение не добавлено. Приложение принимается только в формате DOCX или PDF" in page


def test_the_clerk_deletes_an_appendix_of_the_draft(demo_app: Flask, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О смотре строя и песни", "draft")
    clerk = Browserless(demo_app, "clerk")
    _upload(clerk, order_id, "Положение о смотре", pdf_file(2), "Положение.pdf")
    with demo_db.session() as session:
        row = session.get(Order, order_id)
        assert row is not None
        appendix_id, version = row.appendices[0].id, row.version
    response = clerk.post_form(
        f"/orders/{order_id}/edit", f"/orders/{order_id}/appendices/{appendix_id}/delete", {"version": version}
    )
    assert response.status_code == 302
    page = clerk.get(f"/orders/{order_id}/edit").get_data(as_text=True)
    assert "Приложение удалено." in page and "Файлов приложений пока нет." in page


def test_the_card_shows_every_round_of_visas_and_the_edit_made_between_them(demo_app: Flask, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О проведении школьного этапа олимпиады", "on_approval")
    who = prepare.people(demo_db)
    with demo_db.transaction() as session:
        row = session.get(Order, order_id)
        fire(session, row, "visa", who["approver"], decision="reject", comment="Уточните сроки этапа.")
    update_order(demo_db, who["clerk"], OrderEdit(order_id, None, {"title": "О проведении школьного этапа ВсОШ"}))
    with demo_db.transaction() as session:
        row = session.get(Order, order_id)
        fire(session, row, "submit", who["clerk"])
        fire(session, row, "visa", who["approver"], decision="approve")
    html = Browserless(demo_app, "clerk").get(f"/orders/{order_id}").get_data(as_text=True)
    rounds = html[html.index("Лист согласования: все круги") :]
    assert "Круг 1" in rounds and "Круг 2" in rounds
    first, second = rounds.split("Круг 2", 1)
    assert "Не согласовано" in first and "Уточните сроки этапа." in first
    assert "Согласовано" in second
    history = html[html.index('id="h-hist"') :]
    returned, resubmitted = history.index("Уточните сроки этапа."), history.rindex(str(event_label("orders", "submit")))
    edit = history.index("Изменены: заголовок.")
    assert returned < edit < resubmitted
