"""The draft editor of an order: requisites, points (added, reordered, nested), executors, deadlines with a preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for
from marshmallow import ValidationError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from models import Order
from models.orders import ORDER_KINDS
from routes.errors import flatten_messages, status_of, validation_message
from routes.schemas.base import BaseSchema
from routes.schemas.orders import MAX_POINTS, OrderPatchSchema, OrderSchema
from routes.web import bp
from routes.web.common import actor, get_db, int_arg, parse_day, require_role
from routes.web.labels import DEADLINE_KIND_LABELS
from workflow import clock
from workflow.errors import DomainError, ValidationFailed
from workflow.queries import orders
from workflow.queries.cards import Names
from workflow.queries.objects import DeadlineReader, as_dispatched
from workflow.services import drafting
from workflow.services.substitutions import named_in_order

DRAFTING_ROLES = ("clerk", "head", "admin")
# How deep the editor's indent buttons go; the API's schema admits one level more.
MAX_LEVEL = 4


@dataclass
class Ref:
    """An executor as the picker holds it: «p:7», «o:3», «os:3» (with subordinates) and its name."""

    value: str
    label: str

    def as_api(self) -> dict[str, Any]:
        """The API's reference shape."""
        kind, _, number = self.value.partition(":")
        if kind == "p":
            return {"person_id": int(number)}
        return {"organization_id": int(number), "include_subordinates": kind == "os"}


NO_POINT_TEXT = "Напишите текст пункта или удалите строку. Без текста бывает только обращение к адресату с подпунктами."


@dataclass
class PointRow:
    """One row of the points editor."""

    key: str
    level: int = 1
    text: str = ""
    controlled: bool = False
    deadline_text: str = ""
    addressee_id: int | None = None
    responsible: list[Ref] = field(default_factory=list)
    co_executors: list[Ref] = field(default_factory=list)
    number: str = ""

    @property
    def blank(self) -> bool:
        """Nothing typed or picked: the row is ignored."""
        typed = self.text.strip() or self.deadline_text.strip()
        return not (typed or self.responsible or self.co_executors or self.addressee_id)


@dataclass
class DraftForm:
    """The editor's values and the messages at its fields."""

    organization_id: int | None = None
    kind: str = "order"
    title: str = ""
    place: str = ""
    preamble: str = ""
    signatory_id: int | None = None
    controller_id: int | None = None
    executor_mark_id: int | None = None
    period_start: str = ""
    period_end: str = ""
    approvers: list[Ref] = field(default_factory=list)
    # «Временное исполнение обязанностей»: the person, the deputy and the days, as typed.
    sub_person_id: int | None = None
    sub_deputy_id: int | None = None
    sub_start: str = ""
    sub_end: str = ""
    rows: list[PointRow] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, name: str, message: str) -> None:
        """Attach a message to a field."""
        self.errors.setdefault(name, []).append(message)


@dataclass(frozen=True)
class _Reference:
    person_id: int | None
    organization_id: int | None
    include_subordinates: bool | None


def _ref_value(raw: str) -> str | None:
    kind, _, number = raw.partition(":")
    if kind in ("p", "o", "os") and number.isdigit() and len(number) <= 9:
        return f"{kind}:{int(number)}"
    return None


def _refs(session: Session, raws: list[str], people_only: bool = False) -> list[Ref]:
    values = list(dict.fromkeys(v for v in (_ref_value(r) for r in raws) if v))
    if people_only:
        values = [v for v in values if v.startswith("p:")]
    refs = [Ref(v, "") for v in values]
    names = Names(session)
    for ref in refs:
        api = ref.as_api()
        ref.label = names.of(
            _Reference(api.get("person_id"), api.get("organization_id"), api.get("include_subordinates"))
        )
    return refs


