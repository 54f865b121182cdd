"""Roadmaps (sections, activities, a timeline), working groups (composition editor), reporting cycles (indicators)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from models import Order, Person, ReportingCycle, ReportingPeriod, Roadmap, Task, WorkingGroup
from models.working_groups import MEMBER_ROLES
from routes.web import bp
from routes.web.charts import GanttRow, Point, gantt_chart, indicator_chart
from routes.web.common import Pager, actor, get_db, int_arg, paging, require_role
from routes.web.events import actions, pending_form
from routes.web.forms import GroupForm, RoadmapImportForm, options
from routes.web.orders import order_ref
from workflow import clock
from workflow.engine.engine import history
from workflow.engine.lifecycles import LIFECYCLES
from workflow.engine.permissions import Actor
from workflow.errors import DomainError, ValidationFailed
from workflow.queries import objects
from workflow.queries.cards import Names, Progress, progress_by
from workflow.services import documents, drafting, working_groups
from workflow.services import roadmap_import as roadmap_import_service
from workflow.services.drafting import References
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
        items, total = objects.list_plans(session, who, kind, {"state": state, "page": number, "per_page": per_page})
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
        detail = objects.read_roadmap(session, who, roadmap_id)
        roadmap: Roadmap = detail.obj
        activities = [a for s in roadmap.sections for a in s.activities]
        names = Names(session).load(e for a in activities for e in a.executors)
        progress = progress_by(session, Task.activity_id, Task.roadmap_id == roadmap.id, today)
        rows = []
        for activity in activities:
            deadline = detail.deadlines.get(activity.id)
            dates = tuple(deadline.working_due_dates) if deadline else ()
            start = deadline.start if deadline else None
            rows.append(
                GanttRow(activity.number, activity.content, start, dates, _gantt_css(progress.get(activity.id)))
            )
        chart = gantt_chart(rows, _span(roadmap, rows), today, f"Сроки мероприятий: {roadmap.title}")
        return render_template(
            "plans/roadmap.html",
            roadmap=roadmap,
            deadlines=detail.deadlines,
            names=names,
            progress=progress,
            chart=chart,
            actions=actions(session, roadmap, who),
            pending=pending_form("roadmaps", roadmap.id),
            history=history(session, roadmap),
            order=order_ref(session, Visibility(session, who), roadmap.order_id),
        )


def _tree_people(session: Any, organization_id: int) -> list[Person]:
    tree = References(session, organization_id).tree
    stmt = select(Person).where(Person.organization_id.in_(tree)).order_by(Person.last_name, Person.first_name)
    return list(session.scalars(stmt))


@bp.get("/groups/<id:group_id>")
def group_card(group_id: int) -> str:
    """A working group: purpose, composition (editable while a draft), tasks, actions, history."""
    who = actor()
    with get_db().session() as session:
        group = Visibility(session, who).get(WorkingGroup, group_id)
        editable = working_groups.may_edit_group(session, who, group)
        tasks_stmt = objects.task_query(session, who, {"source": ("working_group", group.id)}).options(
            *objects.TASK_CARD
        )
        return render_template(
            "plans/group.html",
            group=group,
            editable=editable,
            people=_tree_people(session, group.organization_id) if editable else [],
            roles=MEMBER_ROLES,
            tasks=list(session.scalars(tasks_stmt.limit(100)).unique()),
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
        members.append({"person_id": person_id, "role": request.form.get(f"role-{key}", "member")})
    back = url_for("web.group_card", group_id=group_id, _anchor="members")
    try:
        with get_db().transaction() as session:
            working_groups.replace_members(session, actor(), group_id, members, int_arg("version", source=request.form))
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
        cycle = Visibility(session, who).get(ReportingCycle, cycle_id)
        values = {(v.period_id, v.indicator_id): v for p in cycle.periods for v in p.values}
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
            names=Names(session).load(cycle.executors),
            values=values,
            charts=zip(cycle.indicators, charts, strict=True),
            actions=actions(session, cycle, who),
            pending=pending_form("reporting-cycles", cycle.id),
            period_actions=period_actions,
            period_pending=period_pending,
            history=history(session, cycle),
            order=order_ref(session, Visibility(session, who), cycle.order_id),
        )


def _draft_orders(session: Session, who: Actor) -> list[SelectChoice]:
    stmt = (
        select(Order)
        .where(Visibility(session, who).orders(), Order.state == "draft", Order.organization_id == who.organization_id)
        .order_by(Order.id.desc())
    )
    return options([("", "— не прикладывать —"), *((o.id, f"№ {o.id}: {o.title[:90]}") for o in session.scalars(stmt))])


@bp.route("/groups/new", methods=["GET", "POST"])
def group_new() -> FormPage:
    """A new draft working group of the user's organization; its composition is edited on its card."""
    who = require_role(*DRAFTING_ROLES)
    with get_db().session() as session:
        form = GroupForm()
        form.order_id.choices = _draft_orders(session, who)
    top: list[str] = []
    if form.validate_on_submit():
        data = {
            "name": form.name.data.strip(),
            "purpose": (form.purpose.data or "").strip(),
            "deadline_text": (form.deadline_text.data or "").strip(),
            "organization_id": who.organization_id,
            "order_id": form.order_id.data,
        }
        try:
            with get_db().transaction() as session:
                group_id = drafting.draft_working_group(session, who, data).id
        except DomainError as exc:
            top = [exc.message]
        else:
            flash("Проект рабочей группы создан: определите её состав.", "success")
            return redirect(url_for("web.group_card", group_id=group_id, _anchor="members"))
    status = 422 if request.method == "POST" else 200
    return render_template("plans/new.html", form=form, title="Новая рабочая группа", top=top, warnings=[]), status


@bp.route("/roadmaps/import", methods=["GET", "POST"])
def roadmap_import() -> FormPage:
    """A new draft roadmap from a DOCX or XLSX table, with what the reading noticed."""
    who = require_role(*DRAFTING_ROLES)
    with get_db().session() as session:
        form = RoadmapImportForm()
        form.order_id.choices = _draft_orders(session, who)
    top: list[str] = []
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
        else:
            flash(f"Дорожная карта прочитана: мероприятий {imported.activities}.", "success")
            for warning in imported.warnings[:20]:
                flash(warning, "message")
            return redirect(url_for("web.roadmap_card", roadmap_id=imported.roadmap_id))
    status = 422 if request.method == "POST" else 200
    return render_template("plans/new.html", form=form, title="Дорожная карта из файла", top=top), status


@bp.get("/periods/<id:period_id>/report.docx")
def period_report(period_id: int) -> Response:
    """The report of one reporting period (values against the previous period, conclusions) as DOCX."""
    with get_db().session() as session:
        period = Visibility(session, actor()).get(ReportingPeriod, period_id)
        out = documents.reporting_period_docx(session, period)
        return send_file(
            io.BytesIO(out.data), mimetype=out.content_type, as_attachment=True, download_name=out.filename
        )
