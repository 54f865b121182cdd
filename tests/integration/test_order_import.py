"""Importing signed DOCX orders: names matched to the directory, drafts, registered orders that dispatch."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import Order, Roadmap, StoredFile, Task
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from tests.order_documents import Layout, encrypted_zip, order_docx
from workflow.engine.engine import fire, history
from workflow.errors import Forbidden, ValidationFailed
from workflow.services.order_import import OrderImport, import_order

MARK = "Исп. Бадмаева Людмила Николаевна, тел. 8 (4812) 38-12-45"


@pytest.fixture
def office(db: Database) -> Office:
    return build_office(db)


def _import(db: Database, office: Office, data: bytes, mode: str = "draft", who: str = "clerk"):
    return import_order(
        db, office.actors[who], OrderImport(office.orgs["authority"], data, filename="prikaz-390.docx", mode=mode)
    )


def _points(order: Order) -> dict[str, tuple]:
    return {
        p.number: (
            p.text,
            p.addressee_id,
            [(e.person_id, e.organization_id, e.include_subordinates) for e in p.responsible],
            p.deadline_text,
            p.controlled,
        )
        for p in order.points
    }


@pytest.mark.parametrize("numbering", ["typed", "word"])
def test_a_draft_import_matches_the_names_to_the_directory_field_by_field(
    db: Database, office: Office, numbering: str
) -> None:
    imported = _import(db, office, order_docx(Layout(numbering=numbering, executor_mark=MARK)))
    with db.session() as s:
        order = s.get(Order, imported.order_id)
        assert order is not None
        assert order.state == "draft"
        assert (order.kind, order.title, order.place) == (
            "order",
            "Об организации мониторинга качества образования",
            "г. Сосновск",
        )
        assert order.reg_number is None  # a draft gets its number when it is approved here
        assert order.signatory_id == office.p("head")  # «Н.Е. Дереча»
        assert order.controller_id == office.p("controller")  # «… возложить на … Ушакову И.Г.»
        assert order.executor_mark_id == office.p("executor")  # «Исп. Бадмаева Людмила Николаевна»
        assert order.imported_from == "prikaz-390.docx"
        schools = [(None, office.orgs["authority"], True)]
        director = [(office.p("director1"), None, False)]
        assert _points(order) == {
            "1": ("Утвердить план мониторинга качества образования (Приложение 1 к приказу).", None, [], "", False),
            "2": (
                "Руководителям образовательных организаций обеспечить участие в мониторинге в срок до 28 марта "
                "2022 года.",
                None,
                schools,
                "в срок до 28 марта 2022 года",
                True,
            ),
            # «Директору МБУ ДПО «СОИРО» Куропаткиной А.Н.:» — the addressee, found through the dative.
            "3": ("", office.p("director1"), [], "", False),
            "3.1": (
                "Провести семинар для заместителей директоров в срок до 15 апреля 2022 года.",
                None,
                director,
                "в срок до 15 апреля 2022 года",
                True,
            ),
            "3.2": ("Подготовить аналитическую справку до 20.05.2022.", None, director, "до 20.05.2022", True),
        }
        roadmap = s.scalars(select(Roadmap).where(Roadmap.order_id == order.id)).one()
        assert roadmap.title == "План мониторинга качества образования"
        assert [(a.number, a.content, a.deadline_text) for sec in roadmap.sections for a in sec.activities] == [
            ("1.1", "Утверждение плана мониторинга", "до 01.04.2022"),
            ("1.2", "Проведение диагностических работ", "Апрель 2022"),
        ]
        assert [h.event for h in history(s, order)] == ["create"]


def test_a_name_the_directory_does_not_hold_is_a_warning_never_a_guess(db: Database, office: Office) -> None:
    # The clerk is Петрова Елена Сергеевна: «Петрова Мария Ивановна» must not become her.
    imported = _import(db, office, order_docx(Layout(executor_mark="Исп. Петрова Мария Ивановна, тел. 38-12-45")))
    with db.session() as s:
        assert s.get(Order, imported.order_id).executor_mark_id is None  # type: ignore[union-attr]
    assert any(w["field"] == "executor_mark_id" and "Петрова Мария Ивановна" in w["message"] for w in imported.warnings)


def test_a_registered_import_keeps_its_number_date_and_file_and_dispatches_into_the_right_tasks(
    db: Database, office: Office
) -> None:
    data = order_docx(Layout(executor_mark=MARK))
    imported = _import(db, office, data, mode="registered")
    with db.session() as s:
        order = s.get(Order, imported.order_id)
        assert order is not None
        assert (order.state, order.reg_number, order.reg_date) == ("approved", "390", date(2022, 3, 24))
        stored = s.get(StoredFile, order.document_file_id)
        assert stored is not None and stored.data == data
        import hashlib

        assert order.document_sha256 == hashlib.sha256(data).hexdigest()
        assert [h.event for h in history(s, order)] == ["create", "import"]
        assert s.scalars(select(Roadmap).where(Roadmap.order_id == order.id)).one().state == "approved"
    with db.transaction() as s:
        order = s.get(Order, imported.order_id)
        fire(s, order, "dispatch", office.actors["clerk"])
    with db.session() as s:
        tasks = s.scalars(select(Task).where(Task.order_id == imported.order_id).order_by(Task.id)).all()
        due = {
            (t.source_label, t.responsible_person_id, t.responsible_org_id): t.deadline
            for t in tasks
            if not t.is_rollup
        }
    # Point 2 fans out to both schools under a roll-up; 3.1 and 3.2 go to the director named in point 3.
    assert due[("2", office.p("director1"), office.orgs["school1"])] == date(2022, 3, 28)
    assert due[("2", office.p("director2"), office.orgs["school2"])] == date(2022, 3, 28)
    assert due[("3.1", office.p("director1"), None)] == date(2022, 4, 15)
    assert due[("3.2", office.p("director1"), None)] == date(2022, 5, 20)


def test_the_journal_does_not_reissue_an_imported_number(db: Database, office: Office) -> None:
    # Order № 1 of this year is imported; the next approval here takes № 2, not № 1 again.
    this_year = date(2026, 11, 16)
    _import(db, office, order_docx(Layout(date_text=f"{this_year:%d.%m.%Y}", number="1", appendix=False)), "registered")
    order_id = new_order(db, office)
    approve(db, office, order_id)
    with db.session() as s:
        assert s.get(Order, order_id).reg_number == "2"  # type: ignore[union-attr]


def test_importing_the_same_number_twice_is_refused(db: Database, office: Office) -> None:
    data = order_docx(Layout(appendix=False))
    _import(db, office, data, mode="registered")
    with pytest.raises(ValidationFailed) as caught:
        _import(db, office, data, mode="registered")
    assert "№ 390" in caught.value.message
    assert "reg_number" in caught.value.details


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01garbage" * 50, "DOCX"),
        (b"%PDF-1.7 not an office file", "DOCX"),
    ],
)
def test_a_file_that_is_not_a_docx_is_refused_with_a_reason(
    db: Database, office: Office, data: bytes, reason: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _import(db, office, data)
    assert reason in caught.value.message


def test_an_encrypted_archive_is_refused_with_a_reason(db: Database, office: Office) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _import(db, office, encrypted_zip())
    assert "зашифрован" in caught.value.message


def test_only_those_who_draft_for_the_organization_may_import(db: Database, office: Office) -> None:
    with pytest.raises(Forbidden):
        _import(db, office, order_docx(), who="executor")


def test_a_registered_import_needs_the_documents_date_and_number(db: Database, office: Office) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _import(db, office, order_docx(Layout(requisites="none", appendix=False)), mode="registered")
    assert "дата и номер" in caught.value.message


def test_order_533_in_the_samples_style_names_its_executors_and_keeps_control_with_the_signatory(
    db: Database, office: Office
) -> None:
    from tests.order_documents import order_533_docx

    imported = _import(db, office, order_533_docx(signature_name="Н.Е. Дереча"))
    with db.session() as s:
        order = s.get(Order, imported.order_id)
        assert order is not None
        assert (order.signatory_id, order.controller_id) == (office.p("head"), office.p("head"))
        points = _points(order)
    assert points["2"][2] == [(None, office.orgs["authority"], True)]
    assert points["3"][2:] == (
        [(office.p("executor"), None, False)],  # «Бадмаевой Л.Н., ответственному …»
        "в течение 2022-2023 учебного года",
        True,
    )
    # «в установленные сроки» gives no date: the point waits for a person, and says so.
    assert any(w["field"] == "points.2.deadline_text" for w in imported.warnings)


def test_a_signatory_missing_from_the_directory_leaves_signatory_and_controller_to_a_person(
    db: Database, office: Office
) -> None:
    from tests.order_documents import order_533_docx

    imported = _import(db, office, order_533_docx())
    with db.session() as s:
        order = s.get(Order, imported.order_id)
        assert order is not None and order.signatory_id is None and order.controller_id is None
    fields = {w["field"] for w in imported.warnings}
    assert {"signatory_id", "controller_id"} <= fields
