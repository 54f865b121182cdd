"""DOCX documents: context dataclasses, the sandboxed renderer, Russian declension, lint and checks.

This package knows nothing of the database: an adapter turns models into the dataclasses of
`documents.contexts`, and `render_document` turns those into signed-ready DOCX bytes.
"""

from __future__ import annotations

from documents.contexts import DOC_TYPES, DocumentContext, template_path
from documents.render import render_docx, render_untrusted


def render_document(doc: DocumentContext, template: bytes | None = None) -> bytes:
    """Renders a document with its built-in template, or with an administrator's template in the sandbox."""
    context = doc.to_context()
    if template is None:
        return render_docx(template_path(doc.doc_type), context)
    return render_untrusted(template, context)


__all__ = ["DOC_TYPES", "DocumentContext", "render_document", "template_path"]
