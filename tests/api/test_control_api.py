"""Control calls: overdue (as of a day), summary, the справка as XLSX and DOCX, each within what a user sees."""

from __future__ import annotations

import inspect
import io

from openpyxl import load_workbook

from documents.checker import check_docx
from routes.schemas.control import OnReviewQuery
from tests.api.world import World
from workflow.queries import control
from workflow.settings import DEFAULTS

AFTER_DEADLINES = "2027-04-25"  # the world's tasks are due 02.04.2027 and 20.04.2027


def test_overdue_as_of_a_day_lists_the_tasks_most_overdue_first(world: World) -> None:
    page = world.api.ok("GET", f"control/overdue?as_of={AFTER_DEADLINES}", "controller")
    assert page["total"] >= 3 and page["page"] == 1 and page["per_page"] == 50
    days = [t["days_overdue"] for t in page["items"]]
    assert days == sorted(days, reverse=True) and days[0] > 0
    first = page["items"][0]
    assert set(first) >= {
        "id",
        "state",
        "title",
        "deadline",
        "original_deadline",
        "deadline_text",
        "days_overdue",
        "responsible",
        "controller",
        "source",
    }
    assert first["controller"]["person_id"] == world.office.p("controller")


def test_an_executor_is_refused_the_control_views_as_on_the_pages_and_an_outsider_head_sees_none(
    world: World,
) -> None:
    for path in (f"control/overdue?as_of={AFTER_DEADLINES}", "control/due-soon", "control/summary"):
        refused = world.api.call("GET", path, "executor")
        assert refused.status_code == 403, path
        assert "контроль исполнения доступен ролям" in refused.get_json()["error"]["message"]
    assert world.api.ok("GET", f"control/overdue?as_of={AFTER_DEADLINES}", "outsider")["total"] == 0


def test_nothing_is_overdue_today_and_the_undated_and_due_soon_views_answer(world: World) -> None:
    assert world.api.ok("GET", "control/overdue", "controller")["total"] == 0
    assert world.api.ok("GET", "control/without-date", "controller")["total"] >= 0
    assert world.api.ok("GET", "control/due-soon?working_days=5", "controller")["items"] == []
    assert world.api.ok("GET", "control/on-review?days=0", "controller")["page"] == 1


def test_the_discipline_summary_groups_by_responsible(world: World) -> None:
    summary = world.api.ok("GET", "control/summary?group_by=responsible", "head")
    assert summary["group_by"] == "responsible" and summary["items"]
    row = summary["items"][0]
    assert set(row) >= {"total", "done_on_time", "done_late", "overdue", "in_work", "extensions", "on_time_rate"}
    assert summary["total"]["total"] == sum(r["total"] for r in summary["items"])


def test_bad_control_parameters_are_422_in_russian(world: World) -> None:
    for query in (
        "control/summary?group_by=colour",
        "control/overdue?as_of=2022-02-30",
        "control/overdue?source_id=3",
        "control/summary?from=2027-05-01&to=2027-01-01",
    ):
        response = world.api.get(query, "controller")
        assert response.status_code == 422, query
        assert response.get_json()["error"]["code"] == "validation_error"


def test_the_report_opens_as_a_workbook_and_as_a_signed_ready_document(world: World) -> None:
    xlsx = world.api.get(f"control/report.xlsx?as_of={AFTER_DEADLINES}", "controller")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.data))
    assert "Сводка" in book.sheetnames and book.active.max_row > 3
    docx = world.api.get(f"control/report.docx?as_of={AFTER_DEADLINES}", "controller")
    assert docx.status_code == 200 and check_docx(docx.data, "control_report").ok


def test_the_on_review_threshold_is_one_setting_for_the_pages_and_the_api(world: World) -> None:
    assert DEFAULTS.review_days == 5
    with world.api.client.application.app_context():
        assert OnReviewQuery().load({})["days"] == DEFAULTS.review_days
    # The pages' view_page takes the office's setting when no number is given, as the API's query does.
    assert inspect.signature(control.view_page).parameters["review_days"].default is None
