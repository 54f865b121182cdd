"""Use cases of documents: downloads (frozen or preview), reports, PDF, administrators' templates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from documents.appendix_files import PopplerError, insert_after_pages, page_texts
from documents.contexts import DOC_TYPES
from documents.lint import lint_template
from documents.pdf import PdfConversionError, docx_to_pdf, libreoffice_available
from documents.untrusted import UnsafeFile
from models import DocumentTemplate, Order, ReportingPeriod, Roadmap, StoredFile
from models.db import Database
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.errors import Forbidden, NotFound, TooLarge, ValidationFailed
from workflow.printing.contexts import approval_sheet_doc, execution_report_doc, printed_doc, reporting_period_doc
from workflow.printing.freeze import DOCX, render_with_active
from workflow.services.visibility import Visibility

PDF = "application/pdf"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class FileOut:
    """Bytes to send, with their name and type."""

    filename: str
    content_type: str
    data: bytes


def _slug(order: Order) -> str:
    number = (order.reg_number or f"проект-{order.id}").replace("/", "-")
    return f"{order.kind}-{number}"


def order_docx(session: Session, order: Order) -> FileOut:
    """The frozen signed-ready file once approved (exactly the stored bytes); before, a preview marked «ПРОЕКТ»."""
    if order.document_file_id is not None:
        stored = session.get(StoredFile, order.document_file_id)
        if stored is None:
            raise NotFound("Файл утверждённого документа не найден.")
        return FileOut(stored.filename, DOCX, stored.data)
    doc, doc_type = printed_doc(session, order, draft=True)
    data, _ = render_with_active(session, doc, doc_type)
    return FileOut(f"{_slug(order)}.docx", DOCX, data)


def order_pdf(session: Session, order: Order) -> FileOut:
    """The same document as PDF, when LibreOffice is installed, each file appendix after its page."""
    if not libreoffice_available():
        raise NotFound("PDF недоступен: на сервере не установлен LibreOffice. Скачайте DOCX.")
    docx = order_docx(session, order)
    pdf = with_file_appendices(session, order, docx_to_pdf(docx.data))
    return FileOut(docx.filename.removesuffix(".docx") + ".pdf", PDF, pdf)


def with_file_appendices(session: Session, order: Order, pdf: bytes) -> bytes:
    """The order's PDF with each file appendix (a PDF as is, a DOCX through LibreOffice) after the page naming it."""
    files = [a for a in order.appendices if a.is_file and a.file_id is not None]
    if not files:
        return pdf
    try:
        pages = page_texts(pdf)
        inserts: list[tuple[int, bytes]] = []
        for appendix in files:
            stored = session.get(StoredFile, appendix.file_id)
            if stored is None:
                raise NotFound(f"Файл приложения «{appendix.title}» не найден.")
            part = stored.data if stored.content_type == PDF else docx_to_pdf(stored.data)
            # The appendix's own page in the order carries its hash; the file's pages follow that page.
            marker = (appendix.sha256 or "")[:16]
            page = next((n for n, text in enumerate(pages, start=1) if marker and marker in text), 0)
            inserts.append((page, part))
        return insert_after_pages(pdf, inserts)
    except PopplerError as exc:
        raise PdfConversionError(f"приложения не присоединены к PDF: {exc}") from exc


def signed_ready_order(session: Session, actor: Actor, order_id: int) -> Order:
    """An order the actor sees whose document can be formed: a draft without a signatory has none yet."""
    order = Visibility(session, actor).get(Order, order_id)
    if order.signatory_id is None:
        raise NotFound("Документ ещё нельзя сформировать: в проекте не указан подписант.")
    return order


def roadmap_docx(session: Session, actor: Actor, roadmap_id: int) -> FileOut:
    """A roadmap is printed as an appendix of its order: the order's document (frozen once approved)."""
    visibility = Visibility(session, actor)
    roadmap = visibility.get(Roadmap, roadmap_id)
    if roadmap.order_id is None:
        raise ValidationFailed(
            "Дорожная карта печатается приложением к приказу: приложите её к проекту приказа.",
            {"order_id": ["Дорожная карта не приложена к приказу."]},
        )
    return order_docx(session, visibility.get(Order, roadmap.order_id))


def approval_sheet_docx(session: Session, order: Order) -> FileOut:
    """The approval sheet as of today."""
    data, _ = render_with_active(session, approval_sheet_doc(order, clock.today()), "approval_sheet")
    return FileOut(f"{_slug(order)}-лист-согласования.docx", DOCX, data)


def execution_report_docx(session: Session, order: Order) -> FileOut:
    """The execution report as of today."""
    if order.reg_number is None:
        raise ValidationFailed("Отчёт об исполнении есть только у зарегистрированного приказа.", {})
    data, _ = render_with_active(session, execution_report_doc(session, order, clock.today()), "execution_report")
    return FileOut(f"{_slug(order)}-отчёт-об-исполнении.docx", DOCX, data)


def reporting_period_docx(session: Session, period: ReportingPeriod) -> FileOut:
    """The report of a reporting period: indicators, values against the previous period, conclusions."""
    data, _ = render_with_active(session, reporting_period_doc(session, period), "reporting_period")
    return FileOut(f"отчёт-{period.cycle_id}-{period.due_date:%Y-%m-%d}.docx", DOCX, data)


def upload_template(db: Database, actor: Actor, doc_type: str, filename: str, data: bytes) -> DocumentTemplate:
    """A new version of a document type's template, accepted only when the lint finds nothing."""
    if not actor.has("admin"):
        raise Forbidden("Шаблоны документов загружает администратор.")
    if doc_type not in DOC_TYPES:
        raise ValidationFailed("Неизвестный вид документа.", {"doc_type": [f"Допустимые: {', '.join(DOC_TYPES)}."]})
    if not data or len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationFailed("Файл шаблона пуст или больше 5 МБ.", {"file": ["Размер файла от 1 байта до 5 МБ."]})
    try:
        problems = lint_template(data, doc_type)
    except UnsafeFile as exc:
        raise TooLarge(exc.message, {"file": [exc.message]}) from exc
    if problems:
        raise ValidationFailed(
            "Шаблон не принят: исправьте ошибки и загрузите снова.", {"file": [p.message for p in problems]}
        )
    with db.transaction() as session:
        version = (
            session.scalar(
                select(func.max(DocumentTemplate.template_version)).where(DocumentTemplate.doc_type == doc_type)
            )
            or 0
        ) + 1
        stored = StoredFile.of(
            filename[:300] or f"{doc_type}.docx",
            DOCX,
            data,
            template=doc_type,
            template_version=version,
            created_by_id=actor.user_id,
        )
        session.add(stored)
        session.flush()
        # Old versions stay (frozen documents name theirs); only the newest is used for new documents.
        session.execute(update(DocumentTemplate).where(DocumentTemplate.doc_type == doc_type).values(active=False))
        row = DocumentTemplate(
            doc_type=doc_type, template_version=version, file_id=stored.id, active=True, uploaded_by_id=actor.user_id
        )
        session.add(row)
    return row
