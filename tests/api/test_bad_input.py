"""Bad input on every write endpoint: a clear 4xx in the envelope and not a single row changed.

Each endpoint is described once (a valid body, who calls it, which field is text, an id, a date); the
battery derives the bad requests from it: malformed JSON, wrong media type, a body that is not an object,
unknown fields, wrong types, null and empty text, 100 kB text, impossible dates, negative and 2**63 ids,
ids in the path that do not exist, and references to another authority's objects.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.api.conftest import fingerprint
from tests.api.world import World
from tests.builders import order_data

HUGE = "я" * 100_001  # 200 kB of UTF-8, past every text limit


@dataclass(frozen=True)
class Endpoint:
    """A write endpoint and the parts of its body the battery mutates."""

    method: str
    path: str  # "{draft}" and the like are ids of the world's objects
    who: str
    body: Callable[[World], dict[str, Any]]
    text: str  # a required text field (dotted path)
    optional_text: bool = False
    ident: str | None = None
    date: str | None = None
    foreign: Callable[[World], tuple[str, dict[str, Any]]] | None = None
    foreign_status: int = 422
    extra: dict[str, Any] = field(default_factory=dict)


def _roadmap(w: World) -> dict[str, Any]:
    return {
        "title": "Дорожная карта",
        "organization_id": w.office.orgs["authority"],
        "period": {"start": "2026-09-01", "end": "2027-08-31"},
        "sections": [{"title": "Раздел", "activities": [{"content": "Мониторинг", "deadline_text": "Май 2027"}]}],
    }


def _foreign_order(w: World) -> tuple[str, dict[str, Any]]:
    return "orders", order_data(w.office, signatory_id=w.office.p("outsider"))


ENDPOINTS: dict[str, Endpoint] = {
    "token": Endpoint("POST", "auth/token", "clerk", lambda w: {"login": "clerk", "password": "пароль"}, "login"),
    "organization": Endpoint(
        "POST",
        "organizations",
        "admin",
        lambda w: {"name": "МБОУ «СОШ № 9»", "parent_id": w.office.orgs["authority"]},
        "name",
        ident="parent_id",
    ),
    "organization_patch": Endpoint(
        "PATCH", "organizations/{school1}", "admin", lambda w: {"name": "Школа"}, "name", ident="head_id"
    ),
    "person": Endpoint(
        "POST",
        "people",
        "admin",
        lambda w: {
            "last_name": "Орлова",
            "first_name": "Вера",
            "gender": "f",
            "organization_id": w.office.orgs["school1"],
        },
        "last_name",
        ident="organization_id",
    ),
    "person_patch": Endpoint(
        "PATCH", "people/{executor}", "admin", lambda w: {"position": "методист"}, "last_name", ident="organization_id"
    ),
    "user": Endpoint(
        "POST",
        "users",
        "admin",
        lambda w: {"login": "orlova", "password": "длинный-пароль", "roles": ["executor"]},
        "login",
        ident="person_id",
    ),
    "user_patch": Endpoint(
        "PATCH", "users/{clerk_user}", "admin", lambda w: {"roles": ["clerk"]}, "password", ident="person_id"
    ),
    "journal": Endpoint(
        "POST",
        "journals",
        "admin",
        lambda w: {"organization_id": w.office.orgs["school1"], "kind": "order", "year": 2031},
        "kind",
        ident="organization_id",
    ),
    "journal_patch": Endpoint(
        "PATCH",
        "journals/{journal}",
        "admin",
        lambda w: {"next_number": 900},
        "prefix",
        optional_text=True,
        ident="next_number",
    ),
    "order": Endpoint(
        "POST",
        "orders",
        "clerk",
        lambda w: order_data(w.office, period={"start": "2026-09-01", "end": "2027-08-31"}),
        "title",
        ident="signatory_id",
        date="period.start",
        foreign=_foreign_order,
    ),
    "order_patch": Endpoint(
        "PATCH",
        "orders/{draft}",
        "clerk",
        lambda w: {"title": "О мониторинге"},
        "title",
        ident="controller_id",
        date="period.end",
        foreign=lambda w: ("orders/{draft}", {"approvers": [w.office.p("outsider")]}),
        extra={"period": {"start": "2026-09-01", "end": "2027-08-31"}},
    ),
    "amendment": Endpoint(
        "POST",
        "orders/{order}/amendments",
        "clerk",
        lambda w: {"reason": "кадровыми изменениями", "changes": [{"point": "2", "action": "repeal"}]},
        "reason",
        optional_text=True,
        foreign=lambda w: (
            "orders/{order}/amendments",
            {"changes": [{"point": "2", "action": "replace", "responsible": [{"person_id": w.office.p("outsider")}]}]},
        ),
    ),
    "order_transition": Endpoint(
        "POST",
        "orders/{draft}/transitions",
        "clerk",
        lambda w: {"event": "submit", "comment": "Прошу согласовать"},
        "event",
        ident="version",
        foreign=lambda w: ("orders/{foreign}/transitions", {"event": "submit"}),
        foreign_status=404,
    ),
    "task_transition": Endpoint(
        "POST",
        "tasks/{task_executor}/transitions",
        "executor",
        lambda w: {"event": "report", "report_text": "Готово"},
        "report_text",
        ident="version",
        foreign=lambda w: ("tasks/{task_school1}/transitions", {"event": "report", "report_text": "Готово"}),
        foreign_status=404,
    ),
    "roadmap_transition": Endpoint(
        "POST", "roadmaps/{roadmap}/transitions", "head", lambda w: {"event": "approve"}, "event", ident="version"
    ),
    "group_transition": Endpoint(
        "POST", "working-groups/{group}/transitions", "head", lambda w: {"event": "approve"}, "event", ident="version"
    ),
    "cycle_transition": Endpoint(
        "POST", "reporting-cycles/{cycle}/transitions", "head", lambda w: {"event": "approve"}, "event", ident="version"
    ),
    "extension_request": Endpoint(
        "POST",
        "tasks/{task_school1}/extension-requests",
        "director1",
        lambda w: {"new_deadline": "2027-06-04", "reason": "Нет данных"},
        "reason",
        date="new_deadline",
        foreign=lambda w: ("tasks/{task_executor}/extension-requests", {"new_deadline": "2027-06-04", "reason": "x"}),
        foreign_status=404,
    ),
    "extension_decision": Endpoint(
        "POST",
        "extension-requests/{extension}/decision",
        "controller",
        lambda w: {"decision": "grant", "comment": "Согласна"},
        "decision",
        ident="version",
    ),
    "roadmap": Endpoint(
        "POST",
        "roadmaps",
        "clerk",
        _roadmap,
        "title",
        ident="order_id",
        date="period.start",
        foreign=lambda w: ("roadmaps", {**_roadmap(w), "controller_id": w.office.p("outsider")}),
    ),
    "working_group": Endpoint(
        "POST",
        "working-groups",
        "clerk",
        lambda w: {"name": "Группа", "organization_id": w.office.orgs["authority"], "members": []},
        "name",
        ident="controller_id",
        foreign=lambda w: (
            "working-groups",
            {
                "name": "Группа",
                "organization_id": w.office.orgs["authority"],
                "members": [{"person_id": w.office.p("outsider")}],
            },
        ),
    ),
    "reporting_cycle": Endpoint(
        "POST",
        "reporting-cycles",
        "clerk",
        lambda w: {
            "title": "Отчёт",
            "organization_id": w.office.orgs["authority"],
            "period": {"start": "2027-01-01", "end": "2027-12-31"},
        },
        "title",
        ident="controller_id",
        date="period.end",
        foreign=lambda w: (
            "reporting-cycles",
            {"title": "Отчёт", "organization_id": w.office.orgs["other"]},
        ),
        foreign_status=403,
    ),
    "deadline_parse": Endpoint(
        "POST", "deadlines/parse", "clerk", lambda w: {"text": "Ежегодно, июнь"}, "text", date="reference_date"
    ),
}


def _set(body: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    body = copy.deepcopy(body)
    target = body
    *parents, last = dotted.split(".")
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = value
    return body


def _path(world: World, template: str) -> str:
    ids = {**world.ids, "school1": world.office.orgs["school1"], "executor": world.office.p("executor")}
    ids["clerk_user"] = world.office.actors["clerk"].user_id
    return template.format(**ids)


# mutation: (kind of change, expected status, expected error code)
MUTATIONS = {
    "malformed_json": (400, "bad_request"),
    "form_encoded": (415, "unsupported_media_type"),
    "not_an_object": (422, "validation_error"),
    "unknown_field": (422, "validation_error"),
    "text_of_wrong_type": (422, "validation_error"),
    "null_text": (422, "validation_error"),
    "blank_text": (422, "validation_error"),
    "text_of_100_kb": (422, "validation_error"),
    "impossible_date": (422, "validation_error"),
    "nul_in_text": (422, "validation_error"),
    "bell_in_text": (422, "validation_error"),
    "lone_surrogate_in_text": (422, "validation_error"),
    "date_in_year_1": (422, "validation_error"),
    "date_in_year_9999": (422, "validation_error"),
    "negative_id": (422, "validation_error"),
    "id_of_2_63": (422, "validation_error"),
    "missing_object_in_path": (404, "not_found"),
    "another_authority": (None, None),
}


def applies(endpoint: Endpoint, mutation: str) -> bool:
    """Whether the endpoint has the part this mutation changes."""
    return {
        "null_text": not endpoint.optional_text,
        "blank_text": not endpoint.optional_text,
        "impossible_date": endpoint.date is not None,
        "date_in_year_1": endpoint.date is not None,
        "date_in_year_9999": endpoint.date is not None,
        "negative_id": endpoint.ident is not None,
        "id_of_2_63": endpoint.ident is not None,
        "missing_object_in_path": "{" in endpoint.path,
        "another_authority": endpoint.foreign is not None,
    }.get(mutation, True)


def _request(world: World, endpoint: Endpoint, mutation: str) -> tuple[str, dict[str, Any]]:
    """The path and client arguments of one bad request."""
    body = {**endpoint.body(world), **endpoint.extra}
    path = _path(world, endpoint.path)
    if mutation == "malformed_json":
        return path, {"data": '{"title": "Об итогах', "content_type": "application/json"}
    if mutation == "form_encoded":
        return path, {"data": "title=x", "content_type": "application/x-www-form-urlencoded"}
    if mutation == "not_an_object":
        return path, {"json": [body]}
    if mutation == "unknown_field":
        return path, {"json": {**body, "surprise": True}}
    if mutation == "text_of_wrong_type":
        return path, {"json": _set(body, endpoint.text, 12345)}
    if mutation == "null_text":
        return path, {"json": _set(body, endpoint.text, None)}
    if mutation == "blank_text":
        return path, {"json": _set(body, endpoint.text, "   ")}
    if mutation == "text_of_100_kb":
        return path, {"json": _set(body, endpoint.text, HUGE)}
    if mutation == "impossible_date":
        assert endpoint.date is not None
        return path, {"json": _set(body, endpoint.date, "2022-02-30")}
    if mutation == "nul_in_text":
        return path, {"json": _set(body, endpoint.text, "Об итогах\x00 мониторинга")}
    if mutation == "bell_in_text":
        return path, {"json": _set(body, endpoint.text, "Об итогах\x07 мониторинга")}
    if mutation == "lone_surrogate_in_text":
        # json.dumps writes the half as the escape \ud800, which the server's parser turns into a lone surrogate.
        raw = json.dumps(_set(body, endpoint.text, "Об итогах \ud800 мониторинга"))
        return path, {"data": raw, "content_type": "application/json"}
    if mutation in ("date_in_year_1", "date_in_year_9999"):
        assert endpoint.date is not None
        return path, {"json": _set(body, endpoint.date, "0001-01-01" if mutation == "date_in_year_1" else "9999-12-31")}
    if mutation in ("negative_id", "id_of_2_63"):
        assert endpoint.ident is not None
        return path, {"json": _set(body, endpoint.ident, -1 if mutation == "negative_id" else 2**63)}
    if mutation == "missing_object_in_path":
        return endpoint.path.replace(
            endpoint.path[endpoint.path.index("{") : endpoint.path.index("}") + 1], "2147483647"
        ), {"json": body}
    assert mutation == "another_authority" and endpoint.foreign is not None
    template, foreign_body = endpoint.foreign(world)
    return _path(world, template), {"json": foreign_body}


CASES = [(name, mutation) for name, spec in ENDPOINTS.items() for mutation in MUTATIONS if applies(spec, mutation)]


@pytest.mark.parametrize(("endpoint", "mutation"), CASES)
def test_bad_input_gets_a_clear_4xx_and_changes_nothing(world: World, endpoint: str, mutation: str) -> None:
    spec = ENDPOINTS[endpoint]
    path, kwargs = _request(world, spec, mutation)
    world.api.token(spec.who)
    before = fingerprint(world.db)
    response = world.api.call(spec.method, path, spec.who, **kwargs)
    status, code = MUTATIONS[mutation]
    if mutation == "another_authority":
        status, code = (
            spec.foreign_status,
            {403: "forbidden", 404: "not_found", 422: "validation_error"}[spec.foreign_status],
        )
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == code
    assert error["message"] and not error["message"].isascii()  # a Russian sentence
    if status == 422 and code == "validation_error" and mutation != "another_authority":
        assert error["details"], error
    assert fingerprint(world.db) == before


def test_the_valid_bodies_of_the_battery_are_accepted(world: World) -> None:
    """The battery's bodies are right but for the one mutated part: checked on one endpoint that writes nothing."""
    spec = ENDPOINTS["deadline_parse"]
    response = world.api.call(spec.method, spec.path, spec.who, json=spec.body(world))
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["orders?q=%00", "people?q=%07", "control/overdue?as_of=0001-01-01"])
def test_control_characters_and_impossible_years_in_query_arguments_are_refused_with_422(
    world: World, path: str
) -> None:
    response = world.api.call("GET", path, "admin")
    assert response.status_code == 422, response.get_json()
    assert not response.get_json()["error"]["message"].isascii()


@pytest.mark.parametrize("login", ["clerk\x00", "\x00", "cl\ud800erk"])
def test_the_unauthenticated_token_call_refuses_control_characters_without_a_5xx(world: World, login: str) -> None:
    before = fingerprint(world.db)
    response = world.api.client.post(
        "/api/v1/auth/token",
        data=json.dumps({"login": login, "password": "длинный-пароль"}),
        content_type="application/json",
    )
    assert response.status_code == 422, response.get_json()
    assert fingerprint(world.db) == before
