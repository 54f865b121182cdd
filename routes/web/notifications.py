"""The user's notifications from the reminder sweep: the list, marking as read, the unread badge."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from routes.web import bp
from routes.web.common import Pager, actor, get_db, paging
from workflow.services.notifications import mark_read, notices_of, unread_count

KIND_LABELS = {
    "due_soon": "Приближается срок",
    "overdue": "Просрочено",
    "overdue_controller": "Просрочено (на контроле)",
    "escalation": "Эскалация",
    "inactivity": "Нет движения",
}


def unread_notifications() -> int:
    """The logged-in person's unread count, once per request (the header shows it on every page)."""
    if not current_user.is_authenticated or current_user.person_id is None:
        return 0
    if "unread_notifications" not in g:
        with get_db().session() as session:
            g.unread_notifications = unread_count(session, current_user.person_id)
    return g.unread_notifications


@bp.get("/notifications")
def notifications() -> str:
    """Reminders, overdue notices and escalations addressed to me, newest first."""
    who = actor()
    number, per_page = paging()
    with get_db().session() as session:
        items, total = notices_of(session, who.person_id, number, per_page) if who.person_id else ([], 0)
    return render_template("notifications.html", items=items, kinds=KIND_LABELS, pager=Pager(number, per_page, total))


@bp.post("/notifications/read")
def notifications_read() -> Response:
    """Mark one notice, or all, as read."""
    who = actor()
    notice_id = request.form.get("id", "")
    if who.person_id is not None:
        mark_read(get_db(), who.person_id, int(notice_id) if notice_id.isdigit() else None)
    return redirect(url_for("web.notifications"))
