"""The demo organization: a municipal education department, its schools and a living office."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import (
    Journal,
    Notification,
    Order,
    Organization,
    OrganizationSignatory,
    Person,
    ReportingCycle,
    Task,
    User,
    UserRole,
)
from models.db import Database
from workflow import clock
from workflow.engine.engine import fire
from workflow.engine.permissions import Actor
from workflow.services.orders import create_order
from workflow.services.passwords import hash_password
from workflow.services.plans import create_reporting_cycle, create_roadmap, create_working_group
from workflow.settings import settings_of

DEMO_PASSWORD = "demo2026"
AUTHORITY = "Управление образования администрации Верхнеозёрского муниципального округа"
ROADMAP_533 = Path(__file__).parent / "data" / "demo_roadmap_533.json"

DEMO_LOGINS = {
    "head": "Дереча Н.Е., начальник управления (руководитель, подписывает приказы)",
    "controller": "Ушакова И.Г., заместитель начальника (контролёр, согласующий, право подписи)",
    "approver": "Соколов А.В., начальник отдела общего образования (согласующий)",
    "lawyer": "Гусейнова М.О., юрист (согласующий)",
    "clerk": "Петрова Е.С., делопроизводитель (готовит проекты)",
    "executor": "Бадмаева Л.Н., ведущий специалист (исполнитель)",
    "school1": "Куропаткина А.Н., директор МБОУ «СОШ № 1» (исполнитель)",
    "school2": "Лиджиев Б.Э., директор МБОУ «СОШ № 2» (исполнитель)",
    "school3": "Шевченко О.П., директор МБОУ «Лицей № 3» (исполнитель)",
    "school5": "Дюма И.А., директор МБОУ «Гимназия № 5» (исполнитель)",
    "school7": "Белых С.И., директор МКОУ «ООШ № 7» (исполнитель)",
    "admin": "Кузнецов Д.А., администратор системы",
}

SCHOOLS = [
    (
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»",
        "МБОУ «СОШ № 1»",
        ("Куропаткина", "Анна", "Николаевна", "f"),
        "school1",
    ),
    (
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 2»",
        "МБОУ «СОШ № 2»",
        ("Лиджиев", "Батр", "Эрдниевич", "m"),
        "school2",
    ),
    (
        "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3»",
        "МБОУ «Лицей № 3»",
        ("Шевченко", "Олег", "Петрович", "m"),
        "school3",
    ),
    (
        "Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 5»",
        "МБОУ «Гимназия № 5»",
        ("Дюма", "Ирина", "Александровна", "f"),
        "school5",
    ),
    (
        "Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа № 7»",
        "МКОУ «ООШ № 7»",
        ("Белых", "Сергей", "Иванович", "m"),
        "school7",
    ),
]

STAFF = {
    "head": ("Дереча", "Наталья", "Евгеньевна", "f", "начальник управления образования", ("head", "approver")),
    "controller": (
        "Ушакова",
        "Ирина",
        "Геннадьевна",
        "f",
        "заместитель начальника управления образования",
        ("controller", "approver", "executor"),
    ),
    "approver": (
        "Соколов",
        "Андрей",
        "Викторович",
        "m",
        "начальник отдела общего образования",
        ("approver", "executor"),
    ),
    "lawyer": ("Гусейнова", "Марина", "Олеговна", "f", "главный специалист-эксперт (юрист)", ("approver",)),
    "clerk": ("Петрова", "Елена", "Сергеевна", "f", "главный специалист", ("clerk",)),
    "executor": (
        "Бадмаева",
        "Людмила",
        "Николаевна",
        "f",
        "ведущий специалист отдела общего образования",
        ("executor",),
    ),
    "admin": ("Кузнецов", "Дмитрий", "Алексеевич", "m", "системный администратор", ("admin",)),
}


def _at(day: date, hour: int = 11) -> datetime:
    """A moment on a local working day, for the demo's history."""
    return datetime.combine(day, time(hour), tzinfo=clock.TIMEZONE).astimezone(UTC)


