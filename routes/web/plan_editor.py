"""Editing drafts in the browser: a roadmap on its card (sections, activities, up/down, delete, the executor
picker) and reporting cycles («Новый цикл отчётности», the edit page of a draft)."""

from __future__ import annotations

import re
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from routes.errors import status_of
from routes.schemas.plans import ActivitySchema, ReportingCycleSchema, RoadmapSchema, SectionSchema
from routes.web import bp
from routes.web.common import actor, get_db, int_arg, parse_day, require_role
from routes.web.forms import RoadmapImportForm
from routes.web.plans import DRAFTING_ROLES, draft_order_choices
from workflow.errors import DomainError
from workflow.queries import executor_matches as picker
from workflow.services import plan_edits
from workflow.services.common import may_draft
from workflow.services.plans import DraftReportingCycle, DraftRoadmap, draft_plan

FormPage = str | tuple[str, int] | Response
_ITEMS = ("section", "activity")


def _version() -> int | None:
    return int_arg("version", source=request.form)


def _card(roadmap_id: int, anchor: str = "activities") -> Response:
    return redirect(url_for("web.roadmap_card", roadmap_id=roadmap_id, _anchor=anchor))


def _problems(exc: ValidationError | DomainError) -> str:
    if isinstance(exc, ValidationError):
        messages = exc.normalized_messages()
        return " ".join(str(m) for problems in messages.values() for m in _flat(problems))
    details = " ".join(m for problems in (exc.details or {}).values() for m in problems)
    return f"{exc.message} {details}".strip() if details and details not in exc.message else exc.message


def _flat(problems: Any) -> list[Any]:
    if isinstance(problems, dict):
        return [m for inner in problems.values() for m in _flat(inner)]
    return list(problems) if isinstance(problems, list) else [problems]


def _run(command: plan_edits.RoadmapEdit, failure: str) -> plan_edits.Edited | None:
    """One change through the use case; its words flashed either way."""
    try:
        edited = plan_edits.edit_roadmap(get_db(), actor(), command)
    except DomainError as exc:
        flash(f"{failure} {_problems(exc)}", "error")
        return None
    flash(f"{edited.said}.", "success")
    return edited


def _section_data() -> dict[str, Any]:
    # The API's schema for a section (without activities): the page takes what POST /roadmaps takes.
    raw = {"title": request.form.get("title", ""), "number": request.form.get("number", "").strip() or None}
    return SectionSchema(only=("number", "title")).load(raw)


@bp.post("/roadmaps/<id:roadmap_id>/sections")
def roadmap_section_add(roadmap_id: int) -> Response:
    """A new section at the end of a draft roadmap."""
    try:
        data = _section_data()
    except ValidationError as exc:
        flash(f"Раздел не добавлен. {_problems(exc)}", "error")
        return _card(roadmap_id)
    edited = _run(plan_edits.AddSection(roadmap_id, data, _version()), "Раздел не добавлен.")
    return _card(roadmap_id, f"section-{edited.item_id}" if edited else "activities")


@bp.post("/roadmaps/<id:roadmap_id>/sections/<id:section_id>")
def roadmap_section_change(roadmap_id: int, section_id: int) -> Response:
    """A section's number and title."""
    try:
        data = _section_data()
    except ValidationError as exc:
        flash(f"Раздел не сохранён. {_problems(exc)}", "error")
        return _card(roadmap_id)
    _run(plan_edits.ChangeSection(roadmap_id, section_id, data, _version()), "Раздел не сохранён.")
    return _card(roadmap_id, f"section-{section_id}")


def _item() -> tuple[plan_edits.Item, int] | None:
    raw, item_id = request.form.get("item", ""), int_arg("item_id", source=request.form)
    if raw not in _ITEMS or item_id is None:
        flash("Не понятно, что изменить: обновите страницу.", "error")
        return None
    item: plan_edits.Item = "section" if raw == "section" else "activity"
    return item, item_id


@bp.post("/roadmaps/<id:roadmap_id>/move")
def roadmap_move(roadmap_id: int) -> Response:
    """A section or an activity one place up or down."""
    picked = _item()
    if picked is None:
        return _card(roadmap_id)
    item, item_id = picked
    up = request.form.get("direction") == "up"
    command = plan_edits.MoveItem(roadmap_id, item, item_id, up, _version())
    _run(command, "Порядок не изменён.")
    return _card(roadmap_id, f"{item}-{item_id}")


