"""A week of the office in the browser, told by its notifications: nobody is told a URL, each follows the notice.

The approvers are notified and visa, the head is notified and approves, the executor is notified of the new task,
opens the order from it, reports; the controller is notified and returns the report; the executor is notified of
the return, sees it at the top of the card and reports again; the order is found by its number and by another
word form. At 1366 px and at 390 px, where no page scrolls sideways.
"""

from __future__ import annotations

from typing import Any

import pytest

from models import Order
from models.db import Database
from tests.web import prepare
from tests.web.conftest import LiveServer

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px at {page.viewport_size['width']}px"


def _header(page: Any) -> None:
    """On a phone the header's links are behind «Меню»."""
    menu = page.get_by_role("button", name="Меню")
    if menu.count() and menu.first.is_visible() and menu.first.get_attribute("aria-expanded") != "true":
        menu.first.click()


def _follow_notice(page: Any, base: str, words: str) -> None:
    """From any page: the header's «Уведомления» (with its unread badge), then the notice that says `words`."""
    page.goto(f"{base}/")
    _header(page)
    notices = page.locator("a.notices")
    assert notices.locator(".badge").count() == 1, "no unread badge in the header"
    notices.click()
    page.wait_for_url(f"{base}/notifications*")
    _fits(page)
    row = page.locator("tr", has_text=words).first
    row.wait_for()
    row.get_by_role("link").first.click()
    page.wait_for_load_state()
    _fits(page)


def _fire(page: Any, action: str, choose: str = "", **fields: str) -> None:
    page.locator("summary", has_text=action).first.click()
    form = page.locator("details[open] form")
    if choose:
        form.get_by_label(choose, exact=True).check()
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    confirm = form.get_by_label("Подтверждаю", exact=False)
    if confirm.count():
        confirm.first.check()
    form.get_by_role("button", name=action).click()
    page.wait_for_load_state()
    assert page.locator(".flash.success").count() == 1, page.locator("main").inner_text()[:500]


@pytest.mark.browser
@pytest.mark.parametrize("size", list(SIZES))
def test_a_week_of_the_office_goes_from_notice_to_notice(
    visit_as: Any, live_server: LiveServer, demo_db: Database, size: str
) -> None:
    base = live_server.url
    title = f"О проведении недели финансовой грамотности ({'компьютер' if size == 'desktop' else 'телефон'})"
    order_id = prepare.order(demo_db, title, "on_approval")

    for login in ("approver", "lawyer"):
        page = visit_as(login).page
        page.set_viewport_size(SIZES[size])
        _follow_notice(page, base, title)
        assert title in page.locator("h1, .subtitle, main").first.inner_text()
        _fire(page, "Завизировать", choose="Согласовать")

    head = visit_as("head").page
    head.set_viewport_size(SIZES[size])
    _follow_notice(head, base, "все визы получены")
    _fire(head, "Утвердить и зарегистрировать")
    clerk = visit_as("clerk").page
    clerk.set_viewport_size(SIZES[size])
    _follow_notice(clerk, base, title)
    _fire(clerk, "Направить на исполнение")
    with demo_db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None and order.state == "executing" and order.reg_number
        number = order.reg_number

    executor = visit_as("executor").page
    executor.set_viewport_size(SIZES[size])
    _follow_notice(executor, base, "Представить информацию о выполнении мероприятий")
    task_url = executor.url
    executor.locator("dd a", has_text=number).first.click()  # the task's source: the order itself
    executor.wait_for_load_state()
    assert executor.url.split("#")[0].endswith(f"/orders/{order_id}")
    assert title in executor.locator("main").inner_text()
    _fits(executor)
    executor.goto(task_url)
    executor.get_by_label("Что сделано").fill("Неделя проведена, справка прилагается.")
    executor.set_input_files(
        "#files", files=[{"name": "справка.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% week\n"}]
    )
    executor.get_by_role("button", name="Доложить об исполнении").click()
    executor.wait_for_load_state()
    assert "Отчёт отправлен" in executor.locator(".flash.success").inner_text()

    controller = visit_as("controller").page
    controller.set_viewport_size(SIZES[size])
    _follow_notice(controller, base, "Неделя проведена")
    _fire(controller, "Вернуть на доработку", Комментарий="Приложите план мероприятий недели.")

    _follow_notice(executor, base, "Приложите план мероприятий недели.")
    top = executor.locator("main").inner_text()
    assert top.index("возвращён") < top.index("Что сделано"), "the return is not at the top of the card"
    assert "Приложите план мероприятий недели." in top
    executor.get_by_label("Что сделано").fill("План мероприятий приложен.")
    executor.get_by_role("button", name="Доложить об исполнении").click()
    executor.wait_for_load_state()
    shown = executor.locator("main").inner_text()
    assert "Неделя проведена, справка прилагается." in shown and "План мероприятий приложен." in shown

    for query in (f"№ {number}", "финансовую грамотность"):
        controller.goto(f"{base}/")
        _header(controller)
        controller.locator("#top-q").fill(query)
        controller.locator("#top-q").press("Enter")
        controller.wait_for_load_state()
        _fits(controller)
        assert controller.locator("main a", has_text=title).count() >= 1, f"«{query}» did not find the order"
