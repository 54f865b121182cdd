"""Document template versions as administrators see them: the list and the stored files."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import DocumentTemplate, StoredFile
from workflow.engine.permissions import Actor
from workflow.errors import NotFound
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
