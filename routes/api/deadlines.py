"""Deadline texts read the way dispatch reads them, with the tasks they will create."""

from __future__ import annotations

from flask import Response

from routes.api.blueprint import bp
from routes.api.common import get_db, load_body, reply
from routes.api.docs import doc
from routes.schemas.deadlines import DeadlineParseSchema, DeadlinePreviewSchema
from workflow.queries.deadlines import preview_tasks


@bp.post("/deadlines/parse")
@doc("Разобрать срок", "deadlines", body=DeadlineParseSchema, response=DeadlinePreviewSchema, errors=(400, 401, 422))
def parse() -> Response:
    """«Ежегодно, июнь» → kind, RRULE, due dates, working due dates, and every task dispatch will create."""
    data = load_body(DeadlineParseSchema())
    period = (data["period"]["start"], data["period"]["end"]) if data["period"] else None
    with get_db().session() as session:
        body = preview_tasks(session, data["text"], period, data["reference_date"], data["executors_count"])
        return reply(DeadlinePreviewSchema(), body)
