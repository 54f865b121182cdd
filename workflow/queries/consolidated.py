"""The consolidated text (действующая редакция) of an order: its points and roadmaps with every amendment in force.

An amendment is in force once it is dispatched (executing, reported or closed); its changes apply in the order of
the amendments' registration, each in its own order of points. The base order's rows are never rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.contexts import AppendixDoc, PointDoc, RoadmapRowDoc, RoadmapSectionDoc, _with_deadline
from models import AmendmentChange, Order, OrderPoint, Organization, Person, Roadmap
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.errors import ValidationFailed
from workflow.printing.contexts import addressee_doc, appendix_docs, order_doc
from workflow.printing.freeze import DOCX, render_with_active
from workflow.services.documents import FileOut
from workflow.services.visibility import Visibility

IN_FORCE = ("executing", "reported", "closed")


@dataclass(frozen=True)
class AmendmentRef:
    """An amendment order as the consolidated text names it: «приказ от 01.12.2026 № 12»."""

    id: int
    number: str
    date: date | None
    state: str = ""

    @property
    def label(self) -> str:
        """«приказ от 01.12.2026 № 12» (a draft: «проект приказа № 12 (id)»)."""
        if self.number and self.date:
            return f"приказ от {self.date:%d.%m.%Y} № {self.number}"
        return f"проект приказа (id {self.id})"


def amendment_ref(order: Order) -> AmendmentRef:
    """The reference of an amendment order."""
    return AmendmentRef(order.id, order.reg_number or "", order.reg_date, order.state)


@dataclass
class ConsolidatedPoint:
    """A point as it reads now: its wording, deadline and executors, and which amendments made it so."""

    number: str
    text: str
    deadline_text: str
    responsible: list[dict[str, Any]]
    controlled: bool
    addressee_id: int | None = None
    point_id: int | None = None
    status: str = "in_force"  # in_force | amended | repealed | added
    amended_by: list[AmendmentRef] = field(default_factory=list)
    children: list[ConsolidatedPoint] = field(default_factory=list)
    # For an added point: the base point it follows.
    after_id: int | None = None

    @property
    def printed(self) -> str:
        """The text the consolidated document prints (its deadline included), with the amendment's note."""
        if self.status == "repealed":
            return f"Утратил силу ({self.amended_by[-1].label})."
        body = _with_deadline(self.text.strip(), self.deadline_text if self.controlled else None)
        if self.amended_by:
            by = ", ".join(ref.label.removeprefix("приказ ") for ref in self.amended_by)
            verb = "введён приказом" if self.status == "added" else "в редакции приказа"
            mark = body[-1] if body and body[-1] in ".:;" else ""
            body = f"{body.rstrip('.:;')} ({verb} {by}){mark or '.'}"
        return body


@dataclass
class ConsolidatedActivity:
    """A roadmap activity as it reads now."""

    number: str
    content: str
    deadline_text: str
    responsible_text: str
    responsible: list[dict[str, Any]]
    activity_id: int | None = None
    status: str = "in_force"
    amended_by: list[AmendmentRef] = field(default_factory=list)
    after_id: int | None = None


@dataclass
class ConsolidatedSection:
    """A roadmap section with its activities as they read now."""

    number: str
    title: str
    activities: list[ConsolidatedActivity]


@dataclass
class ConsolidatedRoadmap:
    """A roadmap attached to the order, as it reads now."""

    roadmap_id: int
    title: str
    sections: list[ConsolidatedSection]


@dataclass
class Consolidated:
    """The order's current text: points, roadmaps and the amendments in force."""

    order: Order
    as_of: date
    amendments: list[AmendmentRef]
    points: list[ConsolidatedPoint]
    roadmaps: list[ConsolidatedRoadmap]

    def walk(self) -> list[ConsolidatedPoint]:
        """Every point, in document order."""
        out: list[ConsolidatedPoint] = []

        def visit(points: list[ConsolidatedPoint]) -> None:
            for p in points:
                out.append(p)
                visit(p.children)

        visit(self.points)
        return out

    def point(self, number: str) -> ConsolidatedPoint | None:
        """The point with this number."""
        return next((p for p in self.walk() if p.number == number), None)

    def activity(self, roadmap_id: int, number: str) -> ConsolidatedActivity | None:
        """The activity of a roadmap with this number."""
        for roadmap in self.roadmaps:
            if roadmap.roadmap_id == roadmap_id:
                for section in roadmap.sections:
                    for activity in section.activities:
                        if activity.number == number:
                            return activity
        return None

    @property
    def edition(self) -> str:
        """«в редакции приказа от 01.12.2026 № 12» (several: «приказов от … № …, от … № …»), empty when none."""
        if not self.amendments:
            return ""
        labels = [ref.label.removeprefix("приказ ") for ref in self.amendments]
        return f"в редакции {'приказа' if len(labels) == 1 else 'приказов'} {', '.join(labels)}"


