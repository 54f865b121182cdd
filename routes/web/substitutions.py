"""The page «Замещения»: who stands in for whom; the administrator and heads create and cancel them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import TextInput

from routes.schemas.substitutions import NewSubstitutionSchema
from routes.web import bp
from routes.web.admin import _at_fields
from routes.web.common import get_db, require_role, status_of
from routes.web.forms import RuForm, optional_id, options
from workflow.errors import DomainError
from workflow.services import substitutions

DATE_INPUT = {"inputmode": "numeric", "placeholder": "ДД.ММ.ГГГГ", "autocomplete": "off"}


class SubstitutionForm(RuForm):
    """The person, the deputy, the first and the last day."""

    person_id = SelectField(
        "Замещаемый сотрудник", coerce=optional_id, validators=[DataRequired("Выберите сотрудника.")]
    )
    deputy_id = SelectField("Заместитель", coerce=optional_id, validators=[DataRequired("Выберите заместителя.")])
    start = DateField(
        "Начало (ДД.ММ.ГГГГ)",
        format=["%d.%m.%Y", "%Y-%m-%d"],
        widget=TextInput(),
        render_kw=DATE_INPUT,
        validators=[InputRequired("Укажите первый день замещения (ДД.ММ.ГГГГ).")],
    )
    end = DateField(
        "Окончание (ДД.ММ.ГГГГ)",
        format=["%d.%m.%Y", "%Y-%m-%d"],
        widget=TextInput(),
        render_kw=DATE_INPUT,
        validators=[InputRequired("Укажите последний день замещения (ДД.ММ.ГГГГ).")],
    )


@bp.route("/substitutions", methods=["GET", "POST"])
def substitutions_page() -> str | tuple[str, int] | Response:
    """The substitutions the user manages and the form of a new one."""
    who = require_role("admin", "head")
    shown = substitutions.substitution_page(get_db(), who)
    form = SubstitutionForm()
    choices = options([("", "— выберите —"), *shown.people])
    form.person_id.choices, form.deputy_id.choices = choices, list(choices)
    top: list[str] = []
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        body = {
            "person_id": form.person_id.data,
            "deputy_id": form.deputy_id.data,
            "start": form.start.data.isoformat() if form.start.data else None,
            "end": form.end.data.isoformat() if form.end.data else None,
        }
        try:
            command = substitutions.NewSubstitution(**NewSubstitutionSchema().load(body))
            substitutions.create_substitution(get_db(), who, command)
        except ValidationError as exc:
            _at_fields(form, exc.messages if isinstance(exc.messages, dict) else {}, top)
        except DomainError as exc:
            top, status = [exc.message], status_of(exc)
            _at_fields(form, exc.details or {}, [])
        else:
            flash("Замещение назначено.", "success")
            return redirect(url_for("web.substitutions_page"))
    return render_template("substitutions/list.html", shown=shown, form=form, top=top, who=who), status


@bp.post("/substitutions/<id:substitution_id>/cancel")
def substitution_cancel(substitution_id: int) -> Response:
    """Cancel a substitution: it stays in the list as cancelled."""
    who = require_role("admin", "head")
    try:
        substitutions.cancel_substitution(get_db(), who, substitution_id)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash("Замещение отменено.", "success")
    return redirect(url_for("web.substitutions_page"))
