"""Tasks (the card and the list's filters) and deadline extension requests."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, post_load, pre_dump

from models.tasks import EXTENSION_STATUSES
from routes.schemas.base import (
    MAX_ID,
    TEXT_MAX,
    BaseSchema,
    Bool,
    Date,
    DateTime,
    Int,
    List,
    Method,
    Nested,
    QBool,
    QInt,
    Str,
    between,
    length,
    one_of,
)
from routes.schemas.base import text as txt
from routes.schemas.common import ExecutorOutSchema, PageQuery, page_of
from workflow import clock
from workflow.engine.lifecycles import LIFECYCLES
from workflow.queries.tasks import TaskCard

SOURCE_KINDS = ("order", "roadmap", "working_group", "reporting_period", "reporting_cycle")
# The model's source kind, and the column holding the source's id.
SOURCE_OF = {
    "order": ("order", "order_id"),
    "roadmap": ("roadmap", "roadmap_id"),
    "working_group": ("working_group", "working_group_id"),
    "reporting": ("reporting_period", "reporting_period_id"),
}
_SOURCE = re.compile(r"^(order|roadmap|working_group|reporting_period|reporting_cycle):([0-9]{1,10})$")


class SourceSchema(BaseSchema):
    """Where a task comes from: {"kind": "order", "id": 3, "point": "1.4"}."""

    kind = Str(required=True, validate=one_of(SOURCE_KINDS[:-1]))
    id = Int(allow_none=True)
    point = Str(required=True)


class ResponsibleSchema(BaseSchema):
    """The responsible executor: a person, or an organization (then its head as the person)."""

    person_id = Int(allow_none=True)
    organization_id = Int(allow_none=True)
    name = Str(allow_none=True)


class ControllerSchema(BaseSchema):
    """The controller."""

    person_id = Int(required=True)
    name = Str(required=True)


class TaskSchema(BaseSchema):
    """A task card (API.md, Tasks), with a few more fields after the contract's ones."""

    id = Int(required=True)
    state = Str(required=True, validate=one_of(tuple(LIFECYCLES["tasks"].states)))
    version = Int(required=True)
    title = Str(required=True)
    source = Nested(SourceSchema, required=True)
    responsible = Nested(ResponsibleSchema, required=True)
    co_executors = List(Nested(ExecutorOutSchema), required=True)
    controller = Nested(ControllerSchema, allow_none=True)
    deadline = Date(allow_none=True)
    original_deadline = Date(allow_none=True)
    deadline_text = Str(required=True)
    overdue = Bool(required=True)
    days_overdue = Int(required=True)
    report_text = Str(required=True)
    done_at = DateTime(allow_none=True)
    done_late = Bool(required=True)
    organization_id = Int(required=True, metadata={"description": "Организация, давшая поручение."})
    parent_id = Int(allow_none=True)
    is_rollup = Bool(required=True)
    needs_date = Bool(required=True)
    series_index = Int(allow_none=True)
    reported_at = DateTime(allow_none=True)
    created_at = DateTime()
    updated_at = DateTime()

    @pre_dump
    def _card(self, task: TaskCard, **_: Any) -> dict[str, Any]:
        today = clock.today()
        kind, column = SOURCE_OF[task.source_kind]
        return {
            "id": task.id,
            "state": task.state,
            "version": task.version,
            "title": task.title,
            "source": {"kind": kind, "id": getattr(task, column), "point": task.source_label},
            "responsible": {
                "person_id": task.responsible_person_id,
                "organization_id": task.responsible_org_id,
                "name": task.responsible_name,
            },
            "co_executors": list(task.co_executors),
            "controller": (
                {"person_id": task.controller_id, "name": task.controller_name} if task.controller_id else None
            ),
            "deadline": task.deadline,
            "original_deadline": task.original_deadline,
            "deadline_text": task.deadline_text,
            "overdue": task.overdue_on(today),
            "days_overdue": task.days_overdue(today),
            "report_text": task.report_text,
            "done_at": task.done_at,
            "done_late": task.done_late,
            "organization_id": task.organization_id,
            "parent_id": task.parent_id,
            "is_rollup": task.is_rollup,
            "needs_date": task.needs_date,
            "series_index": task.series_index,
            "reported_at": task.reported_at,
            "created_at": task.created_at,
            "updated_at": task.updated_at,
        }


