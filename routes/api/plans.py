"""Roadmaps, working groups and reporting cycles: draft, list, read; the periods of a cycle."""

from __future__ import annotations

from flask import Response
from marshmallow import Schema

from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, get_db, load_args, load_body, reply, reply_page
from routes.api.docs import doc
from routes.schemas.plans import (
    PeriodOutSchema,
    PlanQuery,
    ReportingCycleOutSchema,
    ReportingCyclePageSchema,
    ReportingCycleSchema,
    RoadmapOutSchema,
    RoadmapPageSchema,
    RoadmapSchema,
    RoadmapSummarySchema,
    WorkingGroupOutSchema,
    WorkingGroupPageSchema,
    WorkingGroupSchema,
)
from workflow.queries import objects, plans
from workflow.services.plans import Draft, DraftReportingCycle, DraftRoadmap, DraftWorkingGroup, draft_plan


def _plan(
    kind: str,
    label: str,
    body: type[Schema],
    out: type[Schema],
    item: type[Schema],
    page: type[Schema],
    command: type[Draft],
) -> None:
    """POST, GET list and GET one of a plan kind."""

    @doc(f"{label}: создать проект", kind, body=body, response=out, status=201)
    def create_view() -> Response:
        actor = current_actor()
        obj_id = draft_plan(get_db(), actor, command(**load_body(body())))
        with get_db().session() as session:
            dumped = out().dump(objects.read_object(session, actor, kind, obj_id))
        return answer(dumped, 201, location=f"/api/v1/{kind}/{obj_id}")

    @doc(f"{label}: список", kind, query=PlanQuery, response=page, errors=(401, 422))
    def list_view() -> Response:
        args = load_args(PlanQuery())
        with get_db().session() as session:
            items, total = plans.list_plans(session, current_actor(), kind, args)
            return reply_page(item(), items, total, args["page"], args["per_page"])

    @doc(label, kind, response=out, errors=(401, 404))
    def get_view(obj_id: int) -> Response:
        with get_db().session() as session:
            return reply(out(), objects.read_object(session, current_actor(), kind, obj_id))

    name = kind.replace("-", "_")
    bp.add_url_rule(f"/{kind}", f"create_{name}", create_view, methods=["POST"])
    bp.add_url_rule(f"/{kind}", f"list_{name}", list_view, methods=["GET"])
    bp.add_url_rule(f"/{kind}/<id:obj_id>", f"get_{name}", get_view, methods=["GET"])


_plan(
    "roadmaps",
    "Дорожная карта",
    RoadmapSchema,
    RoadmapOutSchema,
    RoadmapSummarySchema,
    RoadmapPageSchema,
    DraftRoadmap,
)
_plan(
    "working-groups",
    "Рабочая группа",
    WorkingGroupSchema,
    WorkingGroupOutSchema,
    WorkingGroupOutSchema,
    WorkingGroupPageSchema,
    DraftWorkingGroup,
)
_plan(
    "reporting-cycles",
    "Отчётность",
    ReportingCycleSchema,
    ReportingCycleOutSchema,
    ReportingCycleOutSchema,
    ReportingCyclePageSchema,
    DraftReportingCycle,
)


@bp.get("/reporting-cycles/<id:obj_id>/periods")
@doc("Отчётность: периоды", "reporting-cycles", response=PeriodOutSchema, many=True, errors=(401, 404))
def cycle_periods(obj_id: int) -> Response:
    """The periods of a reporting cycle, by due date."""
    with get_db().session() as session:
        return answer(PeriodOutSchema(many=True).dump(plans.cycle_periods(session, current_actor(), obj_id)))


@bp.get("/reporting-periods/<id:obj_id>")
@doc("Отчётный период", "reporting-periods", response=PeriodOutSchema, errors=(401, 404))
def get_period(obj_id: int) -> Response:
    """One period of a reporting cycle."""
    with get_db().session() as session:
        return reply(PeriodOutSchema(), objects.read_object(session, current_actor(), "reporting-periods", obj_id))
