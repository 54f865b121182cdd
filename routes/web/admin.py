"""Administration: users and roles, organizations and people, journals, document templates, calendar, lifecycles."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from models import CalendarDay, DocumentTemplate, Journal, Organization, Person, User
from routes.web import bp
from routes.web.common import Pager, get_db, int_arg, paging, parse_day, require_role
from routes.web.forms import (
    CalendarDayForm,
    JournalEditForm,
    JournalForm,
    OrganizationForm,
    PersonForm,
    RuForm,
    TemplateUploadForm,
    UserForm,
    options,
)
from routes.web.labels import DOC_TYPE_LABELS, ROLE_LABELS
from workflow import clock
from workflow.engine.lifecycles import ALL_LIFECYCLES
from workflow.engine.machines import diagram
from workflow.engine.permissions import Actor, who_text
from workflow.errors import DomainError, ValidationFailed
from workflow.services import admin, directory, documents

FormPage = str | tuple[str, int] | Response


def _admin() -> Actor:
    return require_role("admin")


def _apply_errors(form: RuForm, error: DomainError) -> list[str]:
    """The service's messages at the form's fields; its summary (and messages of no field) for the top."""
    top = [error.message]
    for name, messages in (error.details or {}).items():
        field = form._fields.get(name.split(".")[0])
        if field is not None:
            field.errors = [*field.errors, *(str(m) for m in messages)]
        else:
            top.extend(str(m) for m in messages)
    return top


def _people_choices(session: Session) -> list[SelectChoice]:
    people = session.scalars(select(Person).order_by(Person.last_name, Person.first_name))
    return options([("", "— нет —"), *((p.id, f"{p.name_initials}, {p.position}".rstrip(", ")) for p in people)])


def _org_pairs(session: Session) -> list[tuple[int, str]]:
    orgs = session.execute(
        select(Organization.id, Organization.short_name, Organization.name).order_by(Organization.id)
    )
    return [(oid, short or name) for oid, short, name in orgs]


def _org_choices(session: Session, empty: str = "— нет —") -> list[SelectChoice]:
    return options([("", empty), *_org_pairs(session)])


@bp.get("/admin")
def admin_index() -> str:
    """The administrator's start page with the size of each directory."""
    _admin()
    with get_db().session() as session:

        def count(model: Any) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        counts = {
            "users": count(User),
            "organizations": count(Organization),
            "people": count(Person),
            "journals": count(Journal),
            "templates": count(DocumentTemplate),
            "calendar": count(CalendarDay),
        }
        return render_template("admin/index.html", counts=counts)


# Users ------------------------------------------------------------------------------------------------


@bp.get("/admin/users")
def admin_users() -> str:
    """Users with their roles."""
    who = _admin()
    number, per_page = paging()
    q = (request.args.get("q") or "").strip()[:100]
    with get_db().session() as session:
        users, total = directory.list_users(session, who, {"q": q, "page": number, "per_page": per_page})
        return render_template(
            "admin/users.html", users=users, pager=Pager(number, per_page, total), q=q, role_labels=ROLE_LABELS
        )


@bp.route("/admin/users/new", methods=["GET", "POST"])
def admin_user_new() -> FormPage:
    """A new login."""
    who = _admin()
    with get_db().session() as session:
        form = UserForm()
        form.person_id.choices = _people_choices(session)
    top: list[str] = []
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors = ["Задайте пароль не короче 8 знаков."]
        else:
            data = {
                "login": form.login.data,
                "password": form.password.data,
                "person_id": form.person_id.data,
                "roles": form.roles.data,
            }
            try:
                with get_db().transaction() as session:
                    user_id = directory.create_user(session, who, data).id
            except DomainError as exc:
                top = _apply_errors(form, exc)
            else:
                flash(f"Пользователь «{form.login.data}» создан.", "success")
                return redirect(url_for("web.admin_user_edit", user_id=user_id))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/form.html", form=form, title="Новый пользователь", top=top), status


