"""Electronic signatures of API.md: upload a detached CMS signature over the frozen DOCX, list, visualised PDF."""

from __future__ import annotations

from flask import Response

from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, get_db, uploaded_file
from routes.api.docs import doc
from routes.api.documents import send_file
from routes.schemas.signatures import SignatureListSchema, SignatureOutSchema
from workflow.services import signatures
from workflow.services.documents import PDF

MULTIPART_SCHEMA = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "Отсоединённая подпись CMS/CAdES (DER или Base64) над утверждённым DOCX"},
    },
}


@bp.post("/orders/<id:obj_id>/signatures")
@doc(
    "Приказ: загрузить электронную подпись утверждённого документа",
    "orders",
    response=SignatureOutSchema,
    status=201,
    errors=(401, 403, 404, 409, 415, 422),
    extra={"request_content": {"multipart/form-data": {"schema": MULTIPART_SCHEMA}}},
)
def upload_signature(obj_id: int) -> Response:
    """Verifies the signature over the frozen bytes and records it; `valid` and `reasons` say what was found."""
    upload = uploaded_file("Приложите файл подписи.")
    row = signatures.add_signature(get_db(), current_actor(), obj_id, upload.read())
    return answer(SignatureOutSchema().dump(row), 201, location=f"/api/v1/orders/{obj_id}/signatures")


@bp.get("/orders/<id:obj_id>/signatures")
@doc("Приказ: электронные подписи документа", "orders", response=SignatureListSchema, errors=(401, 404))
def order_signatures(obj_id: int) -> Response:
    """Every signature uploaded over the order's document, valid or not."""
    with get_db().session() as session:
        rows = signatures.list_signatures(session, current_actor(), obj_id)
        return answer(SignatureListSchema().dump({"items": rows}))


@bp.get("/orders/<id:obj_id>/document-signed.pdf")
@doc("Приказ: визуализированная копия с отметкой об электронной подписи", "orders", errors=(401, 404, 409),
     extra={"content": {PDF: {"schema": {"type": "string", "format": "binary"}}}})
def order_signed_pdf(obj_id: int) -> Response:
    """The frozen document as PDF with the mark of each valid signature (ГОСТ Р 7.0.97-2025)."""
    return send_file(signatures.signed_pdf(get_db(), current_actor(), obj_id))
