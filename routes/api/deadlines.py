"""Deadline texts read the way dispatch reads them."""

from __future__ import annotations

from flask import Response

from routes.api.blueprint import bp
from routes.api.common import get_db, load_body, reply
from routes.api.docs import doc
from routes.schemas.common import DeadlineSchema
from routes.schemas.deadlines import DeadlineParseSchema
from workflow.queries.objects import preview_deadline


@bp.post("/deadlines/parse")
@doc("Разобрать срок", "deadlines", body=DeadlineParseSchema, response=DeadlineSchema, errors=(400, 401, 422))
def parse() -> Response:
    """«Ежегодно, июнь» → kind, RRULE, due dates, working due dates."""
    data = load_body(DeadlineParseSchema())
    period = (data["period"]["start"], data["period"]["end"]) if data["period"] else None
    with get_db().session() as session:
        return reply(DeadlineSchema(), preview_deadline(session, data["text"], period, data["reference_date"]))