@bp.route("/admin/users/<id:user_id>", methods=["GET", "POST"])
def admin_user_edit(user_id: int) -> FormPage:
    """Roles, person, password and activity of a user."""
    who = _admin()
    with get_db().session() as session:
        user = directory.get_entry(session, who, User, user_id)
        form = UserForm(obj=None if request.method == "POST" else user)
        if request.method == "GET":
            form.roles.data = user.roles
        form.person_id.choices = _people_choices(session)
        version = user.version
    form.login.render_kw = {"readonly": True}
    if request.method == "POST":
        form.login.data = user.login

    def save(session: Session) -> None:
        data: dict[str, Any] = {"roles": form.roles.data, "active": form.active.data, "person_id": form.person_id.data}
        if form.password.data:
            data["password"] = form.password.data
        directory.update_user(session, who, user_id, data, _posted_version(version))

    return _form_page(
        form,
        f"Пользователь «{user.login}»",
        save,
        "Изменения сохранены.",
        lambda _: url_for("web.admin_user_edit", user_id=user_id),
        version,
    )


def _form_page(
    form: FlaskForm,
    title: str,
    save: Callable[[Session], int | None],
    message: str,
    done: Callable[[int | None], str],
    version: int | None = None,
) -> FormPage:
    """Validate, save in one transaction, and go on; or show the form with the errors at its fields."""
    top: list[str] = []
    if form.validate_on_submit():
        try:
            with get_db().transaction() as session:
                saved = save(session)
        except DomainError as exc:
            top = _apply_errors(form, exc)
        else:
            flash(message, "success")
            return redirect(done(saved))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/form.html", form=form, title=title, top=top, version=version), status


def _posted_version(version: int) -> int:
    return int_arg("version", version, source=request.form)


# Organizations and people -------------------------------------------------------------------------------


@bp.get("/admin/organizations")
def admin_organizations() -> str:
    """Organizations of the directory."""
    who = _admin()
    number, per_page = paging()
    q = (request.args.get("q") or "").strip()[:100]
    with get_db().session() as session:
        orgs, total = directory.list_organizations(session, who, {"q": q, "page": number, "per_page": per_page})
        return render_template("admin/organizations.html", orgs=orgs, pager=Pager(number, per_page, total), q=q)


def _org_form(session: Session, obj: Organization | None) -> OrganizationForm:
    form = OrganizationForm(obj=obj if request.method == "GET" else None)
    form.parent_id.choices = _org_choices(session)
    form.head_id.choices = _people_choices(session)
    return form


def _org_data(form: OrganizationForm) -> dict[str, Any]:
    names = ("name", "short_name", "name_genitive", "kind", "parent_id", "head_id", "place", "phone", "email")
    return {name: form[name].data for name in names}


@bp.route("/admin/organizations/new", methods=["GET", "POST"])
def admin_organization_new() -> FormPage:
    """A new organization."""
    who = _admin()
    with get_db().session() as session:
        form = _org_form(session, None)
    return _form_page(
        form,
        "Новая организация",
        lambda session: directory.create_organization(session, who, _org_data(form)).id,
        "Организация добавлена.",
        lambda org_id: url_for("web.admin_organization_edit", org_id=org_id),
    )


@bp.route("/admin/organizations/<id:org_id>", methods=["GET", "POST"])
def admin_organization_edit(org_id: int) -> FormPage:
    """Change an organization (its head, its parent, its names)."""
    who = _admin()
    with get_db().session() as session:
        org = directory.get_entry(session, who, Organization, org_id)
        form = _org_form(session, org)
        version = org.version

    def save(session: Session) -> None:
        directory.update_organization(session, who, org_id, _org_data(form), _posted_version(version))

    return _form_page(
        form,
        f"Организация: {org.short_name or org.name}",
        save,
        "Изменения сохранены.",
        lambda _: url_for("web.admin_organization_edit", org_id=org_id),
        version,
    )


