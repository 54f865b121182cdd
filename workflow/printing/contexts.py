"""The adapter: SQLAlchemy rows → the document dataclasses. Reads models, never changes them."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from documents.contexts import (
    AppendixDoc,
    ApprovalSheetDoc,
    ExecutionItemDoc,
    ExecutionReportDoc,
    ExecutorMarkDoc,
    IndicatorDoc,
    LetterDoc,
    MemberDoc,
    OrderDoc,
    OrganizationDoc,
    PersonDoc,
    PointDoc,
    ReportingPeriodDoc,
    RoadmapRowDoc,
    RoadmapSectionDoc,
    SignatureDoc,
    VisaDoc,
)
from documents.qr import add_qr_code
from documents.russian import decline_person, decline_position, lower_first
from models import (
    ExtensionRequest,
    Order,
    OrderAppendix,
    OrderPoint,
    Organization,
    Person,
    ReportingCycle,
    ReportingPeriod,
    Roadmap,
    Task,
    TransitionLog,
    User,
    WorkingGroup,
)
from models.executors import ExecutorRef
from workflow.clock import local_date
from workflow.engine.kinds import KINDS
from workflow.settings import DEFAULTS

# Where the QR code of a frozen document points when no base URL is configured (the `layers` helper wires the
# setting into the freeze).
# The office's address for the QR code when no Database settings say otherwise (freeze passes the setting).
DEFAULT_CARD_BASE_URL = DEFAULTS.card_base_url
QR_HASH_CHARS = 16
# The line of a file appendix's page that carries its hash; the order's PDF finds the page by it.
FILE_HASH_LABEL = "Контрольная сумма файла (SHA-256):"

# The kind word of the order template; a «letter» prints through letter_doc, this covers its approval sheet.
# The Russian names of task states the printed documents show (documents/ itself imports nothing of ours).
TASK_STATES: dict[str, str] = KINDS["tasks"].states
PRINTED_KIND = {"order": "order", "resolution": "resolution", "directive": "directive", "letter": "order"}


def person_doc(person: Person) -> PersonDoc:
    """A person as the documents need them, with the stored declension overrides."""
    return PersonDoc(
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name or None,
        gender=person.gender,  # type: ignore[arg-type]
        position=person.position or None,
        phone=person.phone or None,
        overrides=dict(person.declension_overrides or {}),
    )


def organization_doc(org: Organization) -> OrganizationDoc:
    """The issuing organization's requisites."""
    return OrganizationDoc(name=org.name, name_genitive=org.name_genitive or None, place=org.place or None)


def executor_text(session: Session, refs: list[ExecutorRef]) -> str:
    """«Бадмаева Л.Н., МБОУ «СОШ № 1»» — people by surname and initials, organizations by short name."""
    parts: list[str] = []
    for ref in refs:
        if ref.person_id is not None:
            person = session.get(Person, ref.person_id)
            parts.append(person.name_initials if person else "")
        else:
            org = session.get(Organization, ref.organization_id)
            name = (org.short_name or org.name) if org else ""
            parts.append(f"{name} и подведомственные организации" if ref.include_subordinates else name)
    return ", ".join(p for p in parts if p)


# An abbreviation in a position («директор СОШ № 1», «МБУ ДПО «СОИРО»») already names the organization.
_NAMES_ORGANIZATION = re.compile(r"«|\b[А-ЯЁ]{2,}\b")


def addressee_doc(person: Person) -> PersonDoc:
    """An addressee of a point: «Директору МБУ ДПО «СОИРО» Куропаткиной А.Н.» — position, organization, name.

    The organization's short name is an abbreviation that does not decline, so it follows the position as it is;
    a position that already names an organization is left alone.
    """
    doc = person_doc(person)
    org = person.organization
    short = (org.short_name or "").strip() if org is not None else ""
    position = (person.position or "").strip()
    if short and position and not _NAMES_ORGANIZATION.search(position):
        doc.position = f"{position} {short}"
    return doc


def _point_doc(point: OrderPoint) -> PointDoc:
    return PointDoc(
        text=point.text,
        number=point.number,
        addressee=addressee_doc(point.addressee) if point.addressee is not None else None,
        deadline_text=point.deadline_text if point.controlled and point.deadline_text else None,
        children=[_point_doc(child) for child in point.children],
    )


def _roadmap_appendix(session: Session, roadmap: Roadmap) -> AppendixDoc:
    sections = [
        RoadmapSectionDoc(
            number=s.number,
            title=s.title,
            rows=[
                RoadmapRowDoc(
                    number=a.number,
                    content=a.content,
                    deadline_text=a.deadline_text,
                    responsible_text=a.responsible_text or executor_text(session, list(a.executors)),
                )
                for a in s.activities
            ],
        )
        for s in roadmap.sections
    ]
    return AppendixDoc(kind="roadmap", title=roadmap.title, sections=sections)


