"""Fixtures of the web tests: the demo office in a temporary SQLite, the app served by a real server, Chromium."""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.serving import make_server

from app import create_app
from config import Settings
from models import User
from models.db import Database
from tests.conftest import migrate
from tests.pg import IN_CI, SETUP_HINT
from tools.demo import DEMO_PASSWORD, load_demo
from workflow.engine.permissions import Actor

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
_browser_problem: list[str] = []


class ChromiumUnavailable(RuntimeError):
    """Debian's chromium is not installed here."""


def ensure_chromium() -> str:
    """The path of Debian's chromium (`make setup` installs it)."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    found = shutil.which("chromium")
    if found is None:
        raise ChromiumUnavailable(SETUP_HINT.format(what="chromium"))
    return found


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Chromium's executable; under CI a missing one is a failure, elsewhere a loud skip."""
    try:
        return ensure_chromium()
    except ChromiumUnavailable as exc:
        if IN_CI:
            pytest.fail(f"Chromium обязателен в CI: {exc}")
        _browser_problem.append(str(exc))
        warnings.warn(f"Chromium недоступен, браузерные тесты пропущены: {exc}", stacklevel=1)
        pytest.skip(f"Chromium недоступен: {exc}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say it loudly when the browser tests did not run."""
    if _browser_problem:
        terminalreporter.write_sep("!", "БРАУЗЕРНЫЕ ТЕСТЫ НЕ ВЫПОЛНЯЛИСЬ", red=True)
        terminalreporter.write_line(_browser_problem[0])


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite file with the demo office, shared by the web tests of the session."""
    path = tmp_path_factory.mktemp("web") / "prikaz.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url)
    database = Database(url)
    load_demo(database)
    database.dispose()
    return url


@pytest.fixture(scope="session")
def demo_db(demo_url: str) -> Iterator[Database]:
    """The demo database, for tests that prepare data through the services."""
    database = Database(demo_url)
    yield database
    database.dispose()


def web_app(url: str, **settings: Any) -> Flask:
    """The application as production runs it: CSRF on, not in testing mode."""
    return create_app(Settings.from_env(DATABASE_URL=url, SECRET_KEY="web-tests", **settings))


@dataclass
class LiveServer:
    """The app served by werkzeug on a free loopback port, in a thread."""

    app: Flask
    url: str
    server: Any = field(repr=False)


@pytest.fixture(scope="session")
def live_server(demo_url: str) -> Iterator[LiveServer]:
    """A real HTTP server on 127.0.0.1 for the browser."""
    app = web_app(demo_url)
    # A line per request would bury the test output; failures show up in the assertions instead.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="prikaz-live-server", daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}", server)
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@dataclass
class Visit:
    """A logged-in browser page and what went wrong in it: console errors, uncaught exceptions."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def open_as(browser: Any, server: LiveServer, login: str) -> Visit:
    """A new browser context (Russian, Moscow time) logged in through the login form."""
    context = browser.new_context(
        locale="ru-RU", timezone_id="Europe/Moscow", viewport={"width": 1360, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    visit = Visit(page)
    page.on("console", lambda message: visit.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.goto(f"{server.url}/login")
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{server.url}/")
    return visit


@pytest.fixture
def visit_as(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """Open the app as a demo user; every context is closed after the test."""
    visits: list[Visit] = []

    def factory(login: str) -> Visit:
        visit = open_as(browser, live_server, login)
        visits.append(visit)
        return visit

    yield factory
    for visit in visits:
        visit.page.context.close()


def actor_of(database: Database, login: str) -> Actor:
    """The engine's actor of a demo login."""
    with database.session() as session:
        user = session.scalars(select(User).where(User.login == login)).one()
        return Actor.of(user)


SCREENSHOTS = os.environ.get("PRIKAZ_SCREENSHOTS", "")


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests put screenshots: docs/ when PRIKAZ_SCREENSHOTS=docs, a temporary directory otherwise."""
    if SCREENSHOTS == "docs":
        return ROOT / "docs"
    return tmp_path_factory.mktemp("screenshots")


SHOT_MAX_HEIGHT = 1800


def screenshot(page: Any, directory: Path, name: str) -> Path:
    """A PNG of the current page from its top, at most SHOT_MAX_HEIGHT pixels tall (web-<name>.png)."""
    path = directory / f"web-{name}.png"
    width = page.viewport_size["width"]
    height = min(page.evaluate("document.documentElement.scrollHeight"), SHOT_MAX_HEIGHT)
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
    return path


_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Browserless:
    """A Flask test client logged in as a demo user through the real login form (with its CSRF token)."""

    def __init__(self, app: Flask, login: str) -> None:
        self.client: FlaskClient = app.test_client()
        page = self.client.get("/login").get_data(as_text=True)
        response = self.client.post(
            "/login", data={"login": login, "password": DEMO_PASSWORD, "csrf_token": self.token(page)}
        )
        assert response.status_code == 302, f"login of {login} failed"

    @staticmethod
    def token(html: str) -> str:
        """The CSRF token of a rendered page."""
        match = _TOKEN.search(html)
        assert match is not None, "no CSRF token on the page"
        return match.group(1)

    def get(self, url: str, **kwargs: Any) -> Any:
        """GET."""
        return self.client.get(url, **kwargs)

    def post_form(self, page_url: str, action: str, data: dict[str, Any]) -> Any:
        """POST a form of a page with the page's CSRF token, as the browser would."""
        token = self.token(self.client.get(page_url).get_data(as_text=True))
        return self.client.post(action, data={**data, "csrf_token": token})


@pytest.fixture(scope="module")
def demo_app(demo_url: str) -> Flask:
    """The application on the demo database (CSRF on), for tests without a browser."""
    return web_app(demo_url)
