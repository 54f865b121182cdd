"""A person's notifications: the list's query, an item, the list with its unread count."""

from __future__ import annotations

from typing import Any

from routes.schemas.base import BaseSchema, DateTime, Int, List, Nested, QBool, Str
from routes.schemas.common import PageQuery


class NotificationQuery(PageQuery):
    """?unread=true&page=&per_page=."""

    unread = QBool(load_default=False)


class ObjectRefSchema(BaseSchema):
    """The object a notification is about: {kind, id}, as in /api/v1/<kind>/<id>."""

    kind = Str(required=True)
    id = Int(required=True)


class NotificationSchema(BaseSchema):
    """{id, kind, text, object: {kind, id}, created_at, read_at}."""

    id = Int(required=True)
    kind = Str(required=True)
    text = Str(required=True, attribute="body")
    object = Nested(ObjectRefSchema, required=True)
    created_at = DateTime(required=True)
    read_at = DateTime(required=True, allow_none=True)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        """The object reference is built from two columns."""
        if attr == "object":
            return {"kind": obj.object_kind, "id": obj.object_id}
        return super().get_attribute(obj, attr, default)


class NotificationListSchema(BaseSchema):
    """{items, total, unread}: total counts what the filter matches, unread every unread notice of the person."""

    items = List(Nested(NotificationSchema), required=True)
    total = Int(required=True)
    unread = Int(required=True)


class ReadResultSchema(BaseSchema):
    """How many notices were marked read, and how many stay unread."""

    marked = Int(required=True)
    unread = Int(required=True)
