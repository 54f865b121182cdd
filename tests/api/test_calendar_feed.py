"""GET /api/v1/calendar.ics: the user's deadlines behind a secret token in the query."""

from __future__ import annotations

from icalendar import Calendar

from tests.api.world import World
from workflow.services.ical import rotate_calendar_token


def test_the_feed_opens_with_the_token_and_not_without_it(world: World) -> None:
    token = rotate_calendar_token(world.db, world.office.actors["executor"].user_id)
    response = world.api.get(f"/api/v1/calendar.ics?token={token}")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    todos = [c for c in Calendar.from_ical(response.data).walk() if c.name == "VTODO"]
    assert todos and all(str(t["uid"]).startswith("task-") for t in todos)
    wrong = world.api.get("/api/v1/calendar.ics?token=guess")
    assert wrong.status_code == 404 and wrong.get_json()["error"]["code"] == "not_found"