def _group_appendix(group: WorkingGroup) -> AppendixDoc:
    members = [MemberDoc.from_person(person_doc(m.person), m.role) for m in group.members]
    paragraphs = [group.purpose] if group.purpose else []
    return AppendixDoc(kind="working_group", title=f"Состав: {group.name}", paragraphs=paragraphs, members=members)


def _cycle_appendix(cycle: ReportingCycle) -> AppendixDoc:
    lines = [f"Периодичность: {cycle.schedule_text}."]
    for n, indicator in enumerate(cycle.indicators, start=1):
        target = f", целевое значение {indicator.target.normalize():f} {indicator.unit}" if indicator.target else ""
        lines.append(f"{n}. {indicator.name}{target}.")
    return AppendixDoc(kind="text", title=cycle.title, paragraphs=lines)


def file_appendix_doc(appendix: OrderAppendix) -> AppendixDoc:
    """A file appendix's page in the order: its mark, title, the file named and its SHA-256 (the file follows it)."""
    sheets = f" на {appendix.sheets} л." if appendix.sheets else "."
    return AppendixDoc(
        kind="text",
        title=appendix.title,
        paragraphs=[
            f"Прилагается отдельным файлом «{appendix.filename}»{sheets}",
            f"{FILE_HASH_LABEL} {appendix.sha256}",
        ],
        sheets=appendix.sheets,
    )


def appendix_docs(session: Session, order: Order) -> list[AppendixDoc]:
    """The order's appendices in their order."""
    result: list[AppendixDoc] = []
    for appendix in order.appendices:
        if appendix.roadmap_id is not None:
            result.append(_roadmap_appendix(session, session.get(Roadmap, appendix.roadmap_id)))  # type: ignore[arg-type]
        elif appendix.working_group_id is not None:
            result.append(_group_appendix(session.get(WorkingGroup, appendix.working_group_id)))  # type: ignore[arg-type]
        elif appendix.reporting_cycle_id is not None:
            result.append(_cycle_appendix(session.get(ReportingCycle, appendix.reporting_cycle_id)))  # type: ignore[arg-type]
        elif appendix.is_file:
            result.append(file_appendix_doc(appendix))
        else:
            result.append(AppendixDoc(kind="text", title=appendix.title, paragraphs=appendix.text.splitlines()))
    return result


def _addressee_lines(session: Session, order: Order) -> list[str]:
    """Who a letter goes to: the points' addressees (dative) and responsible organizations."""
    lines: list[str] = []
    for point in order.points:
        if point.addressee is not None:
            lines.append(addressee_doc(point.addressee).phrase("dat"))
        for ref in point.responsible:
            if ref.person_id is not None:
                person = session.get(Person, ref.person_id)
                lines.append(person_doc(person).phrase("dat") if person else "")
            elif ref.include_subordinates:
                lines.append("Руководителям подведомственных организаций")
            else:
                org = session.get(Organization, ref.organization_id)
                lines.append(f"Руководителю {org.short_name or org.name}" if org else "")
    return [line for line in dict.fromkeys(lines) if line]


def whom(person: Person) -> str:
    """«Деречу Н.Е.»: the person in the accusative, as in «Соколов А.В. за Деречу Н.Е.» and «Вы замещаете …»."""
    gender = person.gender if person.gender in ("m", "f") else "m"
    last, _, _ = decline_person(person.last_name, person.first_name, person.middle_name or None, gender, "acc")  # type: ignore[arg-type]
    return person.name_initials.replace(person.last_name, last, 1)


def acting_position(position: str) -> str:
    """«И.о. начальника управления образования»: the position of the one a deputy stands in for, as offices write it."""
    held = decline_position(position.strip(), "gen") if position.strip() else "руководителя"
    return f"И.о. {lower_first(held)}"


def signature_doc(order: Order, signatory: Person) -> SignatureDoc:
    """The signature block: the signatory, or the deputy who signed «И.о. …» in the place of the one they replace."""
    if order.signed_by is not None and order.signed_for is not None:
        return SignatureDoc(person=person_doc(order.signed_by), position=acting_position(order.signed_for.position))
    return SignatureDoc(person=person_doc(signatory), position=signatory.position or None)


