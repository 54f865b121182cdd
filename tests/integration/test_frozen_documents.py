"""Approval freezes the signed-ready DOCX: rendered once, checked, stored with its SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from app import create_app
from config import Settings
from documents import render_document
from documents.checker import check_docx
from models import Order, StoredFile
from models.db import Database
from tests.builders import approve, build_office, new_order
from tools.demo import load_demo
from workflow import clock
from workflow.engine.engine import transition
from workflow.printing.contexts import approval_sheet_doc, execution_report_doc, order_doc, printed_doc, with_qr_code


def test_approval_stores_the_checked_document_and_its_hash(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    with db.session() as s:
        order = s.get(Order, order_id)
        stored = s.get(StoredFile, order.document_file_id)
        assert order.document_sha256 == hashlib.sha256(stored.data).hexdigest() == stored.sha256
        report = check_docx(stored.data, "order", {"reg_number": order.reg_number, "title": order.title, "qr": True})
        assert report.ok, report.messages
        # Rendering is deterministic: the same approved order renders (with its QR code) to the same bytes again.
        assert with_qr_code(order, render_document(order_doc(s, order, draft=False))) == stored.data


def test_a_draft_preview_is_marked_as_a_project(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    with db.session() as s:
        preview = render_document(order_doc(s, s.get(Order, order_id), draft=True))
    assert check_docx(preview, "order", {"draft": True}).ok


def test_every_demo_order_renders_with_its_sheets_and_reports(db: Database) -> None:
    load_demo(db)
    with db.session() as s:
        orders = s.scalars(select(Order).order_by(Order.id)).all()
        for order in orders:
            doc, doc_type = printed_doc(s, order, draft=order.reg_number is None)
            data = render_document(doc)
            assert check_docx(data, doc_type, {"draft": order.reg_number is None}).ok, order.title
            if order.document_sha256:
                assert s.get(StoredFile, order.document_file_id).sha256 == order.document_sha256
            render_document(approval_sheet_doc(order, clock.today()))
            if order.state in ("executing", "reported", "closed"):
                report = render_document(execution_report_doc(s, order, clock.today()))
                assert check_docx(report, "execution_report").ok


def test_the_cli_checks_a_frozen_document(db: Database, tmp_path: Path) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        data = s.get(StoredFile, s.get(Order, order_id).document_file_id).data
    path = tmp_path / "order.docx"
    path.write_bytes(data)
    app: Flask = create_app(Settings.from_env(DATABASE_URL=db.url, SECRET_KEY="test"))
    ok = app.test_cli_runner().invoke(args=["documents", "check", str(path)])
    assert ok.exit_code == 0, ok.output
    path.write_bytes(data[: len(data) // 2])
    broken = app.test_cli_runner().invoke(args=["documents", "check", str(path)])
    assert broken.exit_code != 0


def test_the_demo_reporting_period_report_shows_the_change_from_60_to_96_percent(db: Database) -> None:
    from models import ReportingPeriod
    from workflow.printing.contexts import reporting_period_doc

    load_demo(db)
    with db.session() as s:
        period = s.scalars(
            select(ReportingPeriod).where(ReportingPeriod.state == "accepted").order_by(ReportingPeriod.due_date.desc())
        ).first()
        doc = reporting_period_doc(s, period)
        data = render_document(doc)
    context = doc.to_context()
    first = context["indicators"][0]
    assert (first["previous"], first["value"]) == ("60", "96") and first["change"].startswith("+36")
    assert check_docx(data, "reporting_period").ok


def test_the_demo_letter_is_frozen_as_a_cover_letter_numbered_from_its_journal(db: Database) -> None:
    load_demo(db)
    with db.session() as s:
        letter = s.scalars(select(Order).where(Order.kind == "letter")).one()
        stored = s.get(StoredFile, letter.document_file_id)
    assert letter.reg_number == "01-27/1951"
    assert stored.template == "letter"
    assert check_docx(stored.data, "letter", {"reg_number": "01-27/1951"}).ok


def test_the_execution_report_is_signed_and_lists_the_schools_of_a_point_for_their_heads(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        order = s.get(Order, order_id)
        doc = execution_report_doc(s, order, clock.today())
        ctx = doc.to_context()
        schools = next(i for i in ctx["items"] if i["text"].startswith("Провести мониторинг"))
        assert ctx["signatory"]["name"].endswith(order.controller.last_name)
        assert ctx["executor_mark"]["name"].startswith(order.executor_mark.last_name)
        assert order.signatory.last_name not in schools["executor"]
        assert schools["executor"] == "Куропаткина А.Н., Лиджиев Б.Э."
        data = render_document(doc)
    assert check_docx(data, "execution_report").ok


def test_the_approval_sheet_shows_every_round_of_visas_and_who_prepared_the_draft(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    a = office.actors
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "visa", a["approver1"], decision="reject", comment="Уточнить сроки")
    approve(db, office, order_id)
    with db.session() as s:
        order = s.get(Order, order_id)
        ctx = approval_sheet_doc(order, clock.today()).to_context()
        data = render_document(approval_sheet_doc(order, clock.today()))
    assert [(v["decision"], v["round"]) for v in ctx["visas"]] == [
        ("Не согласовано", "1-й круг"), ("Согласовано", "2-й круг"), ("Согласовано", "2-й круг")]
    assert ctx["visas"][0]["remarks"] == "Уточнить сроки"
    assert ctx["author"].endswith(order.executor_mark.name_initials)
    assert ctx["outcome"] == "Проект согласован всеми визирующими."
    assert check_docx(data, "approval_sheet").ok
