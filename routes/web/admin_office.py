"""Administration of what the office trusts and keeps by the year: the school quarters, the signatures' roots."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from routes.errors import status_of
from routes.web import bp
from routes.web.common import get_db, int_arg, parse_day, require_role
from workflow import clock
from workflow.errors import DomainError
from workflow.services import school_calendar, signatures

FormPage = str | tuple[str, int] | Response
MAX_PEM_BYTES = 64 * 1024


def _current_academic_year() -> int:
    today = clock.today()
    return today.year if today.month >= 9 else today.year - 1


@bp.route("/admin/school-calendar", methods=["GET", "POST"])
def admin_school_calendar() -> FormPage:
    """The four quarters of an academic year: «в течение I четверти» and the like are dated by them."""
    who = require_role("admin")
    first_year = min(max(int_arg("year", _current_academic_year()) or _current_academic_year(), 2000), 2100)
    errors: dict[str, list[str]] = {}
    typed: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        typed = {k: request.form.get(k, "") for k in request.form if k.startswith("q")}
        quarters: list[tuple[date, date]] = []
        for n in range(1, school_calendar.QUARTERS + 1):
            start, end = parse_day(typed.get(f"q{n}_start")), parse_day(typed.get(f"q{n}_end"))
            if start is None or end is None:
                errors[f"q{n}"] = [f"Укажите начало и конец {n}-й четверти датами."]
            else:
                quarters.append((start, end))
        if not errors:
            try:
                school_calendar.set_school_quarters(get_db(), who, first_year, quarters)
            except DomainError as exc:
                errors["top"] = [exc.message]
                status = status_of(exc)
            else:
                flash(f"Четверти {first_year}/{first_year + 1} учебного года сохранены.", "success")
                return redirect(url_for("web.admin_school_calendar", year=first_year))
        else:
            status = 422
    with get_db().session() as session:
        shown = school_calendar.academic_year(session, first_year)
    page = render_template("admin/school_calendar.html", year=shown, errors=errors, typed=typed)
    return page, status


@bp.post("/admin/school-calendar/reset")
def admin_school_calendar_reset() -> Response:
    """Back to the default quarters of the bundled school calendar for that year."""
    who = require_role("admin")
    first_year = int_arg("year", None, request.form) or _current_academic_year()
    try:
        school_calendar.reset_school_quarters(get_db(), who, first_year)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(f"Для {first_year}/{first_year + 1} учебного года действуют четверти по умолчанию.", "success")
    return redirect(url_for("web.admin_school_calendar", year=first_year))


@bp.route("/admin/trusted-roots", methods=["GET", "POST"])
def admin_trusted_roots() -> FormPage:
    """The root certificates signatures are verified against: the list and an upload of a PEM file."""
    who = require_role("admin")
    error, status = "", 200
    if request.method == "POST":
        upload = request.files.get("file")
        raw = upload.read(MAX_PEM_BYTES + 1) if upload is not None else b""
        name = (request.form.get("name") or "").strip() or (upload.filename if upload and upload.filename else "")
        if not raw:
            error, status = "Выберите файл сертификата (PEM).", 422
        elif len(raw) > MAX_PEM_BYTES:
            error, status = "Файл больше 64 КБ: это не корневой сертификат.", 413
        else:
            try:
                row = signatures.add_trusted_root(get_db(), who, name, raw.decode("utf-8", errors="replace"))
            except DomainError as exc:
                error, status = exc.message, status_of(exc)
            else:
                flash(f"Сертификат «{row.name}» добавлен в доверенные.", "success")
                return redirect(url_for("web.admin_trusted_roots"))
    with get_db().session() as session:
        rows = signatures.trusted_root_rows(session, who)
    return render_template("admin/trusted_roots.html", rows=rows, error=error), status
