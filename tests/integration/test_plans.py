"""Roadmaps, working groups and reporting cycles: attached to an order, approved with it, executed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import Order, ReportingCycle, ReportingPeriod, Roadmap, Task, WorkingGroup
from models.db import Database
from tests.builders import approve, build_office, new_order
from workflow.engine.engine import transition
from workflow.errors import TransitionNotAllowed
from workflow.services.plans import create_reporting_cycle, create_roadmap, create_working_group

PERIOD = {"start": date(2026, 9, 1), "end": date(2027, 8, 31)}


def _roadmap(db: Database, office, order_id: int | None) -> int:
    with db.transaction() as s:
        return create_roadmap(
            s,
            office.actors["clerk"],
            {
                "title": "Дорожная карта по развитию системы оценки качества",
                "organization_id": office.orgs["authority"],
                "period": PERIOD,
                "order_id": order_id,
                "sections": [
                    {
                        "number": "1.1",
                        "title": "Оценка качества",
                        "activities": [
                            {
                                "number": "1.1.1",
                                "content": "Утверждение дорожной карты",
                                "deadline_text": "Март 2027",
                                "responsible": [{"person_id": office.p("executor")}],
                            },
                            {
                                "number": "1.1.2",
                                "content": "Статистические данные для анализа ГИА",
                                "deadline_text": "Ежегодно, июнь",
                                "responsible": [
                                    {"organization_id": office.orgs["authority"], "include_subordinates": True}
                                ],
                            },
                            {
                                "number": "1.1.3",
                                "content": "Приказы об объективности процедур",
                                "deadline_text": "Постоянно",
                                "responsible": [{"person_id": office.p("executor")}],
                            },
                            {
                                "number": "1.1.4",
                                "content": "Участие в ВПР",
                                "deadline_text": "В соответствии с графиком проведения",
                                "responsible": [{"person_id": office.p("executor")}],
                            },
                        ],
                    }
                ],
            },
        ).id


def test_a_roadmap_attached_to_an_order_is_approved_with_it_and_dated_at_dispatch(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office, period=PERIOD)
    roadmap_id = _roadmap(db, office, order_id)
    with pytest.raises(TransitionNotAllowed) as caught:
        transition(db, "roadmaps", roadmap_id, "approve", office.actors["head"])
    assert "вместе с приказом" in caught.value.message
    approve(db, office, order_id)
    with db.session() as s:
        assert s.get(Roadmap, roadmap_id).state == "approved"
        assert s.get(Roadmap, roadmap_id).controller_id == office.p("controller")
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        assert s.get(Roadmap, roadmap_id).state == "executing"
        tasks = list(s.scalars(select(Task).where(Task.roadmap_id == roadmap_id).order_by(Task.id)))
    by_label: dict[str, list[Task]] = {}
    for t in tasks:
        by_label.setdefault(t.source_label, []).append(t)
    assert [t.deadline for t in by_label["1.1.1"]] == [date(2027, 3, 31)]
    # «Ежегодно, июнь» in 2026-2027: one occurrence, for the authority (parent) and each school (children).
    june = by_label["1.1.2"]
    assert len(june) == 3 and {t.deadline for t in june} == {date(2027, 6, 30)}
    assert sum(t.is_rollup for t in june) == 1
    # «Постоянно»: quarterly checkpoints inside the period, linked as one series (31.12.2026 is a day off);
    # the one of 30.09.2026 falls before the signing day (16.11.2026) and is not created.
    checkpoints = sorted(by_label["1.1.3"], key=lambda t: t.series_index or 0)
    assert [t.original_deadline for t in checkpoints] == [
        date(2026, 12, 30),
        date(2027, 3, 31),
        date(2027, 6, 30),
    ]
    assert len({t.series_key for t in checkpoints}) == 1
    undated = by_label["1.1.4"][0]
    assert undated.deadline is None and undated.needs_date


def test_a_working_group_works_reports_and_is_dissolved(db: Database) -> None:
    office = build_office(db)
    a = office.actors
    with db.transaction() as s:
        group_id = create_working_group(
            s,
            a["clerk"],
            {
                "name": "Рабочая группа по подготовке к ГИА",
                "organization_id": office.orgs["authority"],
                "deadline_text": "до 02.04.2027",
                "controller_id": office.p("controller"),
                "members": [
                    {"person_id": office.p("approver1"), "role": "chair"},
                    {"person_id": office.p("executor"), "role": "secretary"},
                ],
            },
        ).id
    transition(db, "working-groups", group_id, "approve", a["head"])
    transition(db, "working-groups", group_id, "activate", a["clerk"])
    with db.session() as s:
        task = s.scalars(select(Task).where(Task.working_group_id == group_id)).one()
        assert task.responsible_person_id == office.p("approver1") and task.deadline == date(2027, 4, 2)
    transition(db, "working-groups", group_id, "report", a["approver1"], report_text="Итоги работы представлены.")
    with pytest.raises(TransitionNotAllowed):
        transition(db, "working-groups", group_id, "dissolve", a["head"])
    transition(db, "tasks", task.id, "accept", a["controller"])
    transition(db, "working-groups", group_id, "dissolve", a["head"])
    with db.session() as s:
        group = s.get(WorkingGroup, group_id)
        assert group.state == "dissolved" and group.final_report == "Итоги работы представлены."


def test_a_reporting_cycle_collects_values_per_period_and_completes(db: Database) -> None:
    office = build_office(db)
    a = office.actors
    with db.transaction() as s:
        cycle = create_reporting_cycle(
            s,
            a["clerk"],
            {
                "title": "Отчёт по критерию 1.1",
                "organization_id": office.orgs["authority"],
                "schedule_text": "Ежегодно, июнь",
                "period": {"start": date(2021, 1, 1), "end": date(2022, 12, 31)},
                "controller_id": office.p("controller"),
                "responsible": [{"person_id": office.p("executor")}],
                "indicators": [{"name": "Доля ОО", "unit": "%", "target": 100}],
            },
        )
        cycle_id, indicator_id = cycle.id, cycle.indicators[0].id
    transition(db, "reporting-cycles", cycle_id, "approve", a["head"])
    transition(db, "reporting-cycles", cycle_id, "start", a["clerk"])
    with db.session() as s:
        periods = list(
            s.scalars(
                select(ReportingPeriod).where(ReportingPeriod.cycle_id == cycle_id).order_by(ReportingPeriod.due_date)
            )
        )
    assert [p.due_date for p in periods] == [date(2021, 6, 30), date(2022, 6, 30)]
    for period, value in zip(periods, (60, 96), strict=True):
        transition(
            db,
            "reporting-periods",
            period.id,
            "submit",
            a["executor"],
            values=[{"indicator_id": indicator_id, "value": value}],
            narrative="Выводы",
        )
    transition(db, "reporting-periods", periods[0].id, "return", a["controller"], comment="Уточните значение")
    transition(
        db,
        "reporting-periods",
        periods[0].id,
        "submit",
        a["executor"],
        values=[{"indicator_id": indicator_id, "value": "60.5"}],
    )
    for period in periods:
        transition(db, "reporting-periods", period.id, "accept", a["controller"])
    with db.session() as s:
        assert s.get(ReportingCycle, cycle_id).state == "reported"
        first = s.get(ReportingPeriod, periods[0].id)
        assert [float(v.value) for v in first.values] == [60.5]
        assert {
            t.state for t in s.scalars(select(Task).where(Task.reporting_period_id.in_([p.id for p in periods])))
        } == {"done"}


def test_a_roadmap_of_another_organization_cannot_be_attached(db: Database) -> None:
    from workflow.errors import ValidationFailed

    office = build_office(db)
    with db.transaction() as s:
        foreign = create_roadmap(
            s, office.actors["outsider"], {"title": "Чужая", "organization_id": office.orgs["other"], "sections": []}
        ).id
    with pytest.raises(ValidationFailed):
        new_order(db, office, appendices=[{"roadmap_id": foreign}])
    with db.session() as s:
        assert s.scalars(select(Order)).all() == []
