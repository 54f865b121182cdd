"""The executor picker: directory entries that match an imported free-text executor, or a typed search.

A roadmap imported from a table carries its executors as text («Отдел образования, МБОУ «СОШ № 1»,
Куропаткиной А.Н.»). The picker offers the organizations and people of the roadmap's organization tree whose
names occur in that text — case and «ё» insensitive, quotes and punctuation ignored, surnames in their declined
forms (Куропаткиной, Соколову) — and whatever a search for a few letters finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organization, Person, ReportingCycle, Roadmap, RoadmapActivity, RoadmapSection
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.errors import NotFound
from workflow.queries.cards import Names
from workflow.queries.plans import attachable_orders
from workflow.services.drafting import References
from workflow.services.visibility import Visibility

_PUNCT = re.compile(r"[«»\"'“”„()\[\],;:.!?/\\-]+")
_SPACE = re.compile(r"\s+")
# Endings cut from a surname to meet its declined forms: Куропаткина → куропаткин(ой), Черноземельский → …ск(ого).
_ADJECTIVE_ENDINGS = ("ий", "ый", "ой", "ая", "яя")
_VOWELS = "аяоеёуюыиэйь"
LIMIT = 20


def normalise(text: str) -> str:
    """Lower case, «ё» as «е», quotes and punctuation as spaces, single spaces."""
    text = text.lower().replace("ё", "е")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def surname_stem(surname: str) -> str:
    """The part of a surname every declined form starts with (cheap: endings cut, no dictionary)."""
    word = normalise(surname)
    if len(word) > 4 and word.endswith(_ADJECTIVE_ENDINGS):
        return word[:-2]
    if len(word) > 3 and word[-1] in _VOWELS:
        return word[:-1]
    return word


def _names_surname(words: list[str], stem: str) -> bool:
    # A declined form adds at most three letters (Соколов → Соколовым, Куропаткин → Куропаткиной).
    return len(stem) >= 3 and any(w.startswith(stem) and len(w) - len(stem) <= 3 for w in words)


@dataclass(frozen=True)
class Match:
    """One entry to pick: «p:7» or «o:3» as the pickers hold it, its name, and why it was offered."""

    value: str
    label: str
    why: str


def _contains(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


def executor_matches(session: Session, organization_id: int, text: str = "", query: str = "") -> list[Match]:
    """Organizations and people of the organization's tree named in `text`, then those a search `query` finds."""
    tree = References(session, organization_id).tree  # whom a document of that organization may name
    orgs = session.scalars(select(Organization).where(Organization.id.in_(tree)).order_by(Organization.name)).all()
    people = session.scalars(
        select(Person).where(Person.organization_id.in_(tree)).order_by(Person.last_name, Person.first_name)
    ).all()
    said, asked = normalise(text), normalise(query)
    said_words, asked_words = said.split(), asked.split()
    found: dict[str, Match] = {}

    def offer(value: str, label: str, why: str) -> None:
        if value not in found and len(found) < LIMIT:
            found[value] = Match(value, label, why)

    for source, words, why in ((said, said_words, "названо в тексте"), (asked, asked_words, "найдено поиском")):
        if not source:
            continue
        for org in orgs:
            names = [n for n in (normalise(org.short_name or ""), normalise(org.name)) if n]
            if any(_contains(source, n) for n in names) or (
                why == "найдено поиском" and any(asked in n for n in names)
            ):
                offer(f"o:{org.id}", org.short_name or org.name, why)
        for person in people:
            stem = surname_stem(person.last_name)
            full = normalise(f"{person.last_name} {person.first_name} {person.middle_name}")
            if _names_surname(words, stem) or (why == "найдено поиском" and asked in full):
                position = f", {person.position}" if person.position else ""
                offer(f"p:{person.id}", f"{person.name_initials}{position}", why)
    return list(found.values())


# The activity editor page --------------------------------------------------------------------------------

ROLE_CHOICES = {
    "": "не назначать",
    "responsible": "ответственный",
    "responsible_sub": "ответственный вместе с подведомственными",
    "co_executor": "соисполнитель",
}


@dataclass(frozen=True)
class Candidate:
    """A row of the picker: the entry, and the role it has now (or is chosen in the unsaved form)."""

    match: Match
    role: str

    @property
    def is_organization(self) -> bool:
        """Organizations may be responsible together with their subordinates."""
        return self.match.value.startswith("o:")


@dataclass(frozen=True)
class ActivityEditor:
    """What the activity form shows: its roadmap and section, the activity (None when new) and the picker rows."""

    roadmap: Roadmap
    section: RoadmapSection
    activity: RoadmapActivity | None
    candidates: list[Candidate]
    query: str


def current_roles(activity: RoadmapActivity | None) -> dict[str, str]:
    """The stored executors as the picker's rows: {"o:3": "responsible_sub", "p:7": "co_executor"}."""
    roles: dict[str, str] = {}
    for e in activity.executors if activity is not None else []:
        value = f"p:{e.person_id}" if e.person_id is not None else f"o:{e.organization_id}"
        sub = e.role == "responsible" and e.include_subordinates
        roles[value] = "responsible_sub" if sub else e.role
    return roles


