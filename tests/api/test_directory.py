"""The directory: organizations, people, users and journals — who writes, versions, numbers without gaps."""

from __future__ import annotations

from sqlalchemy import select

from models import Order, User
from models.db import Database
from tests.api.conftest import Api
from tests.builders import approve, new_order
from workflow import clock


def test_an_admin_creates_an_organization_and_sets_its_head_once_the_head_exists(api: Api) -> None:
    org = api.ok("POST", "organizations", "admin", 201, json={"name": "МБОУ «СОШ № 3»", "kind": "school"})
    assert org["version"] == 1 and org["head_id"] is None and org["parent_id"] is None
    person = api.ok(
        "POST",
        "people",
        "admin",
        201,
        json={"last_name": "Орлова", "first_name": "Вера", "gender": "f", "organization_id": org["id"]},
    )
    assert person["name"] == "Орлова В."
    changed = api.ok(
        "PATCH",
        f"organizations/{org['id']}",
        "admin",
        json={"head_id": person["id"], "parent_id": api.office.orgs["authority"]},
        headers={"If-Match": '"1"'},
    )
    assert changed["head_id"] == person["id"] and changed["version"] == 2
    assert api.get(f"organizations/{org['id']}", "clerk").get_json() == changed


def test_a_stale_version_in_if_match_or_in_the_body_is_a_409(api: Api) -> None:
    org_id = api.office.orgs["school1"]
    read = api.get(f"organizations/{org_id}", "admin").get_json()["version"]
    api.ok("PATCH", f"organizations/{org_id}", "admin", json={"short_name": "СОШ № 1", "version": read})
    for headers, body in (
        ({"If-Match": str(read)}, {"short_name": "Школа № 1"}),
        ({}, {"short_name": "Школа № 1", "version": read}),
    ):
        response = api.patch(f"organizations/{org_id}", "admin", json=body, headers=headers)
        assert response.status_code == 409
        assert response.get_json()["error"]["code"] == "stale_version"
        assert "изменена другим пользователем" in response.get_json()["error"]["message"]
    assert api.get(f"organizations/{org_id}", "admin").get_json()["short_name"] == "СОШ № 1"


