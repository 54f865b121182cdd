"""Russian language helpers for official documents: dates, initials, declension of names and positions."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

import petrovich.main
import pymorphy3

Case = Literal["nom", "gen", "dat", "acc", "ins", "prep"]
Gender = Literal["m", "f"]

CASES: tuple[str, ...] = ("nom", "gen", "dat", "acc", "ins", "prep")

_MONTHS_GEN = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)

# Index of a case in petrovich's rule tables (its "mods" lists start with the genitive).
_PETROVICH_CASE = {"gen": 0, "dat": 1, "acc": 2, "ins": 3, "prep": 4}
_PYMORPHY_CASE = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "prep": "loct"}
_PETROVICH_GENDER = {"m": "male", "f": "female"}

_CONSONANTS = set("бвгджзйклмнпрстфхцчшщ")
_CYRILLIC_WORD = re.compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*$")


def _check_case(case: str) -> None:
    if case not in CASES:
        raise ValueError(f"Неизвестный падеж «{case}»: ожидается один из {', '.join(CASES)}")


def _check_gender(gender: str) -> None:
    if gender not in _PETROVICH_GENDER:
        raise ValueError(f"Неизвестный пол «{gender}»: ожидается «m» или «f»")


# ---------------------------------------------------------------- dates

def format_date_numeric(d: date) -> str:
    """Date in the ГОСТ numeric form: «24.03.2022»."""
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def format_date_long(d: date) -> str:
    """Date in the ГОСТ word-and-number form: «24 марта 2022 г.» (day with a leading zero, as ГОСТ shows)."""
    return f"{d.day:02d} {_MONTHS_GEN[d.month - 1]} {d.year} г."


def format_date_words(d: date) -> str:
    """Date as written inside a sentence: «24 марта 2022 года»."""
    return f"{d.day:02d} {_MONTHS_GEN[d.month - 1]} {d.year} года"


# ---------------------------------------------------------------- initials

def _initials(*names: str | None) -> str:
    out = []
    for name in names:
        if not name or not name.strip():
            continue
        # A hyphenated name gives hyphenated initials: «Анна-Мария» → «А.-М.».
        parts = [p for p in name.strip().split("-") if p]
        out.append("-".join(p[0].upper() + "." for p in parts))
    return "".join(out)


def initials_surname(last: str, first: str, middle: str | None = None) -> str:
    """Signature form «Н.Е. Дереча»: initials before the surname."""
    ini = _initials(first, middle)
    return f"{ini} {last.strip()}" if ini else last.strip()


def surname_initials(last: str, first: str, middle: str | None = None) -> str:
    """Reference form «Дереча Н.Е.»: surname before the initials."""
    ini = _initials(first, middle)
    return f"{last.strip()} {ini}" if ini else last.strip()


# ---------------------------------------------------------------- names (petrovich rules)

@functools.cache
def _petrovich_rules() -> dict:
    # The rule tables of petrovich are used directly: its Python wrapper skips the "androgynous" rules
    # whenever a gender is given, which leaves «Шевченко» or «Дереча» to the wrong rule.
    with open(petrovich.main.DEFAULT_RULES_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def _apply_mods(word: str, mods: str) -> str:
    if mods == ".":
        return word
    cut = mods.count("-")
    ending = mods.replace("-", "")
    if ending == "ой" and cut == 1 and word[-2:-1].lower() in "жчшщц":
        # After a hissing consonant an unstressed ending is spelt «-ей» («Дереча» → «Деречей»); surnames
        # in «-ча», «-жа» are rarely stressed on the ending.
        ending = "ей"
    if word.isupper():
        ending = ending.upper()
    return word[: len(word) - cut] + ending


def _rule_fits(rule_gender: str, gender: str) -> bool:
    return rule_gender in (gender, "androgynous")


def _inflect_segment(segment: str, form: str, gender: Gender, case: str) -> str:
    lower = segment.lower()
    index = _PETROVICH_CASE[case]
    pgender = _PETROVICH_GENDER[gender]
    if form == "lastname" and gender == "f" and lower[-1:] in _CONSONANTS:
        # Women's surnames ending in a consonant never decline: «Цой», «Ким», «Белых».
        return segment
    rules = _petrovich_rules()[form]
    for rule in rules.get("exceptions", []):
        if _rule_fits(rule["gender"], pgender) and lower in rule["test"]:
            return _apply_mods(segment, rule["mods"][index])
    for rule in rules["suffixes"]:
        if not _rule_fits(rule["gender"], pgender):
            continue
        if any(lower.endswith(t) for t in rule["test"]):
            return _apply_mods(segment, rule["mods"][index])
    return segment


def _inflect_name(value: str | None, form: str, gender: Gender, case: str) -> str | None:
    if not value or case == "nom":
        return value
    # Each part of a hyphenated or two-word name declines on its own: «Эрдни-Горяева» → «Эрдни-Горяевой».
    pieces = re.split(r"([-\s]+)", value.strip())
    return "".join(
        _inflect_segment(p, form, gender, case) if p and not re.fullmatch(r"[-\s]+", p) else p for p in pieces
    )


def decline_person(
    last: str, first: str, middle: str | None, gender: Gender, case: Case
) -> tuple[str, str, str | None]:
    """Surname, first name and patronymic in the given case («gen», «dat», «acc», «ins», «prep»)."""
    _check_case(case)
    _check_gender(gender)
    return (
        _inflect_name(last, "lastname", gender, case) or last,
        _inflect_name(first, "firstname", gender, case) or first,
        _inflect_name(middle, "middlename", gender, case),
    )


def guess_gender(first: str | None, middle: str | None) -> Gender | None:
    """Gender from the patronymic («…вич» / «…вна», «оглы» / «кызы»), or None when it cannot be told."""
    m = (middle or "").strip().lower()
    if m.endswith(("ич", "оглы", "улы")):
        return "m"
    if m.endswith(("на", "кызы", "гызы")):
        return "f"
    return None


# ---------------------------------------------------------------- positions (pymorphy3)

@functools.cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def _nominative_parses(word: str, pos: set[str]) -> list:
    return [p for p in _morph().parse(word.lower()) if p.tag.POS in pos and "nomn" in p.tag]


def _agrees(adj, noun) -> bool:
    if adj.tag.number != noun.tag.number:
        return False
    return noun.tag.number == "plur" or adj.tag.gender == noun.tag.gender


def _noun_parse(word: str):
    parses = _nominative_parses(word, {"NOUN"})
    # A position names a person: prefer the animate reading (its accusative equals the genitive).
    parses.sort(key=lambda p: ("anim" not in p.tag, "Surn" in p.tag or "Name" in p.tag))
    return parses[0] if parses else None


def _keep_case_pattern(original: str, new: str) -> str:
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _inflect_noun(word: str, parse, case: str) -> str:
    grammemes = {_PYMORPHY_CASE[case]}
    parts = word.split("-")
    if len(parts) > 1 and all(_noun_parse(p) for p in parts):
        # «специалист-эксперт», «педагог-психолог»: both nouns change.
        return "-".join(_inflect_noun(p, _noun_parse(p), case) for p in parts)
    inflected = parse.inflect(grammemes)
    return _keep_case_pattern(word, inflected.word) if inflected else word


def _inflect_adjective(word: str, parse, noun, case: str) -> str:
    grammemes = {_PYMORPHY_CASE[case]}
    number = noun.tag.number if noun is not None else parse.tag.number
    gender = noun.tag.gender if noun is not None else parse.tag.gender
    if number:
        grammemes.add(number)
    if number == "sing" and gender:
        grammemes.add(gender)
    inflected = None
    if case == "acc":
        # The accusative of an adjective follows the animacy of its noun: «главного специалиста»,
        # «образовательные организации»; a substantivised head names a person.
        animate = noun is None or "anim" in noun.tag
        inflected = parse.inflect(grammemes | {"anim" if animate else "inan"})
    if inflected is None:
        inflected = parse.inflect(grammemes)
    return _keep_case_pattern(word, inflected.word) if inflected else word


def _next_noun(tokens: list[str], words: list[int], start: int):
    # Skip further adjectives («главная медицинская сестра») to find the noun they all agree with.
    for idx in words[start:]:
        token = tokens[idx]
        if not _declinable(token):
            return None
        noun = _noun_parse(token)
        if noun is not None:
            return noun
        if not _nominative_parses(token, {"ADJF", "PRTF"}):
            return None
    return None


def _declinable(token: str) -> bool:
    # Abbreviations («МБУ», «и.о.»), quoted names, Latin and digits end the head phrase untouched.
    if not _CYRILLIC_WORD.match(token):
        return False
    return not (token.isupper() and len(token) > 1)


_COMPOUND_DASH = re.compile(r"[ \t\u00a0]+[-–—][ \t\u00a0]+")


def decline_position(text: str, case: Case) -> str:
    """Declines a position; a compound one («заместитель начальника – начальник отдела», «главный специалист –
    эксперт») declines each part, joined by a spaced en dash."""
    _check_case(case)
    if case == "nom" or not text.strip():
        return text
    parts = _COMPOUND_DASH.split(text)
    if len(parts) == 1:
        return _decline_head(text, case)
    return " – ".join(_decline_head(p, case) for p in parts)


def _decline_head(text: str, case: Case) -> str:
    """Declines the head phrase of a position («заместитель начальника управления» → dat «заместителю
    начальника управления»), leaving the dependent genitive part, abbreviations and quoted names alone."""
    tokens = re.split(r"(\s+)", text)
    words = [i for i, t in enumerate(tokens) if t and not t.isspace()]
    out = list(tokens)
    pending_adjectives: list[tuple[int, object]] = []
    for n, idx in enumerate(words):
        token = tokens[idx]
        if not _declinable(token):
            break
        adjectives = _nominative_parses(token, {"ADJF", "PRTF"})
        noun = _noun_parse(token)
        if not adjectives and noun is None and _morph().parse(token.lower())[0].tag.POS == "ADVB":
            # An adverb before the head stays as it is: «временно исполняющий обязанности».
            continue
        next_noun = _next_noun(tokens, words, n + 1)
        agreeing = [a for a in adjectives if next_noun is not None and _agrees(a, next_noun)]
        if agreeing:
            # An adjective before the head noun («главный», «первый», «ведущий»): declined with the noun.
            pending_adjectives.append((idx, agreeing[0]))
            continue
        if noun is not None:
            out[idx] = _inflect_noun(token, noun, case)
            for adj_idx, adj in pending_adjectives:
                out[adj_idx] = _inflect_adjective(tokens[adj_idx], adj, noun, case)
            return "".join(out)
        if adjectives:
            # A substantivised adjective or participle is the head itself: «заведующая отделом».
            head = adjectives[0]
            out[idx] = _inflect_adjective(token, head, None, case)
            for adj_idx, adj in pending_adjectives:
                out[adj_idx] = _inflect_adjective(tokens[adj_idx], adj, head, case)
            return "".join(out)
        break
    return text


def decline_phrase(text: str, case: Case) -> str:
    """Declines a noun phrase such as an organization name («управление образования» → gen «управления
    образования»); the same rule as for positions."""
    return decline_position(text, case)


# ---------------------------------------------------------------- phrases

def upper_first(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:]


_ROMAN = re.compile(r"[IVXLC]+")


def lower_first(text: str) -> str:
    """The text with its first letter in lower case, unless the first word is an abbreviation («МБОУ») or a Roman
    numeral («I полугодие»)."""
    first_word = text.split(" ", 1)[0]
    if (len(first_word) > 1 and first_word[:2].isupper()) or _ROMAN.fullmatch(first_word):
        return text
    return text[:1].lower() + text[1:]


def person_phrase(
    position: str | None,
    last: str,
    first: str,
    middle: str | None,
    gender: Gender,
    case: Case,
    override: str | None = None,
) -> str:
    """Position and name in one case: acc «заместителя начальника управления образования Ушакову И.Г.»;
    a stored manual override for this person and case wins."""
    if override and override.strip():
        return override.strip()
    d_last = decline_person(last, first, middle, gender, case)[0]
    name = f"{d_last} {_initials(first, middle)}".strip()
    if not position or not position.strip():
        return name
    return f"{decline_position(position.strip(), case)} {name}"


# ---------------------------------------------------------------- typography

NBSP = "\u00a0"
_INITIALS = r"[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?"
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_TYPO_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # «№ 4518» and «16.11.2022 № 4518» never break apart.
    (re.compile(r"№[ \t]*(?=\S)"), "№" + NBSP),
    (re.compile(r"(?<=\d)[ \t]+(?=№)"), NBSP),
    # «Н.Е. Дереча», «Дереча Н.Е.», «Н. Е. Дереча»: initials stay with the surname and with each other.
    (re.compile(r"\b([А-ЯЁ]\.)[ \t]+(?=[А-ЯЁ]\.)"), r"\1" + NBSP),
    (re.compile(rf"\b({_INITIALS})[ \t]+(?={_SURNAME})"), r"\1" + NBSP),
    (re.compile(rf"({_SURNAME})[ \t]+(?={_INITIALS}(?![А-ЯЁа-яё]))"), r"\1" + NBSP),
    # «г. Старый Оскол».
    (re.compile(r"(?<![А-ЯЁа-яё])г\.[ \t]+(?=[А-ЯЁ])"), "г." + NBSP),
    # «50 %», «2024 г.», «2023–2024 гг.», «на 3 л.».
    (re.compile(r"(?<=\d)[ \t]*(?=%)"), NBSP),
    (re.compile(r"(?<=\d)[ \t]+(?=(?:гг?|л)\.)"), NBSP),
    # A hyphen between words becomes a spaced en dash; no dash ever starts a line.
    (re.compile(r"(?<=\S)[ \t]+(?:-{1,2}|–)[ \t]+(?=\S)"), NBSP + "– "),
    (re.compile(r"(?<=\S)[ \t]+—[ \t]+(?=\S)"), NBSP + "— "),
)
_OPENING_CONTEXT = set(" \t\n\u00a0([{«„-–—/")


def typograph_quotes(text: str) -> str:
    """Straight quotes as «ёлочки», and „лапки“ for quotes inside quotes."""
    if '"' not in text:
        return text
    out: list[str] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth = max(depth - 1, 0)
        elif ch == '"':
            opening = i == 0 or text[i - 1] in _OPENING_CONTEXT
            if opening:
                depth += 1
                ch = "«" if depth == 1 else "„"
            else:
                ch = "»" if depth <= 1 else "“"
                depth = max(depth - 1, 0)
        out.append(ch)
    return "".join(out)


def typograph(text: str) -> str:
    """Office typography: «ёлочки», the spaced en dash, and non-breaking spaces after «№», between initials
    and surname, before «%» and between a number and «г.», «гг.», «л.»."""
    if not text:
        return text
    text = typograph_quotes(text)
    for pattern, replacement in _TYPO_RULES:
        text = pattern.sub(replacement, text)
    return text


# Values that are identifiers or spaced on purpose, not running text: typography would change them.
# A roadmap's «Срок исполнения» is printed verbatim, as the approved table has it.
_RAW_KEYS = frozenset({"doc_type", "kind", "document_date", "operative_word", "kind_word", "draft", "deadline"})


def typeset(value: Any, key: str | None = None) -> Any:
    """A document context with `typograph` applied to every printed text."""
    if isinstance(value, str):
        # A str subclass (ready markup) is printed as its author made it.
        return typograph(value) if type(value) is str and key not in _RAW_KEYS else value
    if isinstance(value, Mapping):
        return {k: typeset(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [typeset(v, key) for v in value]
    return value


# ---------------------------------------------------------------- appendix references

_APPENDIX_REF = re.compile(r"приложени[а-яё]*\s+(?:№\s*)?(\d+(?:\s*(?:,|и|–|-)\s*\d+)*)",
                           re.IGNORECASE)
_APPENDIX_NOTE = re.compile(r"^\s*приложени[ея](?:\s+(\d+))?\s*:(.*)$", re.IGNORECASE | re.DOTALL)
_APPENDIX_WORD = re.compile(r"приложени", re.IGNORECASE)


def _numbers(spec: str) -> set[int]:
    out: set[int] = set()
    for part in re.split(r"\s*(?:,|и)\s*", spec.replace("\u00a0", " ")):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        if len(bounds) == 2 and re.search(r"[–-]", part):
            out.update(range(bounds[0], bounds[1] + 1))
        else:
            out.update(bounds)
    return out


def appendix_references(paragraphs: list[str], count: int) -> set[int]:
    """Which of `count` appendices the text names («приложение 2», «приложениям 1–3») or its
    «Приложение: …» note lists; with a single appendix any mention of it counts."""
    found: set[int] = set()
    for text in paragraphs:
        note = _APPENDIX_NOTE.match(text)
        if note:
            if note.group(1):
                found.add(int(note.group(1)))
            listed = {int(n) for n in re.findall(r"(?:^|;)\s*(\d+)\.", note.group(2))}
            found |= listed or ({1} if count == 1 else set())
            continue
        for m in _APPENDIX_REF.finditer(text):
            found |= _numbers(m.group(1))
        if count == 1 and _APPENDIX_WORD.search(text):
            found.add(1)
    return {n for n in found if 1 <= n <= count}