def executor_words(session: Session, refs: list[dict[str, Any]]) -> str:
    """«Бадмаева Л.Н., МБОУ «СОШ № 1»»: executors named as the roadmap's column names them."""
    parts: list[str] = []
    for ref in refs:
        if ref.get("person_id") is not None:
            person = session.get(Person, ref["person_id"])
            parts.append(person.name_initials if person else "")
        else:
            org = session.get(Organization, ref.get("organization_id"))
            name = (org.short_name or org.name) if org else ""
            parts.append(f"{name} и подведомственные организации" if ref.get("include_subordinates") else name)
    return ", ".join(p for p in parts if p)


def _point(p: OrderPoint) -> ConsolidatedPoint:
    return ConsolidatedPoint(
        number=p.number,
        text=p.text,
        deadline_text=p.deadline_text,
        responsible=[e.as_ref() for e in p.responsible],
        controlled=p.controlled,
        addressee_id=p.addressee_id,
        point_id=p.id,
        children=[_point(c) for c in p.children],
    )


def in_force(session: Session, base: Order) -> list[Order]:
    """The base order's dispatched amendments, in the order they were registered."""
    stmt = select(Order).where(Order.amends_id == base.id, Order.state.in_(IN_FORCE)).order_by(Order.reg_date, Order.id)
    return list(session.scalars(stmt))


def amendments_of(session: Session, base: Order) -> list[AmendmentRef]:
    """Every amendment of an order, drafts included (the card lists them), cancelled ones left out."""
    stmt = (
        select(Order)
        .where(Order.amends_id == base.id, Order.state.not_in(("cancelled",)))
        .order_by(Order.reg_date.nulls_last(), Order.id)
    )
    return [amendment_ref(o) for o in session.scalars(stmt)]


def _siblings(points: list[ConsolidatedPoint], point_id: int) -> tuple[list[ConsolidatedPoint], int] | None:
    for n, p in enumerate(points):
        if p.point_id == point_id:
            return points, n
        found = _siblings(p.children, point_id)
        if found is not None:
            return found
    return None


def _roadmap(session: Session, roadmap: Roadmap) -> ConsolidatedRoadmap:
    sections = [
        ConsolidatedSection(
            s.number,
            s.title,
            [
                ConsolidatedActivity(
                    number=a.number,
                    content=a.content,
                    deadline_text=a.deadline_text,
                    responsible_text=a.responsible_text
                    or executor_words(session, [e.as_ref() for e in a.executors if e.role == "responsible"]),
                    responsible=[e.as_ref() for e in a.executors if e.role == "responsible"],
                    activity_id=a.id,
                )
                for a in s.activities
            ],
        )
        for s in roadmap.sections
    ]
    return ConsolidatedRoadmap(roadmap.id, roadmap.title, sections)


def attached_roadmaps(session: Session, base: Order) -> list[Roadmap]:
    """The roadmaps attached to an order, in the order of its appendices."""
    ids = [a.roadmap_id for a in base.appendices if a.roadmap_id is not None]
    return [r for r in (session.get(Roadmap, i) for i in ids) if r is not None]


def apply_change(session: Session, result: Consolidated, change: AmendmentChange, ref: AmendmentRef) -> None:
    """One change on the consolidated text (the rule of what a change does to the wording)."""
    if change.target == "activity":
        _apply_activity(session, result, change, ref)
        return
    found = _siblings(result.points, change.point_id or 0)
    if found is None:
        return
    siblings, n = found
    point = siblings[n]
    if change.action == "repeal":
        point.status = "repealed"
        point.amended_by.append(ref)
        return
    if change.action == "replace":
        if change.text is not None:
            point.text = change.text
        if change.deadline_text is not None:
            point.deadline_text = change.deadline_text
        if change.responsible is not None:
            point.responsible = list(change.responsible)
        point.controlled = bool(point.responsible and point.deadline_text.strip())
        point.status = "amended"
        point.amended_by.append(ref)
        return
    at = n + 1
    while at < len(siblings) and siblings[at].after_id == point.point_id:
        at += 1
    responsible = list(change.responsible or [])
    siblings.insert(
        at,
        ConsolidatedPoint(
            number=change.new_number,
            text=change.text or "",
            deadline_text=change.deadline_text or "",
            responsible=responsible,
            controlled=bool(responsible and (change.deadline_text or "").strip()),
            status="added",
            amended_by=[ref],
            after_id=point.point_id,
        ),
    )


