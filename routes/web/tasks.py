"""Tasks: my tasks and the list, the card with the report (text and files), extensions, accept and return."""

from __future__ import annotations

import io
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from flask import session as http_session
from werkzeug.wrappers import Response

from models import ReportingCycle, ReportingPeriod, Roadmap, Task, WorkingGroup
from routes.web import bp
from routes.web.common import Pager, actor, get_db, int_arg, paging, parse_day
from routes.web.events import actions, pending_form
from routes.web.orders import order_ref
from workflow import clock
from workflow.engine.engine import history
from workflow.engine.lifecycles import LIFECYCLES
from workflow.engine.permissions import RELATIONS
from workflow.errors import DomainError, ValidationFailed
from workflow.queries import objects
from workflow.queries.cards import Names
from workflow.services import extensions, reports
from workflow.services.directory import page
from workflow.services.visibility import Visibility

SCOPES = {"mine": "Мои", "all": "Все доступные"}
_REPORT_FORM = "task_report_form"


def _task_filters() -> dict[str, Any]:
    scope = request.args.get("scope", "mine")
    state = request.args.get("state") or None
    return {
        "scope": scope if scope in SCOPES else "mine",
        "state": state if state in LIFECYCLES["tasks"].states else None,
        "overdue": request.args.get("overdue") == "1",
    }


@bp.get("/tasks")
def tasks() -> str:
    """My tasks (or every task I may see), by due date, filtered by state and overdue."""
    who = actor()
    f = _task_filters()
    number, per_page = paging()
    query: dict[str, Any] = {"state": f["state"]}
    if f["scope"] == "mine":
        query["assignee"] = "me"
    if f["overdue"]:
        query["overdue"] = True
    with get_db().session() as session:
        stmt = objects.task_query(session, who, query).options(*objects.TASK_CARD)
        if f["scope"] == "mine":
            # A fan-out parent is worked through its children: it is nobody's task to report.
            stmt = stmt.where(Task.is_rollup.is_(False))
        if f["state"] is None and not f["overdue"]:
            # Closed tasks are history: the list opens on the work still to do.
            show_closed = request.args.get("closed") == "1"
            if not show_closed:
                stmt = stmt.where(Task.state.in_(("assigned", "in_progress", "on_review")))
        items, total = page(session, stmt, number, per_page)
        return render_template(
            "tasks/list.html",
            tasks=items,
            pager=Pager(number, per_page, total),
            filters=f,
            scopes=SCOPES,
            states=LIFECYCLES["tasks"].states,
            show_closed=request.args.get("closed") == "1",
            today=clock.today(),
        )


def _source(session: Any, task: Task, visibility: Visibility) -> tuple[str, str | None]:
    """The document a task came from, linked when the user may open it (an executor may see only the task)."""

    def link(model: Any, obj_id: int, endpoint: str, **args: Any) -> str | None:
        obj = session.get(model, obj_id)
        return url_for(endpoint, **args) if obj is not None and visibility.can_see(obj) else None

    if task.roadmap_id:
        text = f"Дорожная карта № {task.roadmap_id}, мероприятие {task.source_label}"
        return text, link(Roadmap, task.roadmap_id, "web.roadmap_card", roadmap_id=task.roadmap_id)
    if task.working_group_id:
        group_url = link(WorkingGroup, task.working_group_id, "web.group_card", group_id=task.working_group_id)
        return f"Рабочая группа № {task.working_group_id}", group_url
    if task.reporting_period_id:
        period = session.get(ReportingPeriod, task.reporting_period_id)
        if period is not None:
            text = f"Отчётность: {period.cycle.title}, {period.label}"
            return text, link(ReportingCycle, period.cycle_id, "web.cycle_card", cycle_id=period.cycle_id)
    if task.order_id:
        ref = order_ref(session, visibility, task.order_id)
        point = f", п. {task.source_label}" if task.source_label else ""
        anchor = f"#point-{task.point_id}" if task.point_id else ""
        if ref is not None:
            return f"{ref.title}{point}", f"{ref.url}{anchor}" if ref.url else None
    return task.source_label or "—", None


@bp.get("/tasks/<id:task_id>")
def task_card(task_id: int) -> str:
    """The card of a task: what, who, when, the report and files, extension requests, actions, history."""
    who = actor()
    with get_db().session() as session:
        task = Visibility(session, who).get(Task, task_id)
        all_actions = actions(session, task, who)
        report_action = next((a for a in all_actions if a.event == "report"), None)
        requests = objects.extension_requests_of(session, who, task.id)
        responsible = RELATIONS["responsible"](session, task, who)
        pending_request = next((r for r in requests if r.status == "pending"), None)
        may_ask = (
            responsible
            and task.state in ("assigned", "in_progress", "on_review")
            and not task.is_rollup
            and task.deadline is not None
            and pending_request is None
        )
        may_decide = pending_request is not None and _may_decide(session, task, pending_request, who)
        saved_report = request.args.get("report_failed") and _pop_report_form(task.id)
        return render_template(
            "tasks/card.html",
            task=task,
            source=_source(session, task, Visibility(session, who)),
            names=Names(session).load(task.co_executors),
            actions=[a for a in all_actions if a.event != "report"],
            report_action=report_action,
            report_form=saved_report or {},
            pending=pending_form("tasks", task.id),
            files=reports.attachments(session, task.id),
            requests=requests,
            may_ask=may_ask,
            may_decide=may_decide,
            history=history(session, task),
            children=task.children if task.is_rollup else [],
            today=clock.today(),
            allowed_suffixes=", ".join(sorted(s.lstrip(".") for s in reports.ALLOWED_SUFFIXES)),
        )


