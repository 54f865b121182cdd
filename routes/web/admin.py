"""Administration: users and roles, organizations and people, journals, document templates, calendar, lifecycles."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_wtf import FlaskForm
from marshmallow import Schema, ValidationError
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from models import Journal, Organization, Person, User
from routes.errors import status_of
from routes.schemas.directory import (
    JournalPatchSchema,
    JournalSchema,
    NewSignatorySchema,
    OrganizationPatchSchema,
    OrganizationSchema,
    PersonPatchSchema,
    PersonSchema,
    UserPatchSchema,
    UserSchema,
)
from routes.web import bp
from routes.web.common import Pager, get_db, int_arg, paging, parse_day, require_role
from routes.web.forms import (
    CalendarDayForm,
    JournalEditForm,
    JournalForm,
    OrganizationForm,
    PersonForm,
    RuForm,
    SignatoryForm,
    TemplateUploadForm,
    UserForm,
    options,
)
from routes.web.labels import DOC_TYPE_LABELS, ROLE_LABELS
from workflow import clock
from workflow.engine.lifecycles import ALL_LIFECYCLES
from workflow.engine.permissions import Actor, who_text
from workflow.errors import DomainError, ValidationFailed
from workflow.queries import directory as directory_queries
from workflow.services import calendar_days, directory, documents, signatories, templates

FormPage = str | tuple[str, int] | Response
Save = Callable[[dict[str, Any]], int | None]


def _admin() -> Actor:
    return require_role("admin")


def _apply_errors(form: RuForm, error: DomainError) -> list[str]:
    """The service's messages at the form's fields; its summary (and messages of no field) for the top."""
    top = [error.message]
    _at_fields(form, error.details or {}, top)
    return top


def _at_fields(form: RuForm, messages: dict[str, Any], top: list[str]) -> None:
    """Messages by field name at the form's fields; those of no field of the form go to the top."""
    for name, found in messages.items():
        texts = [str(m) for m in (found.values() if isinstance(found, dict) else found)]
        field = form._fields.get(name.split(".")[0])
        if field is not None:
            field.errors = [*field.errors, *texts]
        else:
            top.extend(texts)


def _people_choices(choices: directory_queries.FormChoices) -> list[SelectChoice]:
    return options([("", "— нет —"), *choices.people])


def _org_choices(choices: directory_queries.FormChoices, empty: str = "— нет —") -> list[SelectChoice]:
    return options([("", empty), *choices.organizations])


@bp.get("/admin")
def admin_index() -> str:
    """The administrator's start page with the size of each directory."""
    who = _admin()
    with get_db().session() as session:
        counts = directory_queries.directory_sizes(session, who)
    return render_template("admin/index.html", counts=counts)


# Users ------------------------------------------------------------------------------------------------


@bp.get("/admin/users")
def admin_users() -> str:
    """Users with their roles."""
    who = _admin()
    number, per_page = paging()
    q = (request.args.get("q") or "").strip()[:100]
    with get_db().session() as session:
        users, total = directory_queries.list_users(session, who, {"q": q, "page": number, "per_page": per_page})
        return render_template(
            "admin/users.html", users=users, pager=Pager(number, per_page, total), q=q, role_labels=ROLE_LABELS
        )


@bp.route("/admin/users/new", methods=["GET", "POST"])
def admin_user_new() -> FormPage:
    """A new login."""
    who = _admin()
    with get_db().session() as session:
        choices = directory_queries.form_choices(session)
    form = UserForm()
    form.person_id.choices = _people_choices(choices)

    def save(data: dict[str, Any]) -> int:
        user = directory.create_user(get_db(), who, directory.NewUser(**data))
        flash(f"Пользователь «{user.login}» создан.", "success")
        return user.id

    return _form_page(
        form,
        UserSchema(),
        # A new login starts active whatever the checkbox says; it is switched off on the edit page.
        ("login", "password", "person_id", "roles"),
        "Новый пользователь",
        save,
        None,
        lambda user_id: url_for("web.admin_user_edit", user_id=user_id),
    )


