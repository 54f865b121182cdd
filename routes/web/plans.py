"""Roadmaps (sections, activities, a timeline), working groups (composition editor), reporting cycles (indicators)."""

from __future__ import annotations

import io
from datetime import date

from flask import flash, redirect, render_template, request, send_file, url_for
from marshmallow import ValidationError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from models import Roadmap
from models.working_groups import MEMBER_ROLES
from routes.errors import status_of
from routes.schemas.plans import WorkingGroupSchema
from routes.web import bp
from routes.web.charts import GanttRow, Point, gantt_chart, indicator_chart
from routes.web.common import Pager, actor, get_db, int_arg, paging, require_role
from routes.web.events import actions, pending_form
from routes.web.forms import GroupForm, RoadmapImportForm, RuForm, options
from routes.web.labels import order_name
from routes.web.orders import order_ref
from workflow import clock
from workflow.engine.engine import history
from workflow.engine.lifecycles import LIFECYCLES
from workflow.engine.permissions import Actor
from workflow.errors import DomainError, ValidationFailed
from workflow.queries import plans
from workflow.queries.cards import Progress
from workflow.queries.executor_matches import tree_people
from workflow.services import documents, plan_edits, working_groups
from workflow.services import roadmap_import as roadmap_import_service
from workflow.services.common import may_draft
from workflow.services.plans import DraftWorkingGroup, draft_plan
from workflow.services.visibility import Visibility

DRAFTING_ROLES = ("clerk", "head", "admin")
FormPage = str | tuple[str, int] | Response
PLAN_PAGES = {
    "roadmaps": ("Дорожные карты", "web.roadmap_card", "roadmap_id"),
    "working-groups": ("Рабочие группы", "web.group_card", "group_id"),
    "reporting-cycles": ("Отчётность", "web.cycle_card", "cycle_id"),
}


def _plan_list(kind: str) -> str:
    number, per_page = paging()
    state = request.args.get("state") or None
    state = state if state in LIFECYCLES[kind].states else None
    who = actor()
    with get_db().session() as session:
        visibility = Visibility(session, who)
        items, total = plans.list_plans(session, who, kind, {"state": state, "page": number, "per_page": per_page})
        title, endpoint, arg = PLAN_PAGES[kind]
        return render_template(
            "plans/list.html",
            kind=kind,
            title=title,
            items=items,
            endpoint=endpoint,
            arg=arg,
            pager=Pager(number, per_page, total),
            state=state,
            states=LIFECYCLES[kind].states,
            order_ref=lambda order_id: order_ref(session, visibility, order_id),
            may_draft=may_draft(session, who),
        )


@bp.get("/roadmaps")
def roadmaps() -> str:
    """Roadmaps the user sees."""
    return _plan_list("roadmaps")


@bp.get("/groups")
def groups() -> str:
    """Working groups the user sees."""
    return _plan_list("working-groups")


@bp.get("/cycles")
def cycles() -> str:
    """Reporting cycles the user sees."""
    return _plan_list("reporting-cycles")


def _gantt_css(progress: Progress | None) -> str:
    if progress is None or not progress.total:
        return "gantt-open"
    if progress.overdue:
        return "gantt-overdue"
    return "gantt-done" if progress.done == progress.total else "gantt-open"


def _span(roadmap: Roadmap, rows: list[GanttRow]) -> tuple[date, date]:
    if roadmap.period is not None:
        return roadmap.period
    days = [d for r in rows for d in (*r.due_dates, *([r.start] if r.start else []))]
    today = clock.today()
    return (min(days, default=today), max(days, default=today))


