"""One office with an object of every kind, shared by the tests of a module that only read or are refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from models import Journal, Task
from models.db import Database
from tests.api.conftest import Api, make_app
from tests.builders import Office, approve, build_office, new_order
from workflow import clock
from workflow.engine.engine import transition
from workflow.services.extensions import request_extension
from workflow.services.orders import create_order
from workflow.services.plans import create_reporting_cycle, create_roadmap, create_working_group

USERS = ("admin", "head", "clerk", "approver1", "controller", "executor", "director1", "director2", "outsider")


@dataclass
class World:
    """The office, its objects by name, and a client."""

    db: Database
    office: Office
    api: Api
    ids: dict[str, int]


def build_world(db: Database) -> World:
    """An executing order with its tasks, a draft, a roadmap, a group, a cycle, a foreign order, a request."""
    office = build_office(db)
    a, ids = office.actors, {}
    executing = new_order(db, office)
    approve(db, office, executing)
    transition(db, "orders", executing, "dispatch", a["clerk"])
    ids["order"] = executing
    ids["draft"] = new_order(db, office)
    with db.session() as s:
        ids["task_executor"] = s.scalar(
            select(Task.id).where(Task.order_id == executing, Task.responsible_person_id == office.p("executor"))
        )
        ids["task_school1"] = s.scalar(
            select(Task.id).where(Task.order_id == executing, Task.responsible_org_id == office.orgs["school1"])
        )
    with db.transaction() as s:
        activity = {
            "content": "Мониторинг",
            "deadline_text": "Сентябрь 2027",
            "responsible": [{"person_id": office.p("executor")}],
        }
        ids["roadmap"] = create_roadmap(
            s,
            a["clerk"],
            {
                "title": "Дорожная карта",
                "organization_id": office.orgs["authority"],
                "controller_id": office.p("controller"),
                "sections": [{"title": "Раздел", "activities": [activity]}],
            },
        ).id
        ids["group"] = create_working_group(
            s,
            a["clerk"],
            {
                "name": "Рабочая группа",
                "organization_id": office.orgs["authority"],
                "members": [
                    {"person_id": office.p("approver1"), "role": "chair"},
                    {"person_id": office.p("executor"), "role": "member"},
                ],
            },
        ).id
        ids["cycle"] = create_reporting_cycle(
            s,
            a["clerk"],
            {
                "title": "Отчёт",
                "organization_id": office.orgs["authority"],
                "schedule_text": "Ежегодно, июнь",
                "responsible": [{"person_id": office.p("director2")}],
                "indicators": [{"name": "Доля", "unit": "%"}],
            },
        ).id
        ids["foreign"] = create_order(
            s,
            a["outsider"],
            {
                "organization_id": office.orgs["other"],
                "title": "О своём",
                "signatory_id": office.p("outsider"),
                "points": [{"text": "Сделать."}],
            },
        ).id
    with db.session() as s:
        ids["journal"] = s.scalar(select(Journal.id).where(Journal.organization_id == office.orgs["authority"]))
    later = max(clock.today() + timedelta(days=30), date(2027, 5, 5))
    ids["extension"] = request_extension(db, a["executor"], ids["task_executor"], later, "Нет данных").id
    app = make_app(db)
    return World(db, office, Api(app.test_client(), db, office), ids)
