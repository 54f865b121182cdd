"""The deadline parser's request, and its answer: the parsed deadline with the tasks it will create."""

from __future__ import annotations

from routes.schemas.base import TITLE_MAX, BaseSchema, Date, Int, List, Nested, Str, between
from routes.schemas.base import text as txt
from routes.schemas.common import DeadlineSchema, PeriodSchema

EXECUTORS_MAX = 10_000


class DeadlineParseSchema(BaseSchema):
    """{"text", "period"?, "reference_date"?, "executors_count"?}."""

    text = txt(TITLE_MAX, required=True)
    period = Nested(PeriodSchema, load_default=None, allow_none=True)
    reference_date = Date(load_default=None, allow_none=True)
    executors_count = Int(load_default=1, validate=between(1, EXECUTORS_MAX))


class TaskPreviewSchema(BaseSchema):
    """One task (occurrence) the text will create: its nominal and working dates and why they differ."""

    index = Int(allow_none=True, metadata={"description": "Номер в серии; null — одиночная задача"})
    nominal = Str(allow_none=True, metadata={"format": "date", "description": "Срок по тексту"})
    working = Str(allow_none=True, metadata={"format": "date", "description": "Срок задачи (рабочий день)"})
    note = Str(allow_none=True, metadata={"description": "Почему рабочий срок отличается от срока по тексту"})


class DeadlinePreviewSchema(DeadlineSchema):
    """The parsed deadline plus what dispatch will make of it (fields added to DeadlineSchema)."""

    tasks = List(Nested(TaskPreviewSchema), required=True, metadata={"description": "Задачи по каждому сроку"})
    dropped = List(
        Str(metadata={"format": "date"}),
        required=True,
        metadata={"description": "Сроки раньше даты приказа: задачи по ним не создаются"},
    )
    tasks_count = Int(required=True, metadata={"description": "Задач всего: сроки × исполнители"})
    time = Str(allow_none=True, metadata={"description": "Время, указанное в тексте срока (ЧЧ:ММ)"})
