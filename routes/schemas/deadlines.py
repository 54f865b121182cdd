"""The deadline parser's request."""

from __future__ import annotations

from routes.schemas.base import TITLE_MAX, BaseSchema, Date, Nested
from routes.schemas.base import text as txt
from routes.schemas.common import PeriodSchema


class DeadlineParseSchema(BaseSchema):
    """{"text", "period"?, "reference_date"?}."""

    text = txt(TITLE_MAX, required=True)
    period = Nested(PeriodSchema, load_default=None, allow_none=True)
    reference_date = Date(load_default=None, allow_none=True)
