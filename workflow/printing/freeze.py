"""Rendering with the administrator's active template, and freezing an order's signed-ready file.

Above documents/ (pure rendering) and models, below the engine's effects and the document services, which
both call it: the approve effect freezes, the downloads render previews.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from documents import DocumentContext, render_document
from documents.checker import check_docx
from documents.render import RenderError, render_untrusted
from models import DocumentTemplate, Order, StoredFile
from workflow import clock
from workflow.errors import TransitionNotAllowed
from workflow.printing.contexts import printed_doc, with_qr_code
from workflow.settings import settings_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# An administrator's template passed the lint's trial renders in 3 s each; a real document gets more.
RENDER_TIMEOUT_S = 10.0


def active_template(session: Session, doc_type: str) -> tuple[bytes, int] | None:
    """The administrator's current template of a type and its version, or None for the built-in one."""
    row = session.scalar(
        select(DocumentTemplate)
        .where(DocumentTemplate.doc_type == doc_type, DocumentTemplate.active.is_(True))
        .order_by(DocumentTemplate.template_version.desc())
        .limit(1)
    )
    if row is None:
        return None
    stored = session.get(StoredFile, row.file_id)
    return (stored.data, row.template_version) if stored else None


def render_with_active(session: Session, doc: DocumentContext, doc_type: str) -> tuple[bytes, int]:
    """Render with the active uploaded template (in the limited child) or the built-in one (version 0).

    An administrator's template that fails, or runs out of time or memory, on this document is a 409 with the
    reason, for the download and the approval alike: nothing is stored, and the administrator can return to
    the previous version.
    """
    active = active_template(session, doc_type)
    if active is None:
        return render_document(doc), 0
    data, version = active
    try:
        return render_untrusted(data, doc.to_context(), timeout_s=RENDER_TIMEOUT_S), version
    except RenderError as exc:
        raise TransitionNotAllowed(
            f"Документ не сформирован по шаблону администратора (версия {version}): {str(exc).rstrip('.')}. "
            "Администратор может вернуть предыдущую версию шаблона.",
            {"template_version": [str(exc)]},
        ) from exc


def freeze_order_document(session: Session, order: Order, created_by_id: int | None) -> StoredFile:
    """The signed-ready DOCX rendered once from the rows, checked, and stored with its SHA-256 on the order."""
    session.flush()
    # The document names each file appendix with its hash, so the hashes are checked before it is rendered.
    freeze_appendices(session, order)
    doc, doc_type = printed_doc(session, order, draft=False)
    data, template_version = render_with_active(session, doc, doc_type)
    # Requisite 31 of ГОСТ Р 7.0.97-2025: the QR code of the card, drawn into the frozen file.
    data = with_qr_code(order, data, base_url=settings_of(session).card_base_url)
    report = check_docx(data, doc_type, {"reg_number": order.reg_number, "title": order.title, "qr": True})
    if not report.ok:
        raise TransitionNotAllowed(
            "Нельзя утвердить: документ не готов к подписанию — " + "; ".join(report.messages[:5])
        )
    stored = StoredFile.of(
        f"{order.kind}-{order.reg_number}.docx".replace("/", "-"),
        DOCX,
        data,
        template=doc_type,
        template_version=template_version,
        created_by_id=created_by_id,
    )
    session.add(stored)
    session.flush()
    order.document_file_id = stored.id
    order.document_sha256 = stored.sha256
    return stored


def freeze_appendices(session: Session, order: Order) -> None:
    """Each file appendix's bytes checked against the SHA-256 recorded at upload, and marked frozen from now."""
    now = clock.now()
    for appendix in order.appendices:
        if not appendix.is_file:
            continue
        stored = session.get(StoredFile, appendix.file_id) if appendix.file_id is not None else None
        if stored is None or hashlib.sha256(stored.data).hexdigest() != appendix.sha256:
            raise TransitionNotAllowed(
                f"Нельзя утвердить: файл приложения «{appendix.title}» не совпадает с загруженным (SHA-256)."
            )
        appendix.frozen_at = now