TaskPageSchema = page_of(TaskSchema, "TaskPageSchema")


class Assignee(Str):
    """«me» or a person's id."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text == "me":
            return text
        if not text.isdigit() or not 1 <= int(text) <= MAX_ID:
            raise ValidationError("Ожидается «me» или номер сотрудника.")
        return int(text)


class TaskQuery(PageQuery):
    """Filters of the task list (API.md, Tasks)."""

    assignee = Assignee(metadata={"description": "«me» или id сотрудника: ответственный или соисполнитель."})
    organization_id = QInt(validate=between(1, MAX_ID), metadata={"description": "Организация-исполнитель."})
    state = Str(validate=one_of(tuple(LIFECYCLES["tasks"].states)))
    overdue = QBool()
    due_before = Date()
    due_after = Date()
    source = Str(
        validate=length(40),
        metadata={
            "description": "order:<id>, roadmap:<id>, working_group:<id>, reporting_period:<id>, reporting_cycle:<id>"
        },
    )
    q = Str(
        validate=length(200),
        metadata={"description": "Поиск по тексту и номеру приказа (любая форма слова); лучшие совпадения первыми."},
    )

    @post_load
    def _parse(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if data.get("source") is not None:
            match = _SOURCE.match(data["source"])
            if match is None or not 1 <= int(match.group(2)) <= MAX_ID:
                raise ValidationError("Ожидается вид:номер, например order:3.", "source")
            data["source"] = (match.group(1), int(match.group(2)))
        return data


class ExtensionRequestInSchema(BaseSchema):
    """{new_deadline, reason}: the executor asks for more time."""

    new_deadline = Date(required=True)
    reason = txt(TEXT_MAX, required=True)


class ExtensionDecisionSchema(BaseSchema):
    """{decision: grant|deny, comment, new_deadline}: new_deadline grants another day than the one asked."""

    decision = Str(required=True, validate=one_of(("grant", "deny")))
    comment = txt(TEXT_MAX)
    new_deadline = Date(
        allow_none=True,
        metadata={"description": "Только с grant: согласовать перенос на другой день, чем просили."},
    )
    version = Int(validate=between(1, MAX_ID), metadata={"description": "Версия запроса, которую видел клиент."})


class ExtensionRequestSchema(BaseSchema):
    """A deadline extension request and its decision."""

    id = Int(required=True)
    version = Int(required=True)
    task_id = Int(required=True)
    status = Str(required=True, validate=one_of(EXTENSION_STATUSES))
    old_deadline = Date(allow_none=True)
    new_deadline = Date(required=True)
    reason = Str(required=True)
    requested_by_id = Int(allow_none=True)
    created_at = DateTime()
    decided_by_id = Int(allow_none=True)
    decided_at = DateTime(allow_none=True)
    decision_comment = Str()
    granted_deadline = Date(
        allow_none=True, metadata={"description": "На какой день перенос согласован (после правила нерабочего дня)"}
    )
    task_deadline = Method("_task_deadline", metadata={"description": "Срок поручения после решения"})
    deadline_note = Str(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Как срок сдвинут правилом нерабочего дня, если сдвинут"},
    )

    def _task_deadline(self, obj: Any) -> str | None:
        deadline = obj.task.deadline if getattr(obj, "task", None) is not None else None
        return deadline.isoformat() if deadline else None


class TaskDateSchema(BaseSchema):
    """{deadline}: the controller dates an undated task."""

    deadline = Date(required=True, metadata={"description": "Срок поручения, ГГГГ-ММ-ДД"})
    version = Int(validate=between(1, MAX_ID), metadata={"description": "Версия поручения, которую видел клиент."})


class TaskDatedSchema(TaskSchema):
    """The dated task card and how a day off moved the date."""

    deadline_note = Str(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Как срок сдвинут правилом нерабочего дня, если сдвинут"},
    )
