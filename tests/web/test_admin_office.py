"""The administrator's pages of the school quarters and of the signatures' trusted roots."""

from __future__ import annotations

import io
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from models import SchoolQuarter, TrustedRoot
from models.db import Database
from tests.signing import TestAuthority
from tests.web.conftest import Browserless

PAGE = "/admin/school-calendar?year=2030"
QUARTERS = {
    "q1_start": "2030-09-02",
    "q1_end": "2030-10-25",
    "q2_start": "2030-11-05",
    "q2_end": "2030-12-27",
    "q3_start": "2031-01-09",
    "q3_end": "2031-03-21",
    "q4_start": "2031-04-01",
    "q4_end": "2031-05-26",
}


def _quarters(db: Database, year: int) -> list[tuple[date, date]]:
    with db.session() as s:
        rows = s.scalars(
            select(SchoolQuarter).where(SchoolQuarter.academic_year == year).order_by(SchoolQuarter.number)
        )
        return [(q.start, q.end) for q in rows]


def test_the_admin_sets_the_quarters_of_a_year_and_gives_them_back_to_the_default(
    demo_app: Flask, demo_db: Database
) -> None:
    admin = Browserless(demo_app, "admin")
    shown = admin.get(PAGE).get_data(as_text=True)
    assert "2030/2031 учебный год: четверти по умолчанию" in shown
    saved = admin.post_form(PAGE, PAGE, QUARTERS)
    assert saved.status_code == 302
    assert _quarters(demo_db, 2030)[0] == (date(2030, 9, 2), date(2030, 10, 25))
    assert "даты заданы администратором" in admin.get(PAGE).get_data(as_text=True)
    reset = admin.post_form(PAGE, "/admin/school-calendar/reset", {"year": "2030"})
    assert reset.status_code == 302
    assert _quarters(demo_db, 2030) == []


def test_overlapping_or_missing_quarters_are_refused_in_russian_and_change_nothing(
    demo_app: Flask, demo_db: Database
) -> None:
    admin = Browserless(demo_app, "admin")
    overlapping = {**QUARTERS, "q2_start": "2030-10-20"}
    answer = admin.post_form(PAGE, PAGE, overlapping)
    assert answer.status_code == 422
    assert "2-я четверть начинается до окончания предыдущей." in answer.get_data(as_text=True)
    missing = {**QUARTERS, "q3_end": ""}
    answer = admin.post_form(PAGE, PAGE, missing)
    assert answer.status_code == 422
    assert "Укажите начало и конец 3-й четверти датами." in answer.get_data(as_text=True)
    assert _quarters(demo_db, 2030) == []


def test_only_the_admin_opens_the_quarters_and_the_roots(demo_app: Flask) -> None:
    clerk = Browserless(demo_app, "clerk")
    assert clerk.get(PAGE).status_code == 403
    assert clerk.get("/admin/trusted-roots").status_code == 403


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> TestAuthority:
    return TestAuthority(tmp_path_factory.mktemp("ca"))


def test_the_admin_uploads_a_root_certificate_and_sees_its_owner(
    demo_app: Flask, demo_db: Database, authority: TestAuthority
) -> None:
    admin = Browserless(demo_app, "admin")
    page = "/admin/trusted-roots"
    token = admin.token(admin.get(page).get_data(as_text=True))
    pem = authority.root_pem.encode()
    answer = admin.client.post(
        page,
        data={"csrf_token": token, "name": "Тестовый УЦ", "file": (io.BytesIO(pem), "root.pem")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    shown = admin.get(page).get_data(as_text=True)
    assert "Тестовый УЦ" in shown and "сертификат не читается" not in shown
    token = admin.token(shown)
    refused = admin.client.post(
        page,
        data={"csrf_token": token, "name": "Не сертификат", "file": (io.BytesIO(b"hello"), "x.pem")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "Файл не является сертификатом в формате PEM." in refused.get_data(as_text=True)
    with demo_db.session() as s:
        assert [r.name for r in s.scalars(select(TrustedRoot))].count("Не сертификат") == 0
