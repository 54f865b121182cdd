"""Schemas of the control calls: filters, the control task row, the discipline summary."""

from __future__ import annotations

from typing import Any

from marshmallow import post_load, pre_dump

from extensions import get_db
from routes.schemas.base import (
    MAX_ID,
    BaseSchema,
    Bool,
    Date,
    Float,
    Int,
    List,
    Nested,
    QBool,
    QInt,
    Str,
    between,
    one_of,
)
from routes.schemas.common import PageQuery, page_of
from routes.schemas.tasks import ControllerSchema, ResponsibleSchema
from workflow.engine.lifecycles import LIFECYCLES
from workflow.printing.control_reports import VIEWS
from workflow.queries.control import GROUP_BY, SOURCE_FILTERS, ControlFilter, Summary, SummaryRow, TaskRow
from workflow.settings import DEFAULTS, settings_of


def _id(description: str) -> QInt:
    return QInt(validate=between(1, MAX_ID), metadata={"description": description})


class ControlFilterQuery(PageQuery):
    """The filter every control call takes."""

    organization_id = _id("Организация, давшая поручения (с подведомственными, если не with_subordinates=false).")
    with_subordinates = QBool(load_default=True)
    responsible_person_id = _id("Ответственный исполнитель — сотрудник.")
    responsible_org_id = _id("Ответственный исполнитель — организация.")
    controller_id = _id("Контролёр.")
    source_kind = Str(validate=one_of(SOURCE_FILTERS))
    source_id = _id("Документ-источник (вместе с source_kind).")
    date_from = Date(data_key="from", metadata={"description": "Сроки не раньше этой даты."})
    date_to = Date(data_key="to", metadata={"description": "Сроки не позже этой даты."})

    @post_load
    def _filter(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        keys = (
            "organization_id",
            "with_subordinates",
            "responsible_person_id",
            "responsible_org_id",
            "controller_id",
            "source_kind",
            "source_id",
            "date_from",
            "date_to",
        )
        control = ControlFilter(**{k: data.pop(k) for k in keys if k in data})
        control.check()
        data["filters"] = control
        return data


class OverdueQuery(ControlFilterQuery):
    """Overdue now, or as of the start of a past day (from the recorded history)."""

    as_of = Date(metadata={"description": "На начало какого дня (ГГГГ-ММ-ДД); по умолчанию — сейчас."})


class DueSoonQuery(ControlFilterQuery):
    """Due within N working days."""

    working_days = QInt(
        load_default=lambda: settings_of(get_db()).remind_days,
        validate=between(0, 60),
        metadata={"default": DEFAULTS.remind_days},
    )


class OnReviewQuery(ControlFilterQuery):
    """On review for more than N days."""

    days = QInt(
        load_default=lambda: settings_of(get_db()).review_days,
        validate=between(0, 365),
        metadata={"default": DEFAULTS.review_days},
    )


class SummaryQuery(ControlFilterQuery):
    """The discipline summary's grouping."""

    group_by = Str(load_default="responsible", validate=one_of(GROUP_BY))


class ReportQuery(SummaryQuery, OverdueQuery, DueSoonQuery, OnReviewQuery):
    """The справка: one view (with that view's parameters and the filter) and the summary."""

    view = Str(load_default="overdue", validate=one_of(VIEWS))


class SourceRefSchema(BaseSchema):
    """The document a task comes from."""

    kind = Str(required=True)
    id = Int(allow_none=True)
    label = Str(required=True)


class ControlTaskSchema(BaseSchema):
    """A task as a control view lists it; the deadline is the one in force on the view's day."""

    id = Int(required=True)
    state = Str(required=True, validate=one_of(tuple(LIFECYCLES["tasks"].states)))
    title = Str(required=True)
    deadline = Date(allow_none=True)
    original_deadline = Date(allow_none=True)
    deadline_text = Str(required=True)
    days_overdue = Int(required=True)
    responsible = Nested(ResponsibleSchema, required=True)
    controller = Nested(ControllerSchema, allow_none=True)
    source = Nested(SourceRefSchema, required=True)
    organization_id = Int(required=True)
    done_late = Bool(required=True)

    @pre_dump
    def _row(self, row: TaskRow, **_: Any) -> dict[str, Any]:
        return {
            "id": row.id,
            "state": row.state,
            "title": row.title,
            "deadline": row.deadline,
            "original_deadline": row.original_deadline,
            "deadline_text": row.deadline_text,
            "days_overdue": row.days_overdue,
            "responsible": {
                "person_id": row.responsible_person_id,
                "organization_id": row.responsible_org_id,
                "name": row.responsible,
            },
            "controller": {"person_id": row.controller_id, "name": row.controller} if row.controller_id else None,
            "source": {"kind": row.source_kind, "id": row.source_id, "label": row.source},
            "organization_id": row.organization_id,
            "done_late": row.done_late,
        }


ControlTaskPageSchema = page_of(ControlTaskSchema, "ControlTaskPageSchema")


class SummaryRowSchema(BaseSchema):
    """Discipline figures of one group (API.md: total, done_on_time, done_late, overdue, in_work, extensions,
    on_time_rate)."""

    group = Nested(SourceRefSchema, required=True)
    total = Int(required=True)
    done_on_time = Int(required=True)
    done_late = Int(required=True)
    overdue = Int(required=True)
    in_work = Int(required=True)
    extensions = Int(required=True, metadata={"description": "Запрошено переносов срока."})
    extensions_granted = Int(required=True)
    on_time_rate = Float(allow_none=True, metadata={"description": "Доля исполненных в срок, 0–1."})

    @pre_dump
    def _row(self, row: SummaryRow, **_: Any) -> dict[str, Any]:
        return {
            "group": {"kind": row.group_kind, "id": row.group_id, "label": row.label},
            "total": row.total,
            "done_on_time": row.done_on_time,
            "done_late": row.done_late,
            "overdue": row.overdue,
            "in_work": row.in_work,
            "extensions": row.extensions_requested,
            "extensions_granted": row.extensions_granted,
            "on_time_rate": None if row.on_time_rate is None else round(row.on_time_rate, 4),
        }


class SummarySchema(BaseSchema):
    """The summary: its groups and the total."""

    group_by = Str(required=True)
    date_from = Date(allow_none=True, data_key="from")
    date_to = Date(allow_none=True, data_key="to")
    items = List(Nested(SummaryRowSchema), required=True)
    total = Nested(SummaryRowSchema, required=True)

    @pre_dump
    def _summary(self, summary: Summary, **_: Any) -> dict[str, Any]:
        return {
            "group_by": summary.group_by,
            "date_from": summary.date_from,
            "date_to": summary.date_to,
            "items": summary.rows,
            "total": summary.overall,
        }
