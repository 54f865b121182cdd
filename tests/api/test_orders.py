"""Orders through the API: the contract's shape, lists and filters, drafts edited with versions, transitions."""

from __future__ import annotations

from typing import Any

from models.db import Database
from tests.api.conftest import Api, fingerprint
from tests.builders import order_data

PERIOD = {"start": "2026-09-01", "end": "2027-08-31"}


def _order(api: Api, **overrides: Any) -> dict[str, Any]:
    data = order_data(api.office, period=PERIOD, **overrides)
    return api.ok("POST", "orders", "clerk", 201, json=data)


def test_a_draft_comes_back_with_the_contract_fields_numbered_points_and_parsed_deadlines(api: Api) -> None:
    response = api.post("orders", "clerk", json=order_data(api.office, period=PERIOD))
    assert response.status_code == 201
    order = response.get_json()
    assert response.headers["Location"] == f"/api/v1/orders/{order['id']}"
    assert (order["state"], order["version"], order["reg_number"], order["reg_date"]) == ("draft", 1, None, None)
    assert order["document_sha256"] is None
    assert order["approvers"] == [api.office.p("approver1"), api.office.p("approver2")]
    assert order["period"] == PERIOD
    numbers = [(p["number"], [c["number"] for c in p["children"]]) for p in order["points"]]
    assert numbers == [("1", []), ("2", []), ("3", ["3.1"])]
    second = order["points"][1]
    assert second["responsible"] == [{"person_id": api.office.p("executor")}]
    assert second["deadline"]["kind"] == "date" and second["deadline"]["due_dates"] == ["2027-04-02"]
    assert second["task_ids"] == []
    fan_out = order["points"][2]["children"][0]
    assert fan_out["responsible"] == [{"organization_id": api.office.orgs["authority"], "include_subordinates": True}]
    assert order["points"][0]["deadline"] is None
    assert api.get(f"orders/{order['id']}", "clerk").get_json() == order


def test_repeated_point_numbers_are_refused_and_nothing_is_stored(api: Api, db: Database) -> None:
    before = fingerprint(db)
    points = [{"number": "1", "text": "Первый."}, {"number": "1", "text": "Тоже первый."}]
    response = api.post("orders", "clerk", json=order_data(api.office, points=points))
    assert response.status_code == 422
    assert "Номер пункта 1 повторяется" in response.get_json()["error"]["message"]
    assert fingerprint(db) == before


def test_people_and_organizations_of_another_authority_cannot_be_named_in_an_order(api: Api, db: Database) -> None:
    before = fingerprint(db)
    outsider = api.office.p("outsider")
    for overrides, field in (
        ({"signatory_id": outsider}, "signatory_id"),
        ({"approvers": [outsider]}, "approvers.0"),
        (
            {
                "points": [
                    {"text": "П.", "controlled": True, "responsible": [{"organization_id": api.office.orgs["other"]}]}
                ]
            },
            "points.0.responsible.0.organization_id",
        ),
    ):
        response = api.post("orders", "clerk", json=order_data(api.office, **overrides))
        assert response.status_code == 422, overrides
        assert response.get_json()["error"]["details"] == {field: ["Другая организация."]}
    response = api.post("orders", "clerk", json=order_data(api.office, organization_id=api.office.orgs["other"]))
    assert response.status_code == 403
    assert fingerprint(db) == before


def test_a_draft_is_edited_with_its_version_and_only_while_it_is_a_draft(api: Api) -> None:
    order = _order(api)
    path = f"orders/{order['id']}"
    changed = api.ok(
        "PATCH",
        path,
        "clerk",
        json={"title": "О мониторинге", "points": [{"text": "Провести мониторинг.", "number": "1"}]},
        headers={"If-Match": '"1"'},
    )
    assert changed["title"] == "О мониторинге" and changed["version"] == 2
    assert [p["number"] for p in changed["points"]] == ["1"]
    assert changed["approvers"] == order["approvers"]  # not given, not changed
    stale = api.patch(path, "clerk", json={"title": "Иначе", "version": 1})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale_version"
    unknown = api.patch(path, "clerk", json={"organization_id": api.office.orgs["school1"]})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["details"] == {
        "organization_id": ["Неизвестное поле."]
    }
    api.ok("PATCH", path, "clerk", json={"points": order_data(api.office)["points"]})
    api.ok("POST", f"{path}/transitions", "clerk", json={"event": "submit"})
    late = api.patch(path, "clerk", json={"title": "Поздно"})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "not_editable"
    assert "только проект" in late.get_json()["error"]["message"]


