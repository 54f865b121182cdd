"""A large synthetic office for benchmarks and load tests: a district's schools and years of tasks.

Everything goes in through bulk Core inserts (executemany in chunks, explicit ids), never through the ORM's
unit of work: a million tasks with their extension requests and transition log take a minute, not an hour.
The history is coherent, because the control queries read it: a task's `done_late` agrees with its final
deadline, a granted extension keeps the original deadline and was decided before the task closed, every
cancellation and acceptance has its log row at the recorded moment.
"""

from __future__ import annotations

import json
import random
import time as timer
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, text, update

from models import (
    ExtensionRequest,
    Order,
    Organization,
    Person,
    ReportingCycle,
    ReportingPeriod,
    Roadmap,
    Task,
    TransitionLog,
    WorkingGroup,
)
from models.db import Database
from workflow import clock
from workflow.deadlines.calendar import WorkingCalendar, default_calendar

CHUNK = 20_000
YEARS_OF_HISTORY = 4.5

SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
    "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
    "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
)  # fmt: skip
MALE_NAMES = ("Александр", "Сергей", "Андрей", "Алексей", "Дмитрий", "Николай", "Игорь", "Олег", "Павел", "Юрий")
FEMALE_NAMES = ("Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Марина", "Анна", "Людмила", "Галина")
PATRONYMIC_STEMS = ("Александров", "Сергеев", "Андреев", "Николаев", "Викторов", "Петров", "Иванов", "Юрьев")
SCHOOL_KINDS = (
    ("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № {n}»",
     "МБОУ «СОШ № {n}»", "school"),
    ("Муниципальное бюджетное общеобразовательное учреждение «Гимназия № {n}»", "МБОУ «Гимназия № {n}»", "school"),
    ("Муниципальное бюджетное общеобразовательное учреждение «Лицей № {n}»", "МБОУ «Лицей № {n}»", "school"),
    ("Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа № {n}»",
     "МКОУ «ООШ № {n}»", "school"),
    ("Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № {n}»",
     "МБДОУ «Детский сад № {n}»", "other"),
)  # fmt: skip
VERBS = (
    "Представить информацию", "Организовать проведение", "Обеспечить участие", "Провести мониторинг",
    "Разместить на официальном сайте информацию", "Подготовить аналитическую справку", "Провести совещание",
    "Актуализировать план мероприятий", "Обеспечить контроль", "Направить отчёт", "Провести анализ результатов",
    "Организовать курсовую подготовку педагогов", "Провести родительские собрания", "Обновить паспорт доступности",
)  # fmt: skip
SUBJECTS = (
    "о ходе реализации дорожной карты", "по итогам всероссийских проверочных работ",
    "по подготовке к государственной итоговой аттестации", "об организации летнего отдыха детей",
    "по профилактике безнадзорности и правонарушений несовершеннолетних", "о введении обновлённых ФГОС",
    "по функциональной грамотности обучающихся", "о реализации программы воспитания",
    "по антитеррористической защищённости объектов", "об организации горячего питания",
    "по формированию кадрового резерва", "о деятельности школьных спортивных клубов",
    "по выявлению и поддержке одарённых детей", "по цифровой образовательной среде",
)  # fmt: skip
ORDER_TITLES = (
    "Об организации работы {s}", "О проведении мероприятий {s}", "Об утверждении плана мероприятий {s}",
    "Об итогах мониторинга {s}", "О мерах по обеспечению качества образования {s}",
)  # fmt: skip
EXTENSION_REASON = "Прошу перенести срок: требуется дополнительный сбор сведений"
OPEN_STATES = ("assigned", "in_progress", "on_review")


