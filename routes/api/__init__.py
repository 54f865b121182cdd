"""The JSON API v1 (see API.md): thin views over the services, marshmallow schemas, one error envelope."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter, ValidationError

from routes.schemas.base import MAX_ID


class IdConverter(BaseConverter):
    """A positive 32-bit id in a path; anything else (negative, 2**63, letters) is simply not found."""

    regex = r"[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        """The id, or no match."""
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value: object) -> str:
        """The id in a URL."""
        return str(value)


def init_api(app: Flask) -> None:
    """The id converter and the blueprint with every view (the token and throttle settings come from Settings)."""
    app.url_map.converters["id"] = IdConverter
    # Fields in the order the schemas declare them (id, state, version first), and no sorting on every answer.
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from routes.api import (  # noqa: F401  (views register themselves)
        amendments,
        appendices,
        auth,
        control,
        deadlines,
        directory,
        documents,
        imports,
        notifications,
        openapi,
        orders,
        plans,
        signatures,
        substitutions,
        tasks,
        workflow,
    )
    from routes.api.blueprint import bp
    from routes.api.common import close_read_connection

    app.register_blueprint(bp)
    # App-wide: the bearer loader may open the read connection for any GET that carries a token.
    app.teardown_request(close_read_connection)
