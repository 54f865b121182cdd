"""Document template versions as administrators see them: the list, the stored files, a return to the previous."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from documents.contexts import DOC_TYPES
from models import DocumentTemplate, StoredFile
from models.db import Database
from workflow.engine.permissions import Actor
from workflow.errors import NotFound, ValidationFailed
from workflow.services.directory import require_admin


@dataclass(frozen=True)
class TemplateVersion:
    """An uploaded template version as the list shows it."""

    id: int
    doc_type: str
    version: int
    active: bool
    filename: str
    size: int
    sha256: str
    created_at: object
    file_id: int


def template_versions(session: Session, actor: Actor) -> list[TemplateVersion]:
    """Every uploaded template version, newest first per type (old versions are kept)."""
    require_admin(actor)
    stmt = (
        select(DocumentTemplate, StoredFile.filename, StoredFile.size, StoredFile.sha256)
        .join(StoredFile, StoredFile.id == DocumentTemplate.file_id)
        .order_by(DocumentTemplate.doc_type, DocumentTemplate.template_version.desc())
    )
    return [
        TemplateVersion(t.id, t.doc_type, t.template_version, t.active, name, size, sha, t.created_at, t.file_id)
        for t, name, size, sha in session.execute(stmt)
    ]


def template_file(session: Session, actor: Actor, template_id: int) -> StoredFile:
    """The stored bytes of one template version."""
    require_admin(actor)
    row = session.get(DocumentTemplate, template_id)
    stored = session.get(StoredFile, row.file_id) if row is not None else None
    if stored is None:
        raise NotFound(f"Шаблон № {template_id} не найден.")
    return stored


@dataclass(frozen=True)
class RestoredTemplate:
    """What is used for new documents of a type after a return: a version, or None for the built-in template."""

    doc_type: str
    withdrawn: int
    version: int | None


def restore_previous_template(db: Database, actor: Actor, doc_type: str) -> RestoredTemplate:
    """The active version of a type is withdrawn and the one before it (or the built-in template) is used again.

    The withdrawn version is kept: documents frozen with it name it, and a new upload makes a new version.
    """
    require_admin(actor)
    if doc_type not in DOC_TYPES:
        raise ValidationFailed("Неизвестный вид документа.", {"doc_type": [f"Допустимые: {', '.join(DOC_TYPES)}."]})
    with db.transaction() as session:
        active = session.scalar(
            select(DocumentTemplate)
            .where(DocumentTemplate.doc_type == doc_type, DocumentTemplate.active.is_(True))
            .order_by(DocumentTemplate.template_version.desc())
            .limit(1)
        )
        if active is None:
            raise ValidationFailed(
                "Возвращаться некуда: для этого вида документа уже используется встроенный шаблон.",
                {"doc_type": ["Нет загруженной версии в работе."]},
            )
        previous = session.scalar(
            select(DocumentTemplate)
            .where(DocumentTemplate.doc_type == doc_type, DocumentTemplate.template_version < active.template_version)
            .order_by(DocumentTemplate.template_version.desc())
            .limit(1)
        )
        session.execute(update(DocumentTemplate).where(DocumentTemplate.doc_type == doc_type).values(active=False))
        if previous is not None:
            previous.active = True
        return RestoredTemplate(
            doc_type, active.template_version, previous.template_version if previous is not None else None
        )