@bp.post("/roadmaps/<id:roadmap_id>/delete")
def roadmap_delete(roadmap_id: int) -> Response:
    """A section (with its activities) or an activity deleted."""
    picked = _item()
    if picked is None:
        return _card(roadmap_id)
    item, item_id = picked
    command = plan_edits.DeleteItem(roadmap_id, item, item_id, _version())
    _run(command, "Не удалено.")
    return _card(roadmap_id)


# The activity form ----------------------------------------------------------------------------------------


def _chosen() -> dict[str, str]:
    """The picker's rows as the form sent them: {"p:7": "responsible", …} (rows set to «не назначать» left out)."""
    chosen: dict[str, str] = {}
    for value in request.form.getlist("candidate"):
        role = request.form.get(f"role-{value}", "")
        if role in picker.ROLE_CHOICES and role:
            chosen[value] = role
    return chosen


def _refs(chosen: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The API's executor references from the picker's rows."""
    refs: dict[str, list[dict[str, Any]]] = {"responsible": [], "co_executors": []}
    for value, role in chosen.items():
        kind, _, number = value.partition(":")
        if not number.isdigit():
            continue
        ref: dict[str, Any] = {"person_id": int(number)} if kind == "p" else {"organization_id": int(number)}
        if kind == "o" and role == "responsible_sub":
            ref["include_subordinates"] = True
        refs["co_executors" if role == "co_executor" else "responsible"].append(ref)
    return refs


def _activity_page(roadmap_id: int, section_id: int | None, activity_id: int | None) -> FormPage:
    who = actor()
    posted = request.method == "POST"
    values = {k: request.form.get(k, "") for k in ("number", "content", "deadline_text", "responsible_text")}
    query = (request.form.get("q") if posted else request.args.get("q")) or ""
    errors: dict[str, list[str]] = {}
    top: list[str] = []
    status = 200
    if posted and request.form.get("do") != "search":
        chosen = _chosen()
        raw = {**values, "number": values["number"].strip() or None, **_refs(chosen)}
        try:
            data = ActivitySchema().load(raw)
            command: plan_edits.RoadmapEdit
            if activity_id is not None:
                command = plan_edits.ChangeActivity(roadmap_id, activity_id, data, _version())
            else:
                command = plan_edits.AddActivity(roadmap_id, section_id or 0, data, _version())
            edited = plan_edits.edit_roadmap(get_db(), who, command)
        except ValidationError as exc:
            messages = exc.normalized_messages()
            errors = {k: [str(m) for m in _flat(v)] for k, v in messages.items()}
            top, status = ["Мероприятие не сохранено: исправьте отмеченные поля."], 422
        except DomainError as exc:
            top, status = [f"Мероприятие не сохранено. {_problems(exc)}"], status_of(exc)
            errors = {k: list(v) for k, v in (exc.details or {}).items()}
        else:
            flash(f"{edited.said}.", "success")
            return _card(roadmap_id, f"activity-{edited.item_id}")
    with get_db().session() as session:
        view = picker.activity_editor(
            session,
            who,
            roadmap_id,
            section_id=section_id,
            activity_id=activity_id,
            responsible_text=values["responsible_text"] if posted else None,
            query=query,
            chosen=_chosen() if posted else None,
        )
        form = values if posted else _stored(view.activity)
        page = render_template(
            "plans/activity.html",
            view=view,
            form=form,
            errors=errors,
            top=top,
            roles=picker.ROLE_CHOICES,
            version=view.roadmap.version,
            may_edit=plan_edits.may_edit_plan(session, who, view.roadmap),
        )
        return page, status


def _stored(activity: Any) -> dict[str, str]:
    if activity is None:
        return {"number": "", "content": "", "deadline_text": "", "responsible_text": ""}
    return {
        "number": activity.number,
        "content": activity.content,
        "deadline_text": activity.deadline_text,
        "responsible_text": activity.responsible_text,
    }


@bp.route("/roadmaps/<id:roadmap_id>/sections/<id:section_id>/activities/new", methods=["GET", "POST"])
def roadmap_activity_new(roadmap_id: int, section_id: int) -> FormPage:
    """A new activity at the end of a section: the form with the executor picker."""
    return _activity_page(roadmap_id, section_id, None)


@bp.route("/roadmaps/<id:roadmap_id>/activities/<id:activity_id>", methods=["GET", "POST"])
def roadmap_activity_edit(roadmap_id: int, activity_id: int) -> FormPage:
    """An activity's fields and executors; the picker offers the directory entries its imported text names."""
    return _activity_page(roadmap_id, None, activity_id)


# Reporting cycles: «Новый цикл отчётности» and the edit page of a draft ------------------------------------

INDICATOR_ROWS = 3  # empty rows offered after the stored indicators
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _cycle_form() -> dict[str, Any]:
    """The form's fields as typed (re-shown after an error)."""
    form: dict[str, Any] = {
        k: request.form.get(k, "") for k in ("title", "schedule_text", "period_start", "period_end")
    }
    form["controller_id"] = int_arg("controller_id", source=request.form)
    form["order_id"] = int_arg("order_id", source=request.form)
    rows = []
    for n in request.form.getlist("indicator"):
        rows.append({k: request.form.get(f"indicator-{k}-{n}", "") for k in ("name", "unit", "target")})
    form["indicators"] = rows
    return form


def _stored_cycle(cycle: Any) -> dict[str, Any]:
    if cycle is None:
        return {
            "title": "",
            "schedule_text": "",
            "period_start": "",
            "period_end": "",
            "controller_id": None,
            "order_id": None,
            "indicators": [],
        }
    return {
        "title": cycle.title,
        "schedule_text": cycle.schedule_text,
        "period_start": f"{cycle.period_start:%d.%m.%Y}" if cycle.period_start else "",
        "period_end": f"{cycle.period_end:%d.%m.%Y}" if cycle.period_end else "",
        "controller_id": cycle.controller_id,
        "order_id": cycle.order_id,
        "indicators": [
            {"name": i.name, "unit": i.unit, "target": "" if i.target is None else f"{i.target.normalize():f}"}
            for i in cycle.indicators
        ],
    }


def _cycle_payload(form: dict[str, Any], chosen: dict[str, str]) -> dict[str, Any]:
    """The body POST /reporting-cycles takes, from the form (dates as the API writes them, empty rows dropped)."""
    start, end = parse_day(form["period_start"]), parse_day(form["period_end"])
    period: dict[str, str] | None = None
    if form["period_start"].strip() or form["period_end"].strip():
        period = {
            "start": start.isoformat() if start else form["period_start"],
            "end": end.isoformat() if end else form["period_end"],
        }
    indicators = []
    for row in form["indicators"]:
        if not (row["name"].strip() or row["unit"].strip() or row["target"].strip()):
            continue
        item: dict[str, Any] = {"name": row["name"], "unit": row["unit"]}
        if row["target"].strip():
            typed = row["target"].strip().replace(",", ".").replace(" ", "")
            # A number as the API takes it; anything else goes on as typed, for the schema to name it.
            item["target"] = float(typed) if _NUMBER.fullmatch(typed) else typed
        indicators.append(item)
    return {
        "title": form["title"],
        "schedule_text": form["schedule_text"],
        "period": period,
        "controller_id": form["controller_id"],
        "responsible": _refs(chosen)["responsible"],
        "indicators": indicators,
    }


def _cycle_page(cycle_id: int | None) -> FormPage:
    who = actor()
    posted = request.method == "POST"
    query = (request.form.get("q") if posted else request.args.get("q")) or ""
    errors: dict[str, list[str]] = {}
    top: list[str] = []
    status = 200
    form = _cycle_form() if posted else None
    chosen = _chosen() if posted else None
    if posted and form is not None and chosen is not None and request.form.get("do") != "search":
        payload = _cycle_payload(form, chosen)
        try:
            if cycle_id is None:
                loaded = ReportingCycleSchema().load(
                    {**payload, "organization_id": who.organization_id, "order_id": form["order_id"]}
                )
                new_id = draft_plan(get_db(), who, DraftReportingCycle(**loaded))
            else:
                loaded = ReportingCycleSchema(exclude=("organization_id", "order_id")).load(payload)
                command = plan_edits.ChangeCycle(cycle_id, expected_version=_version(), **loaded)
                plan_edits.change_cycle(get_db(), who, command)
                new_id = cycle_id
        except ValidationError as exc:
            errors = {k: [str(m) for m in _flat(v)] for k, v in exc.normalized_messages().items()}
            top, status = ["Отчётность не сохранена: исправьте отмеченные поля."], 422
        except DomainError as exc:
            top, status = [f"Отчётность не сохранена. {_problems(exc)}"], status_of(exc)
            errors = {k: list(v) for k, v in (exc.details or {}).items()}
        else:
            flash("Проект отчётности создан." if cycle_id is None else "Проект отчётности сохранён.", "success")
            return redirect(url_for("web.cycle_card", cycle_id=new_id))
    with get_db().session() as session:
        view = picker.cycle_editor(session, who, cycle_id, query=query, chosen=chosen)
        editable = view.cycle is None or plan_edits.may_edit_plan(session, who, view.cycle)
        shown = form if form is not None else _stored_cycle(view.cycle)
        rows = [*shown["indicators"], *({"name": "", "unit": "", "target": ""} for _ in range(INDICATOR_ROWS))]
        page = render_template(
            "plans/cycle_form.html",
            view=view,
            form=shown,
            indicator_rows=rows,
            errors=errors,
            top=top,
            roles={k: v for k, v in picker.ROLE_CHOICES.items() if k != "co_executor"},
            editable=editable,
            may_draft=may_draft(session, who),
        )
        return page, status


@bp.route("/cycles/new", methods=["GET", "POST"])
def cycle_new() -> FormPage:
    """«Новый цикл отчётности»: a draft of the user's organization, as POST /reporting-cycles creates it."""
    return _cycle_page(None)


@bp.route("/cycles/<id:cycle_id>/edit", methods=["GET", "POST"])
def cycle_edit(cycle_id: int) -> FormPage:
    """A draft reporting cycle's fields, responsible executors and indicators."""
    return _cycle_page(cycle_id)


@bp.route("/roadmaps/new", methods=["GET", "POST"])
def roadmap_new() -> FormPage:
    """«Новая дорожная карта»: an empty draft (title, period, order) whose sections are added on its card."""
    who = require_role(*DRAFTING_ROLES)
    with get_db().session() as session:
        form = RoadmapImportForm()
        del form.file  # the same fields as the import, without a table to read
        form.order_id.choices = draft_order_choices(session, who)
    top: list[str] = []
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        start, end = form.period_start.data, form.period_end.data
        payload: dict[str, Any] = {
            "title": form.title.data.strip(),
            "organization_id": who.organization_id,
            "order_id": form.order_id.data,
            "period": {"start": start.isoformat(), "end": end.isoformat()} if start and end else None,
        }
        try:
            if (start is None) != (end is None):
                raise ValidationError({"period": ["Укажите обе даты периода или ни одной."]})
            # The API's schema, so that the page takes what POST /roadmaps takes.
            roadmap_id = draft_plan(get_db(), who, DraftRoadmap(**RoadmapSchema().load(payload)))
        except ValidationError as exc:
            top = [m for problems in exc.normalized_messages().values() for m in _flat(problems)]
        except DomainError as exc:
            top, status = [exc.message], status_of(exc)
        else:
            flash("Проект дорожной карты создан: добавьте разделы и мероприятия.", "success")
            return redirect(url_for("web.roadmap_card", roadmap_id=roadmap_id, _anchor="add-section"))
    back = ("web.roadmaps", "Дорожные карты")
    return render_template("plans/new.html", form=form, title="Новая дорожная карта", top=top, back=back), status


@bp.post("/roadmaps/<id:roadmap_id>/details")
def roadmap_details(roadmap_id: int) -> Response:
    """A draft roadmap's title, period and controller."""
    start_raw, end_raw = request.form.get("period_start", ""), request.form.get("period_end", "")
    start, end = parse_day(start_raw), parse_day(end_raw)
    raw: dict[str, Any] = {
        "title": request.form.get("title", ""),
        "controller_id": int_arg("controller_id", source=request.form),
    }
    if start_raw.strip() or end_raw.strip():
        raw["period"] = {"start": start.isoformat() if start else start_raw, "end": end.isoformat() if end else end_raw}
    try:
        data = RoadmapSchema(only=("title", "period", "controller_id")).load(raw)
    except ValidationError as exc:
        flash(f"Сведения не сохранены. {_problems(exc)}", "error")
        return _card(roadmap_id, "h-about")
    command = plan_edits.ChangeDetails(
        roadmap_id, data["title"], data.get("period"), data.get("controller_id"), _version()
    )
    _run(command, "Сведения не сохранены.")
    return _card(roadmap_id, "h-about")
