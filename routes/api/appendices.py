"""File appendices of an order (API.md «Additions: Appendices as files»): add, list, rename, delete, download."""

from __future__ import annotations

from flask import Response, request

from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, expected_version, get_db, load_body, uploaded_file
from routes.api.docs import doc
from routes.api.documents import send_file
from routes.schemas.appendices import (
    APPENDIX_FORM_SCHEMA,
    AppendixFileListSchema,
    AppendixFileSchema,
    AppendixRenameSchema,
)
from workflow.services import appendices

ANY_FILE = {"*/*": {"schema": {"type": "string", "format": "binary"}}}


def _form_version() -> int | None:
    raw = request.form.get("version")
    body: dict[str, int] = {"version": int(raw)} if raw and raw.isdigit() else {}
    return expected_version(body)


@bp.post("/orders/<id:obj_id>/appendices")
@doc(
    "Приказ: приложить файл (DOCX или PDF) к проекту",
    "orders",
    response=AppendixFileSchema,
    status=201,
    if_match=True,
    errors=(400, 401, 403, 404, 409, 413, 415, 422),
    description="Только в состоянии «Проект». Формат определяется по содержимому: DOCX (word/document.xml) или PDF.",
    extra={"request_content": {"multipart/form-data": {"schema": APPENDIX_FORM_SCHEMA}}},
)
def add_appendix(obj_id: int) -> Response:
    """A DOCX or PDF added as the draft's next appendix."""
    upload = uploaded_file("Приложите файл приложения.", fields="полями file и title")
    command = appendices.AppendixUpload(
        order_id=obj_id,
        title=request.form.get("title", ""),
        filename=upload.filename or "",
        data=upload.read(),
        expected_version=_form_version(),
    )
    item = appendices.add_appendix(get_db(), current_actor(), command)
    location = f"/api/v1/orders/{obj_id}/appendices/{item.id}/file"
    return answer(AppendixFileSchema().dump(item), 201, location=location)


@bp.get("/orders/<id:obj_id>/appendices")
@doc("Приказ: приложения-файлы", "orders", response=AppendixFileListSchema, errors=(401, 404))
def list_appendices(obj_id: int) -> Response:
    """The order's file appendices, for whoever may read it."""
    with get_db().session() as session:
        items = appendices.file_appendices(session, current_actor(), obj_id)
        return answer(AppendixFileListSchema().dump({"items": items}))


@bp.patch("/orders/<id:obj_id>/appendices/<id:appendix_id>")
@doc(
    "Приказ: переименовать приложение-файл проекта",
    "orders",
    body=AppendixRenameSchema,
    response=AppendixFileSchema,
    if_match=True,
    errors=(400, 401, 403, 404, 409, 422),
)
def rename_appendix(obj_id: int, appendix_id: int) -> Response:
    """A new title of a file appendix while the order is a draft."""
    data = load_body(AppendixRenameSchema())
    expected = expected_version(data)
    item = appendices.rename_appendix(get_db(), current_actor(), obj_id, appendix_id, data["title"], expected)
    return answer(AppendixFileSchema().dump(item))


@bp.delete("/orders/<id:obj_id>/appendices/<id:appendix_id>")
@doc(
    "Приказ: удалить приложение-файл проекта",
    "orders",
    status=204,
    if_match=True,
    errors=(400, 401, 403, 404, 409),
)
def delete_appendix(obj_id: int, appendix_id: int) -> Response:
    """A file appendix removed while the order is a draft."""
    appendices.delete_appendix(get_db(), current_actor(), obj_id, appendix_id, expected_version({}))
    return Response(status=204)


@bp.get("/orders/<id:obj_id>/appendices/<id:appendix_id>/file")
@doc("Приказ: файл приложения", "orders", errors=(401, 404), extra={"content": ANY_FILE})
def appendix_file(obj_id: int, appendix_id: int) -> Response:
    """The appendix's file as uploaded (its bytes frozen at approval), for whoever may read the order."""
    with get_db().session() as session:
        return send_file(appendices.appendix_file(session, current_actor(), obj_id, appendix_id))
