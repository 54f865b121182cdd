"""The user's notifications (events and reminders): the list, marking as read, the unread badge."""

from __future__ import annotations

from typing import Any

from flask import g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from routes.web import bp
from routes.web.common import Pager, actor, get_db, paging
from workflow.services.notifications import inbox, mark_read, unread_count

KIND_LABELS = {
    "visa_needed": "Нужна виза",
    "returned": "Возвращён на доработку",
    "approval_needed": "Нужно утверждение",
    "approved": "Утверждён",
    "task_assigned": "Новое поручение",
    "report_to_review": "Отчёт на проверку",
    "report_returned": "Отчёт возвращён",
    "report_accepted": "Отчёт принят",
    "extension_requested": "Запрос на перенос срока",
    "extension_decided": "Решение о переносе срока",
    "date_needed": "Нужно установить срок",
    "due_soon": "Приближается срок",
    "overdue": "Просрочено",
    "overdue_controller": "Просрочено (на контроле)",
    "escalation": "Эскалация",
    "inactivity": "Нет движения",
}
# Where a notice about each kind of object opens (an extension request opens its task).
OBJECT_LINKS = {
    "tasks": ("web.task_card", "task_id", "поручение № {id}"),
    "extension-requests": ("web.task_card", "task_id", "поручение № {id}"),
    "orders": ("web.order_card", "order_id", "приказ"),
    "roadmaps": ("web.roadmap_card", "roadmap_id", "дорожная карта"),
    "working-groups": ("web.group_card", "group_id", "рабочая группа"),
    "reporting-cycles": ("web.cycle_card", "cycle_id", "отчётность"),
}


def unread_notifications() -> int:
    """The logged-in person's unread count, once per request (the header shows it on every page)."""
    if not current_user.is_authenticated or current_user.person_id is None:
        return 0
    if "unread_notifications" not in g:
        with get_db().session() as session:
            g.unread_notifications = unread_count(session, current_user.person_id)
    return g.unread_notifications


def _link(kind: str, object_id: int, task_id: int | None) -> tuple[str, str] | None:
    target = OBJECT_LINKS.get(kind)
    if target is None:
        return None
    endpoint, arg, label = target
    ident = task_id if arg == "task_id" and task_id is not None else object_id
    values: dict[str, Any] = {arg: ident}
    return url_for(endpoint, **values), label.format(id=ident)


@bp.get("/notifications")
def notifications() -> str:
    """What I am told: visas needed, returns, new tasks, reports, reminders — newest first."""
    who = actor()
    number, per_page = paging()
    page = inbox(get_db(), who.person_id, number, per_page)
    links = {n.id: _link(n.object_kind, n.object_id, n.task_id) for n in page.items}
    return render_template(
        "notifications.html",
        items=page.items,
        links=links,
        kinds=KIND_LABELS,
        pager=Pager(number, per_page, page.total),
    )


@bp.post("/notifications/read")
def notifications_read() -> Response:
    """Mark one notice, or all, as read."""
    who = actor()
    notice_id = request.form.get("id", "")
    mark_read(get_db(), who.person_id, int(notice_id) if notice_id.isdigit() else None)
    return redirect(url_for("web.notifications"))