def read_form(session: Session) -> DraftForm:
    """The editor's form as posted, with the messages that need no database."""
    form = request.form
    draft = DraftForm(
        organization_id=int_arg("organization_id", source=form),
        kind=form.get("kind", "order") if form.get("kind") in ORDER_KINDS else "order",
        title=form.get("title", "").strip(),
        place=form.get("place", "").strip(),
        preamble=form.get("preamble", "").strip(),
        signatory_id=int_arg("signatory_id", source=form),
        controller_id=int_arg("controller_id", source=form),
        executor_mark_id=int_arg("executor_mark_id", source=form),
        period_start=form.get("period_start", "").strip(),
        period_end=form.get("period_end", "").strip(),
        approvers=_refs(session, form.getlist("approver"), people_only=True),
        sub_person_id=int_arg("sub_person_id", source=form),
        sub_deputy_id=int_arg("sub_deputy_id", source=form),
        sub_start=form.get("sub_start", "").strip(),
        sub_end=form.get("sub_end", "").strip(),
    )
    _read_substitution(draft)
    if not draft.title:
        draft.error("title", "Укажите заголовок: например, «Об утверждении плана мероприятий…».")
    start, end = parse_day(draft.period_start), parse_day(draft.period_end)
    if draft.period_start and start is None:
        draft.error("period_start", "Дата в формате ДД.ММ.ГГГГ.")
    if draft.period_end and end is None:
        draft.error("period_end", "Дата в формате ДД.ММ.ГГГГ.")
    if (start is None) != (end is None) and "period_start" not in draft.errors and "period_end" not in draft.errors:
        draft.error("period_end" if start else "period_start", "Укажите обе даты периода или ни одной.")
    if start and end and start > end:
        draft.error("period_end", "Окончание периода раньше его начала.")
    for key in form.getlist("row")[:MAX_POINTS]:
        level = int_arg(f"level-{key}", 1, source=form) or 1
        row = PointRow(
            key=key,
            level=max(1, min(level, MAX_LEVEL)),
            text=form.get(f"text-{key}", "").strip(),
            controlled=form.get(f"controlled-{key}") == "yes",
            deadline_text=form.get(f"deadline-{key}", "").strip(),
            addressee_id=int_arg(f"addressee-{key}", source=form),
            responsible=_refs(session, form.getlist(f"resp-{key}")),
            co_executors=_refs(session, form.getlist(f"co-{key}")),
        )
        if not row.blank:
            draft.rows.append(row)
    _number_rows(draft.rows)
    for n, row in enumerate(draft.rows):
        has_children = n + 1 < len(draft.rows) and draft.rows[n + 1].level > row.level
        if not row.text and not (row.addressee_id and has_children):
            draft.error(f"point-{row.key}", NO_POINT_TEXT)
    if len(form.getlist("row")) > MAX_POINTS:
        draft.error("points", f"Не больше {MAX_POINTS} пунктов в одном приказе.")
    return draft


SUBSTITUTION_FIELDS = ("sub_person_id", "sub_deputy_id", "sub_start", "sub_end")


def _read_substitution(draft: DraftForm) -> None:
    """All four fields of «Временное исполнение обязанностей» or none; the dates as ДД.ММ.ГГГГ."""
    given = [name for name in SUBSTITUTION_FIELDS if getattr(draft, name)]
    if not given:
        return
    for name in SUBSTITUTION_FIELDS:
        if not getattr(draft, name):
            draft.error(name, "Заполните все поля временного исполнения обязанностей или оставьте их пустыми.")
    for name in ("sub_start", "sub_end"):
        if getattr(draft, name) and parse_day(getattr(draft, name)) is None:
            draft.error(name, "Дата в формате ДД.ММ.ГГГГ.")


def _substitution(draft: DraftForm) -> dict[str, Any] | None:
    start, end = parse_day(draft.sub_start), parse_day(draft.sub_end)
    if not (draft.sub_person_id and draft.sub_deputy_id and start and end):
        return None
    return {
        "person_id": draft.sub_person_id,
        "deputy_id": draft.sub_deputy_id,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def _number_rows(rows: list[PointRow]) -> None:
    """Numbers as the service will give them (1, 2, 2.1 …); a row nested too deep is lifted one level up."""
    counters: list[int] = []
    for row in rows:
        row.level = min(row.level, len(counters) + 1)
        del counters[row.level :]
        if len(counters) < row.level:
            counters.append(0)
        counters[row.level - 1] += 1
        row.number = ".".join(str(n) for n in counters)


def _tree(rows: list[PointRow]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The API's nested points, and the error path of each row («points.1.children.0», «points.2.1»)."""
    root: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any], str]] = []
    paths: dict[str, str] = {}
    for row in rows:
        while stack and stack[-1][0] >= row.level:
            stack.pop()
        siblings = stack[-1][1]["children"] if stack else root
        path = f"{stack[-1][2]}.children.{len(siblings)}" if stack else f"points.{len(root)}"
        node: dict[str, Any] = {
            "text": row.text,
            "controlled": row.controlled,
            "deadline_text": row.deadline_text,
            "addressee_id": row.addressee_id,
            "responsible": [r.as_api() for r in row.responsible],
            "co_executors": [r.as_api() for r in row.co_executors],
            "children": [],
        }
        siblings.append(node)
        stack.append((row.level, node, path))
        paths[path] = row.key
        paths[f"points.{row.number}"] = row.key
    return root, paths