@bp.route("/admin/users/<id:user_id>", methods=["GET", "POST"])
def admin_user_edit(user_id: int) -> FormPage:
    """Roles, person, password and activity of a user."""
    who = _admin()
    with get_db().session() as session:
        user = directory_queries.get_entry(session, who, User, user_id)
        choices = directory_queries.form_choices(session)
    form = UserForm(obj=None if request.method == "POST" else user)
    if request.method == "GET":
        form.roles.data = user.roles
    form.person_id.choices = _people_choices(choices)
    form.login.render_kw = {"readonly": True}
    if request.method == "POST":
        form.login.data = user.login
    names = ("roles", "active", "person_id", *(("password",) if form.password.data else ()))

    def save(data: dict[str, Any]) -> None:
        directory.update_user(get_db(), who, directory.ChangeUser(user_id, _posted_version(user.version), **data))

    return _form_page(
        form,
        UserPatchSchema(),
        names,
        f"Пользователь «{user.login}»",
        save,
        "Изменения сохранены.",
        lambda _: url_for("web.admin_user_edit", user_id=user_id),
        user.version,
        end_sessions_url=url_for("web.admin_user_end_sessions", user_id=user_id),
    )


@bp.post("/admin/users/<id:user_id>/end-sessions")
def admin_user_end_sessions(user_id: int) -> Response:
    """End every web session and API token of a user: they must sign in again."""
    who = _admin()
    directory.end_user_sessions(get_db(), who, user_id)
    flash("Все сеансы и токены пользователя завершены: ему нужно войти заново.", "success")
    return redirect(url_for("web.admin_user_edit", user_id=user_id))


def _form_page(
    form: FlaskForm,
    schema: Schema,
    names: tuple[str, ...],
    title: str,
    save: Save,
    message: str | None,
    done: Callable[[int | None], str],
    version: int | None = None,
    end_sessions_url: str | None = None,
) -> FormPage:
    """Check the form, load its fields through the API's schema, save and go on; or show the errors at the fields."""
    top: list[str] = []
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            data = schema.load({name: form[name].data for name in names})
            saved = save(data)
        except ValidationError as exc:
            _at_fields(form, exc.messages if isinstance(exc.messages, dict) else {}, top)
        except DomainError as exc:
            top, status = _apply_errors(form, exc), status_of(exc)
        else:
            if message:
                flash(message, "success")
            return redirect(done(saved))
    page = render_template(
        "admin/form.html", form=form, title=title, top=top, version=version, end_sessions_url=end_sessions_url
    )
    return page, status


def _posted_version(version: int) -> int:
    """The version the form was filled from; the one just read when the form sent none."""
    posted = int_arg("version", version, source=request.form)
    return version if posted is None else posted


# Organizations and people -------------------------------------------------------------------------------

ORG_NAMES = (
    "name",
    "short_name",
    "name_genitive",
    "kind",
    "parent_id",
    "head_id",
    "place",
    "phone",
    "email",
    "approval_without_visas",
)
PERSON_NAMES = ("last_name", "first_name", "middle_name", "gender", "position", "organization_id", "email", "phone")


@bp.get("/admin/organizations")
def admin_organizations() -> str:
    """Organizations of the directory."""
    who = _admin()
    number, per_page = paging()
    q = (request.args.get("q") or "").strip()[:100]
    with get_db().session() as session:
        filters = {"q": q, "page": number, "per_page": per_page}
        orgs, total = directory_queries.list_organizations(session, who, filters)
        return render_template("admin/organizations.html", orgs=orgs, pager=Pager(number, per_page, total), q=q)


def _org_form(choices: directory_queries.FormChoices, obj: Organization | None) -> OrganizationForm:
    form = OrganizationForm(obj=obj if request.method == "GET" else None)
    form.parent_id.choices = _org_choices(choices)
    form.head_id.choices = _people_choices(choices)
    return form


@bp.route("/admin/organizations/new", methods=["GET", "POST"])
def admin_organization_new() -> FormPage:
    """A new organization."""
    who = _admin()
    with get_db().session() as session:
        choices = directory_queries.form_choices(session)
    return _form_page(
        _org_form(choices, None),
        OrganizationSchema(),
        ORG_NAMES,
        "Новая организация",
        lambda data: directory.create_organization(get_db(), who, directory.NewOrganization(**data)).id,
        "Организация добавлена.",
        lambda org_id: url_for("web.admin_organization_edit", org_id=org_id),
    )


@bp.route("/admin/organizations/<id:org_id>", methods=["GET", "POST"])
def admin_organization_edit(org_id: int) -> FormPage:
    """Change an organization (its head, its parent, its names)."""
    who = _admin()
    with get_db().session() as session:
        org = directory_queries.get_entry(session, who, Organization, org_id)
        choices = directory_queries.form_choices(session)

    def save(data: dict[str, Any]) -> None:
        command = directory.ChangeOrganization(org_id, _posted_version(org.version), **data)
        directory.update_organization(get_db(), who, command)

    return _form_page(
        _org_form(choices, org),
        OrganizationPatchSchema(),
        ORG_NAMES,
        f"Организация: {org.short_name or org.name}",
        save,
        "Изменения сохранены.",
        lambda _: url_for("web.admin_organization_edit", org_id=org_id),
        org.version,
    )


