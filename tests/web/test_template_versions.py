"""Administrators' template versions: a template that misbehaves on real data is refused or answered with a
409 and the reason, and the administrator returns to the previous version from the templates page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from documents.contexts import template_path
from models import DocumentTemplate, Order
from models.db import Database
from tests.api.conftest import Api, api, app, office, set_password  # noqa: F401  (the API tests' fixtures)
from tests.builders import Office, new_order
from tests.documents_fixtures import replace_in_part
from workflow.engine.engine import fire
from workflow.printing import freeze

PASSWORD = "версии-шаблонов-2027"
SLOW_TITLE = "Об одном медленном приказе"
# Endless only for an order of that title, which no example document has: the lint's trial renders pass.
SLOW_ON_ONE_TITLE = (
    f"{{{{ title }}}}{{% if title == '{SLOW_TITLE}' %}}{{% for a in range(100000) %}}{{% for b in range(100000) %}}"
    "{% endfor %}{% endfor %}{% endif %}"
)


def _built_in_order() -> bytes:
    return template_path("order").read_bytes()


def _admin(app: Flask, api: Api) -> Any:  # noqa: F811
    """A client logged in as the administrator through the login form (CSRF is off in these tests)."""
    from models import User

    user_id = api.office.actors["admin"].user_id
    assert user_id is not None
    set_password(api.db, user_id, PASSWORD)
    with api.db.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        login = user.login
    client = app.test_client()
    assert client.post("/login", data={"login": login, "password": PASSWORD}).status_code == 302
    return client


def _upload(client: Any, data: bytes, doc_type: str = "order") -> Any:
    return client.post(
        "/admin/templates",
        data={"doc_type": doc_type, "file": (io.BytesIO(data), "приказ.docx")},
        content_type="multipart/form-data",
    )


def _active(db: Database, doc_type: str = "order") -> list[int]:
    with db.session() as session:
        return list(
            session.scalars(
                select(DocumentTemplate.template_version).where(
                    DocumentTemplate.doc_type == doc_type, DocumentTemplate.active.is_(True)
                )
            )
        )


def _return_previous(client: Any, doc_type: str = "order") -> str:
    response = client.post("/admin/templates/previous", data={"doc_type": doc_type}, follow_redirects=True)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def test_an_administrator_returns_to_the_previous_template_version_with_the_button_on_the_templates_page(
    app: Flask,  # noqa: F811
    api: Api,  # noqa: F811
) -> None:
    client = _admin(app, api)
    for _ in range(2):
        assert _upload(client, _built_in_order()).status_code == 302
    assert _active(api.db) == [2]
    page = client.get("/admin/templates").get_data(as_text=True)
    assert "Вернуть версию 1" in page

    assert "версия 2 снята, используется версия 1" in _return_previous(client)
    assert _active(api.db) == [1]
    assert "версия 1 снята, используется встроенный шаблон" in _return_previous(client)
    assert _active(api.db) == []
    assert "Возвращаться некуда" in _return_previous(client)
    with api.db.session() as session:
        kept = session.scalars(select(DocumentTemplate.template_version).where(DocumentTemplate.doc_type == "order"))
        assert sorted(kept) == [1, 2]


def test_a_template_that_misbehaves_on_other_numbers_is_refused_at_upload_by_the_varied_trial_renders(
    app: Flask,  # noqa: F811
    api: Api,  # noqa: F811
) -> None:
    client = _admin(app, api)
    slow_unless_533 = (
        "{{ reg_number }}{% if reg_number != '533' %}{% for a in range(100000) %}{% for b in range(100000) %}"
        "{% endfor %}{% endfor %}{% endif %}"
    )
    template = replace_in_part(_built_in_order(), "word/document.xml", "{{ reg_number }}", slow_unless_533, count=1)
    response = _upload(client, template)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Шаблон не принят" in page and "Упростите шаблон" in page
    assert "Пробное заполнение 2 из 4: шаблон заполняется дольше" in page
    assert _active(api.db) == []


def _submitted(db: Database, office: Office, **overrides: Any) -> int:  # noqa: F811
    order_id = new_order(db, office, **overrides)
    with db.transaction() as s:
        order = s.get(Order, order_id)
        fire(s, order, "submit", office.actors["clerk"])
        fire(s, order, "visa", office.actors["approver1"], decision="approve")
        fire(s, order, "visa", office.actors["approver2"], decision="approve")
    return order_id


def test_an_approval_whose_template_runs_out_of_time_is_a_409_with_the_reason_until_the_previous_version_returns(
    app: Flask,  # noqa: F811
    api: Api,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(freeze, "RENDER_TIMEOUT_S", 1.0)
    client = _admin(app, api)
    template = replace_in_part(_built_in_order(), "word/document.xml", "{{ title }}", SLOW_ON_ONE_TITLE, count=1)
    assert _upload(client, template).status_code == 302, "the lint's examples do not have the slow title"
    order_id = _submitted(api.db, api.office, title=SLOW_TITLE)

    refused = api.post(f"orders/{order_id}/transitions", "head", json={"event": "approve"})
    assert refused.status_code == 409, refused.get_json()
    message = refused.get_json()["error"]["message"]
    assert "дольше" in message and "предыдущую версию" in message
    with api.db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None and order.reg_number is None and order.document_file_id is None
    preview = api.get(f"orders/{order_id}/document.docx", "clerk")
    assert preview.status_code == 409, preview.status_code

    _return_previous(client)
    approved = api.post(f"orders/{order_id}/transitions", "head", json={"event": "approve"})
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["reg_number"]
