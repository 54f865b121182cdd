"""Every page a role can reach opens: without a server error, in the browser without a console error."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import Browserless, LiveServer
from tests.web.crawl import walk
from tools.demo import DEMO_LOGINS

# One login per kind of user: the directors of schools 3, 5 and 7 see what the director of school 2 sees.
ROLES = [login for login in DEMO_LOGINS if login not in ("school3", "school5", "school7")]
_HREF = re.compile(r'href="([^"]+)"')
# Every field a person fills in has a label (or an aria-label): the check runs in the page itself.
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter(el => !el.closest('template') && el.labels.length === 0 && !el.getAttribute('aria-label'))
    .map(el => el.name || el.id)"""


@pytest.mark.parametrize("login", ROLES)
def test_every_page_a_role_reaches_answers_without_a_server_error(demo_app: Any, login: str) -> None:
    client = Browserless(demo_app, login)
    problems: list[str] = []

    def fetch(url: str) -> list[str]:
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
            return []
        html = response.get_data(as_text=True)
        if "Внутренняя ошибка" in html:
            problems.append(f"{url}: внутренняя ошибка")
        return [h.replace("&amp;", "&") for h in _HREF.findall(html)]

    opened = walk(fetch, per_pattern=3, limit=250)
    assert len(opened) > 5
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("login", ROLES)
def test_every_page_a_role_reaches_opens_in_the_browser_with_labelled_fields_and_no_console_errors(
    visit_as: Any, live_server: LiveServer, login: str
) -> None:
    visit = visit_as(login)
    page = visit.page
    problems: list[str] = []

    def fetch(url: str) -> list[str]:
        response = page.goto(live_server.url + url)
        if response is None or response.status != 200:
            problems.append(f"{url}: {response.status if response else 'нет ответа'}")
            return []
        problems.extend(f"{url}: поле без подписи {name}" for name in page.evaluate(UNLABELLED))
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        return [link for link in links if link]

    opened = walk(fetch, per_pattern=1, limit=60)
    assert len(opened) > 5
    assert problems == []
    assert visit.console_errors == []
    assert visit.page_errors == []
