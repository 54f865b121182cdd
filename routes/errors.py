"""The one place where domain errors become HTTP status codes and the error envelope."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from workflow.errors import (
    DomainError,
    Duplicate,
    Forbidden,
    NotFound,
    StaleVersion,
    TooLarge,
    TransitionNotAllowed,
    UnsupportedFile,
    ValidationFailed,
)
from workflow.fields import field_label
from workflow.services.auth import InvalidCredentials, TooManyAttempts
from workflow.services.office_directory import DirectoryUnavailable

log = logging.getLogger("prikaz")

STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    Forbidden: 403,
    TransitionNotAllowed: 409,
    StaleVersion: 409,
    Duplicate: 409,
    ValidationFailed: 422,
    UnsupportedFile: 415,
    TooLarge: 413,
    InvalidCredentials: 401,
    TooManyAttempts: 429,
    DirectoryUnavailable: 503,
}

HTTP_MESSAGES = {
    400: ("bad_request", "Некорректный запрос."),
    401: ("unauthorized", "Требуется вход в систему."),
    403: ("forbidden", "Недостаточно прав."),
    404: ("not_found", "Не найдено."),
    405: ("method_not_allowed", "Метод не поддерживается для этого адреса."),
    413: ("too_large", "Файл слишком большой."),
    415: ("unsupported_media_type", "Неподдерживаемый тип файла."),
    429: ("too_many_requests", "Слишком много попыток. Повторите позже."),
    503: ("service_unavailable", "Сервис временно недоступен. Повторите позже."),
}


class RequestError(Exception):
    """A request the API cannot read (malformed JSON, wrong media type, no credentials): status and envelope."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's nested messages as {"points.0.text": ["…"]}, the shape the engine's errors use."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            flat.update(flatten_messages(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat.setdefault(prefix or "_schema", []).extend(messages)
    elif isinstance(messages, list):
        for n, value in enumerate(messages):
            flat.update(flatten_messages(value, f"{prefix}.{n}" if prefix else str(n)))
    else:
        flat.setdefault(prefix or "_schema", []).append(str(messages))
    return flat


def validation_message(details: dict[str, list[str]]) -> str:
    """One Russian sentence naming what to fix."""
    if len(details) == 1:
        ((name, problems),) = details.items()
        if name == "_schema":
            return f"Проверьте запрос: {problems[0]}"
        return f"Проверьте поле «{field_label(name)}»: {problems[0]}"
    return "Проверьте поля: " + ", ".join(f"«{field_label(name)}»" for name in details) + "."


def _with_auth_challenge(response: Response, status: int) -> Response:
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="prikaz"'
    return response


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """The API's error envelope."""
    return {"error": {"code": code, "message": message, "details": details or {}}}


def status_of(error: DomainError) -> int:
    """The HTTP status of a domain error: its nearest class in the map (400 for any other domain error)."""
    return next((STATUS[cls] for cls in type(error).__mro__ if cls in STATUS), 400)


def render_error_page(status: int, message: str) -> tuple[str, int]:
    """The Russian error page with its status."""
    return render_template("error.html", status=status, message=message), status


def error_page(error: DomainError) -> tuple[str, int]:
    """The error page of a domain error, with the status the API would answer."""
    return render_error_page(status_of(error), error.message)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_error_handlers(app: Flask) -> None:
    """JSON envelopes under /api, Russian pages elsewhere; never internals in a 500."""

    @app.errorhandler(DomainError)
    def _domain(error: DomainError) -> tuple[Response | str, int]:
        status = status_of(error)
        if _wants_json():
            return _with_auth_challenge(jsonify(error_body(error.code, error.message, error.details)), status), status
        return error_page(error)

    @app.errorhandler(RequestError)
    def _request(error: RequestError) -> tuple[Response, int]:
        body = jsonify(error_body(error.code, error.message, error.details))
        return _with_auth_challenge(body, error.status), error.status

    @app.errorhandler(ValidationError)
    def _invalid(error: ValidationError) -> tuple[Response, int]:
        details = flatten_messages(error.messages)
        return jsonify(error_body("validation_error", validation_message(details), details)), 422

    @app.errorhandler(StaleDataError)
    def _stale(error: StaleDataError) -> tuple[Response | str, int]:
        # The versioned UPDATE matched no row: somebody changed the object between our read and write.
        return _domain(StaleVersion("Объект одновременно изменён другим пользователем. Повторите действие."))

    @app.errorhandler(IntegrityError)
    def _integrity(error: IntegrityError) -> tuple[Response | str, int]:
        # The services check uniqueness first; this is the race two requests can still run into.
        log.warning("integrity error: %s", error.orig)
        return _domain(Duplicate("Такая запись уже есть или ссылка устарела. Обновите данные и повторите."))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[Response | str, int]:
        status = error.code or 500
        code, message = HTTP_MESSAGES.get(status, ("error", error.description or "Ошибка."))
        if _wants_json():
            return jsonify(error_body(code, message)), status
        return render_error_page(status, message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[Response | str, int]:
        request_id = uuid.uuid4().hex[:12]
        log.exception("unexpected error, request id %s", request_id)
        message = f"Внутренняя ошибка. Сообщите администратору код {request_id}."
        if _wants_json():
            return jsonify(error_body("internal_error", message, {"request_id": request_id})), 500
        return render_error_page(500, message)