def test_who_may_not_edit_a_draft_gets_403_and_who_may_not_see_it_gets_404(api: Api) -> None:
    order = _order(api)
    path = f"orders/{order['id']}"
    assert api.patch(path, "approver1", json={"title": "Иначе"}).status_code == 403
    for who in ("executor", "outsider", "director1"):
        response = api.patch(path, who, json={"title": "Иначе"})
        assert response.status_code == 404, who
        assert api.get(path, who).status_code == 404, who
    assert api.get(path, "clerk").get_json()["title"] == order["title"]


def test_the_order_list_filters_and_shows_only_what_the_user_may_see(api: Api) -> None:
    first = _order(api, title="Об итогах методического семинара")
    second = _order(api, kind="directive", title="О проведении олимпиады")
    api.ok("POST", f"orders/{second['id']}/transitions", "clerk", json={"event": "submit"})

    def ids(query: str, who: str = "clerk") -> list[int]:
        body = api.get(f"orders?{query}", who).get_json()
        assert body["total"] == len(body["items"]) or body["per_page"] < body["total"]
        return [o["id"] for o in body["items"]]

    assert ids("") == [second["id"], first["id"]]
    assert ids("state=on_approval") == [second["id"]]
    assert ids("kind=directive") == [second["id"]]
    assert ids("q=семинар") == [first["id"]]
    assert ids(f"organization_id={api.office.orgs['authority']}&year=2026&per_page=1") in ([second["id"]], [])
    assert ids("", "executor") == [] and ids("", "outsider") == []
    assert ids("", "approver2") == [second["id"], first["id"]]
    assert api.get("orders?state=lost", "clerk").status_code == 422


def test_a_guard_answers_409_with_the_russian_reason(api: Api) -> None:
    points = [
        {"text": "Провести мониторинг.", "controlled": True, "responsible": [{"person_id": api.office.p("executor")}]}
    ]
    order = _order(api, points=[{"text": "Утвердить план."}, *points])
    response = api.post(f"orders/{order['id']}/transitions", "clerk", json={"event": "submit"})
    assert response.status_code == 409
    assert response.get_json()["error"] == {
        "code": "transition_not_allowed",
        "message": "Нельзя направить на согласование: у пункта 2 не указан срок",
        "details": {},
    }


def test_transitions_list_what_the_user_may_fire_now_and_why_not_the_rest(api: Api) -> None:
    order = _order(api)
    events = api.ok("GET", f"orders/{order['id']}/transitions", "clerk")
    assert (events["state"], events["version"]) == ("draft", 1)
    allowed = {e["event"] for e in events["events"] if e["allowed"]}
    assert allowed == {"submit", "cancel"}
    approve = next(e for e in events["events"] if e["event"] == "approve")
    assert approve["reason"] == "Недоступно в состоянии «Проект»."
    api.ok("POST", f"orders/{order['id']}/transitions", "clerk", json={"event": "submit"})
    for_approver = api.ok("GET", f"orders/{order['id']}/transitions", "approver2")
    visa = next(e for e in for_approver["events"] if e["event"] == "visa")
    assert not visa["allowed"] and visa["reason"].startswith("Может выполнить")


def test_a_transition_refuses_the_wrong_person_a_stale_version_and_unknown_events(api: Api, db: Database) -> None:
    order = _order(api)
    path = f"orders/{order['id']}/transitions"
    api.ok("POST", path, "clerk", json={"event": "submit"}, headers={"If-Match": "1"})
    before = fingerprint(db)
    wrong = api.post(path, "approver2", json={"event": "visa", "decision": "approve"})
    assert wrong.status_code == 403 and wrong.get_json()["error"]["code"] == "forbidden"
    stale = api.post(path, "approver1", json={"event": "visa", "decision": "approve", "version": 1})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale_version"
    unknown = api.post(path, "approver1", json={"event": "bless"})
    assert unknown.status_code == 422 and "event" in unknown.get_json()["error"]["details"]
    no_remarks = api.post(path, "approver1", json={"event": "visa", "decision": "reject"})
    assert no_remarks.status_code == 422 and no_remarks.get_json()["error"]["details"]["comment"]
    foreign_field = api.post(path, "approver1", json={"event": "visa", "decision": "approve", "reason": "x"})
    assert foreign_field.status_code == 422
    assert fingerprint(db) == before
    done = api.ok(
        "POST", path, "approver1", json={"event": "visa", "decision": "approve_with_remarks", "comment": "Ок"}
    )
    assert done["visas"][0]["decision"] == "approve_with_remarks" and done["version"] == 3