def _payload(draft: DraftForm) -> tuple[dict[str, Any], dict[str, str]]:
    """The form as the API's JSON body, and the error path of each row."""
    points, paths = _tree(draft.rows)
    start, end = parse_day(draft.period_start), parse_day(draft.period_end)
    data = {
        "kind": draft.kind,
        "organization_id": draft.organization_id,
        "title": draft.title,
        "place": draft.place,
        "preamble": draft.preamble,
        "signatory_id": draft.signatory_id,
        "controller_id": draft.controller_id,
        "executor_mark_id": draft.executor_mark_id,
        "approvers": [r.as_api()["person_id"] for r in draft.approvers],
        "period": {"start": start.isoformat(), "end": end.isoformat()} if start and end else None,
        "points": points,
        "substitution": _substitution(draft),
    }
    return data, paths


def _load(schema: BaseSchema, data: dict[str, Any]) -> dict[str, Any]:
    """The form through the API's schema: the same limits, the same messages (as a ValidationFailed)."""
    try:
        loaded: dict[str, Any] = schema.load(data)
    except ValidationError as exc:
        details = flatten_messages(exc.messages)
        raise ValidationFailed(validation_message(details), details) from exc
    return loaded


def _attach_errors(draft: DraftForm, error: ValidationFailed, paths: dict[str, str]) -> None:
    """The service's messages at the editor's fields: a point's problem at its row, the rest by name."""
    top = {"signatory_id", "controller_id", "executor_mark_id", "title", "organization_id", "kind", "place", "preamble"}
    for name, messages in (error.details or {}).items():
        if name.startswith("approvers"):
            target = "approvers"
        elif name.startswith("substitution."):
            field_name = name.removeprefix("substitution.")
            target = f"sub_{field_name}" if f"sub_{field_name}" in SUBSTITUTION_FIELDS else "substitution"
        elif name in top:
            target = name
        elif name == "period" or name.startswith("period."):
            target = "period_end" if name == "period.end" else "period_start"
        elif name.startswith("points."):
            match = max((p for p in paths if name == p or name.startswith(p + ".")), key=len, default=None)
            target = f"point-{paths[match]}" if match else "points"
        else:
            target = "_form"
        for message in messages:
            draft.error(target, str(message))
    # The summary sentence names what is wrong (whose organization, which number); the fields say where.
    draft.error("_form", error.message)


def _editor(session: Session, draft: DraftForm, order: Order | None, status: int = 200) -> tuple[str, int]:
    choices = orders.editor_choices(session, actor(), draft.organization_id)
    if not draft.rows:
        draft.rows.append(PointRow(key="n0"))
    period = (parse_day(draft.period_start), parse_day(draft.period_end))
    page = render_template(
        "orders/editor.html",
        draft=draft,
        order=order,
        orgs=choices.organizations,
        org_id=choices.organization_id,
        people=choices.people,
        kinds=ORDER_KINDS,
        max_level=MAX_LEVEL,
        period=period,
        previews=_previews(session, draft, period),
    )
    return page, status


def _previews(session: Session, draft: DraftForm, period: tuple[date | None, date | None]) -> dict[str, str]:
    read = DeadlineReader(session)
    span = period if period[0] and period[1] else None
    return {row.key: describe(read(row.deadline_text, span, clock.today())) for row in draft.rows if row.deadline_text}  # type: ignore[arg-type]


def describe(deadline: Any) -> str:
    """One Russian line: what a deadline text means and which dates it gives."""
    if deadline is None:
        return ""
    kind = DEADLINE_KIND_LABELS.get(deadline.kind, deadline.kind)
    dates = [f"{d:%d.%m.%Y}" for d in deadline.working_due_dates]
    if dates:
        shown = ", ".join(dates[:6]) + (f" и ещё {len(dates) - 6}" if len(dates) > 6 else "")
        start = f"с {deadline.start:%d.%m.%Y} " if deadline.start else ""
        line = f"{kind}: {start}{'до ' if len(dates) == 1 else 'сроки '}{shown}"
    else:
        line = kind
    if len(dates) > 1:
        line += f". Поручений каждому исполнителю: {len(dates)}"
    if deadline.warnings:
        line += ". " + " ".join(deadline.warnings)
    return line