@dataclass
class GenerateResult:
    """What was generated and how fast."""

    organizations: int = 0
    people: int = 0
    sources: int = 0
    tasks: int = 0
    open_tasks: int = 0
    extension_requests: int = 0
    log_rows: int = 0
    # The inserts alone; the statistics after them are timed apart.
    seconds: float = 0.0
    analyze_seconds: float = 0.0
    by_table: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Every inserted row."""
        return sum(self.by_table.values())

    @property
    def rows_per_second(self) -> float:
        """The insert rate over the whole run."""
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class _Fate:
    """How one task's life went, decided before its rows are written."""

    state: str
    deadline: date | None
    original: date | None
    done_at: datetime | None = None
    done_late: bool = False
    reported_at: datetime | None = None
    closed_at: datetime | None = None
    # (old deadline, new deadline, asked, decided or None, status) of each extension request.
    extensions: list[tuple[date, date, datetime, datetime | None, str]] = field(default_factory=list)


# The wide tables go in as positional tuples straight to the driver's executemany: SQLAlchemy's per-value
# bind processing would cost more than the inserts themselves. These are their columns, in tuple order.
RAW_COLUMNS: dict[str, tuple[str, ...]] = {
    "tasks": (
        "id", "title", "organization_id", "source_kind", "order_id", "roadmap_id", "working_group_id",
        "reporting_period_id", "source_label", "responsible_person_id", "responsible_org_id", "controller_id",
        "parent_id", "is_rollup", "deadline", "original_deadline", "deadline_text", "needs_date", "report_text",
        "reported_at", "done_at", "done_late", "created_at", "last_activity_at", "state", "version", "updated_at",
    ),
    "extension_requests": (
        "id", "task_id", "old_deadline", "new_deadline", "reason", "status", "decided_at", "decision_comment",
        "created_at", "version",
    ),
    "transition_log": (
        "id", "object_kind", "object_id", "event", "from_state", "to_state", "actor_label", "at", "comment", "payload",
    ),
}  # fmt: skip
# Small tables go through Core (typed, few rows); all of a chunk is written parents first.
CORE_TABLES = ("orders", "roadmaps", "working_groups", "reporting_cycles", "reporting_periods")


class _Writer:
    """Buffers rows per table and writes them with executemany in chunks, parents before children."""

    def __init__(self, conn: Connection, chunk: int, result: GenerateResult) -> None:
        self.conn = conn
        self.chunk = chunk
        self.result = result
        self.core: dict[str, list[dict[str, Any]]] = {name: [] for name in CORE_TABLES}
        self.raw: dict[str, list[tuple[Any, ...]]] = {name: [] for name in RAW_COLUMNS}
        mark = "?" if conn.dialect.name == "sqlite" else "%s"
        self.sql = {
            name: f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
            for name, cols in RAW_COLUMNS.items()
        }
        self.tables = {name: _ID_MODELS[name].__table__ for name in CORE_TABLES}

    def now(self, table: Any, rows: list[dict[str, Any]]) -> None:
        """Insert rows of a small table through Core, in chunks."""
        for start in range(0, len(rows), self.chunk):
            self.conn.execute(insert(table), rows[start : start + self.chunk])
        self.result.by_table[table.name] = self.result.by_table.get(table.name, 0) + len(rows)

    def maybe_flush(self) -> None:
        """Flush once the tasks' buffer is full; called between items, so no row points past the chunk."""
        if len(self.raw["tasks"]) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """Write the buffers (sources, then tasks, then the rows that point at tasks) and commit the chunk."""
        for name, rows in self.core.items():
            if rows:
                self.now(self.tables[name], rows)
                self.core[name] = []
        for name, raw in self.raw.items():
            if raw:
                self.conn.exec_driver_sql(self.sql[name], raw)  # type: ignore[arg-type]
                self.result.by_table[name] = self.result.by_table.get(name, 0) + len(raw)
                self.raw[name] = []
        self.conn.commit()


def _sqlite_moment(moment: datetime | None) -> str | None:
    # SQLAlchemy's SQLite storage format of a UTC timestamp: "2024-03-01 07:30:00.000000", no offset.
    return None if moment is None else moment.isoformat(" ", "microseconds")


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _sqlite_day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _same(value: Any) -> Any:
    return value