def test_history_lists_every_recorded_transition_with_its_actor(api: Api) -> None:
    order = _order(api)
    api.ok(
        "POST", f"orders/{order['id']}/transitions", "clerk", json={"event": "submit", "comment": "Прошу согласовать"}
    )
    history = api.ok("GET", f"orders/{order['id']}/history", "clerk")
    assert [(h["event"], h["from_state"], h["to_state"]) for h in history] == [
        ("create", "", "draft"),
        ("submit", "draft", "on_approval"),
    ]
    assert history[1]["comment"] == "Прошу согласовать"
    assert history[1]["actor"] == {"user_id": api.office.actors["clerk"].user_id, "label": "Петрова Е.С. (clerk)"}
    assert history[1]["at"].endswith("+00:00")
    assert api.get(f"orders/{order['id']}/history", "executor").status_code == 404


def test_a_point_that_is_only_its_addressee_is_stored_and_prints_in_the_dative_with_its_sub_points(api: Api) -> None:
    import io

    from docx import Document

    from models import Organization, Person

    with api.db.transaction() as s:
        director = s.get(Person, api.office.p("director1"))
        school = s.get(Organization, api.office.orgs["school1"])
        assert director is not None and school is not None
        director.position, school.short_name = "директор", "МБОУ «СОШ № 1»"
    points = [
        {"text": "Утвердить план мероприятий."},
        {
            "addressee_id": api.office.p("director1"),
            "children": [{"text": "Обеспечить участие обучающихся."}, {"text": "Представить отчёт."}],
        },
    ]
    order = _order(api, points=points)
    addressed = order["points"][1]
    assert addressed["addressee_id"] == api.office.p("director1") and addressed["text"] == ""
    assert [c["number"] for c in addressed["children"]] == ["2.1", "2.2"]
    docx = api.get(f"orders/{order['id']}/document.docx", "clerk")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs).replace("\xa0", " ")
    assert "2. Директору МБОУ «СОШ № 1» Куропаткиной А.Н.:" in text
    assert "2.1. Обеспечить участие обучающихся." in text


def test_a_point_without_text_is_refused_unless_it_is_an_addressee_with_sub_points(api: Api, db: Database) -> None:
    before = fingerprint(db)
    for point in ({"addressee_id": api.office.p("director1")}, {"children": [{"text": "Подпункт."}]}):
        response = api.post("orders", "clerk", json=order_data(api.office, points=[point]))
        assert response.status_code == 422
        assert "points.0.text" in response.get_json()["error"]["details"]
    assert fingerprint(db) == before


def test_each_save_of_a_draft_is_in_its_history_saying_who_and_what_changed_in_words(api: Api) -> None:
    order = _order(api)
    points = order_data(api.office)["points"]
    points[1] = {**points[1], "deadline_text": "до 16.04.2027"}
    points.append({"text": "Опубликовать итоги."})
    changes = {"title": "О мониторинге качества образования", "points": points, "version": order["version"]}
    api.ok("PATCH", f"orders/{order['id']}", "clerk", json=changes)
    api.ok("PATCH", f"orders/{order['id']}", "head", json={"version": order["version"] + 1})
    history = api.ok("GET", f"orders/{order['id']}/history", "clerk")
    assert [(h["event"], h["from_state"], h["to_state"]) for h in history] == [
        ("create", "", "draft"),
        ("edit", "draft", "draft"),
        ("edit", "draft", "draft"),
    ]
    assert history[1]["comment"] == "Изменены: заголовок, пункт 2 (срок), добавлен пункт 4."
    assert history[1]["actor"]["label"] == "Петрова Е.С. (clerk)"
    assert history[2]["comment"] == "Сохранён без изменений."
    assert history[2]["actor"]["user_id"] == api.office.actors["head"].user_id
