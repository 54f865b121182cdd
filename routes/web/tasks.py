"""Tasks: my tasks and the list, the card with the report (text and files), extensions, accept and return."""

from __future__ import annotations

import io
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from flask import session as http_session
from marshmallow import ValidationError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from models import Task
from routes.schemas.tasks import ExtensionDecisionSchema, ExtensionRequestInSchema, TaskDateSchema
from routes.web import bp
from routes.web.common import Pager, actor, get_db, int_arg, paging, parse_day
from routes.web.events import CARD_ENDPOINTS, actions, pending_form
from routes.web.orders import order_ref
from workflow import clock
from workflow.engine.engine import history
from workflow.engine.lifecycles import LIFECYCLES
from workflow.engine.permissions import Actor
from workflow.errors import DomainError, ValidationFailed
from workflow.queries import tasks as task_queries
from workflow.queries.cards import Names
from workflow.queries.reports import report_history
from workflow.services import extensions, reports, seen, task_dates
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
    show_closed = request.args.get("closed") == "1"
    list_filter = task_queries.TaskListFilter(f["scope"] == "mine", f["state"], f["overdue"], show_closed)
    with get_db().session() as session:
        items, total = task_queries.task_list_page(session, who, list_filter, number, per_page)
        return render_template(
            "tasks/list.html",
            tasks=items,
            pager=Pager(number, per_page, total),
            filters=f,
            scopes=SCOPES,
            states=LIFECYCLES["tasks"].states,
            show_closed=show_closed,
            today=clock.today(),
        )


def _source(session: Session, who: Actor, task: Task, source: task_queries.TaskSource) -> tuple[str, str | None]:
    """The document a task came from, linked when the user may open it (an executor may see only the task)."""
    if source.kind == "orders":
        ref = order_ref(session, Visibility(session, who), source.obj_id)
        if ref is None:
            return source.text, None
        point = f", п. {task.source_label}" if task.source_label else ""
        anchor = f"#point-{task.point_id}" if task.point_id else ""
        return f"{ref.title}{point}", f"{ref.url}{anchor}" if ref.url else None
    if source.kind is None or not source.visible:
        return source.text, None
    endpoint, arg = CARD_ENDPOINTS[source.kind]
    args: dict[str, Any] = {arg: source.obj_id}
    return source.text, url_for(endpoint, **args)


@bp.get("/tasks/<id:task_id>")
def task_card(task_id: int) -> str:
    """The card of a task: what, who, when, the report and files, extension requests, actions, history."""
    who = actor()
    with get_db().session() as session:
        view = task_queries.task_view(session, who, task_id)
        fresh = seen.mark_task_seen(get_db(), who.person_id, task_id)
        task = view.task
        all_actions = actions(session, task, who)
        report_action = next((a for a in all_actions if a.event == "report"), None)
        saved_report = request.args.get("report_failed") and _pop_report_form(task.id)
        log = history(session, task)
        return render_template(
            "tasks/card.html",
            task=task,
            source=_source(session, who, task, view.source),
            names=Names(session).load(task.co_executors),
            actions=[a for a in all_actions if a.event != "report"],
            report_action=report_action,
            report_form=saved_report or {},
            pending=pending_form("tasks", task.id),
            files=view.files,
            requests=view.requests,
            may_ask=view.may_ask,
            may_decide=view.may_decide,
            may_date=view.may_date,
            history=log,
            fresh=fresh,
            reports=report_history(log, view.files, task.state),
            children=task.children if task.is_rollup else [],
            today=clock.today(),
            allowed_suffixes=", ".join(sorted(s.lstrip(".") for s in reports.ALLOWED_SUFFIXES)),
        )


def _pop_report_form(task_id: int) -> dict[str, Any] | None:
    saved = http_session.pop(_REPORT_FORM, None)
    return saved if saved and saved.get("task_id") == task_id else None


