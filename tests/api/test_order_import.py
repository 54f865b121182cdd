"""POST /orders/import: a signed DOCX order becomes a draft or a registered order, with warnings."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import func, select

from models import Order
from tests.api.conftest import Api
from tests.order_documents import Layout, encrypted_zip, order_docx


def _post(api: Api, who: str, data: bytes, mode: str = "draft", name: str = "prikaz.docx") -> object:
    fields = {"organization_id": str(api.office.orgs["authority"]), "mode": mode}
    return api.post(
        "orders/import", who, data={**fields, "file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def test_an_imported_draft_comes_back_as_get_returns_it_with_the_warnings(api: Api) -> None:
    response = _post(api, "clerk", order_docx(Layout(executor_mark="Исп. Сидорова А.А., тел. 38-12-45")))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    order_id = body["order"]["id"]
    assert response.headers["Location"] == f"/api/v1/orders/{order_id}"
    assert body["order"] == api.ok("GET", f"orders/{order_id}", "clerk")
    assert body["order"]["state"] == "draft"
    assert body["order"]["title"] == "Об организации мониторинга качества образования"
    assert {"field", "text", "message"} <= set(body["warnings"][0])
    assert any(w["field"] == "executor_mark_id" and "Сидорова" in w["message"] for w in body["warnings"])


def test_a_registered_import_is_approved_under_its_own_number_and_dispatches(api: Api) -> None:
    body = _post(api, "clerk", order_docx(Layout(appendix=False)), mode="registered").get_json()
    order = body["order"]
    assert (order["state"], order["reg_number"], order["reg_date"]) == ("approved", "390", "2022-03-24")
    again = _post(api, "clerk", order_docx(Layout(appendix=False)), mode="registered")
    assert again.status_code == 422
    assert "№ 390" in again.get_json()["error"]["message"]
    dispatched = api.post(f"orders/{order['id']}/transitions", "clerk", json={"event": "dispatch"})
    assert dispatched.status_code == 200, dispatched.get_json()
    assert api.ok("GET", f"orders/{order['id']}", "clerk")["state"] == "executing"


def test_files_the_importer_cannot_read_are_a_422_with_a_russian_reason_and_nothing_is_created(api: Api) -> None:
    for data in (b"garbage" * 100, b"%PDF-1.7", encrypted_zip()):
        response = _post(api, "clerk", data)
        assert response.status_code == 422, (data[:10], response.get_json())
        message = response.get_json()["error"]["message"]
        assert any("а" <= ch <= "я" for ch in message.lower()), message
    assert _post(api, "clerk", b"", mode="sometimes").status_code == 422
    with api.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Order)) == 0


def test_a_zip_bomb_dressed_as_a_docx_is_refused_for_its_size(api: Api) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (8 * 1024 * 1024))
    response = _post(api, "clerk", buffer.getvalue())
    assert response.status_code == 413, response.get_json()


def test_only_those_who_draft_for_the_organization_may_import(api: Api) -> None:
    assert _post(api, "executor", order_docx()).status_code == 403