def _org(oid: int, name: str, short: str, kind: str, parent: int | None) -> dict[str, Any]:
    return {
        "id": oid,
        "name": name,
        "short_name": short,
        "name_genitive": "",
        "kind": kind,
        "parent_id": parent,
        "head_id": None,
        "place": "г. Верхнеозёрск",
        "phone": "",
        "email": "",
        "version": 1,
    }


_ID_MODELS: dict[str, Any] = {
    "organizations": Organization,
    "people": Person,
    "orders": Order,
    "roadmaps": Roadmap,
    "working_groups": WorkingGroup,
    "reporting_cycles": ReportingCycle,
    "reporting_periods": ReportingPeriod,
    "tasks": Task,
    "extension_requests": ExtensionRequest,
    "transition_log": TransitionLog,
}


class _Generator:
    """One run: a district, its staff, and sources with their tasks until the wanted number is reached."""

    def __init__(self, conn: Connection, tasks: int, seed: int, today: date, chunk: int) -> None:
        self.conn = conn
        self.target = tasks
        self.rng = random.Random(seed)
        self.today = today
        # Moments are naive UTC inside the generator (formatting an aware one costs several times more) and get
        # their zone only where a driver or a typed column needs it.
        self.now = self.utc(datetime.combine(today, time(12), tzinfo=clock.TIMEZONE))
        self.calendar: WorkingCalendar = default_calendar()
        self.first_day = today - timedelta(days=round(365.25 * YEARS_OF_HISTORY))
        self.result = GenerateResult()
        self.out = _Writer(conn, chunk, self.result)
        self.ids = {name: self._max_id(model) for name, model in _ID_MODELS.items()}
        self.label = self.ids["organizations"] // 100 + 1
        self._working: dict[date, date] = {}
        sqlite = conn.dialect.name == "sqlite"
        self.ts: Callable[[datetime | None], Any] = _sqlite_moment if sqlite else _aware
        self.day: Callable[[date | None], Any] = _sqlite_day if sqlite else _same
        self.flag: Callable[[bool], Any] = int if sqlite else bool

    def _max_id(self, model: Any) -> int:
        return int(self.conn.scalar(select(func.coalesce(func.max(model.id), 0))) or 0)

    def next_id(self, name: str) -> int:
        """The next free id of a table (the generator assigns ids itself to link rows without reading back)."""
        self.ids[name] += 1
        return self.ids[name]

    # -------------------------------------------------------------------------------------------- helpers

    def at(self, day: date, hour_from: int = 9, hour_to: int = 18) -> datetime:
        """A moment during office hours of a local day, in UTC."""
        minutes = self.rng.randrange(hour_from * 60, hour_to * 60)
        return self.utc(datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=clock.TIMEZONE))

    @staticmethod
    def utc(moment: datetime) -> datetime:
        """An aware moment as naive UTC."""
        return moment.astimezone(UTC).replace(tzinfo=None)

    @staticmethod
    def local_day(moment: datetime) -> date:
        """The office's calendar day of a naive UTC moment."""
        return clock.local_date(moment.replace(tzinfo=UTC))

    def working(self, day: date) -> date:
        """A due date moved to the preceding working day, as dispatch does."""
        moved = self._working.get(day)
        if moved is None:
            moved = self._working[day] = self.calendar.adjust(day, "preceding")
        return moved

    def person_name(self) -> tuple[str, str, str, str]:
        """A plausible Russian name: surname, first name, patronymic, gender."""
        gender = self.rng.choice("mf")
        surname = self.rng.choice(SURNAMES)
        stem = self.rng.choice(PATRONYMIC_STEMS)
        if gender == "m":
            return surname, self.rng.choice(MALE_NAMES), f"{stem}ич", gender
        return f"{surname}а", self.rng.choice(FEMALE_NAMES), f"{stem}на", gender

    def title(self) -> str:
        """A task's wording."""
        return f"{self.rng.choice(VERBS)} {self.rng.choice(SUBJECTS)}"

    # -------------------------------------------------------------------------------------------- directory

    def directory(self) -> None:
        """The department, a methodological centre, schools and kindergartens; their staff."""
        rng = self.rng
        self.authority = self.next_id("organizations")
        orgs = [
            _org(
                self.authority,
                f"Управление образования администрации муниципального округа № {self.label}",
                f"Управление образования округа № {self.label}",
                "authority",
                None,
            ),
            _org(self.next_id("organizations"), "Муниципальное бюджетное учреждение «Методический центр»",
                 "МБУ «МЦ»", "other", self.authority),
        ]  # fmt: skip
        for n in range(1, 86):
            name, short, kind = SCHOOL_KINDS[0 if n <= 50 else 1 + n % (len(SCHOOL_KINDS) - 1)]
            orgs.append(_org(self.next_id("organizations"), name.format(n=n), short.format(n=n), kind, self.authority))
        self.units = [o["id"] for o in orgs[1:]]
        self.out.now(Organization.__table__, orgs)
        self.result.organizations = len(orgs)

        people: list[dict[str, Any]] = []
        self.heads: dict[int, int] = {}
        self.deputies: dict[int, list[int]] = {}
        self.staff: dict[int, list[int]] = {}
        for org in orgs:
            oid = org["id"]
            department = oid == self.authority
            for i in range(18 if department else rng.randint(4, 6)):
                pid = self.next_id("people")
                last, first, middle, gender = self.person_name()
                if i == 0:
                    position = "начальник управления образования" if department else "директор"
                    self.heads[oid] = pid
                elif i <= 3:
                    position = "заместитель начальника управления" if department else "заместитель директора"
                    self.deputies.setdefault(oid, []).append(pid)
                else:
                    position = "главный специалист" if department else "учитель"
                    self.staff.setdefault(oid, []).append(pid)
                people.append(
                    {
                        "id": pid,
                        "last_name": last,
                        "first_name": first,
                        "middle_name": middle,
                        "gender": gender,
                        "position": position,
                        "organization_id": oid,
                        "email": "",
                        "phone": f"8 (900) {rng.randrange(100, 999)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}",
                        "declension_overrides": {},
                        "version": 1,
                    }
                )
        self.out.now(Person.__table__, people)
        table = Organization.__table__
        self.conn.execute(
            update(table).where(table.c.id == bindparam("oid")).values(head_id=bindparam("head")),
            [{"oid": oid, "head": pid} for oid, pid in self.heads.items()],
        )
        self.result.people = len(people)
        self.conn.commit()

    # -------------------------------------------------------------------------------------------- fates

    def fate(self, deadline: date | None, created: datetime) -> _Fate:
        """How a task's life went: extensions, completion (on time or late), cancellation, or still open."""
        rng = self.rng
        now = self.now
        fate = _Fate("assigned", deadline, deadline)
        last_decision = created
        if deadline is not None and rng.random() < 0.07:
            current = deadline
            asked_day = max(created.date() + timedelta(days=1), deadline - timedelta(days=rng.randint(0, 10)))
            for _ in range(2 if rng.random() < 0.12 else 1):
                asked = max(self.at(asked_day), last_decision + timedelta(hours=1))
                if asked >= now:
                    break
                decided = asked + timedelta(hours=rng.randint(2, 72))
                wanted = max(self.working(current + timedelta(days=rng.randint(7, 45))), current + timedelta(days=1))
                status = "pending" if decided >= now else ("granted" if rng.random() < 0.75 else "denied")
                fate.extensions.append((current, wanted, asked, None if status == "pending" else decided, status))
                if status == "pending":
                    last_decision = now
                    break
                last_decision = decided
                if status == "granted":
                    current = wanted
                asked_day = max(asked_day + timedelta(days=1), current - timedelta(days=rng.randint(0, 5)))
            fate.deadline = current
        if last_decision >= now:
            return self.still_open(fate, created)
        if rng.random() < 0.02:
            cancelled = max(created + timedelta(days=rng.randint(1, 90)), last_decision + timedelta(hours=2))
            if cancelled < now:
                fate.state = "cancelled"
                fate.closed_at = cancelled
                return fate
        final = fate.deadline
        if final is None:
            done_day = created.date() + timedelta(days=rng.randint(10, 120))
        else:
            late = rng.random() < 0.14
            done_day = final + timedelta(days=rng.randint(1, 45) if late else -rng.randint(0, 15))
            age = (self.today - final).days
            # A few tasks are forgotten: still open long after the deadline, most of them recent.
            if age > 0 and rng.random() < (0.03 if age < 365 else 0.004):
                return self.still_open(fate, created)
        done_at = max(self.at(done_day), last_decision + timedelta(hours=3), created + timedelta(hours=6))
        if done_at >= now:
            return self.still_open(fate, created)
        fate.state = "done"
        fate.done_at = fate.closed_at = done_at
        fate.reported_at = max(done_at - timedelta(hours=rng.randint(1, 96)), created + timedelta(hours=1))
        fate.done_late = final is not None and self.local_day(done_at) > final
        return fate

    def still_open(self, fate: _Fate, created: datetime) -> _Fate:
        """Open today: assigned, in progress or on review."""
        roll = self.rng.random()
        fate.state = "assigned" if roll < 0.35 else ("in_progress" if roll < 0.8 else "on_review")
        if fate.state == "on_review":
            fate.reported_at = max(self.now - timedelta(hours=self.rng.randint(1, 24 * 25)), created)
        return fate

    def rollup_fate(self, deadline: date | None, children: list[_Fate]) -> _Fate:
        """A fan-out parent is done when every child is closed, at the last child's moment."""
        fate = _Fate("in_progress", deadline, deadline)
        closed = [f.closed_at for f in children]
        if all(c is not None for c in closed):
            fate.state = "done"
            fate.done_at = fate.closed_at = max(c for c in closed if c is not None)
            fate.done_late = deadline is not None and self.local_day(fate.done_at) > deadline
        return fate

    # -------------------------------------------------------------------------------------------- rows

    def write_task(
        self,
        spec: dict[str, Any],
        fate: _Fate,
        person: int | None,
        org: int | None,
        created: datetime,
        parent: int | None = None,
        rollup: bool = False,
    ) -> int:
        """One task row, then its extension requests and its log."""
        task_id = self.next_id("tasks")
        updated = fate.closed_at or max(
            created, fate.reported_at or created, *(e[3] or created for e in fate.extensions)
        )
        ts, day, flag = self.ts, self.day, self.flag
        self.out.raw["tasks"].append(
            (
                task_id, spec["title"], spec["organization_id"], spec["source_kind"], spec.get("order_id"),
                spec.get("roadmap_id"), spec.get("working_group_id"), spec.get("reporting_period_id"), spec["label"],
                person, org, spec["controller_id"], parent, flag(rollup), day(fate.deadline), day(fate.original),
                spec["deadline_text"], flag(fate.original is None),
                "Исполнено, информация направлена." if fate.reported_at else "", ts(fate.reported_at),
                ts(fate.done_at), flag(fate.done_late), ts(created), ts(updated), fate.state,
                1 + len(fate.extensions) + (fate.state != "assigned") + (fate.reported_at is not None), ts(updated),
            )
        )  # fmt: skip
        self.result.tasks += 1
        self.result.open_tasks += fate.state in OPEN_STATES
        for old, new, asked, decided, status in fate.extensions:
            self.extension(task_id, old, new, asked, decided, status)
        self.history(task_id, fate, created)
        return task_id

    def extension(
        self, task_id: int, old: date, new: date, asked: datetime, decided: datetime | None, status: str
    ) -> None:
        """An extension request and its log rows, as the extension service writes them."""
        rid = self.next_id("extension_requests")
        self.out.raw["extension_requests"].append(
            (
                rid, task_id, self.day(old), self.day(new), EXTENSION_REASON, status, self.ts(decided), "",
                self.ts(asked), 1 if decided is None else 2,
            )
        )  # fmt: skip
        self.result.extension_requests += 1
        payload = {"extension_request_id": rid, "new_deadline": new.isoformat()}
        self.log(task_id, "extension_requested", "in_progress", asked, payload)
        if decided is not None:
            self.log(task_id, f"extension_{status}", "in_progress", decided, payload)

    def log(
        self, task_id: int, event: str, source: str, at: datetime, payload: dict[str, Any], dest: str | None = None
    ) -> None:
        """A transition log row of a task."""
        self.out.raw["transition_log"].append(
            (
                self.next_id("transition_log"), "tasks", task_id, event, source, dest or source, "Генератор данных",
                self.ts(at), "", json.dumps(payload) if payload else "{}",
            )
        )  # fmt: skip
        self.result.log_rows += 1

    def history(self, task_id: int, fate: _Fate, created: datetime) -> None:
        """The lifecycle log of a task: start, report, accept or cancel."""
        if fate.state == "assigned":
            return
        if fate.state == "cancelled":
            assert fate.closed_at is not None
            self.log(task_id, "cancel", "in_progress", fate.closed_at, {}, "cancelled")
            return
        first = min([m for m in (fate.reported_at, fate.done_at) if m is not None] or [self.now])
        self.log(task_id, "start", "assigned", min(created + timedelta(hours=2), first), {}, "in_progress")
        if fate.reported_at is not None:
            self.log(task_id, "report", "in_progress", fate.reported_at, {}, "on_review")
        if fate.done_at is not None:
            self.log(task_id, "accept", "on_review", fate.done_at, {}, "done")

    # -------------------------------------------------------------------------------------------- items

    def item(self, spec: dict[str, Any], nominal: date | None, created: datetime) -> None:
        """A controlled item's tasks: a person, an organization, or a roll-up parent with one child per unit."""
        rng = self.rng
        deadline = self.working(nominal) if nominal is not None else None
        spec["deadline_text"] = f"до {nominal:%d.%m.%Y}" if nominal else "В соответствии с графиком проведения"
        issuer = spec["organization_id"]
        roll = rng.random() if issuer == self.authority and spec["source_kind"] != "reporting" else 0.95
        if issuer != self.authority:
            person = rng.choice(self.staff.get(issuer) or self.deputies[issuer])
            self.write_task(spec, self.fate(deadline, created), person, None, created)
        elif roll < 0.55:
            person = rng.choice(self.staff[self.authority] + self.deputies[self.authority])
            self.write_task(spec, self.fate(deadline, created), person, None, created)
        elif roll < 0.7:
            unit = rng.choice(self.units)
            self.write_task(spec, self.fate(deadline, created), self.heads[unit], unit, created)
        else:
            units = self.units if roll > 0.9 else rng.sample(self.units, rng.randint(8, 30))
            children = [self.fate(deadline, created) for _ in units]
            parent = self.write_task(
                spec,
                self.rollup_fate(deadline, children),
                self.heads[self.authority],
                self.authority,
                created,
                rollup=True,
            )
            for unit, child in zip(units, children, strict=True):
                self.write_task(spec, child, self.heads[unit], unit, created, parent=parent)
        self.out.maybe_flush()

    def issued(self) -> tuple[date, datetime]:
        """A registration day of a source and the moment its tasks were dispatched."""
        span = (self.today - self.first_day).days
        # Skewed towards recent years, as an office that digitised gradually: 10–20 % of the tasks stay open.
        day = self.first_day + timedelta(days=int(span * self.rng.random() ** 0.7))
        return day, self.at(day)

    def sources(self) -> Iterator[None]:
        """Orders (most of the work), roadmaps, working groups and reporting cycles, each with its tasks."""
        rng = self.rng
        while True:
            roll = rng.random()
            if roll < 0.7:
                self.order()
            elif roll < 0.85:
                self.roadmap()
            elif roll < 0.93:
                self.working_group()
            else:
                self.reporting_cycle()
            yield None

    def controller(self, issuer: int) -> int:
        """A deputy of the issuing organization controls its items."""
        return self.rng.choice(self.deputies[issuer])

    def order(self) -> None:
        """An order with controlled points."""
        rng = self.rng
        issuer = self.authority if rng.random() < 0.8 else rng.choice(self.units)
        day, created = self.issued()
        oid = self.next_id("orders")
        title = rng.choice(ORDER_TITLES).format(s=rng.choice(SUBJECTS))
        self.out.core["orders"].append(
            {
                "id": oid,
                "kind": "order",
                "organization_id": issuer,
                "title": title,
                "place": "г. Верхнеозёрск",
                "preamble": "В целях повышения качества образования",
                "signatory_id": self.heads[issuer],
                "controller_id": self.controller(issuer),
                "executor_mark_id": None,
                "reg_number": f"01-27/{oid}",
                "reg_date": day,
                "state": "executing",
                "version": 4,
                "created_at": _aware(created - timedelta(days=3)),
                "updated_at": _aware(created),
            }
        )
        self.result.sources += 1
        controller = self.controller(issuer)
        for n in range(1, rng.randint(2, 7)):
            nominal = None if rng.random() < 0.01 else day + timedelta(days=rng.randint(14, 240))
            spec = {
                "title": self.title(),
                "organization_id": issuer,
                "source_kind": "order",
                "order_id": oid,
                "label": f"{n}",
                "controller_id": controller,
            }
            self.item(spec, nominal, created)

    def roadmap(self) -> None:
        """A roadmap for an academic year: activities due at the end of a month."""
        rng = self.rng
        day, created = self.issued()
        rid = self.next_id("roadmaps")
        year = day.year if day.month >= 9 else day.year - 1
        self.out.core["roadmaps"].append(
            {
                "id": rid,
                "title": f"Дорожная карта {rng.choice(SUBJECTS)} на {year}-{year + 1} учебный год",
                "organization_id": self.authority,
                "period_start": date(year, 9, 1),
                "period_end": date(year + 1, 8, 31),
                "controller_id": self.controller(self.authority),
                "state": "executing",
                "version": 3,
                "created_at": _aware(created),
                "updated_at": _aware(created),
            }
        )
        self.result.sources += 1
        controller = self.controller(self.authority)
        for n in range(1, rng.randint(4, 12)):
            month = rng.randint(1, 12)
            due_year = year if month >= 9 else year + 1
            nominal = (date(due_year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
            if nominal <= day:
                continue
            spec = {
                "title": self.title(),
                "organization_id": self.authority,
                "source_kind": "roadmap",
                "roadmap_id": rid,
                "label": f"1.{n}",
                "controller_id": controller,
            }
            self.item(spec, nominal, created)

    def working_group(self) -> None:
        """A working group with a few assignments to its members."""
        rng = self.rng
        day, created = self.issued()
        gid = self.next_id("working_groups")
        self.out.core["working_groups"].append(
            {
                "id": gid,
                "name": f"Рабочая группа {rng.choice(SUBJECTS)}",
                "purpose": "Подготовка аналитических материалов",
                "organization_id": self.authority,
                "deadline_text": "",
                "controller_id": self.controller(self.authority),
                "final_report": "",
                "state": "active",
                "version": 3,
                "created_at": _aware(created),
                "updated_at": _aware(created),
            }
        )
        self.result.sources += 1
        controller = self.controller(self.authority)
        for n in range(1, rng.randint(3, 7)):
            spec = {
                "title": self.title(),
                "organization_id": self.authority,
                "source_kind": "working_group",
                "working_group_id": gid,
                "label": f"{n}",
                "controller_id": controller,
            }
            self.item(spec, day + timedelta(days=rng.randint(10, 90)), created)

    def reporting_cycle(self) -> None:
        """A quarterly reporting cycle over a year: one period per quarter, every unit reports."""
        rng = self.rng
        day, created = self.issued()
        cid = self.next_id("reporting_cycles")
        title = f"Отчёт {rng.choice(SUBJECTS)}"
        self.out.core["reporting_cycles"].append(
            {
                "id": cid,
                "title": title,
                "organization_id": self.authority,
                "schedule_text": "ежеквартально",
                "period_start": day,
                "period_end": day + timedelta(days=365),
                "controller_id": self.controller(self.authority),
                "state": "executing",
                "version": 3,
                "created_at": _aware(created),
                "updated_at": _aware(created),
            }
        )
        self.result.sources += 1
        controller = self.controller(self.authority)
        periods = []
        for q in range(1, 5):
            pid = self.next_id("reporting_periods")
            due = day + timedelta(days=91 * q)
            periods.append(
                {
                    "id": pid,
                    "cycle_id": cid,
                    "label": f"{q} квартал",
                    "due_date": self.working(due),
                    "narrative": "",
                    "state": "accepted" if due < self.today else "open",
                    "version": 1,
                    "created_at": _aware(created),
                    "updated_at": _aware(created),
                }
            )
        self.out.core["reporting_periods"].extend(periods)
        self.result.sources += len(periods)
        for period in periods:
            spec = {
                "title": title,
                "organization_id": self.authority,
                "source_kind": "reporting",
                "reporting_period_id": period["id"],
                "label": period["label"],
                "controller_id": controller,
            }
            self.item(spec, period["due_date"], created)

    def run(self) -> GenerateResult:
        """Generate until the wanted number of tasks is reached (the last item may overshoot a little)."""
        self.directory()
        for _ in self.sources():
            if self.result.tasks >= self.target:
                break
        self.out.flush()
        return self.result


def _n(value: float) -> str:
    # «1 000 000»: thousands apart by a space, as Russian texts write them.
    return f"{value:,.0f}".replace(",", "\u00a0")


def _fix_sequences(conn: Connection) -> None:
    # Explicit ids leave PostgreSQL's sequences behind; the next ORM insert would collide without this.
    for table in _ID_MODELS.values():
        name = table.__tablename__
        conn.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {name}))")
        )
    conn.commit()


