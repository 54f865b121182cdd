"""Amendments end to end on each database: the draft's wording, the route, the tasks after dispatch, the text."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from documents.checker import check_docx
from models import Order, Roadmap, Task, TransitionLog
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from workflow.engine.engine import transition
from workflow.errors import NotFound, TransitionNotAllowed, ValidationFailed
from workflow.queries.consolidated import consolidated_docx, consolidated_order
from workflow.services.amendments import AmendmentDraft, Change, draft_amendment
from workflow.services.documents import order_docx
from workflow.services.drafting import draft_roadmap

TITLE = "Об организации мониторинга качества образования"


def _dispatched_base(db: Database, office: Office) -> int:
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    return order_id


def _route(db: Database, office: Office, order_id: int) -> None:
    """The amendment goes the way of any order: visas, approval with its number, dispatch."""
    a = office.actors
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve")
    transition(db, "orders", order_id, "visa", a["approver2"], decision="approve")
    transition(db, "orders", order_id, "approve", a["head"])
    transition(db, "orders", order_id, "dispatch", a["clerk"])


CHANGES = [
    Change("replace", point="2", deadline_text="до 30.04.2027"),
    Change("repeal", point="3.1"),
    Change(
        "add_after",
        point="2",
        text="Представить отчёт о мониторинге",
        deadline_text="до 15.05.2027",
        responsible=[{"person_id": 0}],
    ),
    Change("replace", point="1", text="Утвердить план мониторинга на 2027 год"),
]


def _changes(office: Office) -> list[Change]:
    added = CHANGES[2]
    return [
        *CHANGES[:2],
        Change(
            "add_after",
            point="2",
            text=added.text,
            deadline_text=added.deadline_text,
            responsible=[{"person_id": office.p("executor")}],
        ),
        CHANGES[3],
    ]


def _tasks(db: Database, **where: object) -> list[Task]:
    with db.session() as s:
        stmt = select(Task).filter_by(**where).order_by(Task.id)
        return list(s.scalars(stmt))


def test_an_amendment_is_drafted_with_the_words_offices_use(db: Database) -> None:
    office = build_office(db)
    base_id = _dispatched_base(db, office)
    amendment_id = draft_amendment(
        db, office.actors["clerk"], base_id, AmendmentDraft(_changes(office), reason="кадровыми изменениями")
    )
    with db.session() as s:
        base = s.get_one(Order, base_id)
        order = s.get_one(Order, amendment_id)
        assert order.state == "draft" and order.amends_id == base_id
        assert order.title == (
            f"О внесении изменений в приказ управления образования от 16.11.2026 № {base.reg_number} «{TITLE}»"
        )
        assert order.preamble == "В связи с кадровыми изменениями"
        assert [p.text for p in order.points] == [
            "В пункте 2 слова «до 02.04.2027» заменить словами «до 30.04.2027».",
            "Пункт 3.1 признать утратившим силу.",
            "Дополнить пунктом 2.1 следующего содержания: «2.1. Представить отчёт о мониторинге до 15.05.2027.».",
            "Пункт 1 изложить в следующей редакции: «1. Утвердить план мониторинга на 2027 год.».",
        ]
        assert [p.number for p in order.points] == ["1", "2", "3", "4"]
        assert not any(p.controlled for p in order.points)
        assert order.controller_id == base.controller_id and order.signatory_id == base.signatory_id
        assert [v.approver_id for v in order.visas] == [v.approver_id for v in base.visas]


def test_a_new_executor_is_laid_on_in_the_accusative_and_a_deadline_added_where_there_was_none(db: Database) -> None:
    office = build_office(db)
    base_id = _dispatched_base(db, office)
    changes = [
        Change("replace", point="2", responsible=[{"person_id": office.p("controller")}]),
        Change("replace", point="1", deadline_text="до 01.03.2027", responsible=[{"person_id": office.p("executor")}]),
    ]
    amendment_id = draft_amendment(db, office.actors["clerk"], base_id, AmendmentDraft(changes))
    with db.session() as s:
        order = s.get_one(Order, amendment_id)
        assert [p.text for p in order.points] == [
            "Исполнение пункта 2 возложить на заместителя начальника Ушакову И.Г.",
            "Пункт 1 дополнить словами «до 01.03.2027». "
            "Исполнение пункта 1 возложить на ведущего специалиста Бадмаеву Л.Н.",
        ]
        assert order.preamble == "В связи с необходимостью уточнения сроков и исполнителей"


def test_a_draft_order_cannot_be_amended(db: Database) -> None:
    office = build_office(db)
    draft_id = new_order(db, office)
    with pytest.raises(TransitionNotAllowed, match=r"только в утверждённый или исполняемый приказ.*«Проект»"):
        draft_amendment(db, office.actors["clerk"], draft_id, AmendmentDraft(_changes(office)))


def test_an_amendment_is_not_itself_amended(db: Database) -> None:
    office = build_office(db)
    base_id = _dispatched_base(db, office)
    amendment_id = draft_amendment(db, office.actors["clerk"], base_id, AmendmentDraft(_changes(office)))
    _route(db, office, amendment_id)
    with pytest.raises(TransitionNotAllowed, match="вносятся в сам изменяемый приказ"):
        draft_amendment(db, office.actors["clerk"], amendment_id, AmendmentDraft([Change("repeal", point="1")]))


def test_changes_that_name_no_point_or_repeat_one_are_refused_with_the_field(db: Database) -> None:
    office = build_office(db)
    base_id = _dispatched_base(db, office)
    clerk = office.actors["clerk"]
    with pytest.raises(ValidationFailed, match="Пункт 9 в приказе не найден") as missing:
        draft_amendment(db, clerk, base_id, AmendmentDraft([Change("repeal", point="9")]))
    assert "changes.0.point" in missing.value.details
    twice = [Change("repeal", point="2"), Change("replace", point="2", text="Иначе")]
    with pytest.raises(ValidationFailed, match="изменяется дважды"):
        draft_amendment(db, clerk, base_id, AmendmentDraft(twice))
    with pytest.raises(ValidationFailed, match="и срок, и ответственный"):
        draft_amendment(
            db,
            clerk,
            base_id,
            AmendmentDraft([Change("add_after", point="2", text="Новое", deadline_text="до 01.05.2027")]),
        )
    with pytest.raises(ValidationFailed, match="Укажите хотя бы одно изменение"):
        draft_amendment(db, clerk, base_id, AmendmentDraft([]))


def test_an_executor_may_not_draft_an_amendment_and_an_outsider_does_not_see_the_order(db: Database) -> None:
    office = build_office(db)
    base_id = _dispatched_base(db, office)
    from workflow.errors import Forbidden

    with pytest.raises(Forbidden):
        draft_amendment(db, office.actors["controller"], base_id, AmendmentDraft(_changes(office)))
    with pytest.raises(NotFound):
        draft_amendment(db, office.actors["outsider"], base_id, AmendmentDraft(_changes(office)))


def test_a_dispatched_amendment_redates_cancels_and_creates_the_base_orders_tasks(db: Database) -> None:
    office = build_office(db)
    base_id = _dispatched_base(db, office)
    before = _tasks(db, order_id=base_id)
    person_task = next(t for t in before if t.source_label == "2")
    fanout = [t for t in before if t.source_label == "3.1"]
    assert person_task.deadline == date(2027, 4, 2) and len(fanout) == 3
    amendment_id = draft_amendment(db, office.actors["clerk"], base_id, AmendmentDraft(_changes(office)))
    _route(db, office, amendment_id)

    with db.session() as s:
        amendment = s.get_one(Order, amendment_id)
        assert amendment.state == "executing"
        number = amendment.reg_number
        frozen = order_docx(s, amendment)
        assert check_docx(frozen.data, "order", {"reg_number": number, "title": amendment.title, "qr": True}).ok
        # The amendment's own points state changes: no task comes from them.
        assert s.scalars(select(Task).where(Task.order_id == amendment_id)).all() == []
        redated = s.get_one(Task, person_task.id)
        assert redated.deadline == date(2027, 4, 30) and redated.deadline_text == "до 30.04.2027"
        assert redated.original_deadline == date(2027, 4, 2) and redated.state == "assigned"
        entry = s.scalars(
            select(TransitionLog).where(
                TransitionLog.object_kind == "tasks",
                TransitionLog.object_id == person_task.id,
                TransitionLog.event == "amend",
            )
        ).one()
        assert entry.comment == (
            f"Изменено приказом от 16.11.2026 № {number}: срок 02.04.2027 → 30.04.2027 («до 30.04.2027»)."
        )
        for task in fanout:
            cancelled = s.get_one(Task, task.id)
            assert cancelled.state == "cancelled"
        parent_log = s.scalars(
            select(TransitionLog).where(
                TransitionLog.object_kind == "tasks",
                TransitionLog.object_id == fanout[0].id,
                TransitionLog.event == "cancel",
            )
        ).one()
        assert parent_log.comment == f"Изменено приказом от 16.11.2026 № {number}: пункт 3.1 утратил силу"
        added = s.scalars(select(Task).where(Task.order_id == base_id, Task.source_label == "2.1")).one()
        # 15.05.2027 is a Saturday: the preceding working day.
        assert added.deadline == date(2027, 5, 14) and added.title == "Представить отчёт о мониторинге"
        assert added.responsible_person_id == office.p("executor") and added.controller_id == office.p("controller")
        assert added.point_id == amendment.points[2].id
        base = s.get_one(Order, base_id)
        assert base.state == "executing"
        amended = s.scalars(
            select(TransitionLog).where(
                TransitionLog.object_kind == "orders",
                TransitionLog.object_id == base_id,
                TransitionLog.event == "amended",
            )
        ).one()
        assert amended.payload["cancelled"] == 1 and amended.payload["created"] == 1 and amended.payload["redated"] == 1


def test_a_new_executor_reassigns_the_open_task_and_tells_them(db: Database) -> None:
    office = build_office(db)
    base_id = _dispatched_base(db, office)
    task = next(t for t in _tasks(db, order_id=base_id) if t.source_label == "2")
    changes = [
        Change("replace", point="2", text="Подготовить справку", responsible=[{"person_id": office.p("controller")}])
    ]
    amendment_id = draft_amendment(db, office.actors["clerk"], base_id, AmendmentDraft(changes))
    _route(db, office, amendment_id)
    with db.session() as s:
        moved = s.get_one(Task, task.id)
        assert moved.responsible_person_id == office.p("controller") and moved.title == "Подготовить справку"
        assert moved.deadline == date(2027, 4, 2)
        log = s.scalars(
            select(TransitionLog).where(TransitionLog.object_id == task.id, TransitionLog.event == "amend")
        ).one()
        assert log.comment.endswith("новая редакция, новый исполнитель.")


def test_the_consolidated_text_applies_every_amendment_in_force(db: Database) -> None:
    office = build_office(db)
    base_id = _dispatched_base(db, office)
    amendment_id = draft_amendment(db, office.actors["clerk"], base_id, AmendmentDraft(_changes(office)))
    with db.session() as s:
        # A draft amendment is not in force yet.
        assert consolidated_order(s, office.actors["clerk"], base_id).amendments == []
    _route(db, office, amendment_id)
    with db.session() as s:
        result = consolidated_order(s, office.actors["clerk"], base_id)
        number = s.get_one(Order, amendment_id).reg_number
        assert [(a.id, a.number, a.date) for a in result.amendments] == [(amendment_id, number, date(2026, 11, 16))]
        assert [(p.number, p.status) for p in result.walk()] == [
            ("1", "amended"),
            ("2", "amended"),
            ("2.1", "added"),
            ("3", "in_force"),
            ("3.1", "repealed"),
        ]
        assert [p.printed for p in result.walk()] == [
            f"Утвердить план мониторинга на 2027 год (в редакции приказа от 16.11.2026 № {number}).",
            f"Подготовить аналитическую справку до 30.04.2027 (в редакции приказа от 16.11.2026 № {number}).",
            f"Представить отчёт о мониторинге до 15.05.2027 (введён приказом от 16.11.2026 № {number}).",
            "Руководителям общеобразовательных организаций:",
            f"Утратил силу (приказ от 16.11.2026 № {number}).",
        ]
        file = consolidated_docx(s, office.actors["clerk"], base_id)
        base = s.get_one(Order, base_id)
    report = check_docx(file.data, "order", {"reg_number": base.reg_number})
    assert report.ok, report.messages
    text = "\n".join(p.text for p in Document(io.BytesIO(file.data)).paragraphs).replace("\xa0", " ")
    assert f"{TITLE} (в редакции приказа от 16.11.2026 № {number})" in text
    assert "2.1. Представить отчёт о мониторинге до 15.05.2027" in text
    assert f"3.1. Утратил силу (приказ от 16.11.2026 № {number})." in text
    assert "ПРОЕКТ" not in text


def test_a_roadmap_attached_to_the_order_is_amended_the_same_way(db: Database) -> None:
    office = build_office(db)
    a = office.actors
    with db.transaction() as s:
        roadmap = draft_roadmap(
            s,
            a["clerk"],
            {
                "title": "Дорожная карта мониторинга",
                "organization_id": office.orgs["authority"],
                "period": {"start": date(2026, 9, 1), "end": date(2027, 8, 31)},
                "sections": [
                    {
                        "number": "1",
                        "title": "Подготовка",
                        "activities": [
                            {
                                "number": "1.1",
                                "content": "Собрать данные",
                                "deadline_text": "Декабрь 2026",
                                "responsible": [{"person_id": office.p("executor")}],
                            },
                            {
                                "number": "1.2",
                                "content": "Провести семинар",
                                "deadline_text": "Январь 2027",
                                "responsible": [{"person_id": office.p("executor")}],
                            },
                        ],
                    }
                ],
            },
        )
        roadmap_id = roadmap.id
    order_id = new_order(db, office, appendices=[{"roadmap_id": roadmap_id}])
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", a["clerk"])
    before = _tasks(db, roadmap_id=roadmap_id)
    # 31.12.2026 is a day off: the preceding working day.
    assert [t.deadline for t in before] == [date(2026, 12, 30), date(2027, 1, 29)]
    changes = [
        Change("replace", activity="1.1", deadline_text="Февраль 2027"),
        Change("repeal", activity="1.2"),
        Change(
            "add_after",
            activity="1.2",
            text="Подвести итоги",
            deadline_text="Март 2027",
            responsible=[{"person_id": office.p("controller")}],
        ),
    ]
    amendment_id = draft_amendment(db, a["clerk"], order_id, AmendmentDraft(changes))
    with db.session() as s:
        texts = [p.text for p in s.get_one(Order, amendment_id).points]
    assert texts == [
        "В строке 1.1 приложения к приказу в графе «Срок исполнения» слова «Декабрь 2026» заменить словами "
        "«Февраль 2027».",
        "Строку 1.2 приложения к приказу исключить.",
        "Дополнить приложение к приказу строкой 1.3 следующего содержания: «Подвести итоги.» (срок исполнения — "
        "Март 2027; ответственный исполнитель — Ушакова И.Г.).",
    ]
    _route(db, office, amendment_id)
    with db.session() as s:
        first, second = (s.get_one(Task, t.id) for t in before)
        assert first.deadline == date(2027, 2, 26) and first.state == "assigned"
        assert second.state == "cancelled"
        added = s.scalars(select(Task).where(Task.roadmap_id == roadmap_id, Task.source_label == "1.3")).one()
        assert added.deadline == date(2027, 3, 31) and added.responsible_person_id == office.p("controller")
        assert s.get_one(Roadmap, roadmap_id).state == "executing"
        result = consolidated_order(s, a["clerk"], order_id)
        rows = [(r.number, r.content, r.deadline_text, r.status) for r in result.roadmaps[0].sections[0].activities]
        assert rows == [
            ("1.1", "Собрать данные", "Февраль 2027", "amended"),
            ("1.2", "Провести семинар", "Январь 2027", "repealed"),
            ("1.3", "Подвести итоги", "Март 2027", "added"),
        ]
        file = consolidated_docx(s, a["clerk"], order_id)
    assert check_docx(file.data, "order").ok
    cells = [
        c.text.replace("\xa0", " ") for t in Document(io.BytesIO(file.data)).tables for row in t.rows for c in row.cells
    ]
    assert "Февраль 2027" in cells and "Подвести итоги" in cells and "Ушакова И.Г." in cells
    assert any(c.startswith("Исключено (приказ от 16.11.2026") for c in cells)


def test_an_amendment_of_an_order_not_yet_dispatched_waits_for_it(db: Database) -> None:
    office = build_office(db)
    base_id = new_order(db, office)
    approve(db, office, base_id)
    amendment_id = draft_amendment(db, office.actors["clerk"], base_id, AmendmentDraft(_changes(office)))
    with pytest.raises(TransitionNotAllowed, match="сначала направьте на исполнение его"):
        _route(db, office, amendment_id)
    with db.session() as s:
        assert s.get_one(Order, amendment_id).state == "approved"


def test_a_point_that_becomes_a_series_or_loses_its_fan_out_gets_new_tasks_for_the_old_ones(db: Database) -> None:
    office = build_office(db)
    base_id = _dispatched_base(db, office)
    before = _tasks(db, order_id=base_id)
    single = next(t for t in before if t.source_label == "2")
    fanout = [t for t in before if t.source_label == "3.1"]
    changes = [
        Change("replace", point="2", deadline_text="до 01.03.2027 и до 01.06.2027"),
        Change("replace", point="3.1", responsible=[{"person_id": office.p("executor")}]),
    ]
    amendment_id = draft_amendment(db, office.actors["clerk"], base_id, AmendmentDraft(changes))
    _route(db, office, amendment_id)
    with db.session() as s:
        assert s.get_one(Task, single.id).state == "cancelled"
        assert {s.get_one(Task, t.id).state for t in fanout} == {"cancelled"}
        open_tasks = s.scalars(
            select(Task).where(Task.order_id == base_id, Task.state == "assigned").order_by(Task.deadline)
        ).all()
        series = [t for t in open_tasks if t.source_label == "2"]
        assert [t.deadline for t in series] == [date(2027, 3, 1), date(2027, 6, 1)]
        assert all(t.series_key and t.responsible_person_id == office.p("executor") for t in series)
        (moved,) = [t for t in open_tasks if t.source_label == "3.1"]
        assert moved.responsible_person_id == office.p("executor") and not moved.is_rollup
        assert moved.deadline == date(2027, 4, 20)
        assert s.get_one(Order, base_id).state == "executing"


def test_the_consolidated_document_keeps_a_points_addressee(db: Database) -> None:
    office = build_office(db)
    points = [
        {
            "addressee_id": office.p("director1"),
            "text": "Обеспечить:",
            "children": [
                {
                    "text": "Провести мониторинг.",
                    "controlled": True,
                    "responsible": [{"person_id": office.p("director1")}],
                    "deadline_text": "до 02.04.2027",
                }
            ],
        }
    ]
    base_id = new_order(db, office, points=points)
    approve(db, office, base_id)
    transition(db, "orders", base_id, "dispatch", office.actors["clerk"])
    changes = [Change("replace", point="1.1", deadline_text="до 30.04.2027")]
    _route(db, office, draft_amendment(db, office.actors["clerk"], base_id, AmendmentDraft(changes)))
    with db.session() as s:
        file = consolidated_docx(s, office.actors["clerk"], base_id)
    text = "\n".join(p.text for p in Document(io.BytesIO(file.data)).paragraphs).replace("\xa0", " ")
    assert "1. Директору СОШ № 1 Куропаткиной А.Н. обеспечить:" in text
    assert "1.1. Провести мониторинг до 30.04.2027 (в редакции приказа от 16.11.2026" in text
