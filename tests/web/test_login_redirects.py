"""After login a person returns only to a local path of this site, normalised; never elsewhere, never a 500."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask

from tests.web.conftest import Browserless
from tools.demo import DEMO_PASSWORD


def _login_with_next(client: Any, raw_next: str) -> Any:
    page = client.get("/login").get_data(as_text=True)
    return client.post(
        f"/login?next={raw_next}",
        data={"login": "clerk", "password": DEMO_PASSWORD, "csrf_token": Browserless.token(page)},
    )


@pytest.mark.parametrize(
    "raw_next",
    [
        "%2F%09%2Fevil.example%2F",  # "/\t/evil.example/": browsers drop the tab and go to //evil.example/
        "%2F%2Fevil.example%2F",
        "%2F%5Cevil.example",  # "/\evil.example"
        "https%3A%2F%2Fevil.example%2F",
        "%2F%0D%0ASet-Cookie%3A%20x%3D1",  # CR/LF: once a 500
        "%2F%0Aevil",
        "javascript%3Aalert(1)",
        "evil.example",
    ],
)
def test_a_next_address_pointing_elsewhere_sends_the_person_home(demo_app: Flask, raw_next: str) -> None:
    response = _login_with_next(demo_app.test_client(), raw_next)
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_a_local_next_path_with_its_query_is_kept(demo_app: Flask) -> None:
    response = _login_with_next(demo_app.test_client(), quote("/orders?state=draft&page=2", safe=""))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/orders?state=draft&page=2")
