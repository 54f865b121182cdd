"""Amendments: the clerk says what changes in an order in force; the system drafts «О внесении изменений в приказ …».

The amendment is an ordinary draft order (the drafting use case makes it) whose points state the changes in the
words offices use; each change is also stored as a row, which the dispatch of the amendment applies to the base
order's tasks (workflow.engine.amendments) and the consolidated text applies to its wording
(workflow.queries.consolidated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from documents.contexts import _with_deadline
from documents.russian import lower_first
from models import AmendmentChange, Order, OrderPoint, Organization, Person
from models.amendments import AMENDMENT_ACTIONS
from models.db import Database
from workflow import clock
from workflow.engine.engine import state_label
from workflow.engine.permissions import Actor, may_sign
from workflow.errors import TransitionNotAllowed, ValidationFailed
from workflow.printing.contexts import organization_doc, person_doc
from workflow.queries.consolidated import (
    Consolidated,
    ConsolidatedActivity,
    ConsolidatedPoint,
    attached_roadmaps,
    consolidate,
    executor_words,
)
from workflow.services.common import may_draft_in
from workflow.services.drafting import References, _check_order_refs
from workflow.services.orders import create_order
from workflow.services.visibility import Visibility

# The states in which an order may be amended: it is signed and in force.
AMENDABLE = ("approved", "executing")
# The kind word in the accusative: «О внесении изменений в приказ / постановление / распоряжение».
KIND_ACCUSATIVE = {"order": "приказ", "resolution": "постановление", "directive": "распоряжение", "letter": "письмо"}
DEFAULT_REASON = "В связи с необходимостью уточнения сроков и исполнителей"


class NotAmendable(TransitionNotAllowed):
    """The order is not (or no longer) in force: there is nothing to amend."""

    code = "not_amendable"


@dataclass(frozen=True)
class Change:
    """One change: a point (or a roadmap activity) by its number, what happens to it, and the new values."""

    action: str
    point: str | None = None
    activity: str | None = None
    roadmap_id: int | None = None
    text: str | None = None
    deadline_text: str | None = None
    responsible: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class AmendmentDraft:
    """What the clerk asks for: the changes, an optional title and the reason («В связи с …»)."""

    changes: list[Change]
    title: str | None = None
    reason: str | None = None
    approvers: list[int] | None = None
    signatory_id: int | None = None
    executor_mark_id: int | None = None


def _refuse(where: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, {where: [message]})


def _ref(ref: dict[str, Any]) -> dict[str, Any]:
    """An executor reference in the stored shape: {"person_id": 7} or {"organization_id": 3[, …subordinates]}."""
    if ref.get("person_id") is not None:
        return {"person_id": ref["person_id"]}
    out: dict[str, Any] = {"organization_id": ref.get("organization_id")}
    if ref.get("include_subordinates"):
        out["include_subordinates"] = True
    return out


def _quoted(text: str) -> str:
    """Text inside «…» ends with its own full stop, as a point does."""
    text = " ".join(text.split())
    return text if text[-1:] in ".:;!?" else f"{text}."


def _accusative(session: Session, refs: list[dict[str, Any]]) -> str:
    """Whom a point's execution is laid on: «заместителя начальника Ушакову И.Г.», «МБОУ «СОШ № 1»»."""
    parts: list[str] = []
    for ref in refs:
        person = session.get(Person, ref["person_id"]) if ref.get("person_id") is not None else None
        if person is not None:
            doc = person_doc(person)
            phrase = doc.phrase("acc")
            parts.append(lower_first(phrase) if doc.position and not doc.overrides.get("acc") else phrase)
        else:
            parts.append(executor_words(session, [ref]))
    return ", ".join(p for p in parts if p)


def base_reference(order: Order) -> str:
    """«приказ управления образования от 24.03.2022 № 390 «Об …»»: the base order as the amendment names it."""
    org = organization_doc(order.organization).genitive
    when = f"{order.reg_date:%d.%m.%Y}" if order.reg_date else ""
    return f"{KIND_ACCUSATIVE[order.kind]} {org} от {when} № {order.reg_number} «{order.title.strip().rstrip('.')}»"


