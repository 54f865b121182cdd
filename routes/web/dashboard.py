"""The desk: what each of the user's roles needs first."""

from __future__ import annotations

from flask import render_template

from models import Organization
from routes.web import bp
from routes.web.common import actor, get_db
from routes.web.control import counters_chart, discipline_chart
from workflow.queries import control, desk


@bp.route("/")
def home() -> str:
    """The desk of the logged-in user, a section per role."""
    who = actor()
    with get_db().session() as session:
        context: dict[str, object] = {
            "tasks": desk.my_open_tasks(session, who),
            "visas": desk.awaiting_my_visa(session, who) if who.has("approver") or who.has("head") else [],
            "signing": desk.awaiting_my_signature(session, who),
            "drafts": desk.my_drafts(session, who),
            "extensions": desk.extensions_to_decide(session, who),
        }
        if who.has("controller") or who.has("admin"):
            numbers = control.counters(session, who)
            context["counters"] = numbers
            context["counters_chart"] = counters_chart(numbers)
            mine = control.ControlFilter(controller_id=who.person_id) if who.person_id else control.ControlFilter()
            context["on_review"] = control.view_page(session, who, "on_review", mine, per_page=20).items
        if who.has("head"):
            summary = control.summary_for(session, who, "organization")
            org = session.get(Organization, who.organization_id) if who.organization_id else None
            name = (org.short_name or org.name) if org else "организации"
            context["discipline"] = summary
            context["discipline_chart"] = discipline_chart(summary, f"Исполнительская дисциплина: {name}")
        return render_template("home.html", who=who, **context)