@bp.get("/roadmaps/<id:roadmap_id>")
def roadmap_card(roadmap_id: int) -> str:
    """A roadmap: sections and activities with their deadlines, progress and a timeline."""
    who = actor()
    today = clock.today()
    with get_db().session() as session:
        view = plans.roadmap_view(session, who, roadmap_id, today)
        roadmap: Roadmap = view.detail.obj
        rows = []
        for activity in view.activities:
            deadline = view.detail.deadlines.get(activity.id)
            dates = tuple(deadline.working_due_dates) if deadline else ()
            start = deadline.start if deadline else None
            rows.append(
                GanttRow(activity.number, activity.content, start, dates, _gantt_css(view.progress.get(activity.id)))
            )
        chart = gantt_chart(rows, _span(roadmap, rows), today, f"Сроки мероприятий: {roadmap.title}")
        return render_template(
            "plans/roadmap.html",
            roadmap=roadmap,
            deadlines=view.detail.deadlines,
            names=view.names,
            progress=view.progress,
            chart=chart,
            actions=actions(session, roadmap, who),
            pending=pending_form("roadmaps", roadmap.id),
            history=history(session, roadmap),
            order=order_ref(session, Visibility(session, who), roadmap.order_id),
            editable=plan_edits.may_edit_plan(session, who, roadmap),
            people=tree_people(session, roadmap.organization_id),
        )


@bp.get("/groups/<id:group_id>")
def group_card(group_id: int) -> str:
    """A working group: purpose, composition (editable while a draft), tasks, actions, history."""
    who = actor()
    with get_db().session() as session:
        view = plans.group_view(session, who, group_id)
        group = view.group
        return render_template(
            "plans/group.html",
            group=group,
            editable=view.editable,
            people=view.people,
            roles=MEMBER_ROLES,
            tasks=view.tasks,
            actions=actions(session, group, who),
            pending=pending_form("working-groups", group.id),
            history=history(session, group),
            order=order_ref(session, Visibility(session, who), group.order_id),
            member_errors=request.args.get("errors"),
            today=clock.today(),
        )


@bp.post("/groups/<id:group_id>/members")
def group_members(group_id: int) -> Response:
    """Save the composition of a draft working group (rows in order; an empty row adds nobody)."""
    members = []
    for key in request.form.getlist("row"):
        person_id = int_arg(f"person-{key}", source=request.form)
        if person_id is None or request.form.get(f"remove-{key}") == "yes":
            continue
        members.append(working_groups.Member(person_id, request.form.get(f"role-{key}", "member")))
    back = url_for("web.group_card", group_id=group_id, _anchor="members")
    command = working_groups.ReplaceMembers(group_id, tuple(members), int_arg("version", source=request.form))
    try:
        working_groups.replace_members(get_db(), actor(), command)
    except ValidationFailed as exc:
        details = "; ".join(m for messages in exc.details.values() for m in messages)
        flash(f"Состав не сохранён: {exc.message} {details}".strip(), "error")
    except DomainError as exc:
        flash(f"Состав не сохранён. {exc.message}", "error")
    else:
        flash(f"Состав сохранён: {len(members)} чел.", "success")
    return redirect(back)


@bp.get("/cycles/<id:cycle_id>")
def cycle_card(cycle_id: int) -> str:
    """A reporting cycle: indicators, periods with their values, entry of values, a chart per indicator."""
    who = actor()
    with get_db().session() as session:
        view = plans.cycle_view(session, who, cycle_id)
        cycle, values = view.cycle, view.values
        charts = [
            indicator_chart(
                [
                    Point(p.label or f"{p.due_date:%d.%m.%Y}", getattr(values.get((p.id, i.id)), "value", None))
                    for p in cycle.periods
                ],
                i.target,
                i.unit,
                f"{i.name} по периодам",
            )
            for i in cycle.indicators
        ]
        period_actions = {p.id: actions(session, p, who) for p in cycle.periods}
        period_pending = {p.id: pending_form("reporting-periods", p.id) for p in cycle.periods}
        return render_template(
            "plans/cycle.html",
            cycle=cycle,
            names=view.names,
            values=values,
            charts=zip(cycle.indicators, charts, strict=True),
            actions=actions(session, cycle, who),
            pending=pending_form("reporting-cycles", cycle.id),
            period_actions=period_actions,
            period_pending=period_pending,
            history=history(session, cycle),
            order=order_ref(session, Visibility(session, who), cycle.order_id),
            editable=plan_edits.may_edit_plan(session, who, cycle),
        )


