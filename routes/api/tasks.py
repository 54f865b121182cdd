"""Tasks (the list with its filters, the card) and deadline extension requests."""

from __future__ import annotations

from flask import Response

from routes.api.blueprint import bp
from routes.api.common import (
    answer,
    current_actor,
    expected_version,
    get_db,
    load_args,
    load_body,
    read_connection,
    reply,
    reply_page,
)
from routes.api.docs import doc
from routes.schemas.tasks import (
    ExtensionDecisionSchema,
    ExtensionRequestInSchema,
    ExtensionRequestSchema,
    TaskDatedSchema,
    TaskDateSchema,
    TaskPageSchema,
    TaskQuery,
    TaskSchema,
)
from workflow.queries import tasks
from workflow.services import extensions, task_dates

# Schemas hold no request state: one instance each serves every request (and saves building them per call).
TASK = TaskSchema()
REQUEST = ExtensionRequestSchema()


@bp.get("/tasks")
@doc("Поручения", "tasks", query=TaskQuery, response=TaskPageSchema, errors=(401, 422))
def list_tasks() -> Response:
    """Tasks this user sees: mine, by organization, state, overdue, due dates, source, a full-text query."""
    args = load_args(TaskQuery())
    with get_db().session() as session:
        items, total = tasks.list_tasks(session, current_actor(), args)
        return reply_page(TASK, items, total, args["page"], args["per_page"])


@bp.get("/tasks/<id:obj_id>")
@doc("Поручение", "tasks", response=TaskSchema, errors=(401, 404))
def get_task(obj_id: int) -> Response:
    """A task card."""
    return reply(TASK, tasks.read_task(read_connection(), current_actor(), obj_id))


@bp.patch("/tasks/<id:obj_id>")
@doc(
    "Установить срок поручения",
    "tasks",
    body=TaskDateSchema,
    response=TaskDatedSchema,
    if_match=True,
    errors=(400, 401, 403, 404, 409, 422),
    description="Срок поручения «срок не определён» (needs_date) устанавливает его контролёр; "
    "нерабочий день сдвигается по правилу организации (deadline_note).",
)
def set_task_date(obj_id: int) -> Response:
    """Date an undated task."""
    data = load_body(TaskDateSchema())
    expected = expected_version(data)
    actor = current_actor()
    dated = task_dates.set_task_date(get_db(), actor, task_dates.SetTaskDate(obj_id, data["deadline"], expected))
    with get_db().session() as session:
        body = TASK.dump(tasks.read_task(session, actor, obj_id))
        return answer({**body, "deadline_note": dated.deadline_note})


@bp.post("/tasks/<id:obj_id>/extension-requests")
@doc(
    "Попросить перенос срока",
    "tasks",
    body=ExtensionRequestInSchema,
    response=ExtensionRequestSchema,
    status=201,
    errors=(400, 401, 403, 404, 409, 422),
    description="Просит ответственный исполнитель; один запрос ждёт решения за раз; новый срок позже сегодняшнего.",
)
def request_extension(obj_id: int) -> Response:
    """Ask for a later deadline."""
    data = load_body(ExtensionRequestInSchema())
    request = extensions.request_extension(get_db(), current_actor(), obj_id, data["new_deadline"], data["reason"])
    return reply(REQUEST, request, 201, location=f"/api/v1/extension-requests/{request.id}")


@bp.get("/tasks/<id:obj_id>/extension-requests")
@doc("Запросы на перенос срока поручения", "tasks", response=ExtensionRequestSchema, many=True, errors=(401, 404))
def task_extension_requests(obj_id: int) -> Response:
    """A task's extension requests, newest first."""
    with get_db().session() as session:
        rows = tasks.extension_requests_of(session, current_actor(), obj_id)
        return answer(ExtensionRequestSchema(many=True).dump(rows))


@bp.get("/extension-requests/<id:obj_id>")
@doc("Запрос на перенос срока", "tasks", response=ExtensionRequestSchema, errors=(401, 404))
def get_extension_request(obj_id: int) -> Response:
    """One extension request."""
    with get_db().session() as session:
        return reply(REQUEST, tasks.read_extension_request(session, current_actor(), obj_id))


@bp.post("/extension-requests/<id:obj_id>/decision")
@doc(
    "Решение о переносе срока",
    "tasks",
    body=ExtensionDecisionSchema,
    response=ExtensionRequestSchema,
    if_match=True,
    errors=(400, 401, 403, 404, 409, 422),
    description="Решает контролёр поручения или руководитель организации (если просил сам контролёр — руководитель); "
    "new_deadline с grant согласует другой день; нерабочий день сдвигается по правилу (deadline_note).",
)
def decide_extension(obj_id: int) -> Response:
    """Grant (the task's deadline moves; the original is kept) or deny."""
    data = load_body(ExtensionDecisionSchema())
    expected = expected_version(data)
    request = extensions.decide_extension(
        get_db(),
        current_actor(),
        obj_id,
        data["decision"],
        data.get("comment") or "",
        expected_version=expected,
        new_deadline=data.get("new_deadline"),
    )
    return reply(REQUEST, request)
