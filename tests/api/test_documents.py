"""Document downloads: the frozen DOCX byte for byte, the preview, the sheets, PDF, and who may download."""

from __future__ import annotations

import hashlib
from datetime import date

from documents.checker import check_docx
from documents.pdf import libreoffice_available
from tests.api.conftest import Api
from tests.api.world import World
from tests.builders import new_order
from workflow.engine.engine import transition
from workflow.services.plans import create_reporting_cycle, create_roadmap

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_approved_order_downloads_as_exactly_its_frozen_file(world: World) -> None:
    order = world.api.ok("GET", f"orders/{world.ids['order']}", "head")
    first = world.api.get(f"orders/{world.ids['order']}/document.docx", "head")
    second = world.api.get(f"orders/{world.ids['order']}/document.docx", "controller")
    assert first.status_code == 200 and first.mimetype == DOCX
    assert hashlib.sha256(first.data).hexdigest() == order["document_sha256"]
    assert second.data == first.data
    assert "filename*=UTF-8''" in first.headers["Content-Disposition"]


def test_a_draft_downloads_as_a_preview_marked_as_a_project(world: World) -> None:
    response = world.api.get(f"orders/{world.ids['draft']}/document.docx", "clerk")
    assert response.status_code == 200
    assert check_docx(response.data, "order", {"draft": True}).ok


def test_the_approval_sheet_and_execution_report_are_signed_ready(world: World) -> None:
    sheet = world.api.get(f"orders/{world.ids['order']}/approval-sheet.docx", "head")
    report = world.api.get(f"orders/{world.ids['order']}/execution-report.docx", "controller")
    assert check_docx(sheet.data, "approval_sheet").ok
    assert check_docx(report.data, "execution_report").ok
    refused = world.api.get(f"orders/{world.ids['draft']}/execution-report.docx", "head")
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "validation_error"


def test_someone_outside_the_organization_does_not_learn_the_document_exists(world: World) -> None:
    response = world.api.get(f"orders/{world.ids['order']}/document.docx", "outsider")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert world.api.get(f"orders/{world.ids['order']}/document.docx").status_code == 401


def test_the_pdf_is_served_when_libreoffice_is_installed(world: World) -> None:
    response = world.api.get(f"orders/{world.ids['order']}/document.pdf", "head")
    if libreoffice_available():
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
    else:
        assert response.status_code == 404 and "LibreOffice" in response.get_json()["error"]["message"]


def test_a_roadmap_prints_within_its_order_and_a_standalone_one_says_so(world: World) -> None:
    standalone = world.api.get(f"roadmaps/{world.ids['roadmap']}/document.docx", "clerk")
    assert standalone.status_code == 422 and "приложением к приказу" in standalone.get_json()["error"]["message"]


def test_an_attached_roadmap_prints_as_its_order_with_the_appendix(api: Api) -> None:
    order_id = new_order(api.db, api.office)
    with api.db.transaction() as s:
        roadmap_id = create_roadmap(
            s,
            api.office.actors["clerk"],
            {
                "title": "Дорожная карта мониторинга",
                "organization_id": api.office.orgs["authority"],
                "order_id": order_id,
                "sections": [
                    {
                        "number": "1",
                        "title": "Мониторинг",
                        "activities": [
                            {
                                "number": "1.1",
                                "content": "Сбор данных",
                                "deadline_text": "Сентябрь 2027",
                                "responsible_text": "Отдел образования",
                            }
                        ],
                    }
                ],
            },
        ).id
    response = api.get(f"roadmaps/{roadmap_id}/document.docx", "clerk")
    assert response.status_code == 200
    assert check_docx(response.data, "order", {"draft": True}).ok
    assert response.data == api.get(f"orders/{order_id}/document.docx", "clerk").data


def test_a_reporting_period_report_downloads_for_those_who_see_the_cycle(api: Api) -> None:
    a = api.office.actors
    with api.db.transaction() as s:
        cycle = create_reporting_cycle(
            s,
            a["clerk"],
            {
                "title": "Отчёт по критерию 1.1",
                "organization_id": api.office.orgs["authority"],
                "schedule_text": "Ежегодно, июнь",
                "period": {"start": date(2021, 1, 1), "end": date(2022, 12, 31)},
                "controller_id": api.office.p("controller"),
                "responsible": [{"person_id": api.office.p("executor")}],
                "indicators": [{"name": "Доля ОО", "unit": "%", "target": 100}],
            },
        )
        cycle_id = cycle.id
    transition(api.db, "reporting-cycles", cycle_id, "approve", a["head"])
    transition(api.db, "reporting-cycles", cycle_id, "start", a["clerk"])
    period_id = api.ok("GET", f"reporting-cycles/{cycle_id}/periods", "controller")[0]["id"]
    report = api.get(f"reporting-periods/{period_id}/report.docx", "controller")
    assert report.status_code == 200 and check_docx(report.data, "reporting_period").ok
    assert api.get(f"reporting-periods/{period_id}/report.docx", "outsider").status_code == 404
