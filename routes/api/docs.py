"""What a view tells the OpenAPI document: summary, tag, request and response schemas."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from marshmallow import Schema

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Doc:
    """The OpenAPI description of one operation."""

    summary: str
    tag: str
    body: type[Schema] | Schema | None = None
    query: type[Schema] | None = None
    response: type[Schema] | Schema | None = None
    status: int = 200
    many: bool = False
    public: bool = False
    if_match: bool = False
    errors: tuple[int, ...] = (400, 401, 403, 404, 422)
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def doc(summary: str, tag: str, **kwargs: Any) -> Callable[[F], F]:
    """Attach the operation's description to a view function."""

    def attach(view: F) -> F:
        view.api_doc = Doc(summary, tag, **kwargs)  # type: ignore[attr-defined]
        return view

    return attach