# Signatories ------------------------------------------------------------------------------------------------


@bp.route("/admin/organizations/<id:org_id>/signatories", methods=["GET", "POST"])
def admin_signatories(org_id: int) -> FormPage:
    """Who may sign for the organization: the head always, and the people the administrator names here."""
    who = _admin()
    shown = signatories.signatory_page(get_db(), org_id)
    form = SignatoryForm()
    form.person_id.choices = options([("", "— выберите —"), *shown.people])
    form.journal_id.choices = options([("", "— журнал организации по виду документа —"), *shown.journals])
    top: list[str] = []
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            data = NewSignatorySchema().load({"person_id": form.person_id.data, "journal_id": form.journal_id.data})
            signatories.add_signatory(get_db(), who, org_id, data["person_id"], data.get("journal_id"))
        except ValidationError as exc:
            _at_fields(form, exc.messages if isinstance(exc.messages, dict) else {}, top)
        except DomainError as exc:
            top, status = _apply_errors(form, exc), status_of(exc)
        else:
            flash("Право подписи предоставлено.", "success")
            return redirect(url_for("web.admin_signatories", org_id=org_id))
    return render_template("admin/signatories.html", shown=shown, form=form, top=top), status


@bp.post("/admin/organizations/<id:org_id>/signatories/<id:person_id>/remove")
def admin_signatory_remove(org_id: int, person_id: int) -> Response:
    """Take the right to sign away from a named signatory."""
    who = _admin()
    try:
        signatories.remove_signatory(get_db(), who, org_id, person_id)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash("Право подписи снято.", "success")
    return redirect(url_for("web.admin_signatories", org_id=org_id))


@bp.get("/admin/people")
def admin_people() -> str:
    """People of the directory, by organization and surname."""
    who = _admin()
    number, per_page = paging()
    q = (request.args.get("q") or "").strip()[:100]
    org_id = int_arg("organization_id")
    with get_db().session() as session:
        filters = {"q": q, "organization_id": org_id, "page": number, "per_page": per_page}
        people, total = directory_queries.list_people(session, who, filters)
        orgs = directory_queries.organization_names(session)
        return render_template(
            "admin/people.html", people=people, pager=Pager(number, per_page, total), q=q, org_id=org_id, orgs=orgs
        )


def _person_form(choices: directory_queries.FormChoices, obj: Person | None) -> PersonForm:
    form = PersonForm(obj=obj if request.method == "GET" else None)
    form.organization_id.choices = _org_choices(choices)
    return form


@bp.route("/admin/people/new", methods=["GET", "POST"])
def admin_person_new() -> FormPage:
    """A new person."""
    who = _admin()
    with get_db().session() as session:
        choices = directory_queries.form_choices(session)
    return _form_page(
        _person_form(choices, None),
        PersonSchema(),
        PERSON_NAMES,
        "Новый сотрудник",
        lambda data: directory.create_person(get_db(), who, directory.NewPerson(**data)).id,
        "Сотрудник добавлен.",
        lambda person_id: url_for("web.admin_person_edit", person_id=person_id),
    )


@bp.route("/admin/people/<id:person_id>", methods=["GET", "POST"])
def admin_person_edit(person_id: int) -> FormPage:
    """Change a person."""
    who = _admin()
    with get_db().session() as session:
        person = directory_queries.get_entry(session, who, Person, person_id)
        choices = directory_queries.form_choices(session)

    def save(data: dict[str, Any]) -> None:
        command = directory.ChangePerson(person_id, _posted_version(person.version), **data)
        directory.update_person(get_db(), who, command)

    return _form_page(
        _person_form(choices, person),
        PersonPatchSchema(),
        PERSON_NAMES,
        f"Сотрудник: {person.name_initials}",
        save,
        "Изменения сохранены.",
        lambda _: url_for("web.admin_person_edit", person_id=person_id),
        person.version,
    )


# Journals ---------------------------------------------------------------------------------------------


