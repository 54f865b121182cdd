"""The test tooling itself: the frozen clock of the session and the fixtures that name `make setup`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import pg
from tests.conftest import FROZEN_NOW
from workflow import clock


def test_every_test_session_runs_on_monday_16_november_2026_in_moscow() -> None:
    assert clock.today() == date(2026, 11, 16)
    assert timedelta(0) <= clock.now() - FROZEN_NOW < timedelta(hours=12)


def test_a_missing_postgresql_is_reported_with_the_command_that_installs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg, "_bin_dir", lambda: None)
    with pytest.raises(pg.PostgresUnavailable, match="make setup"):
        pg.Cluster()
