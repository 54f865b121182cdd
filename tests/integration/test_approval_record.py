"""Approval and its record: every visa of the route before approval, every round kept, the edits between rounds
in the history in words, and file appendices frozen with the document."""

from __future__ import annotations

import hashlib

import pytest

from models import Order, OrderAppendix, StoredFile
from models.db import Database
from tests.appendix_files import pdf_file
from tests.builders import build_office, new_order
from workflow import clock
from workflow.engine.engine import history, transition
from workflow.errors import TransitionNotAllowed
from workflow.printing.contexts import approval_sheet_doc, visa_rounds
from workflow.services.appendices import AppendixUpload, add_appendix
from workflow.services.drafting import OrderEdit, update_order


def test_the_signatory_cannot_approve_while_a_visa_of_the_route_is_missing(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    a = office.actors
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve")
    with pytest.raises(TransitionNotAllowed, match="ожидается виза"):
        transition(db, "orders", order_id, "approve", a["head"])
    transition(db, "orders", order_id, "visa", a["approver2"], decision="approve")
    assert transition(db, "orders", order_id, "approve", a["head"]).to_state == "approved"


def test_a_return_keeps_the_first_round_and_the_edit_before_the_second_is_in_the_history(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    a = office.actors
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve_with_remarks", comment="Срок п. 2")
    transition(db, "orders", order_id, "return", a["clerk"], comment="Исправим срок")
    update_order(db, a["clerk"], OrderEdit(order_id, None, {"title": "О мониторинге качества образования в 2027 году"}))
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve")
    transition(db, "orders", order_id, "visa", a["approver2"], decision="approve")
    with db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None
        rounds = [(v.round, v.decision, v.remarks) for v in visa_rounds(session, order)]
        sheet = approval_sheet_doc(order, clock.today()).to_context()
        events = [(log.event, log.comment) for log in history(session, order)]
    assert rounds == [(1, "approve_with_remarks", "Срок п. 2"), (2, "approve", ""), (2, "approve", "")]
    assert [v["round"] for v in sheet["visas"]] == ["1-й круг", "2-й круг", "2-й круг"]
    between = events[events.index(("return", "Исправим срок")) + 1 : [e for e, _ in events].index("submit", 2)]
    assert between == [("edit", "Изменены: заголовок.")]


def test_at_approval_the_file_appendix_is_frozen_and_its_hash_recorded_beside_the_document(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    a = office.actors
    data = pdf_file(4)
    added = add_appendix(db, a["clerk"], AppendixUpload(order_id, "Концепция развития", "Концепция.pdf", data))
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve")
    transition(db, "orders", order_id, "visa", a["approver2"], decision="approve")
    transition(db, "orders", order_id, "approve", a["head"])
    with db.session() as session:
        appendix = session.get(OrderAppendix, added.id)
        assert appendix is not None and appendix.frozen_at is not None
        stored = session.get(StoredFile, appendix.file_id)
        assert stored is not None and stored.data == data
        order = session.get(Order, order_id)
        approve_log = next(log for log in history(session, order) if log.event == "approve")
    assert appendix.sha256 == hashlib.sha256(data).hexdigest()
    assert approve_log.payload["appendices_sha256"] == {str(added.id): appendix.sha256}
    assert approve_log.payload["document_sha256"]


def test_approval_is_refused_when_a_file_appendix_no_longer_matches_its_recorded_hash(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    a = office.actors
    added = add_appendix(db, a["clerk"], AppendixUpload(order_id, "Положение", "Положение.pdf", pdf_file(1)))
    with db.transaction() as session:
        appendix = session.get(OrderAppendix, added.id)
        assert appendix is not None
        appendix.sha256 = "0" * 64
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve")
    transition(db, "orders", order_id, "visa", a["approver2"], decision="approve")
    with pytest.raises(TransitionNotAllowed, match="не совпадает с загруженным"):
        transition(db, "orders", order_id, "approve", a["head"])
    with db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None and order.state == "on_approval" and order.document_file_id is None
