"""Use cases of electronic signatures: upload and verify over the frozen document, list, the visualised copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.pdf import docx_to_pdf, libreoffice_available
from documents.signature_check import (
    MAX_SIGNATURE_BYTES,
    SignatureToolError,
    certificate_subject,
    verify_detached,
)
from documents.signature_mark import SignatureMarkDoc, add_signature_marks
from models import Order, OrderSignature, StoredFile, TrustedRoot
from models.db import Database
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.errors import Forbidden, NotFound, TransitionNotAllowed, ValidationFailed
from workflow.services.documents import PDF, FileOut
from workflow.services.visibility import Visibility


def _frozen(session: Session, order: Order) -> StoredFile:
    stored = session.get(StoredFile, order.document_file_id) if order.document_file_id is not None else None
    if stored is None:
        raise TransitionNotAllowed("Подписать можно только утверждённый приказ: у проекта нет замороженного документа.")
    return stored


def _may_sign(actor: Actor, order: Order) -> None:
    signatory = actor.person_id is not None and actor.person_id == order.signatory_id
    if signatory or actor.has("admin") or actor.has("head"):
        return
    raise Forbidden("Загрузить электронную подпись может подписант приказа или руководитель.")


def trusted_roots(session: Session) -> list[str]:
    """The PEM texts of the root certificates the administrator loaded."""
    return list(session.scalars(select(TrustedRoot.pem).order_by(TrustedRoot.id)))


def add_signature(db: Database, actor: Actor, order_id: int, data: bytes) -> OrderSignature:
    """Verifies an uploaded detached signature over the order's frozen DOCX and records it, valid or not."""
    if not data or len(data) > MAX_SIGNATURE_BYTES:
        raise ValidationFailed("Файл подписи пуст или больше 1 МБ.", {"file": ["Размер файла от 1 байта до 1 МБ."]})
    with db.transaction() as session:
        order = Visibility(session, actor).get(Order, order_id)
        _may_sign(actor, order)
        stored = _frozen(session, order)
        now = clock.now()
        try:
            result = verify_detached(data, stored.data, trusted_roots(session), received_at=now)
        except SignatureToolError as exc:
            raise NotFound(f"Проверка подписи недоступна: {exc}.") from exc
        signer = result.signer
        row = OrderSignature(
            order_id=order.id,
            document_sha256=stored.sha256,
            data=data,
            valid=result.valid,
            reasons=list(result.reasons),
            subject=signer.subject[:1000] if signer else "",
            issuer=signer.issuer[:1000] if signer else "",
            serial=signer.serial[:100] if signer else "",
            owner=signer.owner[:300] if signer else "",
            valid_from=signer.valid_from if signer else None,
            valid_to=signer.valid_to if signer else None,
            signing_time=result.signing_time,
            algorithm=result.algorithm[:200],
            chain_trusted=result.chain_trusted,
            uploaded_by_id=actor.user_id,
            created_at=now,
        )
        session.add(row)
        session.flush()
        session.expunge(row)
    return row


def list_signatures(session: Session, actor: Actor, order_id: int) -> list[OrderSignature]:
    """The signatures uploaded over an order the actor may see, oldest first."""
    order = Visibility(session, actor).get(Order, order_id)
    return list(session.scalars(
        select(OrderSignature).where(OrderSignature.order_id == order.id).order_by(OrderSignature.id)))


@dataclass(frozen=True)
class TrustedRootRow:
    """A trusted root as the administrator sees it."""

    id: int
    name: str
    subject: str
    added: datetime


def trusted_root_rows(session: Session, actor: Actor) -> list[TrustedRootRow]:
    """The roots signatures are checked against, newest first (admin only)."""
    if not actor.has("admin"):
        raise Forbidden("Доверенные корневые сертификаты видит администратор.")
    rows = []
    for root in session.scalars(select(TrustedRoot).order_by(TrustedRoot.id.desc())):
        try:
            subject = certificate_subject(root.pem)
        except ValueError:
            subject = "сертификат не читается"
        rows.append(TrustedRootRow(root.id, root.name, subject, root.created_at))
    return rows


def add_trusted_root(db: Database, actor: Actor, name: str, pem: str) -> TrustedRoot:
    """A root certificate the administrator trusts; signatures verified from now on check their chain against it."""
    if not actor.has("admin"):
        raise Forbidden("Доверенные корневые сертификаты загружает администратор.")
    try:
        certificate_subject(pem)
    except ValueError as exc:
        raise ValidationFailed("Файл не является сертификатом в формате PEM.", {"file": [str(exc)]}) from exc
    with db.transaction() as session:
        row = TrustedRoot(name=name[:300] or "Корневой сертификат", pem=pem, added_by_id=actor.user_id)
        session.add(row)
        session.flush()
        session.expunge(row)
    return row


def signed_pdf(db: Database, actor: Actor, order_id: int) -> FileOut:
    """The visualised copy: the frozen document with the mark of every valid signature, as PDF."""
    with db.session() as session:
        order = Visibility(session, actor).get(Order, order_id)
        stored = _frozen(session, order)
        valid = [s for s in list_signatures(session, actor, order_id) if s.valid and s.document_sha256 == stored.sha256]
        if not valid:
            raise NotFound("У документа нет действительной электронной подписи.")
        marks = [SignatureMarkDoc(serial=s.serial, owner=s.owner, valid_from=clock.local_date(s.valid_from),
                                  valid_to=clock.local_date(s.valid_to))
                 for s in valid if s.valid_from and s.valid_to]
        docx, filename = stored.data, stored.filename
    if not libreoffice_available():
        raise NotFound("PDF недоступен: на сервере не установлен LibreOffice.")
    pdf = docx_to_pdf(add_signature_marks(docx, marks))
    return FileOut(filename.removesuffix(".docx") + "-подписан.pdf", PDF, pdf)
