"""A person's notifications: the list with the unread count, marking one or all as read."""

from __future__ import annotations

from flask import Response

from routes.api.blueprint import bp
from routes.api.common import current_actor, get_db, load_args, reply
from routes.api.docs import doc
from routes.schemas.notifications import NotificationListSchema, NotificationQuery, ReadResultSchema
from workflow.services.notifications import inbox, read_result


@bp.get("/notifications")
@doc(
    "Мои уведомления",
    "notifications",
    query=NotificationQuery,
    response=NotificationListSchema,
    errors=(401, 422),
    description="Новые первыми; unread=true — только непрочитанные. unread в ответе — все непрочитанные.",
)
def notifications_list() -> Response:
    """The caller's notifications, newest first."""
    args = load_args(NotificationQuery())
    page = inbox(get_db(), current_actor().person_id, args["page"], args["per_page"], unread_only=args["unread"])
    return reply(NotificationListSchema(), page)


@bp.post("/notifications/<id:obj_id>/read")
@doc("Отметить уведомление прочитанным", "notifications", response=ReadResultSchema, errors=(401, 404))
def notification_read(obj_id: int) -> Response:
    """Mark one of the caller's notices as read (again: nothing changes); another person's is not found."""
    return reply(ReadResultSchema(), read_result(get_db(), current_actor().person_id, obj_id))


@bp.post("/notifications/read-all")
@doc("Отметить все уведомления прочитанными", "notifications", response=ReadResultSchema, errors=(401,))
def notifications_read_all() -> Response:
    """Mark every notice of the caller as read."""
    return reply(ReadResultSchema(), read_result(get_db(), current_actor().person_id, None))
