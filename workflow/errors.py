"""Domain errors: values with a code and a Russian message; HTTP codes are assigned at one edge."""

from __future__ import annotations

from typing import Any

from workflow.fields import field_label


class DomainError(Exception):
    """A failure a person can read; nothing was changed."""

    code = "error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class NotFound(DomainError):
    """The object does not exist or the user may not know that it exists."""

    code = "not_found"


class Forbidden(DomainError):
    """The user may see the object but not do this with it."""

    code = "forbidden"


class TransitionNotAllowed(DomainError):
    """The event cannot be fired now: wrong state or a guard said no."""

    code = "transition_not_allowed"


class StaleVersion(DomainError):
    """Somebody changed the object since the client read it."""

    code = "stale_version"


class Duplicate(DomainError):
    """The object would duplicate an existing one."""

    code = "duplicate"


class ValidationFailed(DomainError):
    """Well-formed input that is invalid; details name the fields."""

    code = "validation_error"


def field_error(field: str, message: str) -> ValidationFailed:
    """A validation error about one field, named by its label («Новый срок», not «new_deadline»)."""
    return ValidationFailed(f"Проверьте поле «{field_label(field)}»: {message}", {field: [message]})


class UnsupportedFile(DomainError):
    """A file of a type this use case does not read."""

    code = "unsupported_media_type"


class TooLarge(DomainError):
    """An uploaded file refused for what reading it would take: its size, expansion or length."""

    code = "payload_too_large"
