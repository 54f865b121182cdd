"""The search page: orders and tasks found by the header's search box, best match first."""

from __future__ import annotations

from flask import render_template, request

from routes.web import bp
from routes.web.common import actor, get_db
from workflow import clock
from workflow.queries import search as search_queries

Q_MAX = 200


@bp.get("/search")
def search() -> str:
    """Orders and tasks the user sees whose words or number match the query."""
    q = (request.args.get("q") or "").strip()[:Q_MAX]
    with get_db().session() as session:
        found = search_queries.search(session, actor(), q) if q else search_queries.Found(q, [], [])
        return render_template("search.html", q=q, found=found, today=clock.today())