def _apply_activity(session: Session, result: Consolidated, change: AmendmentChange, ref: AmendmentRef) -> None:
    for roadmap in result.roadmaps:
        if roadmap.roadmap_id != change.roadmap_id:
            continue
        for section in roadmap.sections:
            rows = section.activities
            for n, activity in enumerate(rows):
                if activity.activity_id != change.activity_id:
                    continue
                if change.action == "repeal":
                    activity.status = "repealed"
                    activity.amended_by.append(ref)
                elif change.action == "replace":
                    activity.content = change.text if change.text is not None else activity.content
                    if change.deadline_text is not None:
                        activity.deadline_text = change.deadline_text
                    if change.responsible is not None:
                        activity.responsible = list(change.responsible)
                        activity.responsible_text = executor_words(session, activity.responsible)
                    activity.status = "amended"
                    activity.amended_by.append(ref)
                else:
                    at = n + 1
                    while at < len(rows) and rows[at].after_id == activity.activity_id:
                        at += 1
                    responsible = list(change.responsible or [])
                    rows.insert(
                        at,
                        ConsolidatedActivity(
                            number=change.new_number,
                            content=change.text or "",
                            deadline_text=change.deadline_text or "",
                            responsible_text=executor_words(session, responsible),
                            responsible=responsible,
                            status="added",
                            amended_by=[ref],
                            after_id=activity.activity_id,
                        ),
                    )
                return


def consolidate(session: Session, base: Order, as_of: date | None = None) -> Consolidated:
    """The base order's points and roadmaps with every amendment in force applied."""
    amendments = in_force(session, base)
    result = Consolidated(
        order=base,
        as_of=as_of or clock.today(),
        amendments=[amendment_ref(a) for a in amendments],
        points=[_point(p) for p in base.point_tree()],
        roadmaps=[_roadmap(session, r) for r in attached_roadmaps(session, base)],
    )
    for amendment, ref in zip(amendments, result.amendments, strict=True):
        changes = session.scalars(
            select(AmendmentChange).where(AmendmentChange.order_id == amendment.id).order_by(AmendmentChange.position)
        )
        for change in changes:
            apply_change(session, result, change, ref)
    return result


def consolidated_order(session: Session, actor: Actor, order_id: int) -> Consolidated:
    """The consolidated text of an order the actor sees (404 otherwise)."""
    return consolidate(session, Visibility(session, actor).get(Order, order_id))


# The document -------------------------------------------------------------------------------------------------


def _point_doc(session: Session, point: ConsolidatedPoint) -> PointDoc:
    addressee = session.get(Person, point.addressee_id) if point.addressee_id and point.status != "repealed" else None
    return PointDoc(
        # An addressee-only point («Директору …:») has no text of its own: the document prints the addressee.
        text=point.printed if point.text.strip() or point.status == "repealed" else "",
        number=point.number,
        addressee=addressee_doc(addressee) if addressee is not None else None,
        children=[_point_doc(session, c) for c in point.children],
    )


def _roadmap_doc(roadmap: ConsolidatedRoadmap) -> AppendixDoc:
    sections = []
    for s in roadmap.sections:
        rows = []
        for a in s.activities:
            if a.status == "repealed":
                rows.append(RoadmapRowDoc(a.number, f"Исключено ({a.amended_by[-1].label})", "", ""))
            else:
                rows.append(RoadmapRowDoc(a.number, a.content, a.deadline_text, a.responsible_text))
        sections.append(RoadmapSectionDoc(number=s.number, title=s.title, rows=rows))
    return AppendixDoc(kind="roadmap", title=roadmap.title, sections=sections)


def consolidated_title(result: Consolidated) -> str:
    """The base title with the consolidated mark: «Об … (в редакции приказа от 01.12.2026 № 12)»."""
    title = result.order.title.strip().rstrip(".")
    return f"{title} ({result.edition})" if result.edition else title


def consolidated_docx(session: Session, actor: Actor, order_id: int) -> FileOut:
    """The consolidated text as a DOCX on the order template: the base's requisites, the current points."""
    result = consolidated_order(session, actor, order_id)
    base = result.order
    if base.reg_number is None or base.signatory is None:
        raise ValidationFailed("Действующая редакция есть только у зарегистрированного приказа.", {})
    doc = order_doc(session, base, draft=False)
    doc.title = consolidated_title(result)
    doc.points = [_point_doc(session, p) for p in result.points]
    appendices = appendix_docs(session, base)
    roadmaps = iter(result.roadmaps)
    for n, appendix in enumerate(base.appendices):
        if appendix.roadmap_id is not None:
            appendices[n] = _roadmap_doc(next(roadmaps))
    doc.appendices = appendices
    data, _ = render_with_active(session, doc, "order")
    number = (base.reg_number or "").replace("/", "-")
    return FileOut(f"{base.kind}-{number}-действующая-редакция.docx", DOCX, data)