def generate(
    db: Database,
    tasks: int = 1_000_000,
    seed: int = 2026,
    today: date | None = None,
    chunk: int = CHUNK,
    echo: Callable[[str], None] | None = None,
) -> GenerateResult:
    """Fill the database with a district's organizations, people, sources and about `tasks` tasks."""
    started = timer.perf_counter()
    with db.write_engine.connect() as conn:
        if db.dialect == "sqlite":
            # A large page cache keeps the tasks' indexes in memory while a million random keys go in.
            conn.exec_driver_sql("PRAGMA cache_size=-400000")
        generator = _Generator(conn, tasks, seed, today or clock.today(), chunk)
        result = generator.run()
        if db.dialect == "postgresql":
            _fix_sequences(conn)
        result.seconds = timer.perf_counter() - started
        # Fresh statistics, so that the planners see the new shape of the tables at once.
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    result.analyze_seconds = timer.perf_counter() - started - result.seconds
    if echo is not None:
        echo(
            f"Создано строк: {_n(result.rows)} за {result.seconds:.1f} с — {_n(result.rows_per_second)} строк/с "
            f"(поручений {_n(result.tasks)}, из них открытых {_n(result.open_tasks)}; запросов на перенос срока "
            f"{_n(result.extension_requests)}; записей журнала {_n(result.log_rows)}); "
            f"ANALYZE — {result.analyze_seconds:.1f} с."
        )
    return result
