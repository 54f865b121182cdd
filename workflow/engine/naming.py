"""How people name an order: by its registration number and date, a draft by the day it was started.

An order's id is not its number: «№ 11» for a draft or «Приказ № 12» for the order registered as № 7 misleads,
so every page, message and notice names an order through `order_name` and never prints the id.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol

from workflow import clock

ORDER_KIND_LABELS = {
    "order": "Приказ",
    "resolution": "Постановление",
    "directive": "Распоряжение",
    "letter": "Письмо",
}


class Nameable(Protocol):
    """What naming an order needs: a model row or a read-model row alike."""

    @property
    def kind(self) -> str: ...
    @property
    def reg_number(self) -> str | None: ...
    @property
    def reg_date(self) -> date | None: ...
    @property
    def created_at(self) -> datetime: ...


def draft_day(created_at: datetime) -> date:
    """The office's calendar day a draft was started (SQLite hands back naive UTC moments)."""
    moment = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
    return clock.local_date(moment)


def order_name(order: Nameable, *, with_kind: bool = True) -> str:
    """«Приказ № 7 от 13.11.2026», «Письмо № 01-27/1951 от 13.11.2026»; a draft «Проект от 01.12.2026»."""
    if order.reg_number:
        number = f"№ {order.reg_number}" + (f" от {order.reg_date:%d.%m.%Y}" if order.reg_date else "")
        return f"{ORDER_KIND_LABELS.get(order.kind, 'Приказ')} {number}" if with_kind else number
    return f"Проект от {draft_day(order.created_at):%d.%m.%Y}"


def order_name_inside(order: Nameable) -> str:
    """The same name inside a sentence: «приказ № 7 от 13.11.2026», «проект приказа от 01.12.2026»."""
    if order.reg_number:
        name = order_name(order)
        return name[0].lower() + name[1:]
    kind = ORDER_KIND_LABELS.get(order.kind, "Приказ").lower()
    genitive = {"приказ": "приказа", "постановление": "постановления", "распоряжение": "распоряжения"}
    return f"проект {genitive.get(kind, 'письма')} от {draft_day(order.created_at):%d.%m.%Y}"
