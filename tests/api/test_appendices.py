"""Appendices as files through the API (API.md «Additions: Appendices as files»): added to a draft, checked by
content, frozen with their hashes at approval, named in the document, downloaded by whoever reads the order."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from docx import Document

from documents.appendix_files import page_texts, pdf_pages
from models.db import Database
from tests.api.conftest import Api, fingerprint
from tests.appendix_files import docx_file, pdf_file
from tests.builders import order_data


def _upload(api: Api, order_id: int, who: str, data: bytes, name: str, title: str = "Концепция развития") -> Any:
    return api.post(
        f"orders/{order_id}/appendices",
        who,
        data={"title": title, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _fire(api: Api, order_id: int, who: str, event: str, **fields: Any) -> dict[str, Any]:
    return api.ok("POST", f"orders/{order_id}/transitions", who, json={"event": event, **fields})


def _approved_with(api: Api, uploads: list[tuple[bytes, str, str]]) -> tuple[int, list[dict[str, Any]]]:
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(api.office))
    added = []
    for data, name, title in uploads:
        response = _upload(api, order["id"], "clerk", data, name, title)
        assert response.status_code == 201, response.get_json()
        added.append(response.get_json())
    _fire(api, order["id"], "clerk", "submit")
    _fire(api, order["id"], "approver1", "visa", decision="approve")
    _fire(api, order["id"], "approver2", "visa", decision="approve")
    _fire(api, order["id"], "head", "approve")
    return order["id"], added


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_a_clerk_adds_a_pdf_appendix_and_gets_its_number_size_and_hash(api: Api) -> None:
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(api.office))
    data = pdf_file(5)
    response = _upload(api, order["id"], "clerk", data, "Концепция.pdf")
    assert response.status_code == 201
    body = response.get_json()
    assert {k: body[k] for k in ("number", "title", "kind", "filename", "size", "sha256", "sheets")} == {
        "number": 1,
        "title": "Концепция развития",
        "kind": "file",
        "filename": "Концепция.pdf",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "sheets": 5,
    }
    assert response.headers["Location"] == f"/api/v1/orders/{order['id']}/appendices/{body['id']}/file"
    download = api.get(f"orders/{order['id']}/appendices/{body['id']}/file", "clerk")
    assert download.status_code == 200 and download.data == data
    assert download.mimetype == "application/pdf"
    listed = api.ok("GET", f"orders/{order['id']}/appendices", "clerk")["items"]
    assert [a["id"] for a in listed] == [body["id"]]
    history = api.ok("GET", f"orders/{order['id']}/history", "clerk")
    assert history[-1]["comment"] == "Добавлено приложение «Концепция развития» (файл «Концепция.pdf»)."


def test_a_file_that_is_neither_docx_nor_pdf_is_refused_with_a_russian_422_and_nothing_is_kept(
    api: Api, db: Database
) -> None:
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(api.office))
    before = fingerprint(db)
    spreadsheet = io.BytesIO()
    import openpyxl

    openpyxl.Workbook().save(spreadsheet)
    for data, name in ((b"MZ\x90\x00 not a document", "Концепция.pdf"), (spreadsheet.getvalue(), "Концепция.docx")):
        response = _upload(api, order["id"], "clerk", data, name)
        assert response.status_code == 422
        error = response.get_json()["error"]
        assert "только в формате DOCX или PDF" in error["message"]
        assert list(error["details"]) == ["file"]
    assert _upload(api, order["id"], "clerk", pdf_file(1), "a.pdf", title="  ").status_code == 422
    assert fingerprint(db) == before


def test_only_an_editor_of_a_draft_adds_or_deletes_an_appendix_and_not_after_submission(api: Api) -> None:
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(api.office))
    assert _upload(api, order["id"], "executor", pdf_file(1), "a.pdf").status_code in (403, 404)
    added = _upload(api, order["id"], "clerk", pdf_file(1), "a.pdf").get_json()
    path = f"orders/{order['id']}/appendices/{added['id']}"
    assert api.call("DELETE", path, "approver1").status_code in (403, 404)
    _fire(api, order["id"], "clerk", "submit")
    late = _upload(api, order["id"], "clerk", pdf_file(1), "b.pdf")
    assert late.status_code == 409
    assert "только проект" in late.get_json()["error"]["message"]
    assert api.call("DELETE", path, "clerk").status_code == 409
    assert api.patch(path, "clerk", json={"title": "Другое"}).status_code == 409


def test_a_clerk_renames_and_deletes_an_appendix_of_a_draft_and_the_history_says_so(api: Api) -> None:
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(api.office))
    added = _upload(api, order["id"], "clerk", docx_file(pages=None), "Положение.docx", "Положение").get_json()
    assert added["sheets"] is None
    path = f"orders/{order['id']}/appendices/{added['id']}"
    renamed = api.ok("PATCH", path, "clerk", json={"title": "Положение о конкурсе"})
    assert renamed["title"] == "Положение о конкурсе"
    assert api.call("DELETE", path, "clerk").status_code == 204
    assert api.ok("GET", f"orders/{order['id']}/appendices", "clerk")["items"] == []
    assert api.get(f"{path}/file", "clerk").status_code == 404
    comments = [h["comment"] for h in api.ok("GET", f"orders/{order['id']}/history", "clerk")][-3:]
    assert comments == [
        "Добавлено приложение «Положение» (файл «Положение.docx»).",
        "Приложение «Положение» переименовано в «Положение о конкурсе».",
        "Удалено приложение «Положение о конкурсе».",
    ]


def test_saving_the_draft_with_its_list_of_appendices_keeps_the_uploaded_files(api: Api) -> None:
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(api.office))
    added = _upload(api, order["id"], "clerk", pdf_file(2), "План.pdf", "План мероприятий").get_json()
    saved = api.ok("PATCH", f"orders/{order['id']}", "clerk", json={"appendices": [{"title": "Справка", "text": "…"}]})
    assert [(a["title"], a.get("kind")) for a in saved["appendices"]] == [
        ("Справка", "text"),
        ("План мероприятий", "file"),
    ]
    listed = api.ok("GET", f"orders/{order['id']}/appendices", "clerk")["items"]
    assert [(a["id"], a["number"]) for a in listed] == [(added["id"], 2)]


def test_at_approval_each_file_is_frozen_with_its_hash_named_in_the_document_and_beside_its_hash(api: Api) -> None:
    concept, plan = pdf_file(5), docx_file(pages=3)
    order_id, added = _approved_with(
        api, [(concept, "Концепция.pdf", "Концепция развития"), (plan, "План.docx", "План мероприятий")]
    )
    listed = api.ok("GET", f"orders/{order_id}/appendices", "clerk")["items"]
    assert [(a["frozen"], a["sha256"]) for a in listed] == [
        (True, hashlib.sha256(concept).hexdigest()),
        (True, hashlib.sha256(plan).hexdigest()),
    ]
    approve = next(h for h in api.ok("GET", f"orders/{order_id}/history", "clerk") if h["event"] == "approve")
    assert approve["payload"]["appendices_sha256"] == {str(a["id"]): a["sha256"] for a in added}
    text = _docx_text(api.get(f"orders/{order_id}/document.docx", "clerk").data).replace("\xa0", " ")
    assert "Приложения: 1. Концепция развития на 5 л. в 1 экз.; 2. План мероприятий на 3 л. в 1 экз." in text
    for appendix in added:
        assert f"Контрольная сумма файла (SHA-256): {appendix['sha256']}" in text
    assert api.call("DELETE", f"orders/{order_id}/appendices/{added[0]['id']}", "clerk").status_code == 409


def test_an_executor_with_a_task_from_the_order_downloads_its_appendix_and_an_outsider_cannot(api: Api) -> None:
    data = pdf_file(2)
    order_id, added = _approved_with(api, [(data, "Концепция.pdf", "Концепция развития")])
    path = f"orders/{order_id}/appendices/{added[0]['id']}/file"
    assert api.get(path, "executor").status_code == 404  # no task yet: the order is not the executor's
    _fire(api, order_id, "clerk", "dispatch")
    download = api.get(path, "executor")
    assert download.status_code == 200 and download.data == data
    assert api.get(path, "outsider").status_code == 404


@pytest.mark.libreoffice
def test_the_order_pdf_has_each_appendix_s_pages_right_after_the_page_that_names_it(api: Api) -> None:
    concept = pdf_file(3, label="CONCEPT-PAGE")
    plan = docx_file("PLAN-OF-ACTIVITIES", pages=1)
    order_id, added = _approved_with(
        api, [(concept, "Концепция.pdf", "Концепция развития"), (plan, "План.docx", "План мероприятий")]
    )
    order_only = api.get(f"orders/{order_id}/document.pdf", "clerk")
    assert order_only.status_code == 200
    pages = page_texts(order_only.data)
    assert len(pages) == pdf_pages(order_only.data)
    concept_page = next(n for n, text in enumerate(pages) if added[0]["sha256"][:16] in text)
    assert [text.split()[:1] for text in pages[concept_page + 1 : concept_page + 4]] == [["CONCEPT-PAGE"]] * 3
    assert "PLAN-OF-ACTIVITIES" in pages[-1]
    assert added[1]["sha256"][:16] in pages[-2]