def amendment_title(order: Order) -> str:
    """«О внесении изменений в приказ управления образования от 24.03.2022 № 390 «Об …»»."""
    return f"О внесении изменений в {base_reference(order)}"


def _preamble(reason: str | None) -> str:
    reason = " ".join((reason or "").split()).rstrip(".,;")
    if not reason:
        return DEFAULT_REASON
    return (
        reason
        if reason.lower().startswith(("в связи", "в целях", "в соответствии", "на основании"))
        else (f"В связи с {reason}")
    )


def _next_number(anchor: str, taken: set[str]) -> str:
    """The number of a point added after `anchor`: the next one at its level when free («1.8» after the last
    «1.7»), else a sub-number of the anchor («1.4.1»), as legal drafting numbers an insertion."""
    head, _, last = anchor.rpartition(".")
    if last.isdigit():
        following = f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
        if following not in taken:
            return following
    n = 1
    while f"{anchor}.{n}" in taken:
        n += 1
    return f"{anchor}.{n}"


def _point_wording(session: Session, change: Change, point: ConsolidatedPoint, number: str, new_number: str) -> str:
    """The amendment's point for a change of an order point, in the words offices use."""
    if change.action == "repeal":
        return f"Пункт {number} признать утратившим силу."
    if change.action == "add_after":
        body = _with_deadline(change.text or "", change.deadline_text)
        return f"Дополнить пунктом {new_number} следующего содержания: «{new_number}. {_quoted(body)}»."
    sentences: list[str] = []
    if change.text is not None:
        deadline = change.deadline_text if change.deadline_text is not None else point.deadline_text
        body = _with_deadline(change.text, deadline if (change.responsible or point.responsible) else None)
        sentences.append(f"Пункт {number} изложить в следующей редакции: «{number}. {_quoted(body)}».")
    elif change.deadline_text is not None:
        old = point.deadline_text.strip()
        new = change.deadline_text.strip()
        if old:
            sentences.append(f"В пункте {number} слова «{old}» заменить словами «{new}».")
        else:
            sentences.append(f"Пункт {number} дополнить словами «{new}».")
    if change.responsible is not None:
        who = _accusative(session, change.responsible)
        # «… Ушакову И.Г.»: the initials' full stop ends the sentence.
        sentences.append(f"Исполнение пункта {number} возложить на {who}{'' if who.endswith('.') else '.'}")
    return " ".join(sentences)


def _activity_wording(
    session: Session, change: Change, activity: ConsolidatedActivity, where: str, new_number: str
) -> str:
    """The amendment's point for a change of a roadmap activity («строка 2.3 приложения 1 к приказу»)."""
    number = activity.number
    if change.action == "repeal":
        return f"Строку {number} {where} исключить."
    if change.action == "add_after":
        who = executor_words(session, change.responsible or [])
        tail = f" (срок исполнения — {change.deadline_text}; ответственный исполнитель — {who})" if who else ""
        return (
            f"Дополнить {where.replace('приложения', 'приложение', 1)} строкой {new_number} следующего содержания: "
            f"«{_quoted(change.text or '')}»{tail}."
        )
    sentences: list[str] = []
    if change.text is not None:
        sentences.append(
            f"В строке {number} {where} графу «Мероприятие» изложить в следующей редакции: «{_quoted(change.text)}»."
        )
    columns = (
        ("Срок исполнения", activity.deadline_text, change.deadline_text),
        (
            "Ответственный исполнитель",
            activity.responsible_text,
            executor_words(session, change.responsible) if change.responsible is not None else None,
        ),
    )
    for column, old, new in columns:
        if new is None:
            continue
        if old.strip():
            sentences.append(f"В строке {number} {where} в графе «{column}» слова «{old}» заменить словами «{new}».")
        else:
            sentences.append(f"В строке {number} {where} графу «{column}» дополнить словами «{new}».")
    return " ".join(sentences)


