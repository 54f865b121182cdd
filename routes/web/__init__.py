"""The web pages (server-rendered Jinja, Russian): one blueprint, a module per area."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request
from flask_login import current_user
from werkzeug.wrappers import Response

from extensions import login_manager
from routes.web import labels
from routes.web.common import ru_date, ru_datetime, ru_number, shorten
from workflow import clock
from workflow.queries.control import CONTROL_ROLES

bp = Blueprint("web", __name__)


@bp.record_once
def _id_converter(state: Any) -> None:
    # Ids in paths as the API reads them: a positive 32-bit number, anything else simply not found.
    # Registered before the views' rules (record_once callbacks run in the order they were recorded).
    from routes.api import IdConverter

    state.app.url_map.converters.setdefault("id", IdConverter)


# (endpoint, label, roles that see it or None for everybody, endpoint prefix of the pages that belong to it)
NAVIGATION: tuple[tuple[str, str, tuple[str, ...] | None, str], ...] = (
    ("web.home", "Рабочий стол", None, "web.home"),
    ("web.orders", "Приказы", None, "web.order"),
    ("web.tasks", "Поручения", None, "web.task"),
    ("web.control", "Контроль", CONTROL_ROLES, "web.control"),
    ("web.roadmaps", "Дорожные карты", None, "web.roadmap"),
    ("web.groups", "Рабочие группы", None, "web.group"),
    ("web.cycles", "Отчётность", None, "web.cycle"),
    ("web.substitutions_page", "Замещения", ("head",), "web.substitution"),
    ("web.admin_index", "Администрирование", ("admin",), "web.admin"),
)

# Shown together under «Планы» in the header.
PLANS_GROUP = ("web.roadmaps", "web.groups", "web.cycles")
PLANS_LABEL = "Планы"


@bp.before_request
def _login_required() -> Response | None:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def navigation() -> list[dict[str, Any]]:
    """The menu of the logged-in user: what their roles open, the current section marked."""
    if not current_user.is_authenticated:
        return []
    roles = set(current_user.roles)
    here = request.endpoint or ""
    items = [
        {"endpoint": endpoint, "label": label, "current": here.startswith(prefix)}
        for endpoint, label, allowed, prefix in NAVIGATION
        if endpoint in current_app.view_functions and (allowed is None or roles & set(allowed))
    ]
    # The plans' three sections share one menu item, so the header fits one line at 1366 px.
    grouped = [item for item in items if item["endpoint"] in PLANS_GROUP]
    if not grouped:
        return items
    menu = {"label": PLANS_LABEL, "group": grouped, "current": any(item["current"] for item in grouped)}
    at = items.index(grouped[0])
    return [*items[:at], menu, *(item for item in items[at:] if item not in grouped)]


@bp.app_context_processor
def _today() -> dict[str, Any]:
    return {"today": clock.today()}


@bp.record_once
def _template_globals(state: Any) -> None:
    # Globals rather than context: the macros imported by the templates see them too.
    state.app.jinja_env.globals.update(
        navigation=navigation,
        labels=labels,
        state_label=labels.state_label,
        event_label=labels.event_label,
        order_name=labels.order_name,
        unread_notifications=_unread,
        new_task_ids=_new_task_ids,
    )


def _new_task_ids(rows: Any) -> set[int]:
    """The tasks of a list that are new to the logged-in person (marked «Новое»)."""
    from extensions import get_db
    from workflow.queries.seen import new_task_ids

    if not current_user.is_authenticated or current_user.person_id is None:
        return set()
    with get_db().session() as session:
        return new_task_ids(session, current_user.person_id, (t.id for t in rows))


def _unread() -> int:
    from routes.web.notifications import unread_notifications

    return unread_notifications()


bp.add_app_template_filter(ru_date, "d")
bp.add_app_template_filter(ru_datetime, "dt")
bp.add_app_template_filter(ru_number, "num")
bp.add_app_template_filter(shorten, "shorten")
bp.add_app_template_filter(labels.file_size, "size")

# The views register themselves on the blueprint.
from routes.web import (  # noqa: E402
    admin,  # noqa: F401
    admin_office,  # noqa: F401
    amendments,  # noqa: F401
    appendices,  # noqa: F401
    control,  # noqa: F401
    dashboard,  # noqa: F401
    editor,  # noqa: F401
    events,  # noqa: F401
    notifications,  # noqa: F401
    order_import,  # noqa: F401
    orders,  # noqa: F401
    plan_editor,  # noqa: F401
    plans,  # noqa: F401
    search,  # noqa: F401
    substitutions,  # noqa: F401
    tasks,  # noqa: F401
)