def letter_doc(session: Session, order: Order, draft: bool) -> LetterDoc:
    """An order of kind «letter» printed as a cover letter: addressees, text, appendices, signature."""
    if order.signatory is None:
        raise ValueError("letter without a signatory cannot be printed")
    paragraphs = order.preamble.splitlines() if order.preamble else []
    paragraphs += [p.text for p in order.points]
    return LetterDoc(
        organization=organization_doc(order.organization),
        title=order.title,
        signature=signature_doc(order, order.signatory),
        addressee_lines=_addressee_lines(session, order),
        paragraphs=paragraphs,
        reg_number=order.reg_number,
        reg_date=order.reg_date,
        appendices=appendix_docs(session, order),
        executor=ExecutorMarkDoc.from_person(person_doc(order.executor_mark)) if order.executor_mark else None,
        draft=draft,
    )


def printed_doc(session: Session, order: Order, draft: bool) -> tuple[OrderDoc | LetterDoc, str]:
    """The document an order prints as, and its document type: a letter for kind «letter», else the order."""
    if order.kind == "letter":
        return letter_doc(session, order, draft), "letter"
    return order_doc(session, order, draft), "order"


def order_doc(session: Session, order: Order, draft: bool) -> OrderDoc:
    """The order as printed: the frozen final text, or a preview marked «ПРОЕКТ»."""
    if order.signatory is None:
        raise ValueError("order without a signatory cannot be printed")
    return OrderDoc(
        organization=organization_doc(order.organization),
        title=order.title,
        signature=signature_doc(order, order.signatory),
        kind=PRINTED_KIND[order.kind],  # type: ignore[arg-type]
        reg_number=order.reg_number,
        reg_date=order.reg_date,
        place=order.place or None,
        preamble=order.preamble.splitlines() if order.preamble else [],
        points=[_point_doc(p) for p in order.point_tree()],
        controller=person_doc(order.controller) if order.controller is not None else None,
        appendices=appendix_docs(session, order),
        executor=ExecutorMarkDoc.from_person(person_doc(order.executor_mark)) if order.executor_mark else None,
        draft=draft,
    )


def visa_rounds(session: Session, order: Order) -> list[VisaDoc]:
    """Every visa of every round of approval, from the journal: a submission opens a round."""
    logs = session.scalars(
        select(TransitionLog)
        .where(TransitionLog.object_kind == "orders", TransitionLog.object_id == order.id,
               TransitionLog.event.in_(("submit", "visa")))
        .order_by(TransitionLog.id)
    ).all()
    visas: list[VisaDoc] = []
    round_no = 0
    for log in logs:
        if log.event == "submit":
            round_no += 1
            continue
        user = session.get(User, log.actor_user_id) if log.actor_user_id else None
        person = user.person if user else None
        name = person.name_initials if person else log.actor_label
        standing_for = (log.payload or {}).get("on_behalf_of")
        if person is not None and standing_for is not None:
            # A deputy's visa names both: who gave it and in whose place.
            represented = session.get(Person, standing_for)
            name = f"{name} за {whom(represented)}" if represented else name
        visas.append(VisaDoc(
            name=name,
            position=person.position if person else "",
            decision=(log.payload or {}).get("decision") or "approve",
            remarks=log.comment,
            decided_on=local_date(log.at),
            round=max(round_no, 1),
        ))
    return visas


def _author_text(session: Session | None, order: Order) -> str:
    """«Проект подготовил»: the executor of the document, else the user who drafted it; the position as typed."""
    person = order.executor_mark
    if person is None and session is not None and order.created_by_id:
        user = session.get(User, order.created_by_id)
        person = user.person if user else None
    if person is None:
        return ""
    return f"{person.position} {person.name_initials}".strip() if person.position else person.name_initials


def approval_sheet_doc(order: Order, as_of: date) -> ApprovalSheetDoc:
    """The approval sheet: every visa of every round, given or awaited, and who prepared the draft."""
    session = object_session(order)
    history = visa_rounds(session, order) if session is not None else []
    current = max((v.round for v in history), default=1)
    given = [v for v in history if v.round == current]
    pending = [
        VisaDoc(name=v.approver.name_initials, position=v.approver.position, decision="pending", round=current)
        for v in order.visas
        if not v.decision
    ]
    if not history:
        # No journal (a row not in a session): the current visas as the order holds them.
        given = [
            VisaDoc(name=v.approver.name_initials, position=v.approver.position, decision=v.decision, remarks=v.comment,
                    decided_on=local_date(v.decided_at) if v.decided_at else None)
            for v in order.visas
            if v.decision
        ]
    visas = [v for v in history if v.round != current] + given + pending
    return ApprovalSheetDoc(
        organization=organization_doc(order.organization),
        title=order.title,
        kind=PRINTED_KIND[order.kind],  # type: ignore[arg-type]
        reg_number=order.reg_number,
        reg_date=order.reg_date,
        author=_author_text(session, order),
        visas=visas,
        as_of=as_of,
    )


