"""Organizations, people, users and registration journals: list, create, read, change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response
from marshmallow import Schema

from models import Journal, Organization, Person, User
from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, expected_version, get_db, load_args, load_body, reply, reply_page
from routes.api.docs import doc
from routes.schemas.directory import (
    JournalPageSchema,
    JournalPatchSchema,
    JournalQuery,
    JournalSchema,
    NewSignatorySchema,
    OrganizationPageSchema,
    OrganizationPatchSchema,
    OrganizationQuery,
    OrganizationSchema,
    PersonPageSchema,
    PersonPatchSchema,
    PersonQuery,
    PersonSchema,
    SignatoryListSchema,
    UserPageSchema,
    UserPatchSchema,
    UserQuery,
    UserSchema,
)
from workflow.queries import directory as directory_queries
from workflow.services import directory, signatories

Lister = Callable[..., tuple[list[Any], int]]
Creator = Callable[..., Any]
Updater = Callable[..., Any]


def _resource(
    path: str,
    model: type[Any],
    schema: type[Schema],
    patch: type[Schema],
    page: type[Schema],
    query: type[Schema],
    lister: Lister,
    creator: Creator,
    updater: Updater,
    new: Callable[..., Any],
    change: Callable[..., Any],
    label: str,
    admin_only: bool,
) -> None:
    """The four endpoints of one directory resource."""
    who = " (администратор)" if admin_only else ""
    write = " (администратор)"

    @doc(f"{label}: список{who}", "directory", query=query, response=page)
    def list_view() -> Response:
        args = load_args(query())
        with get_db().session() as session:
            items, total = lister(session, current_actor(), args)
            return reply_page(schema(), items, total, args["page"], args["per_page"])

    @doc(
        f"{label}: создать{write}",
        "directory",
        body=schema,
        response=schema,
        status=201,
        errors=(400, 401, 403, 409, 422),
    )
    def create_view() -> Response:
        obj = creator(get_db(), current_actor(), new(**load_body(schema())))
        return answer(schema().dump(obj), 201, location=f"/api/v1/{path}/{obj.id}")

    @doc(f"{label}: карточка{who}", "directory", response=schema, errors=(401, 403, 404))
    def get_view(obj_id: int) -> Response:
        with get_db().session() as session:
            return reply(schema(), directory_queries.get_entry(session, current_actor(), model, obj_id))

    @doc(
        f"{label}: изменить{write}",
        "directory",
        body=patch,
        response=schema,
        if_match=True,
        errors=(400, 401, 403, 404, 409, 422),
    )
    def patch_view(obj_id: int) -> Response:
        data = load_body(patch())
        expected = expected_version(data)
        obj = updater(get_db(), current_actor(), change(obj_id, expected, **data))
        return answer(schema().dump(obj))

    endpoint = path.replace("-", "_")
    bp.add_url_rule(f"/{path}", f"list_{endpoint}", list_view, methods=["GET"])
    bp.add_url_rule(f"/{path}", f"create_{endpoint}", create_view, methods=["POST"])
    bp.add_url_rule(f"/{path}/<id:obj_id>", f"get_{endpoint}", get_view, methods=["GET"])
    bp.add_url_rule(f"/{path}/<id:obj_id>", f"patch_{endpoint}", patch_view, methods=["PATCH"])


_resource(
    "organizations",
    Organization,
    OrganizationSchema,
    OrganizationPatchSchema,
    OrganizationPageSchema,
    OrganizationQuery,
    directory_queries.list_organizations,
    directory.create_organization,
    directory.update_organization,
    directory.NewOrganization,
    directory.ChangeOrganization,
    "Организации",
    admin_only=False,
)
_resource(
    "people",
    Person,
    PersonSchema,
    PersonPatchSchema,
    PersonPageSchema,
    PersonQuery,
    directory_queries.list_people,
    directory.create_person,
    directory.update_person,
    directory.NewPerson,
    directory.ChangePerson,
    "Сотрудники",
    admin_only=False,
)
_resource(
    "users",
    User,
    UserSchema,
    UserPatchSchema,
    UserPageSchema,
    UserQuery,
    directory_queries.list_users,
    directory.create_user,
    directory.update_user,
    directory.NewUser,
    directory.ChangeUser,
    "Пользователи",
    admin_only=True,
)
_resource(
    "journals",
    Journal,
    JournalSchema,
    JournalPatchSchema,
    JournalPageSchema,
    JournalQuery,
    directory_queries.list_journals,
    directory.create_journal,
    directory.update_journal,
    directory.NewJournal,
    directory.ChangeJournal,
    "Журналы регистрации",
    admin_only=True,
)


@bp.get("/organizations/<id:obj_id>/signatories")
@doc("Подписанты организации", "directory", response=SignatoryListSchema, errors=(401, 404))
def list_signatories_view(obj_id: int) -> Response:
    """Who may sign the organization's orders: its head (always) and the signatories the administrator named."""
    current_actor()
    items = signatories.list_signatories(get_db(), obj_id)
    return answer(SignatoryListSchema().dump({"items": items}))


@bp.post("/organizations/<id:obj_id>/signatories")
@doc(
    "Дать право подписи (администратор)",
    "directory",
    body=NewSignatorySchema,
    response=SignatoryListSchema,
    status=201,
    errors=(400, 401, 403, 404, 409, 422),
)
def add_signatory_view(obj_id: int) -> Response:
    """A person of the organization may sign its orders from now on; the answer is the new list."""
    data = load_body(NewSignatorySchema())
    items = signatories.add_signatory(get_db(), current_actor(), obj_id, data["person_id"], data.get("journal_id"))
    return answer(SignatoryListSchema().dump({"items": items}), 201)


@bp.delete("/organizations/<id:obj_id>/signatories/<id:person_id>")
@doc("Снять право подписи (администратор)", "directory", status=204, errors=(401, 403, 404, 422))
def remove_signatory_view(obj_id: int, person_id: int) -> Response:
    """The person no longer signs for the organization (the head's right cannot be taken away)."""
    signatories.remove_signatory(get_db(), current_actor(), obj_id, person_id)
    return Response(status=204)
