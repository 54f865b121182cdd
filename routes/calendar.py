"""The iCalendar feed: opened by its secret token in the query (calendar clients send no headers)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from extensions import get_db
from workflow.services.ical import feed_of_token

bp = Blueprint("calendar", __name__, url_prefix="/api/v1")


@bp.get("/calendar.ics")
def feed() -> Response:
    """The user's deadlines."""
    body = feed_of_token(get_db(), request.args.get("token", ""))
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})
