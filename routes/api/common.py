"""Request plumbing of the API: strict JSON bodies, schema loading, versions, the actor, responses."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Response, g, jsonify, request
from marshmallow import Schema
from sqlalchemy.engine import Connection
from werkzeug.datastructures import FileStorage

from extensions import get_db
from routes.auth import current_actor as current_actor
from routes.errors import RequestError

# Deep enough for points 1.1.1.1 inside an order; a deeper body is refused before any recursion.
MAX_JSON_DEPTH = 24
_ETAG_VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def read_connection() -> Connection:
    """The connection a GET reads through: one per request, shared by the token check and the view.

    One transaction for the whole GET also gives it one consistent snapshot. Writes never use it: a snapshot
    taken before a write would hide the write from the answer.
    """
    connection = g.get("api_read_connection")
    if connection is None:
        connection = g.api_read_connection = get_db().engine.connect()
    return connection


def close_read_connection(_error: BaseException | None = None) -> None:
    """Give the request's read connection back to the pool (teardown)."""
    connection = g.pop("api_read_connection", None)
    if connection is not None:
        connection.close()


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class _DuplicateKey(Exception):
    """A key given twice in one JSON object (not a ValueError, so that it is not read as a syntax error)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Which of two values a parser keeps differs between parsers (a proxy may check the first, we the last).
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _too_deep(data: Any) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


def json_body() -> Any:
    """The request's JSON, strictly: UTF-8, no NaN, no key twice, not too deep; 400, 415 or 422 otherwise."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise RequestError(400, "bad_request", "Ожидается тело запроса в формате JSON.")
    mimetype = request.mimetype or ""
    # Only JSON is accepted, which also keeps cross-site HTML forms from posting with the session cookie.
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise RequestError(415, "unsupported_media_type", "Ожидается Content-Type: application/json.")
    try:
        body = json.loads(
            raw.decode("utf-8"), parse_constant=_refuse_constant, object_pairs_hook=_object_without_duplicates
        )
    except _DuplicateKey as exc:
        key = exc.key[:100]
        raise RequestError(
            422, "validation_error", f"Поле «{key}» указано в JSON дважды.", {key: ["Поле указано дважды."]}
        ) from exc
    except UnicodeDecodeError as exc:
        raise RequestError(400, "bad_request", "Тело запроса не в кодировке UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise RequestError(
            400,
            "bad_request",
            f"Некорректный JSON (строка {exc.lineno}, позиция {exc.colno}).",
            {"line": exc.lineno, "column": exc.colno},
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise RequestError(400, "bad_request", "Некорректный JSON: недопустимое значение.") from exc
    if _too_deep(body):
        raise RequestError(400, "bad_request", f"Слишком глубокая вложенность JSON (больше {MAX_JSON_DEPTH}).")
    return body


def load_body(schema: Schema, *, partial: bool = False) -> dict[str, Any]:
    """The body validated by a schema (422 with Russian messages per field)."""
    return schema.load(json_body(), partial=partial)


def load_args(schema: Schema) -> dict[str, Any]:
    """The query string validated by a schema."""
    return schema.load(request.args.to_dict(flat=True))


def expected_version(body: dict[str, Any]) -> int | None:
    """The version the client read: If-Match (a number, quoted or not) or "version" in the body."""
    body_version = body.pop("version", None)
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return body_version
    match = _ETAG_VERSION.match(header)
    if match is None:
        raise RequestError(400, "bad_request", 'Заголовок If-Match должен содержать номер версии, например "3".')
    return int(match.group(1))


def reply(schema: Schema, obj: Any, status: int = 200, location: str | None = None) -> Response:
    """A JSON answer dumped by a schema."""
    return answer(schema.dump(obj), status, location)


def answer(body: Any, status: int = 200, location: str | None = None) -> Response:
    """A JSON answer of an already dumped body (dumped inside the transaction that made it)."""
    response = jsonify(body)
    response.status_code = status
    if location:
        response.headers["Location"] = location
    return response


def reply_page(schema: Schema, items: list[Any], total: int, page: int, per_page: int) -> Response:
    """The list envelope."""
    return jsonify({"items": schema.dump(items, many=True), "total": total, "page": page, "per_page": per_page})


def uploaded_file(missing: str = "Приложите файл.", fields: str = "полем file") -> FileStorage:
    """The multipart body's `file`: 415 for another kind of body, 422 saying what to attach when it is absent."""
    if request.mimetype != "multipart/form-data":
        raise RequestError(415, "unsupported_media_type", f"Ожидается multipart/form-data с {fields}.")
    upload = request.files.get("file")
    if upload is None:
        raise RequestError(422, "validation_error", missing, {"file": ["Обязательное поле."]})
    return upload
