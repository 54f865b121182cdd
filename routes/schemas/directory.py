"""Organizations, people, users and registration journals."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, pre_load

from models.directory import GENDERS, ORG_KINDS, ROLES
from models.orders import ORDER_KINDS
from routes.schemas.base import (
    MAX_ID,
    BaseSchema,
    Bool,
    DateTime,
    Int,
    List,
    Nested,
    QInt,
    Str,
    between,
    ident,
    items,
    length,
    not_blank,
    one_of,
    patch_of,
    text,
)
from routes.schemas.common import PageQuery, page_of
from workflow.services.passwords import PASSWORD_MAX, PASSWORD_MIN

# The highest number a journal may be set to give next (the pages' form takes the same limit).
JOURNAL_NUMBER_MAX = 1_000_000_000


def _email(value: str | None) -> None:
    if value and ("@" not in value or value.startswith("@") or value.endswith("@") or " " in value.strip()):
        raise ValidationError("Некорректный адрес электронной почты.")


class OrganizationSchema(BaseSchema):
    """An organization: {name, short_name, kind, parent_id, head_id, place}."""

    id = Int(dump_only=True)
    version = Int(dump_only=True)
    name = text(500, required=True)
    short_name = text(200)
    name_genitive = text(500, metadata={"description": "Название в родительном падеже («управления образования …»)."})
    kind = Str(load_default="school", validate=one_of(ORG_KINDS))
    parent_id = ident()
    head_id = ident()
    place = text(200)
    phone = text(100)
    email = Str(load_default=None, allow_none=True, validate=[length(200), _email])
    approval_without_visas = Bool(
        load_default=False,
        metadata={"description": "Разрешить утверждать приказы без виз (по умолчанию нужна каждая виза маршрута)."},
    )


OrganizationPatchSchema = patch_of(OrganizationSchema, "OrganizationPatchSchema")
OrganizationPageSchema = page_of(OrganizationSchema, "OrganizationPageSchema")


class OrganizationQuery(PageQuery):
    """Filters of the organization list."""

    parent_id = QInt(validate=between(1, MAX_ID))
    kind = Str(validate=one_of(ORG_KINDS))
    q = Str(validate=length(200), metadata={"description": "Часть названия."})


class PersonSchema(BaseSchema):
    """A person: {last_name, first_name, middle_name, gender, position, organization_id, email, phone}."""

    id = Int(dump_only=True)
    version = Int(dump_only=True)
    last_name = text(100, required=True)
    first_name = text(100, required=True)
    middle_name = text(100)
    gender = Str(required=True, validate=one_of(GENDERS))
    position = text(300)
    organization_id = ident()
    email = Str(load_default=None, allow_none=True, validate=[length(200), _email])
    phone = text(100)
    name = Str(dump_only=True, attribute="name_initials", metadata={"description": "«Ушакова И.Г.»"})


PersonPatchSchema = patch_of(PersonSchema, "PersonPatchSchema")
PersonPageSchema = page_of(PersonSchema, "PersonPageSchema")


class PersonQuery(PageQuery):
    """Filters of the people list."""

    organization_id = QInt(validate=between(1, MAX_ID))
    q = Str(validate=length(100), metadata={"description": "Часть фамилии."})


def _roles(value: list[str]) -> None:
    if len(set(value)) != len(value):
        raise ValidationError("Роли повторяются.")


class UserSchema(BaseSchema):
    """A login: {login, password, person_id, roles}; the password is write-only and stored hashed."""

    id = Int(dump_only=True)
    version = Int(dump_only=True)
    login = Str(required=True, validate=[length(100), not_blank])
    password = Str(required=True, load_only=True, validate=length(PASSWORD_MAX, minimum=PASSWORD_MIN))
    person_id = ident()
    roles = List(Str(validate=one_of(ROLES)), required=True, validate=[items(len(ROLES), 1), _roles])
    active = Bool(load_default=True)
    created_at = DateTime(dump_only=True)

    @pre_load
    def _trim_login(self, data: Any, **_: Any) -> Any:
        # « clerk » and «clerk» are one login.
        if isinstance(data, dict) and isinstance(data.get("login"), str):
            return {**data, "login": data["login"].strip()}
        return data


UserPatchSchema = patch_of(UserSchema, "UserPatchSchema", exclude=("login",))
UserPageSchema = page_of(UserSchema, "UserPageSchema")


class UserQuery(PageQuery):
    """Filters of the user list."""

    q = Str(validate=length(100), metadata={"description": "Часть логина."})


class JournalSchema(BaseSchema):
    """A registration journal: {organization_id, kind, year, prefix, next_number}."""

    id = Int(dump_only=True)
    version = Int(dump_only=True)
    organization_id = ident(required=True, nullable=False)
    kind = Str(required=True, validate=one_of(ORDER_KINDS))
    year = Int(required=True, validate=between(2000, 2100))
    prefix = text(40, metadata={"description": "Индекс перед номером, например «01-27/»."})
    next_number = Int(load_default=1, validate=between(1, JOURNAL_NUMBER_MAX))


JournalPatchSchema = patch_of(JournalSchema, "JournalPatchSchema", exclude=("organization_id", "kind", "year"))
JournalPageSchema = page_of(JournalSchema, "JournalPageSchema")


class JournalQuery(PageQuery):
    """Filters of the journal list."""

    organization_id = QInt(validate=between(1, MAX_ID))
    year = QInt(validate=between(2000, 2100))
    kind = Str(validate=one_of(ORDER_KINDS))


class SignatorySchema(BaseSchema):
    """One who may sign for an organization: its head (always) or a signatory the administrator named."""

    person_id = Int(dump_only=True)
    name = Str(dump_only=True)
    position = Str(dump_only=True)
    is_head = Bool(dump_only=True, metadata={"description": "Руководитель организации: подписывает всегда."})
    journal_id = Int(dump_only=True, allow_none=True, metadata={"description": "Журнал, в который идут его приказы."})


class SignatoryListSchema(BaseSchema):
    """The organization's signatories: the head first."""

    items = List(Nested(SignatorySchema), dump_only=True)


class NewSignatorySchema(BaseSchema):
    """{person_id, journal_id?}: a person of the organization gets the right to sign."""

    person_id = ident(required=True)
    journal_id = ident()
