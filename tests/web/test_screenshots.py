"""Screenshots of the main pages (docs/web-*.png with PRIKAZ_SCREENSHOTS=docs), each page checked as it is shot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from models import ReportingCycle, Roadmap
from models.db import Database
from tests.web.conftest import LiveServer, screenshot

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n"


def _first(database: Database, model: Any) -> int:
    with database.session() as session:
        found = session.scalar(select(model.id).order_by(model.id))
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("login", "path", "name", "heading"),
    [
        ("controller", "/", "dashboard-controller", "Рабочий стол"),
        ("head", "/", "dashboard-head", "Рабочий стол"),
        ("executor", "/tasks", "my-tasks", "Мои поручения"),
        ("clerk", "/orders", "orders", "Приказы"),
        ("controller", "/control/summary?group_by=organization", "control-summary", "Исполнительская дисциплина"),
        ("admin", "/admin/lifecycles", "admin-lifecycles", "Жизненные циклы"),
    ],
)
def test_a_main_page_is_shot_with_its_heading_and_no_errors(
    visit_as: Any, live_server: LiveServer, screenshot_dir: Path, login: str, path: str, name: str, heading: str
) -> None:
    visit = visit_as(login)
    visit.page.goto(live_server.url + path)
    assert visit.page.locator("h1").first.inner_text() == heading
    shot = screenshot(visit.page, screenshot_dir, name)
    assert shot.read_bytes().startswith(PNG)
    assert visit.console_errors == [] and visit.page_errors == []


def test_the_roadmap_timeline_and_the_indicator_chart_are_drawn_and_shot(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    page = visit_as("head").page
    page.goto(f"{live_server.url}/roadmaps/{_first(demo_db, Roadmap)}")
    gantt = page.locator("svg.gantt-chart")
    assert gantt.locator("polygon").count() > 10 and gantt.locator("line.gantt-today").count() <= 1
    assert screenshot(page, screenshot_dir, "roadmap").read_bytes().startswith(PNG)
    page.goto(f"{live_server.url}/cycles/{_first(demo_db, ReportingCycle)}")
    chart = page.locator("svg.indicator-chart").first
    assert "96 %" in chart.inner_html() and "60 %" in chart.inner_html()
    assert screenshot(page, screenshot_dir, "reporting-cycle").read_bytes().startswith(PNG)