class _Office:
    """The demo's people and their actors."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.actors: dict[str, Actor] = {}
        self.people: dict[str, Person] = {}
        self.users_by_person: dict[int, User] = {}

    def person(
        self,
        key: str,
        org: Organization,
        last: str,
        first: str,
        middle: str,
        gender: str,
        position: str,
        roles: tuple[str, ...],
        phone: str = "",
    ) -> Person:
        person = Person(
            last_name=last,
            first_name=first,
            middle_name=middle,
            gender=gender,
            position=position,
            organization_id=org.id,
            phone=phone,
            email=f"{key}@uo-verkhneozersk.example",
        )
        self.session.add(person)
        self.session.flush()
        user = User(login=key, password_hash=hash_password(DEMO_PASSWORD), person_id=person.id)
        user.role_rows = [UserRole(role=r) for r in roles]
        self.session.add(user)
        self.session.flush()
        user.person = person
        self.people[key] = person
        self.actors[key] = Actor.of(user)
        self.users_by_person[person.id] = user
        return person

    def actor_for_task(self, task: Task) -> Actor:
        person_id = task.responsible_person_id
        if person_id is None and task.responsible_org_id is not None:
            person_id = self.session.get(Organization, task.responsible_org_id).head_id  # type: ignore[union-attr]
        return Actor.of(self.users_by_person[person_id]) if person_id in self.users_by_person else Actor.system_actor()


def _point(text: str, **kw: Any) -> dict[str, Any]:
    return {"text": text, **kw}


def load_demo(db: Database) -> dict[str, str] | None:
    """Load the demo once; returns the logins, or None when it was already there."""
    with db.transaction() as session:
        if session.scalar(select(Organization.id).where(Organization.name == AUTHORITY)) is not None:
            return None
        office = _build_directory(session)
        _build_documents(session, office)
        _lived_in(session)
    return DEMO_LOGINS


def _lived_in(session: Session) -> None:
    """An office that has been working: the notices older than a week have been read."""
    week_ago = clock.now() - timedelta(days=7)
    session.execute(
        update(Notification)
        .where(Notification.created_at < week_ago, Notification.read_at.is_(None))
        .values(read_at=week_ago)
    )


def _build_directory(session: Session) -> _Office:
    authority = Organization(
        name=AUTHORITY,
        short_name="Управление образования",
        kind="authority",
        place="г. Верхнеозёрск",
        name_genitive="управления образования администрации Верхнеозёрского муниципального округа",
        phone="8 (4725) 22-03-36",
    )
    session.add(authority)
    session.flush()
    office = _Office(session)
    for key, (last, first, middle, gender, position, roles) in STAFF.items():
        office.person(key, authority, last, first, middle, gender, position, roles, phone="8 (4725) 22-03-36")
    authority.head_id = office.people["head"].id
    # The deputy signs too (the administrator named her); the head always may.
    session.add(OrganizationSignatory(organization_id=authority.id, person_id=office.people["controller"].id))
    for name, short, (last, first, middle, gender), login in SCHOOLS:
        school = Organization(
            name=name, short_name=short, kind="school", parent_id=authority.id, place="г. Верхнеозёрск"
        )
        session.add(school)
        session.flush()
        director = office.person(login, school, last, first, middle, gender, f"директор {short}", ("executor",))
        school.head_id = director.id
    coko = Organization(
        name="Муниципальное бюджетное учреждение дополнительного профессионального образования "
        "«Центр оценки качества образования»",
        short_name="МБУ ДПО «ЦОКО»",
        kind="other",
        parent_id=authority.id,
        place="г. Верхнеозёрск",
    )
    session.add(coko)
    session.flush()
    office.people["authority"] = authority  # type: ignore[assignment]
    return office


def _base_order(office: _Office, title: str, points: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    p = office.people
    authority: Organization = p["authority"]  # type: ignore[assignment]
    return {
        "kind": "order",
        "organization_id": authority.id,
        "title": title,
        "place": "г. Верхнеозёрск",
        "signatory_id": p["head"].id,
        "controller_id": p["controller"].id,
        "executor_mark_id": p["executor"].id,
        "approvers": [p["approver"].id, p["lawyer"].id],
        "points": points,
        **extra,
    }


def _submit_and_approve(session: Session, office: _Office, order: Order, day: date) -> None:
    a = office.actors
    fire(session, order, "submit", a["clerk"], now=_at(day, 9))
    fire(session, order, "visa", a["approver"], decision="approve", now=_at(day, 11))
    fire(
        session,
        order,
        "visa",
        a["lawyer"],
        decision="approve_with_remarks",
        comment="Уточнить формулировку пункта о сроках.",
        now=_at(day, 14),
    )
    fire(session, order, "approve", a["head"], now=_at(day, 16))


def _work_tasks(
    session: Session, office: _Office, tasks: list[Task], until: date, since: date, late_every: int = 5
) -> None:
    """Executors report and the controller accepts the tasks due before `until`; some late, some left open.

    Nothing is started or done before `since`, the day the tasks were dispatched.
    """
    controller = office.actors["controller"]
    for n, task in enumerate(sorted(tasks, key=lambda t: (t.deadline or date.max, t.id))):
        if task.children or task.deadline is None or task.deadline >= until or task.state != "assigned":
            continue
        if n % 11 == 3:
            continue  # left open: the controller has something overdue to chase
        done_day = task.deadline + timedelta(days=4) if n % late_every == 0 else task.deadline - timedelta(days=3)
        done_day = max(done_day, since + timedelta(days=1))
        actor = office.actor_for_task(task)
        fire(session, task, "start", actor, now=_at(max(done_day - timedelta(days=5), since)))
        fire(
            session,
            task,
            "report",
            actor,
            report_text="Выполнено. Материалы размещены на сайте организации.",
            now=_at(done_day, 10),
        )
        if n % 9 == 4:
            fire(
                session,
                task,
                "return",
                controller,
                comment="Приложите ссылку на размещённые материалы.",
                now=_at(done_day, 15),
            )
            fire(session, task, "report", actor, report_text="Ссылка приложена.", now=_at(done_day + timedelta(1), 10))
        fire(session, task, "accept", controller, now=_at(done_day + timedelta(days=1), 16))


def _executed_order(
    session: Session,
    office: _Office,
    title: str,
    point: str,
    responsible: str,
    approved_days_ago: int,
    due_days_ago: int,
) -> Order:
    """A one-point order approved, dispatched and executed in the past: it reports by itself when done."""
    today = clock.today()
    with clock.written_at(_at(today - timedelta(days=approved_days_ago + 3), 10)):
        order = create_order(
            session,
            office.actors["clerk"],
            _base_order(
                office,
                title,
                [
                    _point(
                        point,
                        controlled=True,
                        responsible=[{"person_id": office.people[responsible].id}],
                        deadline_text=f"до {today - timedelta(days=due_days_ago):%d.%m.%Y}",
                    )
                ],
            ),
        )
    _submit_and_approve(session, office, order, today - timedelta(days=approved_days_ago))
    dispatched = today - timedelta(days=approved_days_ago - 1)
    fire(session, order, "dispatch", office.actors["clerk"], now=_at(dispatched))
    tasks = list(session.scalars(select(Task).where(Task.order_id == order.id)))
    _work_tasks(session, office, tasks, until=today, since=dispatched)
    return order


def _build_documents(session: Session, office: _Office) -> None:
    p, a = office.people, office.actors
    authority: Organization = p["authority"]  # type: ignore[assignment]
    schools_all = {"organization_id": authority.id, "include_subordinates": True}
    today = clock.today()

    # Order 533: the real roadmap of the sample, approved 30.11.2022 and executed through 2022–2023.
    data = json.loads(ROADMAP_533.read_text(encoding="utf-8"))
    period = {"start": date(2022, 9, 1), "end": date(2023, 8, 31)}
    session.add(Journal(organization_id=authority.id, kind="order", year=2022, prefix="", next_number=533))
    drafted = _at(date(2022, 11, 28), 10)
    with clock.written_at(drafted):
        order533 = create_order(
            session,
            a["clerk"],
            _base_order(
                office,
                "Об утверждении отчёта по итогам работы по развитию системы оценки качества подготовки обучающихся "
                "и дорожной карты на 2022-2023 учебный год",
                [
                    _point(
                        "Утвердить отчёт за 2021-2022 год и Дорожную карту по развитию системы оценки качества "
                        "подготовки обучающихся в 2022-2023 учебном году (приложение 1)."
                    ),
                    _point(
                        "Руководителям общеобразовательных организаций обеспечить выполнение мероприятий "
                        "в установленные сроки.",
                        controlled=True,
                        responsible=[schools_all],
                        deadline_text="в течение 2022-2023 учебного года",
                    ),
                    _point(
                        "Обеспечить системную работу по размещению материалов на сайте управления образования.",
                        controlled=True,
                        addressee_id=p["executor"].id,
                        responsible=[{"person_id": p["executor"].id}],
                        deadline_text="Постоянно",
                    ),
                ],
                preamble="На основании письма Министерства образования и науки от 16.11.2022 № 4518, аналитической "
                "справки об итогах оценки муниципальных механизмов управления качеством образования",
                period=period,
            ),
        )
        resp_map = {
            "Отдел образования, образовательные организации": [{"person_id": p["executor"].id}, schools_all],
            "Образовательные организации": [schools_all],
            "Отдел образования": [{"person_id": p["executor"].id}],
        }
        roadmap = create_roadmap(
            session,
            a["clerk"],
            {
                "title": data["title"],
                "organization_id": authority.id,
                "period": period,
                "order_id": order533.id,
                "sections": [
                    {
                        "number": data["section"]["number"],
                        "title": data["section"]["title"],
                        "activities": [
                            {
                                **act,
                                "responsible": resp_map.get(act["responsible_text"], [{"person_id": p["executor"].id}]),
                            }
                            for act in data["activities"]
                        ],
                    }
                ],
            },
        )
        report_cycle = create_reporting_cycle(
            session,
            a["clerk"],
            {
                "title": "Отчёт по критерию 1.1. Система оценки качества подготовки обучающихся",
                "organization_id": authority.id,
                "order_id": order533.id,
                "schedule_text": "Ежегодно, июнь",
                # Reports asked by an order of 30.11.2022 fall after it: June 2023 and 2024 accepted, 2025 still open.
                "period": {"start": date(2023, 1, 1), "end": date(2025, 12, 31)},
                "responsible": [{"person_id": p["executor"].id}],
                "indicators": [{"name": "Доля ОО, участвующих в оценочных процедурах", "unit": "%", "target": 100}],
            },
        )
        roadmap.created_at = report_cycle.created_at = drafted
    _submit_and_approve(session, office, order533, date(2022, 11, 30))
    fire(session, order533, "dispatch", a["clerk"], now=_at(date(2022, 12, 1)))
    tasks = list(session.scalars(select(Task).where(Task.roadmap_id.is_not(None) | (Task.order_id == order533.id))))
    _work_tasks(session, office, tasks, until=date(2023, 9, 1), since=date(2022, 12, 1))
    cycle = session.scalars(select(ReportingCycle).where(ReportingCycle.order_id == order533.id)).one()
    indicator = cycle.indicators[0].id
    narratives = {
        2023: "Показатель 60 %: не все ОО участвовали в оценочных процедурах.",
        2024: "Произошло увеличение показателя на 36 %, так как были учтены недочёты по организации системы "
        "оценки качества подготовки обучающихся, разработаны необходимые нормативно-правовые документы.",
    }
    for report_period, value in zip(cycle.periods, (60, 96), strict=False):
        day = report_period.due_date
        fire(
            session,
            report_period,
            "submit",
            a["executor"],
            now=_at(day - timedelta(days=2)),
            values=[{"indicator_id": indicator, "value": value}],
            narrative=narratives[day.year],
        )
        fire(session, report_period, "accept", a["controller"], now=_at(day))

    # Current orders, one in each state of the lifecycle.
    year = today.year
    acad = (date(year, 9, 1), date(year + 1, 8, 31)) if today.month >= 9 else (date(year - 1, 9, 1), date(year, 8, 31))
    current_period = {"start": acad[0], "end": acad[1]}

    def soon(days: int) -> str:
        return f"до {(today + timedelta(days=days)):%d.%m.%Y}"

    # In the order of their approval dates, so that the journal numbers follow the dates.
    # Executed in the past: the seminar is taken off control, the week stays «reported» (it reports by itself).
    closed = _executed_order(
        session,
        office,
        "Об итогах проведения методического семинара для заместителей директоров",
        "Представить аналитическую справку об итогах семинара.",
        "approver",
        approved_days_ago=120,
        due_days_ago=90,
    )
    _executed_order(
        session,
        office,
        "О проведении Недели безопасности дорожного движения",
        "Провести Неделю безопасности дорожного движения и представить информацию.",
        "executor",
        approved_days_ago=70,
        due_days_ago=40,
    )
    if closed.state == "reported":
        fire(session, closed, "close", a["controller"], comment="Исполнено в полном объёме.")

    with clock.written_at(_at(today - timedelta(days=35), 10)):
        executing = create_order(
            session,
            a["clerk"],
            _base_order(
                office,
                f"О подготовке к проведению государственной итоговой аттестации в {acad[1].year} году",
                [
                    _point(
                        "Руководителям общеобразовательных организаций:",
                        children=[
                            _point(
                                "Назначить ответственных за организацию ГИА и представить приказы.",
                                controlled=True,
                                responsible=[schools_all],
                                deadline_text=soon(-5),
                            ),
                            _point(
                                "Провести родительские собрания по вопросам ГИА.",
                                controlled=True,
                                responsible=[schools_all],
                                deadline_text=soon(20),
                            ),
                        ],
                    ),
                    _point("Создать рабочую группу по подготовке к ГИА (приложение 2).", controlled=False),
                    _point(
                        "Обеспечить мониторинг подготовки к ГИА.",
                        controlled=True,
                        addressee_id=p["approver"].id,
                        responsible=[{"person_id": p["approver"].id}],
                        co_executors=[{"person_id": p["executor"].id}],
                        deadline_text="ежемесячно до 5 числа",
                    ),
                ],
                preamble="В целях организованного проведения государственной итоговой аттестации",
                period=current_period,
            ),
        )
        group = create_working_group(
            session,
            a["clerk"],
            {
                "name": "Рабочая группа по подготовке к государственной итоговой аттестации",
                "purpose": "Координация подготовки общеобразовательных организаций к ГИА",
                "organization_id": authority.id,
                "order_id": executing.id,
                "deadline_text": soon(60),
                "members": [
                    {"person_id": p["approver"].id, "role": "chair"},
                    {"person_id": p["executor"].id, "role": "secretary"},
                    {"person_id": p["school1"].id, "role": "member"},
                    {"person_id": p["school2"].id, "role": "member"},
                ],
            },
        )
        group.created_at = clock.now()
    _submit_and_approve(session, office, executing, today - timedelta(days=30))
    fire(session, executing, "dispatch", a["clerk"], now=_at(today - timedelta(days=29)))
    first = session.scalars(select(Task).where(Task.order_id == executing.id, Task.parent_id.is_not(None))).first()
    if first is not None:
        fire(session, first, "start", office.actor_for_task(first))
        fire(
            session,
            first,
            "report",
            office.actor_for_task(first),
            report_text=f"Приказ о назначении ответственных № 112 от {today - timedelta(days=7):%d.%m.%Y} прилагается.",
        )

    with clock.written_at(_at(today - timedelta(days=14), 10)):
        revoked = create_order(
            session,
            a["clerk"],
            _base_order(
                office,
                "О проведении муниципального конкурса «Учитель года»",
                [
                    _point(
                        "Провести муниципальный этап конкурса.",
                        controlled=True,
                        responsible=[{"person_id": p["approver"].id}],
                        deadline_text="Март 2027",
                    )
                ],
            ),
        )
    _submit_and_approve(session, office, revoked, today - timedelta(days=10))
    fire(
        session,
        revoked,
        "revoke",
        a["head"],
        reason="Сроки конкурса перенесены региональным министерством.",
        now=_at(today - timedelta(days=5), 12),
    )

    # A cover letter like № 01-27/1951 of the samples, numbered from the letters' own journal.
    session.add(
        Journal(organization_id=authority.id, kind="letter", year=today.year, prefix="01-27/", next_number=1951)
    )
    with clock.written_at(_at(today - timedelta(days=6), 10)):
        letter = create_order(
            session,
            a["clerk"],
            _base_order(
                office,
                "О направлении перечня мероприятий",
                [
                    _point(
                        "Направляем перечень мероприятий по формированию у участников образовательных отношений "
                        "позитивного отношения к объективной оценке образовательных результатов для использования "
                        "в работе.",
                        responsible=[schools_all],
                    )
                ],
                kind="letter",
                appendices=[
                    {
                        "title": "Перечень мероприятий по формированию позитивного отношения к объективной оценке",
                        "text": "1. Разработка информационных продуктов по процедурам оценки качества образования.\n"
                        "2. Проведение обучающих семинаров по преодолению рисков необъективных результатов.",
                    }
                ],
            ),
        )
    _submit_and_approve(session, office, letter, today - timedelta(days=3))

    with clock.written_at(_at(today - timedelta(days=5), 10)):
        approved = create_order(
            session,
            a["clerk"],
            _base_order(
                office,
                "Об утверждении Положения о муниципальной системе оценки качества образования",
                [
                    _point("Утвердить Положение о муниципальной системе оценки качества образования (приложение)."),
                    _point(
                        "Руководителям общеобразовательных организаций ознакомить педагогов с Положением.",
                        controlled=True,
                        responsible=[schools_all],
                        deadline_text="в течение 30 дней со дня утверждения",
                    ),
                ],
                appendices=[
                    {
                        "title": "Положение о муниципальной системе оценки качества образования",
                        "text": "1. Общие положения.\n1.1. Настоящее Положение определяет цели, задачи и принципы "
                        "муниципальной системы оценки качества образования.",
                    }
                ],
            ),
        )
    _submit_and_approve(session, office, approved, today - timedelta(days=2))

    with clock.written_at(_at(today - timedelta(days=3), 10)):
        on_approval = create_order(
            session,
            a["clerk"],
            _base_order(
                office,
                "О проведении муниципального этапа всероссийской олимпиады школьников",
                [
                    _point(
                        "Провести муниципальный этап олимпиады.",
                        controlled=True,
                        responsible=[{"person_id": p["approver"].id}],
                        deadline_text=f"Ноябрь – декабрь {acad[0].year}",
                    ),
                    _point(
                        "Руководителям общеобразовательных организаций обеспечить участие обучающихся.",
                        controlled=True,
                        responsible=[schools_all],
                        deadline_text="в соответствии с графиком проведения",
                    ),
                ],
                period=current_period,
            ),
        )
    fire(session, on_approval, "submit", a["clerk"], now=_at(today - timedelta(days=1), 9))
    fire(session, on_approval, "visa", a["approver"], decision="approve", now=_at(today - timedelta(days=1), 15))

    with clock.written_at(_at(today - timedelta(days=1), 10)):
        create_order(
            session,
            a["clerk"],
            _base_order(
                office,
                "Об организации работы со школами с низкими результатами обучения",
                [
                    _point("Утвердить дорожную карту по работе со школами с низкими результатами обучения."),
                    _point(
                        "Провести мониторинг результатов.",
                        controlled=True,
                        responsible=[schools_all],
                        deadline_text="ежеквартально до 10 числа месяца, следующего за отчётным",
                    ),
                ],
                period=current_period,
            ),
        )
    with clock.written_at(_at(today - timedelta(days=2), 10)):
        cancelled = create_order(
            session,
            a["clerk"],
            _base_order(office, "О проведении совещания руководителей", [_point("Провести совещание.")]),
        )
    fire(
        session,
        cancelled,
        "cancel",
        a["clerk"],
        comment="Совещание проведено без приказа.",
        now=_at(today - timedelta(1)),
    )
    # A large order whose tasks the worker is still writing («Рассылается»): the threshold is lowered for this one
    # dispatch, so that the demo shows the state without thousands of tasks; the worker of `make run` finishes it.
    with clock.written_at(_at(today - timedelta(days=4), 10)):
        dispatching = create_order(
            session,
            a["clerk"],
            _base_order(
                office,
                "О ежемесячном мониторинге посещаемости",
                [
                    _point(
                        "Представлять сведения о посещаемости обучающихся.",
                        controlled=True,
                        responsible=[schools_all],
                        deadline_text="ежемесячно до 5 числа",
                    )
                ],
                period=current_period,
            ),
        )
    _submit_and_approve(session, office, dispatching, today - timedelta(days=1))
    database = session.info["db"]
    kept = database.settings
    database.settings = replace(settings_of(session), dispatch_background_tasks=0)
    try:
        fire(session, dispatching, "dispatch", a["clerk"])
    finally:
        database.settings = kept