def draft_order_choices(session: Session, who: Actor) -> list[SelectChoice]:
    orders = plans.attachable_orders(session, who)
    return options([("", "— не прикладывать —"), *((o.id, f"{order_name(o)}: {o.title[:90]}") for o in orders)])


def _at_fields(form: RuForm, messages: dict[str, list[str]]) -> list[str]:
    """The schema's messages shown at the form's fields; those of no field, at the top of the form."""
    top = []
    for name, problems in messages.items():
        if name in form:
            form[name].errors = [*form[name].errors, *problems]
        else:
            top.extend(problems)
    return top


@bp.route("/groups/new", methods=["GET", "POST"])
def group_new() -> FormPage:
    """A new draft working group of the user's organization; its composition is edited on its card."""
    who = require_role(*DRAFTING_ROLES)
    with get_db().session() as session:
        form = GroupForm()
        form.order_id.choices = draft_order_choices(session, who)
    top: list[str] = []
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        payload = {
            "name": form.name.data.strip(),
            "purpose": (form.purpose.data or "").strip(),
            "deadline_text": (form.deadline_text.data or "").strip(),
            "organization_id": who.organization_id,
            "order_id": form.order_id.data,
        }
        try:
            # The API's schema, so that the page takes what POST /working-groups takes.
            command = DraftWorkingGroup(**WorkingGroupSchema().load(payload))
            group_id = draft_plan(get_db(), who, command)
        except ValidationError as exc:
            top = _at_fields(form, exc.normalized_messages())
        except DomainError as exc:
            top, status = [exc.message], status_of(exc)
        else:
            flash("Проект рабочей группы создан: определите её состав.", "success")
            return redirect(url_for("web.group_card", group_id=group_id, _anchor="members"))
    return render_template("plans/new.html", form=form, title="Новая рабочая группа", top=top, warnings=[]), status


@bp.route("/roadmaps/import", methods=["GET", "POST"])
def roadmap_import() -> FormPage:
    """A new draft roadmap from a DOCX or XLSX table, with what the reading noticed."""
    who = require_role(*DRAFTING_ROLES)
    with get_db().session() as session:
        form = RoadmapImportForm()
        form.order_id.choices = draft_order_choices(session, who)
    top: list[str] = []
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        start, end = form.period_start.data, form.period_end.data
        period = (start, end) if start and end else None
        try:
            if (start is None) != (end is None) or (period and start > end):
                raise ValidationFailed("Укажите обе даты периода, начало не позже окончания.", {})
            command = roadmap_import_service.RoadmapImport(
                organization_id=who.organization_id,
                data=form.file.data.read(),
                filename=form.file.data.filename or "",
                title=form.title.data.strip(),
                period=period,
                order_id=form.order_id.data,
            )
            imported = roadmap_import_service.import_roadmap(get_db(), who, command)
        except DomainError as exc:
            top = [exc.message, *(m for messages in (exc.details or {}).values() for m in messages)]
            status = status_of(exc)
        else:
            flash(f"Дорожная карта прочитана: мероприятий {imported.activities}.", "success")
            for warning in imported.warnings[:20]:
                flash(warning, "message")
            return redirect(url_for("web.roadmap_card", roadmap_id=imported.roadmap_id))
    return render_template("plans/new.html", form=form, title="Дорожная карта из файла", top=top), status


@bp.get("/periods/<id:period_id>/report.docx")
def period_report(period_id: int) -> Response:
    """The report of one reporting period (values against the previous period, conclusions) as DOCX."""
    with get_db().session() as session:
        period = plans.read_period(session, actor(), period_id)
        out = documents.reporting_period_docx(session, period)
        return send_file(
            io.BytesIO(out.data), mimetype=out.content_type, as_attachment=True, download_name=out.filename
        )