def execution_report_doc(session: Session, order: Order, as_of: date) -> ExecutionReportDoc:
    """The execution report: each controlled point's top-level tasks with their executor and result."""
    tasks = session.scalars(
        select(Task).where(Task.order_id == order.id, Task.parent_id.is_(None)).order_by(Task.source_label, Task.id)
    ).all()
    extensions: dict[int, int] = {}
    for (task_id,) in session.execute(
        select(ExtensionRequest.task_id).where(
            ExtensionRequest.task_id.in_([t.id for t in tasks]), ExtensionRequest.status == "granted"
        )
    ):
        extensions[task_id] = extensions.get(task_id, 0) + 1
    items = [_execution_item(session, t, extensions.get(t.id, 0)) for t in tasks if t.state != "cancelled"]
    # The report is signed by who controls the execution (the signatory when nobody else does).
    signer = order.controller or order.signatory
    return ExecutionReportDoc(
        organization=organization_doc(order.organization),
        order_title=order.title,
        order_number=order.reg_number or "",
        order_date=order.reg_date or as_of,
        as_of=as_of,
        items=items,
        kind=PRINTED_KIND[order.kind],  # type: ignore[arg-type]
        signature=SignatureDoc(person=person_doc(signer), position=signer.position or None) if signer else None,
        executor=ExecutorMarkDoc.from_person(person_doc(order.executor_mark)) if order.executor_mark else None,
    )


def _executor_name(task: Task) -> str:
    who: Any = task.responsible_person or task.responsible_org
    return who.name_initials if isinstance(who, Person) else (who.short_name or who.name) if who else ""


def _execution_item(session: Session, task: Task, extensions: int) -> ExecutionItemDoc:
    name = _executor_name(task)
    if task.is_rollup:
        # «Руководителям ОО»: the point is executed by the schools, each by its own child task.
        children = [_executor_name(c) for c in task.children if c.state != "cancelled"]
        name = ", ".join(n for n in dict.fromkeys(children) if n) or name
    return ExecutionItemDoc(
        point_number=task.source_label,
        text=task.title,
        executor=name,
        deadline=task.deadline,
        deadline_text=task.deadline_text,
        done_on=local_date(task.done_at) if task.done_at else None,
        report_text=task.report_text,
        extensions=extensions,
    )


def reporting_period_doc(session: Session, period: ReportingPeriod) -> ReportingPeriodDoc:
    """The report of one period: each indicator's target, the previous period's value, this value, the change."""
    cycle = period.cycle
    earlier = [p for p in cycle.periods if p.due_date < period.due_date]
    previous = earlier[-1] if earlier else None

    def value_of(p: ReportingPeriod | None, indicator_id: int) -> float | None:
        row = next((v for v in p.values if v.indicator_id == indicator_id), None) if p else None
        return float(row.value) if row is not None and row.value is not None else None

    indicators = [
        IndicatorDoc(
            name=i.name,
            unit=i.unit,
            target=float(i.target) if i.target is not None else None,
            previous=value_of(previous, i.id),
            value=value_of(period, i.id),
        )
        for i in cycle.indicators
    ]
    return ReportingPeriodDoc(
        organization=organization_doc(session.get(Organization, cycle.organization_id)),  # type: ignore[arg-type]
        title=cycle.title,
        period_label=period.label or f"{period.due_date:%d.%m.%Y}",
        previous_label=(previous.label or f"{previous.due_date:%d.%m.%Y}") if previous else "",
        indicators=indicators,
        conclusions=period.narrative.splitlines() if period.narrative else [],
        as_of=local_date(period.submitted_at) if period.submitted_at else None,
    )


def qr_payload(order: Order, sha256: str, base_url: str = DEFAULT_CARD_BASE_URL) -> str:
    """What the QR code of an approved order says: its card's address, number, date and the start of the hash."""
    number = quote(order.reg_number or "", safe="")
    when = f"{order.reg_date:%d.%m.%Y}" if order.reg_date else ""
    return f"{base_url.rstrip('/')}/orders/{order.id}?n={number}&d={when}&h={sha256[:QR_HASH_CHARS]}"


def with_qr_code(order: Order, data: bytes, base_url: str = DEFAULT_CARD_BASE_URL) -> bytes:
    """The rendered signed-ready DOCX with requisite 31 (ГОСТ Р 7.0.97-2025) drawn at the bottom right of page 1.

    The hash in the code is that of the rendered text before the code was drawn (a file cannot hold its own hash);
    the stored SHA-256 of the order is that of the final bytes, QR code included.
    """
    return add_qr_code(data, qr_payload(order, hashlib.sha256(data).hexdigest(), base_url))
