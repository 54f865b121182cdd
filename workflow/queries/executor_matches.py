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

from models import Organization, Person
from workflow.services.drafting import References

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