def _check_values(change: Change, where: str, label: str) -> None:
    if change.action not in AMENDMENT_ACTIONS:
        raise _refuse(f"{where}.action", f"Допустимые действия: {', '.join(AMENDMENT_ACTIONS)}.")
    text = (change.text or "").strip()
    if change.text is not None and not text:
        raise _refuse(f"{where}.text", f"{label}: новая редакция не может быть пустой.")
    if change.deadline_text is not None and not change.deadline_text.strip():
        raise _refuse(f"{where}.deadline_text", f"{label}: новый срок не может быть пустым.")
    if change.responsible is not None and not change.responsible:
        raise _refuse(f"{where}.responsible", f"{label}: укажите нового исполнителя.")
    if change.action == "repeal" and (change.text or change.deadline_text or change.responsible):
        raise _refuse(where, f"{label}: утративший силу пункт не получает новых текста, срока или исполнителя.")
    if change.action == "replace" and change.text is None and change.deadline_text is None and not change.responsible:
        raise _refuse(where, f"{label}: укажите новую редакцию, новый срок или нового исполнителя.")
    if change.action == "add_after":
        if not text:
            raise _refuse(f"{where}.text", f"{label}: укажите текст нового пункта.")
        if bool(change.responsible) != bool((change.deadline_text or "").strip()):
            raise _refuse(where, f"{label}: у нового пункта на контроле нужны и срок, и ответственный исполнитель.")


@dataclass
class _Resolved:
    row: AmendmentChange
    wording: str


def _resolve(
    session: Session, base: Order, current: Consolidated, changes: list[Change], refs: References
) -> list[_Resolved]:
    """Each change against the order as it reads now: the point or activity it names, its new number, its words."""
    if not changes:
        raise _refuse("changes", "Укажите хотя бы одно изменение.")
    roadmaps = attached_roadmaps(session, base)
    appendix_no = {a.roadmap_id: n for n, a in enumerate(base.appendices, start=1) if a.roadmap_id is not None}
    taken = {p.number for p in current.walk()}
    taken_rows: dict[int, set[str]] = {
        r.roadmap_id: {a.number for s in r.sections for a in s.activities} for r in current.roadmaps
    }
    seen: set[tuple[str, str]] = set()
    resolved: list[_Resolved] = []
    for n, change in enumerate(changes):
        where = f"changes.{n}"
        if (change.point is None) == (change.activity is None):
            raise _refuse(where, "Изменение относится к пункту (point) или к мероприятию дорожной карты (activity).")
        refs.executors(change.responsible or [], f"{where}.responsible")
        refs.addressed(
            [
                (r.get("person_id"), f"{where}.responsible.{k}.person_id")
                for k, r in enumerate(change.responsible or [])
            ],
            [
                (r.get("organization_id"), f"{where}.responsible.{k}.organization_id")
                for k, r in enumerate(change.responsible or [])
            ],
        )
        row = AmendmentChange(
            base_order_id=base.id,
            position=n,
            action=change.action,
            text=change.text,
            deadline_text=change.deadline_text,
            responsible=None if change.responsible is None else [_ref(r) for r in change.responsible],
        )
        if change.point is not None:
            number = str(change.point).strip().rstrip(".")
            label = f"Пункт {number}"
            _check_values(change, where, label)
            point = current.point(number)
            if point is None or point.point_id is None:
                raise _refuse(f"{where}.point", f"{label} в приказе не найден (изменять можно пункты самого приказа).")
            if point.status == "repealed":
                raise _refuse(f"{where}.point", f"{label} уже утратил силу.")
            if (
                change.action == "replace"
                and change.responsible is None
                and not point.responsible
                and (change.deadline_text is not None)
            ):
                raise _refuse(
                    f"{where}.responsible", f"{label}: у пункта нет исполнителя — укажите его вместе со сроком."
                )
            key = ("point", number)
            new_number = _next_number(number, taken) if change.action == "add_after" else ""
            taken.add(new_number)
            row.target, row.point_id, row.number, row.new_number = "point", point.point_id, number, new_number
            wording = _point_wording(session, change, point, number, new_number)
        else:
            number = str(change.activity).strip().rstrip(".")
            label = f"Мероприятие {number}"
            _check_values(change, where, label)
            roadmap = _roadmap_of(roadmaps, change.roadmap_id, where)
            activity = current.activity(roadmap.id, number)
            if activity is None or activity.activity_id is None:
                raise _refuse(f"{where}.activity", f"{label} в дорожной карте «{roadmap.title}» не найдено.")
            if activity.status == "repealed":
                raise _refuse(f"{where}.activity", f"{label} уже исключено из дорожной карты.")
            key = (f"activity:{roadmap.id}", number)
            rows = taken_rows.setdefault(roadmap.id, set())
            new_number = _next_number(number, rows) if change.action == "add_after" else ""
            rows.add(new_number)
            row.target, row.roadmap_id, row.activity_id = "activity", roadmap.id, activity.activity_id
            row.number, row.new_number = number, new_number
            where_text = (
                "приложения к приказу"
                if len(base.appendices) == 1
                else (f"приложения {appendix_no[roadmap.id]} к приказу")
            )
            wording = _activity_wording(session, change, activity, where_text, new_number)
        if change.action != "add_after":
            if key in seen:
                raise _refuse(where, f"{label} изменяется дважды: объедините изменения в одно.")
            seen.add(key)
        resolved.append(_Resolved(row, wording))
    return resolved


