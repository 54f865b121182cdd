"""Plumbing shared by the pages: the database and actor, pagination, dates in forms, errors (status, page, fields)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from extensions import get_db as get_db
from routes.auth import current_actor
from routes.errors import error_page as error_page
from routes.errors import status_of as status_of
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.errors import Forbidden, ValidationFailed

PER_PAGE = 25
MAX_PER_PAGE = 200
_DOTTED = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


# The pages' name for the one current-actor function of routes.auth.
actor = current_actor


def require_role(*roles: str) -> Actor:
    """The actor, if they hold one of the roles; otherwise a 403 page that says who may come here."""
    who = actor()
    if not any(who.has(role) for role in roles):
        from models.directory import ROLE_LABELS

        allowed = ", ".join(ROLE_LABELS[r] for r in roles)
        raise Forbidden(f"Недостаточно прав: эта страница доступна ролям: {allowed}.")
    return who


def int_arg(name: str, default: int | None = None, source: MultiDict[str, str] | None = None) -> int | None:
    """A positive integer from the query (or a form), or the default when absent or malformed."""
    raw = (source if source is not None else request.args).get(name, "").strip()
    if raw.isdigit() and 0 < len(raw) <= 9:
        return int(raw)
    return default


def parse_day(raw: str | None) -> date | None:
    """A date typed as ДД.ММ.ГГГГ or sent by a date input as ГГГГ-ММ-ДД; None when empty or not a date."""
    if not raw or not raw.strip():
        return None
    iso = _ISO.match(raw)
    dotted = _DOTTED.match(raw)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if dotted:
            return date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
    except ValueError:
        return None
    return None


def ru_date(value: date | datetime | None, empty: str = "—") -> str:
    """ДД.ММ.ГГГГ (a moment is shown as the office's calendar day)."""
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = clock.local_date(value) if value.tzinfo else value.date()
    return f"{value:%d.%m.%Y}"


def ru_datetime(value: datetime | None, empty: str = "—") -> str:
    """ДД.ММ.ГГГГ ЧЧ:ММ in the office's time zone."""
    if value is None:
        return empty
    local = value.astimezone(clock.TIMEZONE) if value.tzinfo else value
    return f"{local:%d.%m.%Y %H:%M}"


def ru_number(value: Decimal | float | int | None, empty: str = "—") -> str:
    """A number as Russian text writes it: «96», «96,5», «1 250» (no exponent, comma for the decimal point)."""
    if value is None:
        return empty
    number = Decimal(str(value)).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    whole, _, fraction = f"{number:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = " ".join(digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)[::-1])
    return f"{sign}{grouped}" + (f",{fraction}" if fraction else "")


def shorten(text: str, limit: int = 70) -> str:
    """A long document name cut in its middle, so that its tail («, п. 1.1.4») stays readable."""
    if len(text) <= limit:
        return text
    head, comma, tail = text.rpartition(", ")
    if not comma or len(tail) > limit // 2:
        return text[: limit - 1].rstrip() + "…"
    return head[: limit - len(tail) - 3].rstrip() + "…, " + tail


@dataclass(frozen=True)
class Pager:
    """One page of a long list and the links to the others (the current filters kept)."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_item(self) -> int:
        """The number of the first item shown."""
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_item(self) -> int:
        """The number of the last item shown."""
        return min(self.total, self.page * self.per_page)

    def url(self, number: int) -> str:
        """The current page's URL with another page number."""
        args = request.args.to_dict(flat=True)
        args["page"] = str(number)
        assert request.endpoint is not None
        values: dict[str, Any] = {**(request.view_args or {}), **args}
        return url_for(request.endpoint, **values)

    def window(self) -> list[int | None]:
        """Page numbers to link, None for a gap: 1 … 4 5 [6] 7 8 … 20."""
        shown = {1, self.pages, *range(max(1, self.page - 2), min(self.pages, self.page + 2) + 1)}
        result: list[int | None] = []
        for n in sorted(shown):
            if result and result[-1] is not None and n - result[-1] > 1:
                result.append(None)
            result.append(n)
        return result


def paging(default_per_page: int = PER_PAGE) -> tuple[int, int]:
    """The page number and size from the query, bounded."""
    number = int_arg("page", 1) or 1
    per_page = min(int_arg("per_page", default_per_page) or default_per_page, MAX_PER_PAGE)
    return number, per_page


def field_errors(error: ValidationFailed, aliases: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The engine's per-field messages keyed by form field (aliases map service names to form names)."""
    aliases = aliases or {}
    result: dict[str, list[str]] = {}
    for name, messages in (error.details or {}).items():
        key = aliases.get(name, name)
        result.setdefault(key, []).extend(str(m) for m in messages)
    return result


def choices_from(rows: Iterable[tuple[Any, str]]) -> list[tuple[str, str]]:
    """Options for a select: (value as text, label)."""
    return [(str(value), label) for value, label in rows]