def test_an_if_match_that_is_not_a_version_is_a_400(api: Api) -> None:
    response = api.patch(f"organizations/{api.office.orgs['school1']}", "admin", json={}, headers={"If-Match": "abc"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"


def test_everybody_reads_the_directory_but_only_the_admin_writes_it(api: Api) -> None:
    assert api.get("organizations", "executor").get_json()["total"] == 4
    assert api.get(f"people?organization_id={api.office.orgs['school1']}", "director2").get_json()["total"] == 1
    for method, path, body in (
        ("POST", "organizations", {"name": "Новая школа"}),
        ("PATCH", f"organizations/{api.office.orgs['school1']}", {"name": "Иначе"}),
        ("POST", "people", {"last_name": "Петров", "first_name": "Пётр", "gender": "m"}),
        ("PATCH", f"people/{api.office.p('executor')}", {"position": "главный специалист"}),
    ):
        response = api.call(method, path, "head", json=body)
        assert response.status_code == 403, (method, path)
        assert response.get_json()["error"]["message"] == "Недостаточно прав: справочники ведёт администратор."


def test_an_organization_cannot_be_put_under_itself_or_headed_by_a_stranger(api: Api) -> None:
    authority = api.office.orgs["authority"]
    response = api.patch(f"organizations/{authority}", "admin", json={"parent_id": api.office.orgs["school1"]})
    assert response.status_code == 422 and "parent_id" in response.get_json()["error"]["details"]
    response = api.patch(f"organizations/{api.office.orgs['school2']}", "admin", json={"head_id": api.office.p("head")})
    assert response.status_code == 422
    assert response.get_json()["error"]["details"] == {"head_id": ["Дереча Н.Е. работает в другой организации."]}


def test_users_are_created_with_a_hashed_password_that_is_never_returned(api: Api, db: Database) -> None:
    person = api.ok("POST", "people", "admin", 201, json={"last_name": "Смирнов", "first_name": "Олег", "gender": "m"})
    user = api.ok(
        "POST",
        "users",
        "admin",
        201,
        json={"login": " smirnov ", "password": "длинный-пароль", "person_id": person["id"], "roles": ["executor"]},
    )
    assert user["login"] == "smirnov" and user["roles"] == ["executor"] and user["active"] is True
    assert not {"password", "password_hash"} & set(user)
    with db.session() as session:
        assert session.scalar(select(User.password_hash).where(User.id == user["id"])).startswith("$argon2id$")
    token = api.post("auth/token", json={"login": "smirnov", "password": "длинный-пароль"})
    assert token.status_code == 200 and token.get_json()["user"]["person_id"] == person["id"]
    listed = api.get("users?q=smir", "admin").get_json()
    assert [u["login"] for u in listed["items"]] == ["smirnov"]
    assert all("password" not in str(u) for u in listed["items"])


def test_a_login_or_a_person_taken_already_is_a_409(api: Api) -> None:
    body = {"login": "clerk", "password": "достаточно-длинный", "roles": ["clerk"]}
    response = api.post("users", "admin", json=body)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "duplicate"
    body = {"login": "clerk2", "password": "достаточно-длинный", "roles": ["clerk"], "person_id": api.office.p("clerk")}
    response = api.post("users", "admin", json=body)
    assert response.status_code == 409 and "уже есть учётная запись «clerk»" in response.get_json()["error"]["message"]


def test_an_admin_changes_roles_and_cannot_lock_themselves_out(api: Api) -> None:
    clerk_id = api.office.actors["clerk"].user_id
    changed = api.ok("PATCH", f"users/{clerk_id}", "admin", json={"roles": ["clerk", "approver"], "version": 1})
    assert changed["roles"] == ["clerk", "approver"] and changed["version"] == 2
    admin_id = api.office.actors["admin"].user_id
    response = api.patch(f"users/{admin_id}", "admin", json={"roles": ["clerk"]})
    assert response.status_code == 422 and "roles" in response.get_json()["error"]["details"]


def test_users_and_journals_are_for_admins_only(api: Api) -> None:
    clerk_id = api.office.actors["clerk"].user_id
    for path in ("users", f"users/{clerk_id}", "journals"):
        response = api.get(path, "head")
        assert response.status_code == 403, path
    body = {"organization_id": api.office.orgs["authority"], "kind": "order", "year": 2031}
    assert api.post("journals", "head", json=body).status_code == 403


def test_a_journal_continues_a_paper_journal_and_never_goes_back_onto_a_given_number(api: Api, db: Database) -> None:
    year = clock.today().year
    body = {"organization_id": api.office.orgs["authority"], "kind": "order", "year": year, "prefix": "01-27/"}
    journal = api.ok("POST", "journals", "admin", 201, json={**body, "next_number": 390})
    assert api.post("journals", "admin", json=body).status_code == 409
    first, second = new_order(db, api.office), new_order(db, api.office)
    approve(db, api.office, first)
    approve(db, api.office, second)
    with db.session() as session:
        numbers = [session.get(Order, i).reg_number for i in (first, second)]
    assert numbers == ["01-27/390", "01-27/391"]
    lowered = api.patch(f"journals/{journal['id']}", "admin", json={"next_number": 391})
    assert lowered.status_code == 422
    assert lowered.get_json()["error"]["details"] == {"next_number": ["Не меньше 392: номера до 391 уже выданы."]}
    raised = api.ok("PATCH", f"journals/{journal['id']}", "admin", json={"next_number": 500})
    assert raised["next_number"] == 500 and raised["version"] > journal["version"]


def test_lists_are_paginated_and_bounded(api: Api) -> None:
    page = api.get("people?per_page=3&page=2", "clerk").get_json()
    assert (page["total"], page["page"], page["per_page"], len(page["items"])) == (10, 2, 3, 3)
    for query in ("per_page=501", "per_page=0", "page=0", "page=x"):
        response = api.get(f"people?{query}", "clerk")
        assert response.status_code == 422, query


def test_unknown_negative_and_huge_ids_are_simply_not_found(api: Api) -> None:
    for path in ("organizations/999999", "organizations/-1", f"organizations/{2**63}", "people/0", "people/abc"):
        response = api.get(path, "admin")
        assert response.status_code == 404, path
        assert response.get_json()["error"]["code"] == "not_found"