def _form_of(session: Session, order: Order) -> DraftForm:
    names = Names(session).load(e for p in order.points for e in p.executors)

    def refs(executors: list[Any]) -> list[Ref]:
        result = []
        for e in executors:
            kind = "p" if e.person_id is not None else ("os" if e.include_subordinates else "o")
            result.append(Ref(f"{kind}:{e.person_id or e.organization_id}", names.of(e)))
        return result

    draft = DraftForm(
        organization_id=order.organization_id,
        kind=order.kind,
        title=order.title,
        place=order.place,
        preamble=order.preamble,
        signatory_id=order.signatory_id,
        controller_id=order.controller_id,
        executor_mark_id=order.executor_mark_id,
        period_start=f"{order.period_start:%d.%m.%Y}" if order.period_start else "",
        period_end=f"{order.period_end:%d.%m.%Y}" if order.period_end else "",
        approvers=[Ref(f"p:{v.approver_id}", v.approver.name_initials) for v in order.visas],
    )
    named = named_in_order(order)
    if named is not None:
        draft.sub_person_id, draft.sub_deputy_id = named["person_id"], named["deputy_id"]
        draft.sub_start, draft.sub_end = f"{named['start']:%d.%m.%Y}", f"{named['end']:%d.%m.%Y}"
    for n, point in enumerate(order.points):
        draft.rows.append(
            PointRow(
                key=f"e{n}",
                level=point.depth,
                text=point.text,
                controlled=point.controlled,
                deadline_text=point.deadline_text,
                addressee_id=point.addressee_id,
                responsible=refs(point.responsible),
                co_executors=refs(point.co_executors),
                number=point.number,
            )
        )
    return draft


@bp.route("/orders/new", methods=["GET", "POST"])
def order_new() -> tuple[str, int] | Response:
    """A new draft order."""
    who = require_role(*DRAFTING_ROLES)
    with get_db().session() as session:
        if request.method == "GET":
            place = orders.organization_place(session, who.organization_id)
            return _editor(session, DraftForm(organization_id=who.organization_id, place=place), None)
        draft = read_form(session)
        if draft.errors:
            return _editor(session, draft, None, 422)
    data, paths = _payload(draft)
    try:
        order_id = drafting.draft_order(get_db(), who, drafting.OrderDraft(**_load(OrderSchema(), data)))
    except ValidationFailed as exc:
        _attach_errors(draft, exc, paths)
        with get_db().session() as session:
            return _editor(session, draft, None, status_of(exc))
    flash("Проект приказа сохранён. Проверьте его и направьте на согласование.", "success")
    return redirect(url_for("web.order_card", order_id=order_id))


@bp.route("/orders/<id:order_id>/edit", methods=["GET", "POST"])
def order_edit(order_id: int) -> tuple[str, int] | Response:
    """Edit a draft order (points, executors and visas are saved as whole lists)."""
    who = actor()
    with get_db().session() as session:
        try:
            order = orders.editable_order(session, who, order_id)
        except drafting.NotEditable:
            flash("Изменять можно только проект: верните приказ на доработку.", "error")
            return redirect(url_for("web.order_card", order_id=order_id))
        if request.method == "GET":
            return _editor(session, _form_of(session, order), order)
        draft = read_form(session)
        draft.organization_id = order.organization_id
        if draft.errors:
            return _editor(session, draft, order, 422)
    data, paths = _payload(draft)
    data.pop("organization_id")
    try:
        changes = _load(OrderPatchSchema(), data)
        edit = drafting.OrderEdit(order_id, int_arg("version", source=request.form), changes)
        drafting.update_order(get_db(), who, edit)
    except DomainError as exc:
        if isinstance(exc, ValidationFailed):
            _attach_errors(draft, exc, paths)
        else:
            draft.error("_form", exc.message)
        with get_db().session() as session:
            return _editor(session, draft, orders.visible_order(session, who, order_id), status_of(exc))
    flash("Проект приказа сохранён.", "success")
    return redirect(url_for("web.order_card", order_id=order_id))


@bp.get("/directory/search")
def directory_search() -> Response:
    """People and organizations for the executor picker (JSON): by a part of the name, inside the document's tree."""
    q = (request.args.get("q") or "").strip()[:100]
    kinds = set((request.args.get("kinds") or "person,org").split(","))
    with get_db().session() as session:
        items = orders.executor_choices(session, q, kinds, int_arg("org"))
    return jsonify({"items": items})


@bp.get("/deadlines/preview")
def deadline_preview() -> Response:
    """What a deadline text means (JSON for the editor's live preview): kind, dates, warnings, one Russian line."""
    text = (request.args.get("text") or "").strip()[:500]
    start, end = parse_day(request.args.get("start")), parse_day(request.args.get("end"))
    period = (start, end) if start and end and start <= end else None
    if not text:
        return jsonify({"text": "", "line": "", "dates": [], "kind": None, "needs_date": False, "warnings": []})
    with get_db().session() as session:
        read = DeadlineReader(session)(text, period, clock.today())
        deadline = as_dispatched(read) if read is not None else None
    assert deadline is not None  # the text is not empty
    return jsonify(
        {
            "text": text,
            "kind": deadline.kind,
            "kind_label": DEADLINE_KIND_LABELS.get(deadline.kind, deadline.kind),
            "dates": [f"{d:%d.%m.%Y}" for d in deadline.working_due_dates],
            "needs_date": deadline.needs_date,
            "warnings": list(deadline.warnings),
            "line": describe(deadline),
        }
    )
