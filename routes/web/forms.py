"""WTForms of the administration pages, with WTForms' own Russian messages and explicit ones where it has none."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from models.directory import ROLES
from models.orders import ORDER_KINDS
from routes.schemas.base import TEXT_MAX, TITLE_MAX
from routes.schemas.directory import JOURNAL_NUMBER_MAX
from routes.web.labels import DOC_TYPE_LABELS, GENDER_LABELS, ORDER_KIND_LABELS, ORG_KIND_LABELS, ROLE_LABELS
from workflow.services.passwords import PASSWORD_MAX, PASSWORD_MIN

REQUIRED = "Заполните это поле."
EMAIL = Regexp(r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Адрес электронной почты вида name@example.ru.")


class RuForm(FlaskForm):
    """A Flask-WTF form (CSRF included) whose built-in messages are in Russian."""

    class Meta:
        """Russian messages, the catalogue loaded once."""

        locales = ("ru_RU", "ru")
        cache_translations = True

        def get_translations(self, form: Any) -> Any:
            """WTForms' bundled Russian catalogue (Flask-WTF would look for Flask-Babel, which we do not use)."""
            return DefaultMeta.get_translations(self, form)


def options(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Choices of a select or checkbox list, as WTForms wants them."""
    return [SelectChoice(value, label) for value, label in pairs]


def optional_id(value: Any) -> int | None:
    """A select's value as an id, the empty option as None."""
    return int(value) if value not in (None, "", "None") else None


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes for one list value."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(RuForm):
    """A login with roles."""

    login = StringField(
        "Логин",
        validators=[
            DataRequired(REQUIRED),
            Length(2, 100),
            Regexp(r"^[A-Za-z0-9._-]+$", message="Латинские буквы, цифры, точка, дефис, подчёркивание."),
        ],
    )
    password = PasswordField("Пароль", validators=[Optional(), Length(PASSWORD_MIN, PASSWORD_MAX)])
    person_id = SelectField("Сотрудник", coerce=optional_id, validators=[Optional()])
    roles = MultiCheckboxField(
        "Роли",
        choices=options((r, ROLE_LABELS[r]) for r in ROLES),
        validators=[DataRequired("Отметьте хотя бы одну роль.")],
    )
    active = BooleanField("Учётная запись действует", default=True)


class OrganizationForm(RuForm):
    """An organization of the directory."""

    name = TextAreaField("Полное наименование", validators=[DataRequired(REQUIRED), Length(1, 500)])
    short_name = StringField("Краткое наименование", validators=[Optional(), Length(0, 200)])
    name_genitive = StringField(
        "Наименование в родительном падеже («управления образования …»)", validators=[Optional(), Length(0, 500)]
    )
    kind = SelectField("Вид", choices=options(ORG_KIND_LABELS.items()))
    parent_id = SelectField("Вышестоящая организация", coerce=optional_id, validators=[Optional()])
    head_id = SelectField("Руководитель", coerce=optional_id, validators=[Optional()])
    place = StringField("Место («г. Старый Оскол»)", validators=[Optional(), Length(0, 200)])
    phone = StringField("Телефон", validators=[Optional(), Length(0, 100)])
    email = StringField("Электронная почта", validators=[Optional(), Length(0, 200), EMAIL])
    approval_without_visas = BooleanField("Разрешить утверждать приказы без виз (по умолчанию нужна каждая виза)")


class PersonForm(RuForm):
    """A person of the directory."""

    last_name = StringField("Фамилия", validators=[DataRequired(REQUIRED), Length(1, 100)])
    first_name = StringField("Имя", validators=[DataRequired(REQUIRED), Length(1, 100)])
    middle_name = StringField("Отчество", validators=[Optional(), Length(0, 100)])
    gender = RadioField(
        "Пол (для склонения)", choices=options(GENDER_LABELS.items()), validators=[InputRequired(REQUIRED)]
    )
    position = StringField("Должность", validators=[Optional(), Length(0, 300)])
    organization_id = SelectField("Организация", coerce=optional_id, validators=[Optional()])
    email = StringField("Электронная почта", validators=[Optional(), Length(0, 200), EMAIL])
    phone = StringField("Телефон", validators=[Optional(), Length(0, 100)])


class JournalForm(RuForm):
    """A registration journal."""

    organization_id = SelectField("Организация", coerce=optional_id, validators=[InputRequired(REQUIRED)])
    kind = SelectField("Вид документов", choices=options((k, ORDER_KIND_LABELS[k]) for k in ORDER_KINDS))
    year = IntegerField("Год", validators=[InputRequired(REQUIRED), NumberRange(2000, 2100)])
    prefix = StringField("Индекс перед номером («01-27/»)", validators=[Optional(), Length(0, 40)])
    next_number = IntegerField(
        "Следующий номер", validators=[InputRequired(REQUIRED), NumberRange(1, JOURNAL_NUMBER_MAX)], default=1
    )


class JournalEditForm(RuForm):
    """What may change in a journal: the prefix and the next number."""

    prefix = StringField("Индекс перед номером («01-27/»)", validators=[Optional(), Length(0, 40)])
    next_number = IntegerField(
        "Следующий номер", validators=[InputRequired(REQUIRED), NumberRange(1, JOURNAL_NUMBER_MAX)]
    )


class TemplateUploadForm(RuForm):
    """A new version of a document template."""

    doc_type = SelectField("Вид документа", choices=options(DOC_TYPE_LABELS.items()))
    file = FileField(
        "Файл шаблона (DOCX)",
        validators=[
            FileRequired("Выберите файл шаблона."),
            FileAllowed(["docx"], "Шаблон — это файл DOCX (документ Word)."),
        ],
    )


class CalendarDayForm(RuForm):
    """A day made working or non-working by hand."""

    day = DateField(
        "Дата (ДД.ММ.ГГГГ)",
        format=["%d.%m.%Y", "%Y-%m-%d"],
        widget=TextInput(),
        render_kw={"inputmode": "numeric", "placeholder": "ДД.ММ.ГГГГ", "autocomplete": "off"},
        validators=[InputRequired("Укажите дату (ДД.ММ.ГГГГ).")],
    )
    working = RadioField(
        "Этот день",
        choices=options([("off", "нерабочий"), ("working", "рабочий")]),
        validators=[InputRequired("Выберите: рабочий или нерабочий.")],
    )
    note = StringField("Основание («постановление Правительства РФ от …»)", validators=[Optional(), Length(0, 300)])


class GroupForm(RuForm):
    """A new draft working group (its composition is edited on its card)."""

    # The limits of POST /working-groups (the page loads through the same schema).
    name = TextAreaField("Название («Рабочая группа по …»)", validators=[DataRequired(REQUIRED), Length(1, TITLE_MAX)])
    purpose = TextAreaField("Цель", validators=[Optional(), Length(0, TEXT_MAX)])
    deadline_text = StringField(
        "Срок представления результата («в срок до 28 марта 2027 года»)", validators=[Optional(), Length(0, TITLE_MAX)]
    )
    order_id = SelectField("Приложить к проекту приказа", coerce=optional_id, validators=[Optional()])


class RoadmapImportForm(RuForm):
    """A new draft roadmap read from a DOCX or XLSX table."""

    title = TextAreaField("Название дорожной карты", validators=[DataRequired(REQUIRED), Length(1, TITLE_MAX)])
    period_start = DateField(
        "Период: начало (ДД.ММ.ГГГГ)",
        format=["%d.%m.%Y", "%Y-%m-%d"],
        widget=TextInput(),
        render_kw={"inputmode": "numeric", "placeholder": "ДД.ММ.ГГГГ", "autocomplete": "off"},
        validators=[Optional()],
    )
    period_end = DateField(
        "Период: окончание (ДД.ММ.ГГГГ)",
        format=["%d.%m.%Y", "%Y-%m-%d"],
        widget=TextInput(),
        render_kw={"inputmode": "numeric", "placeholder": "ДД.ММ.ГГГГ", "autocomplete": "off"},
        validators=[Optional()],
    )
    order_id = SelectField("Приложить к проекту приказа", coerce=optional_id, validators=[Optional()])
    file = FileField(
        "Таблица мероприятий (DOCX или XLSX: №, Мероприятие, Срок исполнения, Ответственный исполнитель)",
        validators=[
            FileRequired("Выберите файл с таблицей мероприятий."),
            FileAllowed(["docx", "xlsx"], "Дорожная карта читается из DOCX или XLSX."),
        ],
    )


class SignatoryForm(RuForm):
    """A person of the organization who gets the right to sign, and the journal their orders go to."""

    person_id = SelectField("Сотрудник", coerce=optional_id, validators=[DataRequired("Выберите сотрудника.")])
    journal_id = SelectField("Журнал регистрации", coerce=optional_id, validators=[Optional()])
