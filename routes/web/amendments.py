"""Amendments on the pages: «Внести изменения» (a form over the order's points) and the consolidated text."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from routes.errors import flatten_messages, status_of, validation_message
from routes.schemas.amendments import AmendmentSchema
from routes.web import bp
from routes.web.common import actor, get_db
from workflow.errors import DomainError, ValidationFailed
from workflow.queries import amendments as amendment_queries
from workflow.queries import consolidated
from workflow.services.amendments import AmendmentDraft, Change, draft_amendment

# What the clerk picks per point; the first three are a replace with what they name (and whatever else is filled).
POINT_ACTIONS = {
    "": "без изменений",
    "text": "новая редакция",
    "deadline": "новый срок",
    "executor": "новый исполнитель",
    "repeal": "утратил силу",
    "add_after": "добавить после",
}
ACTIVITY_ACTIONS = {**POINT_ACTIONS, "repeal": "исключить"}
_NEEDS = {"text": "text", "deadline": "deadline_text", "executor": "responsible"}
_LABELS = {"text": "Новая редакция", "deadline_text": "Новый срок", "responsible": "Новый исполнитель"}


def _ref(value: str) -> dict[str, Any] | None:
    """«p:7» / «o:3» / «os:3» from the executor select, as the API's reference."""
    kind, _, number = value.partition(":")
    if not number.isdigit() or kind not in ("p", "o", "os"):
        return None
    if kind == "p":
        return {"person_id": int(number)}
    return {"organization_id": int(number), "include_subordinates": kind == "os"}


@dataclass
class AmendForm:
    """The form's values as typed, the changes in the API's shape, and the messages at the rows."""

    values: dict[str, str] = field(default_factory=dict)
    changes: list[dict[str, Any]] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""


def read_form(form: Any) -> AmendForm:
    """Every row with an action becomes a change; a row's missing value is a message at that row."""
    result = AmendForm(values={k: v for k, v in form.items() if k != "csrf_token"})
    for key in sorted({k.removeprefix("action_") for k in form if k.startswith("action_")}, key=_row_order):
        action = form.get(f"action_{key}", "")
        if not action:
            continue
        target = "activity" if key.startswith("a") else "point"
        change: dict[str, Any] = {target: form.get(f"number_{key}", ""), "action": action}
        if target == "activity" and form.get(f"roadmap_{key}", "").isdigit():
            change["roadmap_id"] = int(form[f"roadmap_{key}"])
        values = {
            "text": form.get(f"text_{key}", "").strip(),
            "deadline_text": form.get(f"deadline_{key}", "").strip(),
            "responsible": _ref(form.get(f"executor_{key}", "")),
        }
        if action in _NEEDS:
            change["action"] = "replace"
            needed = _NEEDS[action]
            if not values[needed]:
                result.errors[key] = [f"Заполните поле «{_LABELS[needed]}»."]
                continue
        if action != "repeal":
            if values["text"]:
                change["text"] = values["text"]
            if values["deadline_text"]:
                change["deadline_text"] = values["deadline_text"]
            if values["responsible"]:
                change["responsible"] = [values["responsible"]]
        result.changes.append(change)
        result.rows.append(key)
    return result


def _row_order(key: str) -> tuple[int, int]:
    return (1, int(key[1:])) if key.startswith("a") else (0, int(key))


def _page(order_id: int, form: AmendForm, status: int = 200) -> tuple[str, int]:
    with get_db().session() as session:
        choices = amendment_queries.amend_choices(session, actor(), order_id)
        return render_template(
            "orders/amend.html",
            choices=choices,
            form=form,
            point_actions=POINT_ACTIONS,
            activity_actions=ACTIVITY_ACTIONS,
        ), status


def _attach(form: AmendForm, error: ValidationFailed) -> None:
    form.message = error.message
    for path, messages in (error.details or {}).items():
        parts = path.split(".")
        if parts[0] == "changes" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(form.rows):
            form.errors.setdefault(form.rows[int(parts[1])], []).extend(messages)
        else:
            form.errors.setdefault("_form", []).extend(messages)


@bp.route("/orders/<id:order_id>/amend", methods=["GET", "POST"])
def order_amend(order_id: int) -> tuple[str, int] | Response:
    """«Внести изменения»: per point (and roadmap activity) what changes; creates the draft and opens the editor."""
    if request.method == "GET":
        return _page(order_id, AmendForm())
    form = read_form(request.form)
    if form.errors or not form.changes:
        form.message = "Проверьте отмеченные строки." if form.errors else "Выберите хотя бы одно изменение."
        return _page(order_id, form, 422)
    body = {"reason": request.form.get("reason", "").strip() or None, "changes": form.changes}
    try:
        try:
            data = AmendmentSchema().load(body)
        except ValidationError as exc:
            details = flatten_messages(exc.messages)
            raise ValidationFailed(validation_message(details), details) from exc
        command = AmendmentDraft([Change(**c) for c in data["changes"]], reason=data.get("reason"))
        new_id = draft_amendment(get_db(), actor(), order_id, command)
    except ValidationFailed as exc:
        _attach(form, exc)
        return _page(order_id, form, status_of(exc))
    except DomainError as exc:
        form.message = exc.message
        return _page(order_id, form, status_of(exc))
    flash("Проект приказа о внесении изменений создан. Проверьте его и направьте на согласование.", "success")
    return redirect(url_for("web.order_edit", order_id=new_id))


@bp.get("/orders/<id:order_id>/consolidated")
def order_consolidated(order_id: int) -> str:
    """The order as it reads now, with every amendment in force."""
    with get_db().session() as session:
        result = consolidated.consolidated_order(session, actor(), order_id)
        return render_template("orders/consolidated.html", result=result, order=result.order)


@bp.get("/orders/<id:order_id>/consolidated.docx")
def order_consolidated_docx(order_id: int) -> Response:
    """The consolidated text as DOCX «в редакции приказа от … № …»."""
    with get_db().session() as session:
        out = consolidated.consolidated_docx(session, actor(), order_id)
    return send_file(io.BytesIO(out.data), mimetype=out.content_type, as_attachment=True, download_name=out.filename)
