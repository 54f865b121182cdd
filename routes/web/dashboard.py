"""The desk: what each of the user's roles needs first."""

from __future__ import annotations

from flask import render_template

from routes.web import bp
from routes.web.common import actor, get_db
from routes.web.control import counters_chart, discipline_chart
from workflow.queries import control, desk


@bp.route("/")
def home() -> str:
    """The desk of the logged-in user, a section per role."""
    who = actor()
    with get_db().session() as session:
        personal = desk.desk_of(session, who)
        context: dict[str, object] = {
            "tasks": personal.tasks,
            "visas": personal.visas,
            "signing": personal.signing,
            "drafts": personal.drafts,
            "extensions": personal.extensions,
            "standing_in": personal.standing_in,
        }
        if who.has("controller") or who.has("admin"):
            numbers = control.counters(session, who)
            context["counters"] = numbers
            context["counters_chart"] = counters_chart(numbers)
            mine = control.ControlFilter(controller_id=who.person_id) if who.person_id else control.ControlFilter()
            context["on_review"] = control.view_page(session, who, "on_review", mine, per_page=20).items
        if who.has("head"):
            summary = control.summary_for(session, who, "organization")
            context["discipline"] = summary
            name = personal.organization_name
            context["discipline_chart"] = discipline_chart(summary, f"Исполнительская дисциплина: {name}")
        return render_template("home.html", who=who, **context)
