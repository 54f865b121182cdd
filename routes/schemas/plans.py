"""Roadmaps, working groups, reporting cycles and their periods."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, pre_dump

from models import ReportingCycle, Roadmap, WorkingGroup
from models.working_groups import MEMBER_ROLES
from routes.schemas.base import (
    MAX_ID,
    TEXT_MAX,
    TITLE_MAX,
    BaseSchema,
    Date,
    DateTime,
    Float,
    Int,
    List,
    Nested,
    QInt,
    Str,
    between,
    ident,
    items,
    length,
    not_blank,
    one_of,
)
from routes.schemas.base import text as txt
from routes.schemas.common import (
    DeadlineSchema,
    ExecutorOutSchema,
    ExecutorRefSchema,
    PageQuery,
    PeriodSchema,
    number,
    page_of,
)
from workflow.engine.lifecycles import LIFECYCLES
from workflow.queries.objects import Detail


class ActivitySchema(BaseSchema):
    """An activity: №, мероприятие, срок исполнения, ответственный исполнитель."""

    number = Str(load_default=None, allow_none=True, validate=[length(20), not_blank])
    content = txt(TEXT_MAX, required=True)
    deadline_text = txt(TITLE_MAX)
    responsible_text = txt(TITLE_MAX, metadata={"description": "Как напечатано в таблице."})
    responsible = List(Nested(ExecutorRefSchema), load_default=list, validate=items(100))
    co_executors = List(Nested(ExecutorRefSchema), load_default=list, validate=items(100))


class SectionSchema(BaseSchema):
    """A section (1.1, 1.2 …) with its activities."""

    number = Str(load_default=None, allow_none=True, validate=[length(14), not_blank])
    title = txt(TITLE_MAX)
    activities = List(Nested(ActivitySchema), load_default=list, validate=items(500))


class RoadmapSchema(BaseSchema):
    """A draft roadmap as POST /roadmaps takes it."""

    title = txt(TITLE_MAX, required=True)
    organization_id = ident(required=True, nullable=False)
    period = Nested(PeriodSchema, load_default=None, allow_none=True)
    order_id = ident(metadata={"description": "Приказ-проект, приложением к которому станет карта."})
    controller_id = ident()
    sections = List(Nested(SectionSchema), load_default=list, validate=items(200))


class ActivityOutSchema(ActivitySchema):
    """An activity as stored, with its parsed deadline and tasks."""

    id = Int(required=True)
    responsible = List(Nested(ExecutorOutSchema))
    co_executors = List(Nested(ExecutorOutSchema))
    deadline = Nested(DeadlineSchema, allow_none=True)
    task_ids = List(Int())


class SectionOutSchema(SectionSchema):
    """A section as stored."""

    id = Int(required=True)
    activities = List(Nested(ActivityOutSchema))


PLAN_COMMON = ("id", "state", "version", "organization_id", "order_id", "controller_id", "created_by_id", "created_at")


def _period(obj: Any) -> dict[str, Any] | None:
    return {"start": obj.period_start, "end": obj.period_end} if obj.period else None


class RoadmapOutSchema(RoadmapSchema):
    """A roadmap as GET /roadmaps/<id> answers it."""

    id = Int(required=True)
    state = Str(required=True, validate=one_of(tuple(LIFECYCLES["roadmaps"].states)))
    version = Int(required=True)
    sections = List(Nested(SectionOutSchema))
    created_by_id = Int(allow_none=True)
    created_at = DateTime()

    @pre_dump
    def _from_detail(self, detail: Detail | Roadmap, **_: Any) -> dict[str, Any]:
        if not isinstance(detail, Detail):
            detail = Detail(detail)
        roadmap: Roadmap = detail.obj

        def activity(a: Any) -> dict[str, Any]:
            deadline = detail.deadlines.get(a.id)
            return {
                "id": a.id,
                "number": a.number,
                "content": a.content,
                "deadline_text": a.deadline_text,
                "responsible_text": a.responsible_text,
                "responsible": [e.as_ref() for e in a.executors if e.role == "responsible"],
                "co_executors": [e.as_ref() for e in a.executors if e.role == "co_executor"],
                "deadline": deadline.to_dict() if deadline else None,
                "task_ids": detail.task_ids.get(a.id, []),
            }

        return {
            **{name: getattr(roadmap, name) for name in (*PLAN_COMMON, "title")},
            "period": _period(roadmap),
            "sections": [
                {"id": s.id, "number": s.number, "title": s.title, "activities": [activity(a) for a in s.activities]}
                for s in roadmap.sections
            ],
        }


class RoadmapSummarySchema(BaseSchema):
    """A roadmap in a list."""

    id = Int(required=True)
    state = Str(required=True)
    version = Int(required=True)
    title = Str(required=True)
    organization_id = Int(required=True)
    order_id = Int(allow_none=True)
    period = Nested(PeriodSchema, allow_none=True)

    @pre_dump
    def _summary(self, roadmap: Roadmap, **_: Any) -> dict[str, Any]:
        return {
            **{n: getattr(roadmap, n) for n in ("id", "state", "version", "title", "organization_id", "order_id")},
            "period": _period(roadmap),
        }


class MemberSchema(BaseSchema):
    """A member with a role: chair, deputy, secretary, member."""

    person_id = ident(required=True, nullable=False)
    role = Str(load_default="member", validate=one_of(MEMBER_ROLES))


def _one_chair(members: list[dict[str, Any]]) -> None:
    if sum(1 for m in members if m.get("role") == "chair") > 1:
        raise ValidationError("У рабочей группы один руководитель.")


class WorkingGroupSchema(BaseSchema):
    """A draft working group as POST /working-groups takes it."""

    name = txt(TITLE_MAX, required=True)
    purpose = txt(TEXT_MAX)
    organization_id = ident(required=True, nullable=False)
    order_id = ident()
    deadline_text = txt(TITLE_MAX)
    controller_id = ident()
    members = List(Nested(MemberSchema), load_default=list, validate=[items(200), _one_chair])


class WorkingGroupOutSchema(WorkingGroupSchema):
    """A working group as stored."""

    id = Int(required=True)
    state = Str(required=True, validate=one_of(tuple(LIFECYCLES["working-groups"].states)))
    version = Int(required=True)
    final_report = Str()
    created_by_id = Int(allow_none=True)
    created_at = DateTime()

    @pre_dump
    def _plain(self, group: WorkingGroup, **_: Any) -> dict[str, Any]:
        return {
            **{n: getattr(group, n) for n in (*PLAN_COMMON, "name", "purpose", "deadline_text", "final_report")},
            "members": [{"person_id": m.person_id, "role": m.role} for m in group.members],
        }


class IndicatorSchema(BaseSchema):
    """An indicator: name, unit, target."""

    name = txt(TITLE_MAX, required=True)
    unit = txt(40)
    target = number()


class ReportingCycleSchema(BaseSchema):
    """A draft reporting cycle as POST /reporting-cycles takes it."""

    title = txt(TITLE_MAX, required=True)
    organization_id = ident(required=True, nullable=False)
    schedule_text = txt(TITLE_MAX, metadata={"description": "«Ежегодно, июнь», «ежеквартально до 10 числа» …"})
    period = Nested(PeriodSchema, load_default=None, allow_none=True)
    order_id = ident()
    controller_id = ident()
    responsible = List(Nested(ExecutorRefSchema), load_default=list, validate=items(100))
    indicators = List(Nested(IndicatorSchema), load_default=list, validate=items(100))


class IndicatorOutSchema(IndicatorSchema):
    """An indicator as stored."""

    id = Int(required=True)
    target = Float(allow_none=True)


class ReportingCycleOutSchema(ReportingCycleSchema):
    """A reporting cycle as stored."""

    id = Int(required=True)
    state = Str(required=True, validate=one_of(tuple(LIFECYCLES["reporting-cycles"].states)))
    version = Int(required=True)
    responsible = List(Nested(ExecutorOutSchema))
    indicators = List(Nested(IndicatorOutSchema))
    created_by_id = Int(allow_none=True)
    created_at = DateTime()

    @pre_dump
    def _plain(self, cycle: ReportingCycle, **_: Any) -> dict[str, Any]:
        return {
            **{n: getattr(cycle, n) for n in (*PLAN_COMMON, "title", "schedule_text")},
            "period": _period(cycle),
            "responsible": [e.as_ref() for e in cycle.executors],
            "indicators": [
                {"id": i.id, "name": i.name, "unit": i.unit, "target": None if i.target is None else float(i.target)}
                for i in cycle.indicators
            ],
        }


class ValueSchema(BaseSchema):
    """The value of one indicator in one period."""

    indicator_id = ident(required=True, nullable=False)
    value = number()
    comment = txt(2000)


class PeriodOutSchema(BaseSchema):
    """A period of a reporting cycle: its values, narrative and state."""

    id = Int(required=True)
    state = Str(required=True, validate=one_of(tuple(LIFECYCLES["reporting-periods"].states)))
    version = Int(required=True)
    cycle_id = Int(required=True)
    label = Str(required=True)
    due_date = Date(required=True)
    narrative = Str()
    submitted_at = DateTime(allow_none=True)
    accepted_at = DateTime(allow_none=True)
    values = List(Nested(ValueSchema))

    @pre_dump
    def _plain(self, period: Any, **_: Any) -> dict[str, Any]:
        names = ("id", "state", "version", "cycle_id", "label", "due_date", "narrative", "submitted_at", "accepted_at")
        return {
            **{n: getattr(period, n) for n in names},
            "values": [
                {
                    "indicator_id": v.indicator_id,
                    "value": None if v.value is None else float(v.value),
                    "comment": v.comment,
                }
                for v in sorted(period.values, key=lambda v: v.indicator_id)
            ],
        }


class PlanQuery(PageQuery):
    """Filters of the roadmap, working group and cycle lists."""

    state = Str(validate=length(32))
    organization_id = QInt(validate=between(1, MAX_ID))
    order_id = QInt(validate=between(1, MAX_ID))


RoadmapPageSchema = page_of(RoadmapSummarySchema, "RoadmapPageSchema")
WorkingGroupPageSchema = page_of(WorkingGroupOutSchema, "WorkingGroupPageSchema")
ReportingCyclePageSchema = page_of(ReportingCycleOutSchema, "ReportingCyclePageSchema")
