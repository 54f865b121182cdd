"""What a save of a draft changed, in words for its history: «Изменены: заголовок, пункт 2 (срок)»."""

from __future__ import annotations

from typing import Any

from models import Order, OrderPoint

FIELD_NAMES = {
    "kind": "вид документа",
    "title": "заголовок",
    "place": "место издания",
    "preamble": "преамбула",
    "signatory_id": "подписант",
    "controller_id": "контролёр",
    "executor_mark_id": "исполнитель в отметке",
    "period": "период",
    "approvers": "согласующие",
    "appendices": "приложения",
}
POINT_PARTS = {
    "text": "текст",
    "deadline_text": "срок",
    "controlled": "контроль",
    "addressee_id": "адресат",
    "executors": "исполнители",
}
NOTHING_CHANGED = "Сохранён без изменений."


def _point(point: OrderPoint) -> dict[str, Any]:
    executors = sorted(
        (e.role, e.person_id or 0, e.organization_id or 0, bool(e.include_subordinates)) for e in point.executors
    )
    return {
        "text": point.text,
        "deadline_text": point.deadline_text,
        "controlled": bool(point.controlled),
        "addressee_id": point.addressee_id,
        "executors": executors,
    }


def snapshot(order: Order) -> dict[str, Any]:
    """The fields of a draft a save may change, as comparable values."""
    appendices = [
        (a.title, a.text, a.roadmap_id, a.working_group_id, a.reporting_cycle_id) for a in order.appendices
    ]
    return {
        "kind": order.kind,
        "title": order.title,
        "place": order.place,
        "preamble": order.preamble,
        "signatory_id": order.signatory_id,
        "controller_id": order.controller_id,
        "executor_mark_id": order.executor_mark_id,
        "period": (order.period_start, order.period_end),
        "approvers": [v.approver_id for v in order.visas],
        "appendices": appendices,
        "points": {p.number: _point(p) for p in order.points},
    }


def _point_changes(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[str]:
    def order_key(number: str) -> list[int]:
        return [int(n) if n.isdigit() else 0 for n in number.split(".")]

    words: list[str] = []
    for number in sorted(set(before) | set(after), key=order_key):
        old, new = before.get(number), after.get(number)
        if old is None:
            words.append(f"добавлен пункт {number}")
        elif new is None:
            words.append(f"удалён пункт {number}")
        elif old != new:
            parts = ", ".join(word for name, word in POINT_PARTS.items() if old[name] != new[name])
            words.append(f"пункт {number} ({parts})")
    return words


def describe(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, list[str]]:
    """The history's sentence and the list of changed things: «Изменены: заголовок, пункт 2 (срок).»."""
    changed = [word for name, word in FIELD_NAMES.items() if before[name] != after[name]]
    changed += _point_changes(before["points"], after["points"])
    if not changed:
        return NOTHING_CHANGED, []
    return f"Изменены: {', '.join(changed)}.", changed
