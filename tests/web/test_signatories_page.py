"""The administrator's page of an organization's signatories: the head always signs; others are added and removed."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from models import Organization, OrganizationSignatory, Person
from models.db import Database
from tests.web.conftest import Browserless


def test_the_admin_sees_the_head_as_signatory_and_adds_and_removes_another(demo_app: Flask, demo_db: Database) -> None:
    with demo_db.session() as session:
        org = session.scalars(select(Organization).where(Organization.parent_id.is_(None))).first()
        assert org is not None and org.head is not None
        head_name = org.head.name_initials
        named = select(OrganizationSignatory.person_id).where(OrganizationSignatory.organization_id == org.id)
        other = session.scalars(
            select(Person)
            .where(Person.organization_id == org.id, Person.id != org.head_id, Person.id.not_in(named))
            .order_by(Person.id)
        ).first()
        assert other is not None
        org_id, other_id, other_name = org.id, other.id, other.name_initials
    admin = Browserless(demo_app, "admin")
    page = f"/admin/organizations/{org_id}/signatories"
    shown = admin.get(page).get_data(as_text=True)
    assert head_name in shown and "подписывает всегда" in shown
    added = admin.post_form(page, page, {"person_id": str(other_id), "journal_id": ""})
    assert added.status_code == 302
    with demo_db.session() as session:
        rows = session.scalars(select(OrganizationSignatory).where(OrganizationSignatory.organization_id == org_id))
        assert other_id in [r.person_id for r in rows]
    assert f"Снять право подписи: {other_name}" in admin.get(page).get_data(as_text=True)
    removed = admin.post_form(page, f"{page}/{other_id}/remove", {})
    assert removed.status_code == 302
    with demo_db.session() as session:
        left = session.scalars(
            select(OrganizationSignatory.person_id).where(OrganizationSignatory.organization_id == org_id)
        )
        assert other_id not in list(left)


def test_a_clerk_cannot_open_the_signatories_page(demo_app: Flask) -> None:
    clerk = Browserless(demo_app, "clerk")
    assert clerk.get("/admin/organizations/1/signatories").status_code == 403


def test_the_organization_form_offers_the_setting_to_approve_without_visas(demo_app: Flask) -> None:
    admin = Browserless(demo_app, "admin")
    assert "Разрешить утверждать приказы без виз" in admin.get("/admin/organizations/1").get_data(as_text=True)
