"""A draft roadmap edited one change at a time, a draft reporting cycle changed, and the executor picker's matches."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import update

from models import ReportingCycle, Roadmap
from models.db import Database
from tests.builders import Office, build_office
from workflow.engine.engine import history
from workflow.errors import Forbidden, NotFound, StaleVersion, TransitionNotAllowed, ValidationFailed
from workflow.queries.executor_matches import executor_matches, surname_stem
from workflow.services.plan_edits import (
    AddActivity,
    AddSection,
    ChangeActivity,
    ChangeCycle,
    ChangeSection,
    DeleteItem,
    MoveItem,
    change_cycle,
    edit_roadmap,
    next_number,
)
from workflow.services.plans import DraftReportingCycle, DraftRoadmap, draft_plan


def _roadmap(db: Database, office: Office) -> int:
    sections: list[dict[str, Any]] = [
        {
            "title": "Организационные мероприятия",
            "activities": [
                {"content": "Создать рабочую группу", "deadline_text": "до 01.12.2026"},
                {"content": "Утвердить план", "deadline_text": "декабрь 2026"},
                {
                    "content": "Провести мониторинг",
                    "deadline_text": "январь 2027",
                    "responsible_text": "МБОУ «СОШ № 1», Бадмаевой Л.Н.",
                },
            ],
        },
        {"title": "Методическое сопровождение", "activities": [{"content": "Провести семинар"}]},
    ]
    command = DraftRoadmap(
        "Дорожная карта", office.orgs["authority"], controller_id=office.p("controller"), sections=sections
    )
    return draft_plan(db, office.actors["clerk"], command)


def _shape(db: Database, roadmap_id: int) -> list[tuple[str, str, list[tuple[str, str]]]]:
    with db.session() as s:
        roadmap = s.get(Roadmap, roadmap_id)
        assert roadmap is not None
        return [(x.number, x.title, [(a.number, a.content) for a in x.activities]) for x in roadmap.sections]


def _version(db: Database, roadmap_id: int) -> int:
    with db.session() as s:
        return s.get(Roadmap, roadmap_id).version  # type: ignore[union-attr]


def _section_id(db: Database, roadmap_id: int, n: int) -> int:
    with db.session() as s:
        return s.get(Roadmap, roadmap_id).sections[n].id  # type: ignore[union-attr]


def _activity_id(db: Database, roadmap_id: int, s_n: int, a_n: int) -> int:
    with db.session() as s:
        return s.get(Roadmap, roadmap_id).sections[s_n].activities[a_n].id  # type: ignore[union-attr]


def test_the_next_number_follows_the_last_one() -> None:
    assert [next_number("1.2", "1.", 2), next_number("4", "", 4), next_number(None, "2.", 0)] == ["1.3", "5", "2.1"]


def test_a_clerk_adds_edits_moves_and_deletes_and_every_change_is_in_the_history(db: Database) -> None:
    office = build_office(db)
    clerk = office.actors["clerk"]
    roadmap_id = _roadmap(db, office)
    first = _section_id(db, roadmap_id, 0)
    added = edit_roadmap(
        db, clerk, AddActivity(roadmap_id, first, {"content": "Подвести итоги"}, _version(db, roadmap_id))
    )
    assert added.said == "Добавлено мероприятие 1.4 «Подвести итоги»"
    edit_roadmap(db, clerk, AddSection(roadmap_id, {"title": "Контроль"}))
    assert [s[0] for s in _shape(db, roadmap_id)] == ["1", "2", "3"]
    activity = _activity_id(db, roadmap_id, 0, 1)
    edit_roadmap(db, clerk, ChangeActivity(roadmap_id, activity, {"content": "Утвердить план мероприятий"}))
    edit_roadmap(db, clerk, MoveItem(roadmap_id, "activity", activity, up=True))
    assert _shape(db, roadmap_id)[0][2][:2] == [
        ("1.1", "Утвердить план мероприятий"),
        ("1.2", "Создать рабочую группу"),
    ]
    edit_roadmap(db, clerk, MoveItem(roadmap_id, "section", _section_id(db, roadmap_id, 1), up=True))
    shape = _shape(db, roadmap_id)
    assert [(s[0], s[1]) for s in shape] == [
        ("1", "Методическое сопровождение"),
        ("2", "Организационные мероприятия"),
        ("3", "Контроль"),
    ]
    assert shape[0][2] == [("1.1", "Провести семинар")] and shape[1][2][0] == ("2.1", "Утвердить план мероприятий")
    deleted = edit_roadmap(db, clerk, DeleteItem(roadmap_id, "activity", _activity_id(db, roadmap_id, 1, 0)))
    assert deleted.said.startswith("Удалено: мероприятие 2.1")
    assert [a[0] for a in _shape(db, roadmap_id)[1][2]] == ["2.1", "2.2", "2.3"]
    edit_roadmap(db, clerk, DeleteItem(roadmap_id, "section", _section_id(db, roadmap_id, 0)))
    assert [(s[0], s[2][0][0] if s[2] else None) for s in _shape(db, roadmap_id)] == [("1", "1.1"), ("2", None)]
    edit_roadmap(db, clerk, ChangeSection(roadmap_id, _section_id(db, roadmap_id, 1), {"title": "Итоговый контроль"}))
    with db.session() as s:
        roadmap = s.get(Roadmap, roadmap_id)
        assert roadmap is not None and roadmap.version == 9
        edits = [r.comment for r in history(s, roadmap) if r.event == "edit"]
    assert len(edits) == 8 and edits[-1] == "Изменён раздел 2 «Итоговый контроль»"


def test_executors_are_checked_as_the_api_checks_them(db: Database) -> None:
    office = build_office(db)
    roadmap_id = _roadmap(db, office)
    activity = _activity_id(db, roadmap_id, 0, 2)
    data = {"content": "Провести мониторинг", "responsible_text": "МБОУ «СОШ № 1»"}
    edit_roadmap(
        db,
        office.actors["clerk"],
        ChangeActivity(roadmap_id, activity, {**data, "responsible": [{"organization_id": office.orgs["school1"]}]}),
    )
    with db.session() as s:
        row = s.get(Roadmap, roadmap_id).sections[0].activities[2]  # type: ignore[union-attr]
        assert [(e.organization_id, e.role) for e in row.executors] == [(office.orgs["school1"], "responsible")]
        assert row.responsible_text == "МБОУ «СОШ № 1»"
    with pytest.raises(ValidationFailed) as caught:
        edit_roadmap(
            db,
            office.actors["clerk"],
            ChangeActivity(roadmap_id, activity, {**data, "responsible": [{"person_id": office.p("outsider")}]}),
        )
    assert "другого ведомства" in caught.value.message
    with pytest.raises(ValidationFailed) as empty:
        edit_roadmap(db, office.actors["clerk"], ChangeActivity(roadmap_id, activity, {"content": "  "}))
    assert empty.value.message == "Заполните поле «Мероприятие»."


def test_only_editors_change_only_a_draft_and_a_stale_copy_is_refused(db: Database) -> None:
    office = build_office(db)
    roadmap_id = _roadmap(db, office)
    section = _section_id(db, roadmap_id, 0)
    with pytest.raises(Forbidden):
        edit_roadmap(db, office.actors["controller"], AddSection(roadmap_id, {"title": "Чужой"}))
    with pytest.raises(NotFound):
        edit_roadmap(db, office.actors["outsider"], AddSection(roadmap_id, {"title": "Чужой"}))
    with pytest.raises(StaleVersion):
        edit_roadmap(db, office.actors["clerk"], AddSection(roadmap_id, {"title": "Старый"}, expected_version=99))
    with pytest.raises(ValidationFailed) as top:
        edit_roadmap(db, office.actors["clerk"], MoveItem(roadmap_id, "section", section, up=True))
    assert top.value.message == "Раздел 1 уже стоит первым."
    with db.transaction() as s:  # approved (its approval's own checks are tested with the lifecycle)
        s.execute(update(Roadmap).where(Roadmap.id == roadmap_id).values(state="approved"))
    with pytest.raises(TransitionNotAllowed) as caught:
        edit_roadmap(db, office.actors["clerk"], AddSection(roadmap_id, {"title": "Поздно"}))
    assert "Изменять можно только проект" in caught.value.message
    assert len(_shape(db, roadmap_id)) == 2


def test_the_picker_offers_what_the_imported_text_names_in_declined_forms_and_what_a_search_finds(
    db: Database,
) -> None:
    office = build_office(db)
    matches = executor_matches_of(db, office, "МБОУ «СОШ № 1», Бадмаевой Л.Н., Куропаткиной А.Н.")
    assert f"o:{office.orgs['school1']}" in matches
    assert {f"p:{office.p('executor')}", f"p:{office.p('director1')}"} <= set(matches)
    assert f"o:{office.orgs['school2']}" not in matches and f"p:{office.p('outsider')}" not in matches
    with db.session() as s:
        found = [m.value for m in executor_matches(s, office.orgs["authority"], "", "соколов")]
        assert found == [f"p:{office.p('approver1')}"]
        assert [m.value for m in executor_matches(s, office.orgs["authority"], "", "сош № 2")] == [
            f"o:{office.orgs['school2']}"
        ]
    assert [surname_stem(n) for n in ("Куропаткина", "Соколов", "Лиджиев", "Черноземельский")] == [
        "куропаткин",
        "соколов",
        "лиджиев",
        "черноземельск",
    ]


def executor_matches_of(db: Database, office: Office, text: str) -> list[str]:
    """The values the picker offers for an imported text."""
    with db.session() as s:
        return [m.value for m in executor_matches(s, office.orgs["authority"], text)]


def test_a_draft_cycle_is_changed_as_a_whole_with_the_checks_of_its_creation(db: Database) -> None:
    office = build_office(db)
    command = DraftReportingCycle(
        "Мониторинг питания",
        office.orgs["authority"],
        schedule_text="Ежеквартально",
        responsible=[{"organization_id": office.orgs["school1"]}],
        indicators=[{"name": "Охват горячим питанием", "unit": "%", "target": 100}],
    )
    cycle_id = draft_plan(db, office.actors["clerk"], command)
    version = change_cycle(
        db,
        office.actors["clerk"],
        ChangeCycle(
            cycle_id,
            "Мониторинг горячего питания",
            schedule_text="Ежегодно, июнь",
            period={"start": date(2026, 9, 1), "end": date(2027, 8, 31)},
            responsible=[{"organization_id": office.orgs["school2"]}],
            indicators=[{"name": "Охват", "unit": "%", "target": 95}, {"name": "Жалобы", "unit": "шт."}],
            expected_version=1,
        ),
    )
    with db.session() as s:
        cycle = s.get(ReportingCycle, cycle_id)
        assert cycle is not None and cycle.version == version == 2
        assert (cycle.title, cycle.schedule_text, cycle.period_end) == (
            "Мониторинг горячего питания",
            "Ежегодно, июнь",
            date(2027, 8, 31),
        )
        assert [e.organization_id for e in cycle.executors] == [office.orgs["school2"]]
        assert [(i.name, i.target) for i in cycle.indicators] == [("Охват", 95), ("Жалобы", None)]
        assert history(s, cycle)[-1].event == "edit"
    with pytest.raises(ValidationFailed):
        change_cycle(
            db,
            office.actors["clerk"],
            ChangeCycle(cycle_id, "Чужие", responsible=[{"organization_id": office.orgs["other"]}]),
        )
    with pytest.raises(NotFound):
        change_cycle(db, office.actors["director1"], ChangeCycle(cycle_id, "Не мой"))
