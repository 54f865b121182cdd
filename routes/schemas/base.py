"""Fields and the base schema of the API: strict JSON types, Russian messages, sane length limits."""

from __future__ import annotations

import copy
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, missing, validate

# The database's integer ids are 32-bit on PostgreSQL; anything beyond is refused before a query.
MAX_ID = 2**31 - 1
# Limits of free text: a title is a sentence, a text a page or a hundred; nothing is silently cut.
TITLE_MAX = 2000
TEXT_MAX = 100_000
SHORT_MAX = 200
LIST_MAX = 500

MESSAGES = {
    "required": "Обязательное поле.",
    "null": "Поле не может быть пустым (null).",
    "validator_failed": "Недопустимое значение.",
}


# Tab, line feed and carriage return belong in typed text; every other control character (NUL above all,
# which PostgreSQL cannot store) and a lone surrogate half (which no encoding can store) is refused.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored as text, or None."""
    for ch in value:
        code = ord(ch)
        if (code < 32 and ch not in _ALLOWED_CONTROLS) or 127 <= code < 160:
            return "Текст содержит управляющий символ: удалите его."
        if 0xD800 <= code <= 0xDFFF:
            return "Текст содержит недопустимый символ (половину суррогатной пары)."
    return None


class Str(fields.String):
    """A JSON string that can be stored: no control characters but tab and line breaks, no lone surrogates."""

    default_error_messages = {  # noqa: RUF012
        **MESSAGES,
        "invalid": "Ожидается строка.",
        "invalid_utf8": "Строка не в кодировке UTF-8.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        problem = text_problem(result) if isinstance(result, str) else None
        if problem:
            raise ValidationError(problem)
        return result


class Int(fields.Integer):
    """A JSON integer: no strings, no fractions, no booleans."""

    default_error_messages = {  # noqa: RUF012
        **MESSAGES,
        "invalid": "Ожидается целое число.",
        "too_large": "Слишком большое число.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)


class Float(fields.Float):
    """A JSON number (integer or fraction), finite."""

    default_error_messages = {  # noqa: RUF012
        **MESSAGES,
        "invalid": "Ожидается число.",
        "too_large": "Слишком большое число.",
        "special": "Допустимы только конечные числа.",
    }

    def _validated(self, value: Any) -> Any:
        # Strings that look like numbers are refused: JSON has numbers for numbers.
        if isinstance(value, str):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class Bool(fields.Boolean):
    """A JSON boolean (true or false only)."""

    truthy: set[object] = {True}  # noqa: RUF012
    falsy: set[object] = {False}  # noqa: RUF012
    default_error_messages = {**MESSAGES, "invalid": "Ожидается true или false."}  # noqa: RUF012


# The office's documents, deadlines and calendars live in these years; a date outside them is a typing error
# (and year 1 or 9999 broke date arithmetic on every later read of what had been saved).
MIN_YEAR = 1990
MAX_YEAR = 2100


class Date(fields.Date):
    """An ISO date YYYY-MM-DD that exists in the calendar, between MIN_YEAR and MAX_YEAR."""

    default_error_messages = {  # noqa: RUF012
        **MESSAGES,
        "invalid": "Некорректная дата: ожидается существующая дата в формате ГГГГ-ММ-ДД.",
        "format": "Некорректная дата.",
        "range": f"Дата должна быть в {MIN_YEAR}–{MAX_YEAR} годах.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        if not MIN_YEAR <= result.year <= MAX_YEAR:
            raise self.make_error("range")
        return result


class DateTime(fields.DateTime):
    """An ISO 8601 timestamp with offset."""

    default_error_messages = {  # noqa: RUF012
        **MESSAGES,
        "invalid": "Некорректные дата и время.",
        "invalid_awareness": "Укажите часовой пояс.",
        "format": "Некорректные дата и время.",
    }


class List(fields.List):
    """A JSON array."""

    default_error_messages = {**MESSAGES, "invalid": "Ожидается список."}  # noqa: RUF012


class Nested(fields.Nested):
    """A JSON object described by a schema."""

    default_error_messages = {**MESSAGES, "type": "Ожидается объект."}  # noqa: RUF012


class Dict(fields.Dict):
    """A JSON object with free keys."""

    default_error_messages = {**MESSAGES, "invalid": "Ожидается объект."}  # noqa: RUF012


class Method(fields.Method):
    """A computed output field."""


def length(maximum: int, minimum: int | None = None) -> validate.Length:
    """A length limit with a Russian message."""
    if minimum:
        return validate.Length(min=minimum, max=maximum, error="Длина должна быть от {min} до {max} символов.")
    return validate.Length(max=maximum, error="Не длиннее {max} символов.")


def items(maximum: int = LIST_MAX, minimum: int = 0) -> validate.Length:
    """A list size limit with a Russian message."""
    if minimum:
        return validate.Length(min=minimum, max=maximum, error="Ожидается от {min} до {max} элементов.")
    return validate.Length(max=maximum, error="Не больше {max} элементов.")


def one_of(choices: tuple[str, ...] | list[str]) -> validate.OneOf:
    """A choice with a Russian message."""
    return validate.OneOf(choices, error="Допустимые значения: {choices}.")


def between(minimum: float, maximum: float) -> validate.Range:
    """A numeric range with a Russian message."""
    return validate.Range(min=minimum, max=maximum, error="Допустимы значения от {min} до {max}.")


def not_blank(value: str) -> None:
    """Refuse an empty or whitespace-only string."""
    if not value.strip():
        raise ValidationError("Поле не может быть пустым.")


def text(maximum: int = TEXT_MAX, *, required: bool = False, blank: bool = True, **kwargs: Any) -> Str:
    """A string field; required ones must not be blank."""
    validators: list[Any] = [length(maximum)]
    if required or not blank:
        validators.append(not_blank)
    if not required:
        kwargs.setdefault("load_default", None)
    return Str(required=required, validate=validators, **kwargs)


def ident(*, required: bool = False, nullable: bool = True, **kwargs: Any) -> Int:
    """A reference to a row by id: a positive 32-bit integer."""
    if not required and nullable:
        kwargs.setdefault("allow_none", True)
    return Int(required=required, validate=between(1, MAX_ID), **kwargs)


class BaseSchema(Schema):
    """Every API schema: unknown fields refused, Russian messages."""

    error_messages = {  # noqa: RUF012
        "unknown": "Неизвестное поле.",
        "type": "Ожидается объект JSON.",
    }

    class Meta:
        unknown = RAISE
        ordered = True


class QuerySchema(BaseSchema):
    """Query-string parameters: values arrive as strings; parameters we do not know are ignored."""

    class Meta:
        unknown = EXCLUDE
        ordered = True


class QInt(fields.Integer):
    """An integer from the query string."""

    default_error_messages = {  # noqa: RUF012
        **MESSAGES,
        "invalid": "Ожидается целое число.",
        "too_large": "Слишком большое число.",
    }


class QBool(fields.Boolean):
    """A boolean from the query string: true/false, 1/0."""

    truthy: set[object] = {"true", "1"}  # noqa: RUF012
    falsy: set[object] = {"false", "0"}  # noqa: RUF012
    default_error_messages = {**MESSAGES, "invalid": "Ожидается true или false."}  # noqa: RUF012


def patch_of(schema: type[BaseSchema], name: str, exclude: tuple[str, ...] = ()) -> type[BaseSchema]:
    """The PATCH body of a resource: every field optional (absent means unchanged), plus "version"."""
    attrs: dict[str, Any] = {"__doc__": f"Changes to {schema.__name__.removesuffix('Schema')}: only fields given."}
    for field_name, field in schema._declared_fields.items():
        if field_name in exclude:
            continue
        optional = copy.deepcopy(field)
        optional.required = False
        optional.load_default = missing
        attrs[field_name] = optional
    attrs["version"] = Int(validate=between(1, MAX_ID), metadata={"description": "Версия, которую видел клиент."})
    meta = type("Meta", (), {"unknown": RAISE, "ordered": True, "exclude": exclude})
    attrs["Meta"] = meta
    return type(name, (schema,), attrs)
