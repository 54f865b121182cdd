"""The one place where domain errors become HTTP status codes and the error envelope."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from workflow.errors import (
    DomainError,
    Duplicate,
    Forbidden,
    NotFound,
    StaleVersion,
    TransitionNotAllowed,
    ValidationFailed,
)

log = logging.getLogger("prikaz")

STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    Forbidden: 403,
    TransitionNotAllowed: 409,
    StaleVersion: 409,
    Duplicate: 409,
    ValidationFailed: 422,
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
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """The API's error envelope."""
    return {"error": {"code": code, "message": message, "details": details or {}}}


def status_of(error: DomainError) -> int:
    """The HTTP status of a domain error."""
    return next((status for cls, status in STATUS.items() if isinstance(error, cls)), 400)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_error_handlers(app: Flask) -> None:
    """JSON envelopes under /api, Russian pages elsewhere; never internals in a 500."""

    @app.errorhandler(DomainError)
    def _domain(error: DomainError) -> tuple[Response | str, int]:
        status = status_of(error)
        if _wants_json():
            return jsonify(error_body(error.code, error.message, error.details)), status
        return render_template("error.html", status=status, message=error.message), status

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[Response | str, int]:
        status = error.code or 500
        code, message = HTTP_MESSAGES.get(status, ("error", error.description or "Ошибка."))
        if _wants_json():
            return jsonify(error_body(code, message)), status
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[Response | str, int]:
        request_id = uuid.uuid4().hex[:12]
        log.exception("unexpected error, request id %s", request_id)
        message = f"Внутренняя ошибка. Сообщите администратору код {request_id}."
        if _wants_json():
            return jsonify(error_body("internal_error", message, {"request_id": request_id})), 500
        return render_template("error.html", status=500, message=message), 500