@bp.route("/admin/journals", methods=["GET", "POST"])
def admin_journals() -> FormPage:
    """Registration journals, and a form to open a new one."""
    who = _admin()
    number, per_page = paging()
    with get_db().session() as session:
        choices = directory_queries.form_choices(session)
    form = JournalForm()
    form.organization_id.choices = _org_choices(choices, "— выберите —")
    if request.method == "GET":
        form.year.data = clock.today().year
    top: list[str] = []
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        names = ("organization_id", "kind", "year", "prefix", "next_number")
        try:
            data = JournalSchema().load({name: form[name].data for name in names})
            directory.create_journal(get_db(), who, directory.NewJournal(**data))
        except ValidationError as exc:
            _at_fields(form, exc.messages if isinstance(exc.messages, dict) else {}, top)
        except DomainError as exc:
            top, status = _apply_errors(form, exc), status_of(exc)
        else:
            flash("Журнал регистрации открыт.", "success")
            return redirect(url_for("web.admin_journals"))
    with get_db().session() as session:
        journals = directory_queries.journals_page(session, who, number, per_page)
    page = render_template(
        "admin/journals.html",
        journals=journals.journals,
        given=journals.given,
        orgs=journals.orgs,
        pager=Pager(number, per_page, journals.total),
        form=form,
        top=top,
    )
    return page, status


@bp.route("/admin/journals/<id:journal_id>", methods=["GET", "POST"])
def admin_journal_edit(journal_id: int) -> FormPage:
    """The prefix and the next number of a journal (never back onto a number already given)."""
    who = _admin()
    with get_db().session() as session:
        journal = directory_queries.get_entry(session, who, Journal, journal_id)
        org_name = directory_queries.organization_name(session, journal.organization_id)
    form = JournalEditForm(obj=journal if request.method == "GET" else None)

    def save(data: dict[str, Any]) -> None:
        command = directory.ChangeJournal(journal_id, _posted_version(journal.version), **data)
        directory.update_journal(get_db(), who, command)

    return _form_page(
        form,
        JournalPatchSchema(),
        ("prefix", "next_number"),
        f"Журнал: {org_name or ''}, {journal.year}",
        save,
        "Журнал изменён.",
        lambda _: url_for("web.admin_journals"),
        journal.version,
    )


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
                form.file.errors, status = [exc.message], status_of(exc)
            else:
                label = DOC_TYPE_LABELS.get(row.doc_type, row.doc_type)
                flash(f"Шаблон принят: «{label}», версия {row.template_version}.", "success")
                return redirect(url_for("web.admin_templates"))
    with get_db().session() as session:
        versions = templates.template_versions(session, who)
    page = render_template("admin/templates.html", form=form, problems=problems, versions=versions)
    return page, status


@bp.post("/admin/templates/previous")
def admin_template_previous() -> Response:
    """Withdraw the active version of a document type and use the one before it (or the built-in one)."""
    who = _admin()
    try:
        restored = templates.restore_previous_template(get_db(), who, request.form.get("doc_type", ""))
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        label = DOC_TYPE_LABELS.get(restored.doc_type, restored.doc_type)
        now = f"версия {restored.version}" if restored.version is not None else "встроенный шаблон"
        flash(f"«{label}»: версия {restored.withdrawn} снята, используется {now}.", "success")
    return redirect(url_for("web.admin_templates"))


@bp.get("/admin/templates/<id:template_id>.docx")
def admin_template_file(template_id: int) -> Response:
    """Download one template version."""
    who = _admin()
    with get_db().session() as session:
        stored = templates.template_file(session, who, template_id)
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
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        day = form.day.data
        command = calendar_days.MarkDay(day, form.working.data == "working", form.note.data or "")
        try:
            calendar_days.set_calendar_day(get_db(), who, command)
        except DomainError as exc:
            top, status = _apply_errors(form, exc), status_of(exc)
        else:
            kind = "рабочим" if form.working.data == "working" else "нерабочим"
            flash(f"{day:%d.%m.%Y} отмечен {kind} днём.", "success")
            return redirect(url_for("web.admin_calendar", year=day.year))
    with get_db().session() as session:
        shown = calendar_days.calendar_year(session, year)
    page = render_template("admin/calendar.html", year=year, form=form, top=top, days=shown.days, grid=shown.grid)
    return page, status


@bp.post("/admin/calendar/remove")
def admin_calendar_remove() -> Response:
    """Give a day back to the production calendar."""
    who = _admin()
    day = parse_day(request.form.get("day"))
    if day is None:
        flash("Не указана дата.", "error")
        return redirect(url_for("web.admin_calendar"))
    try:
        calendar_days.remove_calendar_day(get_db(), who, day)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(f"Ручная отметка {day:%d.%m.%Y} снята: действует производственный календарь.", "success")
    return redirect(url_for("web.admin_calendar", year=day.year))


# Lifecycles ------------------------------------------------------------------------------------------------


@bp.get("/admin/lifecycles")
def admin_lifecycles() -> str:
    """Every lifecycle as an SVG diagram (drawn by tools/build_diagrams.py) and a table of its transitions."""
    _admin()
    return render_template("admin/lifecycles.html", lifecycles=list(ALL_LIFECYCLES.values()), who_text=who_text)