@bp.get("/admin/people")
def admin_people() -> str:
    """People of the directory, by organization and surname."""
    who = _admin()
    number, per_page = paging()
    q = (request.args.get("q") or "").strip()[:100]
    org_id = int_arg("organization_id")
    with get_db().session() as session:
        filters = {"q": q, "organization_id": org_id, "page": number, "per_page": per_page}
        people, total = directory.list_people(session, who, filters)
        return render_template(
            "admin/people.html",
            people=people,
            pager=Pager(number, per_page, total),
            q=q,
            org_id=org_id,
            orgs=_org_pairs(session),
        )


def _person_form(session: Session, obj: Person | None) -> PersonForm:
    form = PersonForm(obj=obj if request.method == "GET" else None)
    form.organization_id.choices = _org_choices(session)
    return form


def _person_data(form: PersonForm) -> dict[str, Any]:
    names = ("last_name", "first_name", "middle_name", "gender", "position", "organization_id", "email", "phone")
    return {name: form[name].data for name in names}


@bp.route("/admin/people/new", methods=["GET", "POST"])
def admin_person_new() -> FormPage:
    """A new person."""
    who = _admin()
    with get_db().session() as session:
        form = _person_form(session, None)
    return _form_page(
        form,
        "Новый сотрудник",
        lambda session: directory.create_person(session, who, _person_data(form)).id,
        "Сотрудник добавлен.",
        lambda person_id: url_for("web.admin_person_edit", person_id=person_id),
    )


@bp.route("/admin/people/<id:person_id>", methods=["GET", "POST"])
def admin_person_edit(person_id: int) -> FormPage:
    """Change a person."""
    who = _admin()
    with get_db().session() as session:
        person = directory.get_entry(session, who, Person, person_id)
        form = _person_form(session, person)
        version = person.version
        title = f"Сотрудник: {person.name_initials}"

    def save(session: Session) -> None:
        directory.update_person(session, who, person_id, _person_data(form), _posted_version(version))

    return _form_page(
        form,
        title,
        save,
        "Изменения сохранены.",
        lambda _: url_for("web.admin_person_edit", person_id=person_id),
        version,
    )


# Journals ---------------------------------------------------------------------------------------------


@bp.route("/admin/journals", methods=["GET", "POST"])
def admin_journals() -> FormPage:
    """Registration journals, and a form to open a new one."""
    who = _admin()
    number, per_page = paging()
    with get_db().session() as session:
        form = JournalForm()
        form.organization_id.choices = _org_choices(session, "— выберите —")
        if request.method == "GET":
            form.year.data = clock.today().year
    top: list[str] = []
    if form.validate_on_submit():
        data = {name: form[name].data for name in ("organization_id", "kind", "year", "prefix", "next_number")}
        try:
            with get_db().transaction() as session:
                directory.create_journal(session, who, data)
        except DomainError as exc:
            top = _apply_errors(form, exc)
        else:
            flash("Журнал регистрации открыт.", "success")
            return redirect(url_for("web.admin_journals"))
    with get_db().session() as session:
        journals, total = directory.list_journals(session, who, {"page": number, "per_page": per_page})
        given = {j.id: directory.last_given(session, j.id) for j in journals}
        orgs = dict(_org_pairs(session))
        page = render_template(
            "admin/journals.html",
            journals=journals,
            given=given,
            orgs=orgs,
            pager=Pager(number, per_page, total),
            form=form,
            top=top,
        )
    return page, 422 if request.method == "POST" else 200


@bp.route("/admin/journals/<id:journal_id>", methods=["GET", "POST"])
def admin_journal_edit(journal_id: int) -> FormPage:
    """The prefix and the next number of a journal (never back onto a number already given)."""
    who = _admin()
    with get_db().session() as session:
        journal = directory.get_entry(session, who, Journal, journal_id)
        form = JournalEditForm(obj=journal if request.method == "GET" else None)
        version = journal.version
        org = session.get(Organization, journal.organization_id)
        title = f"Журнал: {org.short_name or org.name if org else ''}, {journal.year}"

    def save(session: Session) -> None:
        data = {"prefix": form.prefix.data, "next_number": form.next_number.data}
        directory.update_journal(session, who, journal_id, data, _posted_version(version))

    return _form_page(form, title, save, "Журнал изменён.", lambda _: url_for("web.admin_journals"), version)