def _may_decide(session: Any, task: Task, request_row: Any, who: Any) -> bool:
    head = who.has("head") and task.organization_id in who.org_scope(session)
    controller = task.controller_id == who.person_id and request_row.requested_by_id != who.user_id
    return bool(who.person_id is not None and (head or controller))


def _pop_report_form(task_id: int) -> dict[str, Any] | None:
    saved = http_session.pop(_REPORT_FORM, None)
    return saved if saved and saved.get("task_id") == task_id else None


@bp.post("/tasks/<id:task_id>/report")
def task_report(task_id: int) -> Response:
    """The executor's report: text and files, stored in one transaction with the move to «На проверке»."""
    text = request.form.get("report_text", "").strip()
    uploads = [
        reports.Upload(f.filename or "", f.mimetype or "", f.read())
        for f in request.files.getlist("files")
        if f and f.filename
    ]
    errors: dict[str, list[str]] = {}
    if not text:
        errors["report_text"] = ["Напишите, что сделано: без текста отчёт не принимается."]
    else:
        try:
            reports.report_with_files(
                get_db(), actor(), task_id, text, uploads, int_arg("version", source=request.form)
            )
        except ValidationFailed as exc:
            for name, messages in (exc.details or {}).items():
                errors.setdefault(name if name in ("files", "report_text") else "_form", []).extend(messages)
            if not errors:
                errors["_form"] = [exc.message]
        except DomainError as exc:
            flash(f"Отчёт не отправлен. {exc.message}", "error")
            return redirect(url_for("web.task_card", task_id=task_id))
        else:
            suffix = f" Приложено файлов: {len(uploads)}." if uploads else ""
            flash(f"Отчёт отправлен контролёру на проверку.{suffix}", "success")
            return redirect(url_for("web.task_card", task_id=task_id))
    http_session[_REPORT_FORM] = {"task_id": task_id, "errors": errors, "report_text": text}
    flash("Отчёт не отправлен: исправьте отмеченные поля (файлы нужно выбрать заново).", "error")
    return redirect(url_for("web.task_card", task_id=task_id, report_failed=1, _anchor="report"))


@bp.get("/tasks/<id:task_id>/files/<id:file_id>")
def task_file(task_id: int, file_id: int) -> Response:
    """A file attached to a task's report."""
    with get_db().session() as session:
        stored = reports.attachment(session, actor(), task_id, file_id)
        return send_file(
            io.BytesIO(stored.data),
            mimetype=stored.content_type or "application/octet-stream",
            as_attachment=True,
            download_name=stored.filename,
        )


@bp.post("/tasks/<id:task_id>/extension")
def task_extension(task_id: int) -> Response:
    """The executor asks for a later deadline."""
    new_deadline = parse_day(request.form.get("new_deadline"))
    reason = request.form.get("reason", "").strip()
    back = url_for("web.task_card", task_id=task_id, _anchor="extensions")
    if new_deadline is None or not reason:
        missing = []
        if new_deadline is None:
            missing.append("новый срок (ДД.ММ.ГГГГ)")
        if not reason:
            missing.append("причину")
        flash("Запрос не отправлен: укажите " + " и ".join(missing) + ".", "error")
        return redirect(back)
    try:
        extensions.request_extension(get_db(), actor(), task_id, new_deadline, reason)
    except DomainError as exc:
        flash(f"Запрос не отправлен. {exc.message}", "error")
    else:
        flash(f"Запрос на перенос срока до {new_deadline:%d.%m.%Y} отправлен.", "success")
    return redirect(back)


@bp.post("/extension-requests/<id:request_id>/decision")
def extension_decision(request_id: int) -> Response:
    """The controller or the head grants or denies an extension."""
    decision = request.form.get("decision")
    task_id = int_arg("task_id", source=request.form)
    back = url_for("web.task_card", task_id=task_id, _anchor="extensions") if task_id else url_for("web.home")
    if decision not in ("grant", "deny"):
        flash("Выберите решение: согласовать перенос или отказать.", "error")
        return redirect(back)
    try:
        extensions.decide_extension(
            get_db(),
            actor(),
            request_id,
            decision,
            request.form.get("comment", ""),
            expected_version=int_arg("version", source=request.form),
        )
    except DomainError as exc:
        flash(f"Решение не сохранено. {exc.message}", "error")
    else:
        flash("Перенос срока согласован." if decision == "grant" else "В переносе срока отказано.", "success")
    return redirect(back)
