"""Amendments (API.md «Amendments»): the changes asked for, and the consolidated text of an order."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from models.amendments import AMENDMENT_ACTIONS
from routes.schemas.base import (
    TEXT_MAX,
    TITLE_MAX,
    BaseSchema,
    Bool,
    Date,
    Int,
    List,
    Nested,
    Str,
    ident,
    items,
    length,
    not_blank,
    one_of,
)
from routes.schemas.base import text as txt
from routes.schemas.common import ExecutorOutSchema, ExecutorRefSchema
from routes.schemas.orders import OrderSummarySchema


class ChangeSchema(BaseSchema):
    """One change: a point (or a roadmap activity) by its number, the action and the new values."""

    point = Str(
        load_default=None,
        allow_none=True,
        validate=[length(20), not_blank],
        metadata={"description": "Номер пункта изменяемого приказа («1.4»)."},
    )
    activity = Str(
        load_default=None,
        allow_none=True,
        validate=[length(20), not_blank],
        metadata={"description": "Номер мероприятия приложенной дорожной карты («2.3»)."},
    )
    roadmap_id = ident(metadata={"description": "Дорожная карта, когда к приказу их приложено несколько."})
    action = Str(required=True, validate=one_of(AMENDMENT_ACTIONS))
    text = txt(TEXT_MAX, metadata={"description": "Новая редакция (replace) или текст нового пункта (add_after)."})
    deadline_text = txt(TITLE_MAX, metadata={"description": "Новый срок, как его пишут («до 01.04.2027»)."})
    responsible = List(
        Nested(ExecutorRefSchema),
        load_default=None,
        allow_none=True,
        validate=items(100),
        metadata={"description": "Новые ответственные исполнители."},
    )

    @validates_schema
    def _point_or_activity(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("point") is None) == (data.get("activity") is None):
            raise ValidationError("Укажите пункт (point) или мероприятие дорожной карты (activity).", "point")


class AmendmentSchema(BaseSchema):
    """POST /orders/<id>/amendments: what changes, and why («В связи с …»)."""

    title = txt(TITLE_MAX, metadata={"description": "По умолчанию «О внесении изменений в приказ … от … № …»."})
    reason = txt(TITLE_MAX, metadata={"description": "Основание: «кадровыми изменениями» → «В связи с …»."})
    changes = List(Nested(ChangeSchema), required=True, validate=items(200, 1))


class AmendmentRefSchema(BaseSchema):
    """An amendment order in force: its id, number and date."""

    id = Int(required=True)
    number = Str(required=True)
    date = Date(allow_none=True)


class ConsolidatedPointSchema(BaseSchema):
    """A point as it reads now."""

    number = Str(required=True)
    text = Str(required=True)
    printed = Str(metadata={"description": "Текст, как его печатает действующая редакция."})
    deadline_text = Str()
    controlled = Bool()
    responsible = List(Nested(ExecutorOutSchema))
    status = Str(validate=one_of(("in_force", "amended", "repealed", "added")))
    amended_by = List(Nested(AmendmentRefSchema))
    children = List(Nested(lambda: ConsolidatedPointSchema()))


class ConsolidatedActivitySchema(BaseSchema):
    """A roadmap activity as it reads now."""

    number = Str(required=True)
    content = Str(required=True)
    deadline_text = Str()
    responsible_text = Str()
    responsible = List(Nested(ExecutorOutSchema))
    status = Str()
    amended_by = List(Nested(AmendmentRefSchema))


class ConsolidatedSectionSchema(BaseSchema):
    """A roadmap section."""

    number = Str()
    title = Str()
    activities = List(Nested(ConsolidatedActivitySchema))


class ConsolidatedRoadmapSchema(BaseSchema):
    """A roadmap attached to the order, as it reads now."""

    roadmap_id = Int(required=True)
    title = Str()
    sections = List(Nested(ConsolidatedSectionSchema))


class ConsolidatedSchema(BaseSchema):
    """GET /orders/<id>/consolidated: the order's text with every amendment in force."""

    order = Nested(OrderSummarySchema, required=True)
    as_of = Date(required=True)
    edition = Str(metadata={"description": "«в редакции приказа от … № …»; пусто, пока изменений нет."})
    amendments = List(Nested(AmendmentRefSchema))
    points = List(Nested(ConsolidatedPointSchema))
    roadmaps = List(Nested(ConsolidatedRoadmapSchema))