# Document templates ------------------------------------------------------------------------------------


@bp.route("/admin/templates", methods=["GET", "POST"])
def admin_templates() -> FormPage:
    """Uploaded template versions, and the upload form with the lint's findings when a template is refused."""
    who = _admin()
    form = TemplateUploadForm()
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            upload = form.file.data
            try:
                row = documents.upload_template(get_db(), who, form.doc_type.data, upload.filename or "", upload.read())
            except ValidationFailed as exc:
                problems = [str(m) for m in exc.details.get("file", [])] or [exc.message]
                form.file.errors = [exc.message]
            except DomainError as exc:
                form.file.errors = [exc.message]
            else:
                label = DOC_TYPE_LABELS.get(row.doc_type, row.doc_type)
                flash(f"Шаблон принят: «{label}», версия {row.template_version}.", "success")
                return redirect(url_for("web.admin_templates"))
    with get_db().session() as session:
        versions = admin.template_versions(session, who)
    page = render_template("admin/templates.html", form=form, problems=problems, versions=versions)
    return page, status


@bp.get("/admin/templates/<id:template_id>.docx")
def admin_template_file(template_id: int) -> Response:
    """Download one template version."""
    who = _admin()
    with get_db().session() as session:
        stored = admin.template_file(session, who, template_id)
        return send_file(
            io.BytesIO(stored.data), mimetype=documents.DOCX, as_attachment=True, download_name=stored.filename
        )


# The working calendar -------------------------------------------------------------------------------------


@bp.route("/admin/calendar", methods=["GET", "POST"])
def admin_calendar() -> FormPage:
    """A year of working and non-working days; days set by hand win over the production calendar."""
    who = _admin()
    year = int_arg("year", clock.today().year) or clock.today().year
    year = min(max(year, 2000), 2100)
    form = CalendarDayForm()
    top: list[str] = []
    if form.validate_on_submit():
        day = form.day.data
        try:
            with get_db().transaction() as session:
                admin.set_calendar_day(session, who, day, form.working.data == "working", form.note.data or "")
        except DomainError as exc:
            top = _apply_errors(form, exc)
        else:
            kind = "рабочим" if form.working.data == "working" else "нерабочим"
            flash(f"{day:%d.%m.%Y} отмечен {kind} днём.", "success")
            return redirect(url_for("web.admin_calendar", year=day.year))
    with get_db().session() as session:
        page = render_template(
            "admin/calendar.html",
            year=year,
            form=form,
            top=top,
            days=admin.calendar_days(session, year),
            grid=admin.year_grid(session, year),
        )
    return page, 422 if request.method == "POST" else 200


@bp.post("/admin/calendar/remove")
def admin_calendar_remove() -> Response:
    """Give a day back to the production calendar."""
    who = _admin()
    day = parse_day(request.form.get("day"))
    if day is None:
        flash("Не указана дата.", "error")
        return redirect(url_for("web.admin_calendar"))
    try:
        with get_db().transaction() as session:
            admin.remove_calendar_day(session, who, day)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(f"Ручная отметка {day:%d.%m.%Y} снята: действует производственный календарь.", "success")
    return redirect(url_for("web.admin_calendar", year=day.year))


# Lifecycles ------------------------------------------------------------------------------------------------


@bp.get("/admin/lifecycles")
def admin_lifecycles() -> str:
    """Every lifecycle as a Mermaid diagram (text) and a table of its transitions."""
    _admin()
    return render_template(
        "admin/lifecycles.html",
        lifecycles=[(lc, diagram(lc)) for lc in ALL_LIFECYCLES.values()],
        who_text=who_text,
    )