def activity_editor(
    session: Session,
    actor: Actor,
    roadmap_id: int,
    *,
    section_id: int | None = None,
    activity_id: int | None = None,
    responsible_text: str | None = None,
    query: str = "",
    chosen: dict[str, str] | None = None,
) -> ActivityEditor:
    """The form of a new activity of a section, or of an existing one, with the executors it may pick."""
    roadmap = Visibility(session, actor).get(Roadmap, roadmap_id)
    activity = next((a for s in roadmap.sections for a in s.activities if a.id == activity_id), None)
    section = (
        activity.section if activity is not None else next((s for s in roadmap.sections if s.id == section_id), None)
    )
    if section is None or (activity_id is not None and activity is None):
        raise NotFound("Раздел или мероприятие не найдены в этой дорожной карте.")
    roles = current_roles(activity) if chosen is None else chosen
    text = activity.responsible_text if responsible_text is None and activity is not None else (responsible_text or "")
    names = Names(session).load(_refs(roles))
    why = "назначен" if chosen is None else "выбран"
    rows = [Candidate(Match(value, names.of(ref), why), roles[value]) for value, ref in _refs_by_value(roles)]
    seen = set(roles)
    for match in executor_matches(session, roadmap.organization_id, text, query):
        if match.value not in seen:
            rows.append(Candidate(match, ""))
            seen.add(match.value)
    return ActivityEditor(roadmap, section, activity, rows, query)


@dataclass(frozen=True)
class _Ref:
    person_id: int | None
    organization_id: int | None
    include_subordinates: bool = False


def _refs_by_value(roles: dict[str, str]) -> list[tuple[str, _Ref]]:
    out = []
    for value in roles:
        kind, _, number = value.partition(":")
        if number.isdigit():
            out.append((value, _Ref(int(number), None) if kind == "p" else _Ref(None, int(number))))
    return out


def _refs(roles: dict[str, str]) -> list[_Ref]:
    return [ref for _, ref in _refs_by_value(roles)]


# The reporting cycle form --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleEditor:
    """What the cycle form shows: the cycle (None when new), whom it may name, orders it may be attached to."""

    cycle: ReportingCycle | None
    organization_id: int
    candidates: list[Candidate]
    people: list[tuple[int, str]]
    orders: list[tuple[int, str]]
    query: str


def cycle_roles(cycle: ReportingCycle | None) -> dict[str, str]:
    """The stored responsible executors as the picker's rows."""
    roles: dict[str, str] = {}
    for e in cycle.executors if cycle is not None else []:
        value = f"p:{e.person_id}" if e.person_id is not None else f"o:{e.organization_id}"
        roles[value] = "responsible_sub" if e.include_subordinates else "responsible"
    return roles


def cycle_editor(
    session: Session,
    actor: Actor,
    cycle_id: int | None = None,
    *,
    query: str = "",
    chosen: dict[str, str] | None = None,
) -> CycleEditor:
    """The form of a new reporting cycle of the actor's organization, or of a draft one, with its choices."""
    cycle = Visibility(session, actor).get(ReportingCycle, cycle_id) if cycle_id is not None else None
    organization_id = cycle.organization_id if cycle is not None else actor.organization_id
    if organization_id is None:
        raise NotFound("Сотрудник не привязан к организации: создать отчётность негде.")
    roles = cycle_roles(cycle) if chosen is None else chosen
    names = Names(session).load(_refs(roles))
    why = "назначен" if chosen is None else "выбран"
    rows = [Candidate(Match(value, names.of(ref), why), roles[value]) for value, ref in _refs_by_value(roles)]
    seen = set(roles)
    tree = References(session, organization_id).tree
    orgs = session.scalars(select(Organization).where(Organization.id.in_(tree)).order_by(Organization.name)).all()
    offered = [Match(f"o:{o.id}", o.short_name or o.name, "организация") for o in orgs]
    for match in [*offered, *(executor_matches(session, organization_id, "", query) if query else [])]:
        if match.value not in seen:
            rows.append(Candidate(match, ""))
            seen.add(match.value)
    orders = [] if cycle is not None else attachable_orders(session, actor)
    return CycleEditor(
        cycle,
        organization_id,
        rows,
        tree_people(session, organization_id),
        [(o.id, f"Проект от {clock.local_date(o.created_at):%d.%m.%Y}: {o.title[:90]}") for o in orders],
        query,
    )


def tree_people(session: Session, organization_id: int) -> list[tuple[int, str]]:
    """People a document of the organization may name (a controller, say), as choices «Фамилия И.О., должность»."""
    tree = References(session, organization_id).tree
    people = session.scalars(
        select(Person).where(Person.organization_id.in_(tree)).order_by(Person.last_name, Person.first_name)
    ).all()
    return [(p.id, f"{p.name_initials}, {p.position}" if p.position else p.name_initials) for p in people]
