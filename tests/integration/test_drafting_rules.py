"""Who drafts where, who edits a draft and who imports a roadmap: each rule once, asked the same way by every page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Order, Organization
from models.db import Database
from tests.builders import approve, build_office, new_order
from workflow.errors import Forbidden, NotFound
from workflow.queries.orders import drafting_organizations, editable_order
from workflow.services.common import may_draft_in
from workflow.services.drafting import NotEditable, OrderEdit, may_edit, update_order
from workflow.services.roadmap_import import RoadmapImport, import_roadmap


def test_the_editor_offers_exactly_the_organizations_the_drafting_rule_allows(db: Database) -> None:
    office = build_office(db)
    with db.session() as s:
        every = list(s.scalars(select(Organization.id).order_by(Organization.id)))
        for key, who in office.actors.items():
            allowed = []
            for org_id in every:
                try:
                    may_draft_in(s, who, org_id)
                except Forbidden:
                    continue
                allowed.append(org_id)
            assert [org.id for org in drafting_organizations(s, who)] == allowed, key


def test_a_draft_is_editable_by_its_editors_only_and_by_nobody_once_approved(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    with db.session() as s:
        order = s.get(Order, order_id)
        assert may_edit(s, office.actors["clerk"], order)
        assert may_edit(s, office.actors["head"], order)
        assert not may_edit(s, office.actors["executor"], order)
        assert editable_order(s, office.actors["clerk"], order_id).id == order_id
        with pytest.raises(Forbidden):
            editable_order(s, office.actors["approver1"], order_id)
        with pytest.raises(NotFound):
            editable_order(s, office.actors["outsider"], order_id)
    approve(db, office, order_id)
    with db.session() as s:
        assert not may_edit(s, office.actors["clerk"], s.get(Order, order_id))
        with pytest.raises(NotEditable):
            editable_order(s, office.actors["clerk"], order_id)
    with pytest.raises(NotEditable):
        update_order(db, office.actors["clerk"], OrderEdit(order_id, None, {"title": "Другой заголовок"}))


def test_a_roadmap_import_into_a_foreign_organization_is_refused_before_the_file_is_read(db: Database) -> None:
    office = build_office(db)
    # Not a DOCX nor an XLSX: reading it first would answer «unsupported file» instead of «forbidden».
    command = RoadmapImport(organization_id=office.orgs["authority"], data=b"not a table", filename="plan.docx")
    with pytest.raises(Forbidden):
        import_roadmap(db, office.actors["outsider"], command)
