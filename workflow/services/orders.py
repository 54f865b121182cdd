"""Use cases of orders: drafting with nested points, executors, visas and appendices."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models import (
    Order,
    OrderAppendix,
    OrderPoint,
    Organization,
    Person,
    PointExecutor,
    ReportingCycle,
    Roadmap,
    Visa,
    WorkingGroup,
)
from workflow.engine.permissions import Actor
from workflow.errors import ValidationFailed
from workflow.search_index import reindex_order
from workflow.services.common import (
    check_period,
    executor_refs,
    may_draft_in,
    must_get,
    optional_person,
    record_creation,
)

APPENDIX_LINKS = (
    ("roadmap_id", Roadmap, "Дорожная карта"),
    ("working_group_id", WorkingGroup, "Рабочая группа"),
    ("reporting_cycle_id", ReportingCycle, "Отчётность"),
)


POINT_TEXT_REQUIRED = "Обязательное поле: без своего текста бывает только пункт-обращение к адресату с подпунктами."


def point_text_problem(data: dict[str, Any]) -> str | None:
    """Why a point lacks the text it needs: only an addressee with sub-points («Директору …:») goes without."""
    if (data.get("text") or "").strip():
        return None
    if data.get("addressee_id") is not None and data.get("children"):
        return None
    return POINT_TEXT_REQUIRED


def _flatten(
    session: Session, points: list[dict[str, Any]], prefix: str, parent: OrderPoint | None, out: list[OrderPoint]
) -> None:
    for n, data in enumerate(points, start=1):
        number = str(data.get("number") or f"{prefix}{n}").rstrip(".")
        where = f"points.{number}"
        problem = point_text_problem(data)
        if problem is not None:
            raise ValidationFailed(f"Пункт {number}: {problem}", {f"{where}.text": [problem]})
        point = OrderPoint(
            number=number,
            text=data.get("text") or "",
            controlled=bool(data.get("controlled")),
            deadline_text=data.get("deadline_text") or "",
            addressee_id=optional_person(session, data.get("addressee_id"), f"{where}.addressee_id"),
            parent=parent,
            position=len(out),
        )
        point.executors = executor_refs(
            session, PointExecutor, data.get("responsible") or [], "responsible", f"{where}.responsible"
        ) + executor_refs(
            session, PointExecutor, data.get("co_executors") or [], "co_executor", f"{where}.co_executors"
        )
        out.append(point)
        _flatten(session, data.get("children") or [], f"{number}.", point, out)


def build_points(session: Session, points: list[dict[str, Any]]) -> list[OrderPoint]:
    """Points in document order; omitted numbers follow the tree (1, 2, 2.1 …); repeated ones are refused."""
    flat: list[OrderPoint] = []
    _flatten(session, points, "", None, flat)
    seen: set[str] = set()
    for point in flat:
        if point.number in seen:
            raise ValidationFailed(
                f"Номер пункта {point.number} повторяется.", {"points": [f"Номер пункта {point.number} повторяется."]}
            )
        seen.add(point.number)
    return flat


def _appendices(session: Session, order: Order, items: list[dict[str, Any]]) -> list[OrderAppendix]:
    result: list[OrderAppendix] = []
    for n, data in enumerate(items):
        appendix = OrderAppendix(position=n, title=data.get("title") or "", text=data.get("text") or "")
        for field, model, label in APPENDIX_LINKS:
            obj: Any
            if data.get(field) is None:
                continue
            obj = must_get(session, model, data[field], f"appendices.{n}.{field}", label)
            if obj.organization_id != order.organization_id:
                raise ValidationFailed(
                    f"{label} № {obj.id} принадлежит другой организации.",
                    {f"appendices.{n}.{field}": ["Другая организация."]},
                )
            if obj.order_id not in (None, order.id) or obj.state != "draft":
                raise ValidationFailed(
                    f"{label} № {obj.id} уже утверждена или приложена к другому приказу.",
                    {f"appendices.{n}.{field}": ["Уже приложено к другому приказу."]},
                )
            obj.order_id = order.id
            setattr(appendix, field, obj.id)
        if not (appendix.title or appendix.text) and not any(getattr(appendix, f) for f, _, _ in APPENDIX_LINKS):
            raise ValidationFailed("Пустое приложение.", {f"appendices.{n}": ["Укажите приложение или его текст."]})
        result.append(appendix)
    return result


def create_order(session: Session, actor: Actor, data: dict[str, Any]) -> Order:
    """A draft order from the API's shape; every reference checked."""
    org = must_get(session, Organization, data.get("organization_id"), "organization_id", "Организация")
    may_draft_in(session, actor, org.id)
    start, end = check_period(data.get("period"))
    order = Order(
        kind=data.get("kind") or "order",
        organization_id=org.id,
        title=data.get("title", ""),
        place=data.get("place") or org.place,
        preamble=data.get("preamble") or "",
        signatory_id=optional_person(session, data.get("signatory_id"), "signatory_id"),
        controller_id=optional_person(session, data.get("controller_id"), "controller_id"),
        executor_mark_id=optional_person(session, data.get("executor_mark_id"), "executor_mark_id"),
        period_start=start,
        period_end=end,
        created_by_id=actor.user_id,
        state="draft",
    )
    order.points = build_points(session, data.get("points") or [])
    order.visas = [
        Visa(position=n, approver_id=must_get(session, Person, pid, f"approvers.{n}", "Сотрудник").id)
        for n, pid in enumerate(data.get("approvers") or [], start=1)
    ]
    session.add(order)
    session.flush()
    order.appendices = _appendices(session, order, data.get("appendices") or [])
    record_creation(session, order, actor)
    reindex_order(session, order)
    return order


def attach_to_order(session: Session, actor: Actor, item: Any, order_id: int | None, link: str) -> None:
    """A plan drafted for an order becomes one of its appendices (the order must still be a draft)."""
    if order_id is None:
        return
    order = must_get(session, Order, order_id, "order_id", "Приказ")
    if order.organization_id != item.organization_id:
        raise ValidationFailed("Приказ другой организации.", {"order_id": ["Другая организация."]})
    if order.state != "draft":
        raise ValidationFailed("Приложить можно только к проекту приказа.", {"order_id": ["Приказ уже не проект."]})
    session.flush()
    item.order_id = order.id
    order.appendices.append(OrderAppendix(position=len(order.appendices), **{link: item.id}))
