"""The one Settings object: read from an environment given to it, overridden by name, split for the workflow."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from config import Settings
from workflow import clock
from workflow.settings import DEFAULTS, WorkflowSettings, settings_of

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "workflow", "documents", "routes", "tools")
BASE = {"DATABASE_URL": "sqlite://", "SECRET_KEY": "k"}


def test_every_setting_is_read_from_its_variable_and_parsed_to_its_type() -> None:
    environ = {
        **BASE,
        "MAX_UPLOAD_BYTES": "1024",
        "SESSION_COOKIE_SECURE": "yes",
        "API_TOKEN_TTL_HOURS": "1.5",
        "LOGIN_MAX_FAILURES": "4",
        "DEADLINE_RULE": "following",
        "REMIND_DAYS": "7",
        "SMTP_HOST": "mail.example",
        "PRIKAZ_TIMEZONE": "Asia/Yekaterinburg",
    }
    settings = Settings.from_env(environ)
    assert settings.MAX_CONTENT_LENGTH == 1024
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.API_TOKEN_TTL_HOURS == 1.5
    assert settings.LOGIN_MAX_FAILURES == 4
    assert settings.workflow == WorkflowSettings(
        deadline_rule="following", remind_days=7, smtp_host="mail.example", timezone="Asia/Yekaterinburg"
    )


def test_an_empty_environment_gives_the_documented_defaults() -> None:
    settings = Settings.from_env(BASE)
    assert (settings.LOGIN_MAX_FAILURES, settings.LOGIN_WINDOW_MINUTES, settings.API_TOKEN_TTL_HOURS) == (10, 15, 12)
    assert settings.MAX_CONTENT_LENGTH == 20 * 1024 * 1024
    assert settings.WTF_CSRF_ENABLED is True and settings.SESSION_COOKIE_SECURE is False
    assert settings.workflow == DEFAULTS
    assert (DEFAULTS.deadline_rule, DEFAULTS.remind_days, DEFAULTS.escalate_days) == ("preceding", 3, 5)
    assert (DEFAULTS.inactivity_days, DEFAULTS.review_days, DEFAULTS.timezone) == (10, 5, "Europe/Moscow")


def test_overrides_win_over_the_environment_and_unknown_names_go_to_flask_as_they_are() -> None:
    settings = Settings.from_env({**BASE, "REMIND_DAYS": "7"}, REMIND_DAYS=2, SERVER_NAME="prikaz.local")
    assert settings.workflow.remind_days == 2
    flask_config = settings.as_flask()
    assert flask_config["SERVER_NAME"] == "prikaz.local"
    assert flask_config["DATABASE_URL"] == "sqlite://" and flask_config["REMIND_DAYS"] == 2


def test_no_variable_of_the_environment_switches_off_csrf_or_turns_on_testing() -> None:
    settings = Settings.from_env({**BASE, "WTF_CSRF_ENABLED": "0", "TESTING": "1"})
    assert settings.WTF_CSRF_ENABLED is True and settings.TESTING is False
    assert Settings.from_env(BASE, WTF_CSRF_ENABLED=False).WTF_CSRF_ENABLED is False


def test_the_settings_cannot_be_changed_after_they_are_built() -> None:
    settings = Settings.from_env(BASE)
    with pytest.raises(AttributeError):
        settings.DEADLINE_RULE = "following"  # type: ignore[misc]


def test_a_malformed_number_in_the_environment_stops_the_start() -> None:
    with pytest.raises(ValueError):
        Settings.from_env({**BASE, "REMIND_DAYS": "три"})


def test_a_session_or_object_without_a_database_gets_the_workflow_defaults() -> None:
    assert settings_of(Session()) is DEFAULTS
    assert settings_of(object()) is DEFAULTS


def test_the_office_time_zone_is_configured_not_read_at_import() -> None:
    moment = datetime(2031, 3, 1, 20, 30, tzinfo=UTC)
    try:
        clock.configure("Asia/Vladivostok")
        assert clock.TIMEZONE == ZoneInfo("Asia/Vladivostok")
        assert clock.local_date(moment) == date(2031, 3, 2)
    finally:
        clock.configure(DEFAULTS.timezone)
    assert clock.local_date(moment) == date(2031, 3, 1)


def test_no_module_but_config_reads_the_environment() -> None:
    readers = []
    sources = [ROOT / name for name in ("app.py", "wsgi.py", "extensions.py", "cli.py")]
    sources += [path for package in PACKAGES for path in (ROOT / package).glob("**/*.py")]
    for path in sources:
        relative = path.relative_to(ROOT)
        for line in path.read_text(encoding="utf-8").splitlines():
            # A child process may inherit the environment; reading a setting from it is another thing.
            if re.search(r"os\.environ(?!\s*,)|os\.getenv", line) and "**os.environ" not in line:
                readers.append(f"{relative}: {line.strip()}")
    assert readers == []