def _roadmap_of(roadmaps: list[Any], roadmap_id: int | None, where: str) -> Any:
    if roadmap_id is not None:
        found = next((r for r in roadmaps if r.id == roadmap_id), None)
        if found is None:
            raise _refuse(f"{where}.roadmap_id", f"Дорожная карта № {roadmap_id} не приложена к этому приказу.")
        return found
    if len(roadmaps) != 1:
        message = (
            "К приказу не приложена дорожная карта."
            if not roadmaps
            else "К приказу приложено несколько дорожных карт: укажите roadmap_id."
        )
        raise _refuse(f"{where}.roadmap_id", message)
    return roadmaps[0]


def _signatory(session: Session, base: Order) -> int | None:
    """The base order's signatory while they may still sign for the organization, else its head."""
    today = clock.today()
    if may_sign(session, base.signatory_id, base.organization_id, today):
        return base.signatory_id
    org = session.get(Organization, base.organization_id)
    return org.head_id if org is not None else None


def check_amendable(session: Session, actor: Actor, base: Order) -> None:
    """403 to one who may not draft for the base's organization; 409 unless the base is approved or executing."""
    may_draft_in(session, actor, base.organization_id)
    if base.amends_id is not None:
        # Its points are the changes themselves: a further change is made to the order it amends.
        raise NotAmendable("Это приказ о внесении изменений: новые изменения вносятся в сам изменяемый приказ.")
    if base.state not in AMENDABLE:
        raise NotAmendable(
            "Изменения вносятся только в утверждённый или исполняемый приказ: "
            f"приказ в состоянии «{state_label(base)}»."
        )


def draft_amendment(db: Database, actor: Actor, base_id: int, command: AmendmentDraft) -> int:
    """A draft amendment order of an order in force, linked to it, with one point per change; its id."""
    with db.transaction() as session:
        base = Visibility(session, actor).get(Order, base_id)
        check_amendable(session, actor, base)
        current = consolidate(session, base)
        refs = References(session, base.organization_id)
        resolved = _resolve(session, base, current, command.changes, refs)
        data: dict[str, Any] = {
            "kind": base.kind,
            "organization_id": base.organization_id,
            "title": (command.title or "").strip() or amendment_title(base),
            "place": base.place,
            "preamble": _preamble(command.reason),
            "signatory_id": command.signatory_id or _signatory(session, base),
            "controller_id": base.controller_id,
            "executor_mark_id": command.executor_mark_id or base.executor_mark_id,
            "approvers": command.approvers if command.approvers is not None else [v.approver_id for v in base.visas],
            "period": {"start": base.period_start, "end": base.period_end} if base.period else None,
            # The amendment's points state changes; they are never control items themselves.
            "points": [{"text": r.wording} for r in resolved],
        }
        _check_order_refs(refs, data)
        order = create_order(session, actor, data)
        order.amends_id = base.id
        points: list[OrderPoint] = list(order.points)
        for r, point in zip(resolved, points, strict=True):
            r.row.order_id = order.id
            r.row.amendment_point_id = point.id
            session.add(r.row)
        session.flush()
        return order.id
