"""Loading a signed DOCX order: the upload form, and the review of what was read beside the document."""

from __future__ import annotations

from collections import defaultdict

from flask import render_template, request
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import RadioField, SelectField

from routes.errors import status_of
from routes.web import bp
from routes.web.common import actor, get_db, require_role
from routes.web.forms import RuForm, options
from workflow import clock
from workflow.errors import DomainError
from workflow.queries import orders as order_queries
from workflow.services import order_import

DRAFTING_ROLES = ("clerk", "head", "admin")
MODE_LABELS = {
    "draft": "Проект: проверить и доработать в редакторе, номер даст журнал при утверждении",
    "registered": "Подписанный документ: сохранить его номер, дату и файл, затем направить на исполнение",
}
# The review's fields in the order the right column shows them; warnings of other fields go under «Пункты».
REVIEW_FIELDS = ("reg_number", "reg_date", "title", "signatory_id", "controller_id", "executor_mark_id", "file")


class OrderImportForm(RuForm):
    """A signed order's DOCX, the organization it belongs to and what to make of it."""

    organization_id = SelectField("Организация, издавшая документ", coerce=int)
    mode = RadioField("Что создать", choices=options(MODE_LABELS.items()), default="draft")
    file = FileField(
        "Файл приказа (DOCX)",
        validators=[
            FileRequired("Выберите файл приказа."),
            FileAllowed(["docx"], "Приказ читается из файла DOCX."),
        ],
    )


def _warnings_by_field(warnings: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Warnings keyed by the field they are shown at: a point's number for «points.3.1.…», else the field."""
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for warning in warnings:
        name = warning["field"]
        if name.startswith("points."):
            number = name.split(".", 1)[1].rsplit(".", 1)[0] if name.count(".") > 1 else name.split(".", 1)[1]
            grouped[f"point:{number}"].append(warning)
        elif name in REVIEW_FIELDS:
            grouped[name].append(warning)
        elif name.startswith("appendices"):
            grouped["appendices"].append(warning)
        else:
            grouped["points"].append(warning)
    return grouped


@bp.route("/orders/import", methods=["GET", "POST"])
def order_import_page() -> tuple[str, int]:
    """The upload form; a read file is shown for review beside what was read and where to look."""
    who = require_role(*DRAFTING_ROLES)
    with get_db().session() as session:
        organizations = order_queries.drafting_organizations(session, who)
    form = OrderImportForm()
    form.organization_id.choices = options((o.id, o.short_name or o.name) for o in organizations)
    if request.method == "GET" and who.organization_id is not None:
        form.organization_id.data = who.organization_id
    top: list[str] = []
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            imported = order_import.import_order(
                get_db(),
                who,
                order_import.OrderImport(
                    organization_id=form.organization_id.data,
                    data=form.file.data.read(),
                    filename=form.file.data.filename or "",
                    mode=form.mode.data,
                ),
            )
        except DomainError as exc:
            top = [exc.message, *(m for messages in (exc.details or {}).values() for m in messages)]
            status = status_of(exc)
        else:
            with get_db().session() as session:
                card = order_queries.order_card(session, actor(), imported.order_id, clock.today())
                return render_template(
                    "orders/import_review.html",
                    read=imported.read,
                    order=card.order,
                    names=card.names,
                    deadlines=card.deadlines,
                    warnings=_warnings_by_field(imported.warnings),
                    warning_count=len(imported.warnings),
                ), 201
    return render_template("orders/import.html", form=form, top=top), status