@bp.post("/tasks/<id:task_id>/report")
def task_report(task_id: int) -> Response:
    """The executor's report: text and files, stored in one transaction with the move to «На проверке»."""
    text = request.form.get("report_text", "").strip()
    uploads = tuple(
        reports.Upload(f.filename or "", f.mimetype or "", f.read())
        for f in request.files.getlist("files")
        if f and f.filename
    )
    errors: dict[str, list[str]] = {}
    command = reports.ReportWithFiles(task_id, text, uploads, int_arg("version", source=request.form))
    try:
        reports.report_with_files(get_db(), actor(), command)
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


def _messages(error: ValidationError) -> str:
    """The schema's messages in one line."""
    messages = error.normalized_messages().values()
    return " ".join(str(m) for problems in messages for m in (problems if isinstance(problems, list) else [problems]))


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
        # The API's schema, so that the page takes what POST /tasks/{id}/extension-requests takes.
        data = ExtensionRequestInSchema().load({"new_deadline": new_deadline.isoformat(), "reason": reason})
        extensions.request_extension(get_db(), actor(), task_id, data["new_deadline"], data["reason"])
    except ValidationError as exc:
        flash(f"Запрос не отправлен. {_messages(exc)}", "error")
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
    raw_day = request.form.get("new_deadline", "").strip()
    granted_day = parse_day(raw_day) if decision == "grant" else None
    if decision == "grant" and raw_day and granted_day is None:
        flash("Решение не сохранено. Проверьте поле «Новый срок»: ожидается дата ДД.ММ.ГГГГ.", "error")
        return redirect(back)
    body: dict[str, Any] = {"decision": decision, "comment": request.form.get("comment", "")}
    if granted_day is not None:
        body["new_deadline"] = granted_day.isoformat()
    try:
        # The API's schema: the page takes what POST /extension-requests/{id}/decision takes.
        data = ExtensionDecisionSchema().load(body)
        decided = extensions.decide_extension(
            get_db(),
            actor(),
            request_id,
            data["decision"],
            data.get("comment") or "",
            expected_version=int_arg("version", source=request.form),
            new_deadline=data.get("new_deadline"),
        )
    except ValidationError as exc:
        flash(f"Решение не сохранено. {_messages(exc)}", "error")
    except DomainError as exc:
        flash(f"Решение не сохранено. {exc.message}", "error")
    else:
        if decision == "grant":
            day = decided.granted_deadline or decided.new_deadline
            note = getattr(decided, "deadline_note", None)
            flash(f"Перенос срока согласован: новый срок {day:%d.%m.%Y}." + (f" {note}." if note else ""), "success")
        else:
            flash("В переносе срока отказано.", "success")
    return redirect(back)


@bp.post("/tasks/<id:task_id>/deadline")
def task_set_deadline(task_id: int) -> Response:
    """The controller gives an undated task its date (a day off moves by the office's rule, and says so)."""
    back = url_for("web.task_card", task_id=task_id, _anchor="set-deadline")
    day = parse_day(request.form.get("deadline"))
    if day is None:
        flash("Срок не установлен. Проверьте поле «Срок»: укажите дату ДД.ММ.ГГГГ.", "error")
        return redirect(back)
    try:
        # The API's schema: the page takes what PATCH /tasks/{id} takes.
        data = TaskDateSchema().load({"deadline": day.isoformat()})
        command = task_dates.SetTaskDate(task_id, data["deadline"], int_arg("version", source=request.form))
        dated = task_dates.set_task_date(get_db(), actor(), command)
    except ValidationError as exc:
        flash(f"Срок не установлен. {_messages(exc)}", "error")
    except DomainError as exc:
        flash(f"Срок не установлен. {exc.message}", "error")
    else:
        due = dated.task.deadline
        note = f" {dated.deadline_note}." if dated.deadline_note else ""
        flash(f"Срок установлен: {due:%d.%m.%Y}.{note}" if due else "Срок установлен.", "success")
        return redirect(url_for("web.task_card", task_id=task_id))
    return redirect(back)
