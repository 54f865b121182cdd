"""Downloads return the frozen bytes; administrators' templates are linted, versioned and used."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from documents.checker import check_docx
from documents.contexts import template_path
from models import DocumentTemplate, Order, StoredFile
from models.db import Database
from tests.builders import approve, build_office, new_order
from workflow.errors import Forbidden, ValidationFailed
from workflow.services.documents import approval_sheet_docx, order_docx, upload_template


def _order(db: Database, order_id: int) -> Order:
    with db.session() as s:
        return s.get(Order, order_id)


def test_every_download_of_an_approved_order_returns_exactly_the_frozen_bytes(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    with db.session() as s:
        preview = order_docx(s, s.get(Order, order_id))
    assert check_docx(preview.data, "order", {"draft": True}).ok
    approve(db, office, order_id)
    with db.session() as s:
        order = s.get(Order, order_id)
        first, second = order_docx(s, order), order_docx(s, order)
        sheet = approval_sheet_docx(s, order)
    assert first.data == second.data
    assert hashlib.sha256(first.data).hexdigest() == _order(db, order_id).document_sha256
    assert first.filename == "order-1.docx"
    assert check_docx(sheet.data, "approval_sheet").ok


def test_a_template_that_fails_the_lint_is_refused_with_its_reasons_and_nothing_is_stored(db: Database) -> None:
    office = build_office(db)
    with pytest.raises(ValidationFailed) as caught:
        upload_template(db, office.actors["admin"], "order", "broken.docx", b"not a docx at all")
    assert caught.value.details["file"]
    with db.session() as s:
        assert s.scalars(select(DocumentTemplate)).all() == []


def test_only_an_administrator_uploads_templates(db: Database) -> None:
    office = build_office(db)
    with pytest.raises(Forbidden):
        upload_template(db, office.actors["clerk"], "order", "order.docx", template_path("order").read_bytes())


def test_each_upload_is_a_new_version_and_approval_uses_the_newest(db: Database) -> None:
    office = build_office(db)
    good = template_path("order").read_bytes()
    upload_template(db, office.actors["admin"], "order", "order-v1.docx", good)
    upload_template(db, office.actors["admin"], "order", "order-v2.docx", good)
    with db.session() as s:
        rows = s.scalars(select(DocumentTemplate).order_by(DocumentTemplate.template_version)).all()
        assert [(r.template_version, r.active) for r in rows] == [(1, False), (2, True)]
    order_id = new_order(db, office)
    approve(db, office, order_id)
    with db.session() as s:
        stored = s.get(StoredFile, s.get(Order, order_id).document_file_id)
        assert stored.template_version == 2
        assert check_docx(stored.data, "order").ok
