"""The pages of amendments: «Внести изменения» on the card, the form over the points, the consolidated text."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from models import Order, Roadmap
from models.db import Database
from tests.web import prepare
from tests.web.conftest import Browserless, LiveServer, screenshot
from workflow.engine.engine import fire
from workflow.services.drafting import draft_roadmap
from workflow.services.orders import attach_to_order


def _route(database: Database, order_id: int) -> None:
    """Visas, approval and dispatch of the amendment, as any order goes."""
    who = prepare.people(database)
    with database.transaction() as session:
        row = session.get_one(Order, order_id)
        fire(session, row, "submit", who["clerk"])
        fire(session, row, "visa", who["approver"], decision="approve")
        fire(session, row, "visa", who["lawyer"], decision="approve")
        fire(session, row, "approve", who["head"])
        fire(session, row, "dispatch", who["clerk"])


def test_the_form_drafts_the_amendment_and_opens_it_in_the_editor(demo_app: Flask, demo_db: Database) -> None:
    base_id = prepare.order(demo_db, "О мониторинге для изменения формой", "executing")
    clerk = Browserless(demo_app, "clerk")
    card = clerk.get(f"/orders/{base_id}").get_data(as_text=True)
    assert "Внести изменения" in card
    url = f"/orders/{base_id}/amend"
    response = clerk.post_form(
        url, url, {"reason": "", "action_0": "deadline", "number_0": "1", "deadline_0": "до 01.06.2027"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    new_id = int(response.headers["Location"].split("/")[-2])
    assert response.headers["Location"].endswith(f"/orders/{new_id}/edit")
    with demo_db.session() as session:
        order = session.get_one(Order, new_id)
        assert order.amends_id == base_id and order.state == "draft"
        assert order.points[0].text.startswith("В пункте 1 слова «до ") and order.points[0].text.endswith(
            "заменить словами «до 01.06.2027»."
        )


def test_a_row_without_its_value_is_refused_at_the_row(demo_app: Flask, demo_db: Database) -> None:
    base_id = prepare.order(demo_db, "О мониторинге для отказа формы", "executing")
    clerk = Browserless(demo_app, "clerk")
    url = f"/orders/{base_id}/amend"
    response = clerk.post_form(url, url, {"action_0": "text", "number_0": "1", "text_0": ""})
    assert response.status_code == 422
    assert "Заполните поле «Новая редакция»." in response.get_data(as_text=True)
    nothing = clerk.post_form(url, url, {"action_0": "", "number_0": "1"})
    assert nothing.status_code == 422 and "Выберите хотя бы одно изменение." in nothing.get_data(as_text=True)


def test_a_draft_offers_no_amendment_and_its_form_is_refused(demo_app: Flask, demo_db: Database) -> None:
    draft_id = prepare.order(demo_db, "Проект, который не изменяют", "draft")
    clerk = Browserless(demo_app, "clerk")
    assert "Внести изменения" not in clerk.get(f"/orders/{draft_id}").get_data(as_text=True)
    assert clerk.get(f"/orders/{draft_id}/amend").status_code == 409


@pytest.mark.browser
def test_the_clerk_amends_an_order_and_reads_its_consolidated_text_on_a_phone(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Any
) -> None:
    base_id = prepare.order(demo_db, "О мониторинге, изменяемом в браузере", "executing")
    visit = visit_as("clerk")
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/orders/{base_id}")
    page.get_by_role("link", name="Внести изменения").click()
    page.wait_for_url(f"**/orders/{base_id}/amend")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.select_option("#action_0", "text")
    page.fill("#text_0", "Представить информацию о выполнении мероприятий и аналитическую справку.")
    page.fill("#deadline_0", "до 01.06.2027")
    page.fill("#reason", "уточнением сроков мониторинга")
    screenshot(page, screenshot_dir, "order-amend")
    page.get_by_role("button", name="Подготовить проект приказа об изменениях").click()
    page.wait_for_url("**/edit")
    amendment_id = int(page.url.split("/")[-2])
    assert "О внесении изменений в приказ" in page.content()
    _route(demo_db, amendment_id)
    page.goto(f"{live_server.url}/orders/{base_id}")
    panel = page.locator("section.amendments")
    assert "Изменения: приказ от" in panel.inner_text()
    panel.scroll_into_view_if_needed()
    screenshot(page, screenshot_dir, "order-card-amendments")
    panel.get_by_role("link", name="Действующая редакция").click()
    page.wait_for_url(f"**/orders/{base_id}/consolidated")
    text = page.locator("main").inner_text()
    assert "аналитическую справку до 01.06.2027 (в редакции приказа от" in text
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(page, screenshot_dir, "order-consolidated")
    with page.expect_download() as download:
        page.get_by_role("link", name="Действующая редакция (DOCX)").click()
    assert download.value.suggested_filename.endswith("действующая-редакция.docx")
    assert not visit.console_errors and not visit.page_errors


def test_the_form_changes_a_roadmap_activity_of_the_order(demo_app: Flask, demo_db: Database) -> None:
    who = prepare.people(demo_db)
    with demo_db.transaction() as session:
        roadmap = draft_roadmap(
            session,
            who["clerk"],
            {
                "title": "Дорожная карта для изменения формой",
                "organization_id": who["clerk"].organization_id,
                "sections": [
                    {
                        "title": "Раздел",
                        "activities": [
                            {
                                "number": "1",
                                "content": "Провести совещание",
                                "deadline_text": "Декабрь 2026",
                                "responsible": [{"person_id": who["executor"].person_id}],
                            }
                        ],
                    }
                ],
            },
        )
        roadmap_id, activity_id = roadmap.id, roadmap.sections[0].activities[0].id
    base_id = prepare.order(demo_db, "О дорожной карте, изменяемой формой", "draft")
    with demo_db.transaction() as session:
        base = session.get_one(Order, base_id)
        attach_to_order(session, who["clerk"], session.get_one(Roadmap, roadmap_id), base_id, "roadmap_id")
        fire(session, base, "submit", who["clerk"])
        fire(session, base, "visa", who["approver"], decision="approve")
        fire(session, base, "visa", who["lawyer"], decision="approve")
        fire(session, base, "approve", who["head"])
        fire(session, base, "dispatch", who["clerk"])
    clerk = Browserless(demo_app, "clerk")
    url = f"/orders/{base_id}/amend"
    page = clerk.get(url).get_data(as_text=True)
    assert "Дорожная карта «Дорожная карта для изменения формой»" in page and "Провести совещание" in page
    key = f"a{activity_id}"
    form = {f"action_{key}": "deadline", f"number_{key}": "1", f"roadmap_{key}": str(roadmap_id)}
    response = clerk.post_form(url, url, {**form, f"deadline_{key}": "Январь 2027"})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    new_id = int(response.headers["Location"].split("/")[-2])
    with demo_db.session() as session:
        assert [p.text for p in session.get_one(Order, new_id).points] == [
            "В строке 1 приложения к приказу в графе «Срок исполнения» слова «Декабрь 2026» заменить словами "
            "«Январь 2027»."
        ]
