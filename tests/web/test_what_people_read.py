"""What people read on the pages: names of orders, field labels, the history's tense, reports, sizes, hints."""

from __future__ import annotations

import re

from flask import Flask

from models.db import Database
from routes.errors import validation_message
from routes.web.labels import DONE_LABELS, event_label, file_size
from tests.web import prepare
from tests.web.conftest import Browserless
from workflow.engine.engine import transition
from workflow.engine.lifecycles import ALL_LIFECYCLES, LIFECYCLES
from workflow.engine.naming import order_name
from workflow.engine.permissions import who_text
from workflow.errors import field_error
from workflow.fields import field_label
from workflow.services import reports


def _text(html: str) -> str:
    """The page's text without tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_draft_is_named_by_the_day_it_was_started_and_never_by_its_id(demo_app: Flask, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О проверке названий проектов", "draft")
    clerk = Browserless(demo_app, "clerk")
    card = clerk.get(f"/orders/{order_id}").get_data(as_text=True)
    assert re.search(r"<title>Проект от \d\d\.\d\d\.\d{4} — prikaz</title>", card)
    assert f"№ {order_id}" not in _text(card)
    desk = _text(clerk.get("/").get_data(as_text=True))
    assert f"№ {order_id}," not in desk


def test_a_missing_order_is_not_found_without_printing_an_id_as_its_number(demo_app: Flask) -> None:
    page = Browserless(demo_app, "clerk").get("/orders/987654")
    assert page.status_code == 404
    assert "Приказ не найден." in page.get_data(as_text=True)
    assert "987654" not in _text(page.get_data(as_text=True))


def test_order_names_say_number_and_date_or_project_and_day() -> None:
    from datetime import UTC, date, datetime
    from types import SimpleNamespace

    registered = SimpleNamespace(kind="letter", reg_number="01-27/1951", reg_date=date(2026, 11, 13), created_at=None)
    draft = SimpleNamespace(kind="order", reg_number=None, reg_date=None, created_at=datetime(2026, 11, 30, 22, 30))
    assert order_name(registered) == "Письмо № 01-27/1951 от 13.11.2026"
    # 22:30 UTC on the 30th is already the 1st of December in Moscow.
    assert order_name(draft) == "Проект от 01.12.2026"
    assert order_name(SimpleNamespace(**{**vars(draft), "created_at": draft.created_at.replace(tzinfo=UTC)})) == (
        "Проект от 01.12.2026"
    )


def test_messages_name_fields_by_their_labels_and_never_by_their_codes() -> None:
    assert field_error("new_deadline", "Новый срок должен быть позже.").message == (
        "Проверьте поле «Новый срок»: Новый срок должен быть позже."
    )
    assert field_error("parent_id", "Так нельзя.").message == "Проверьте поле «Вышестоящая организация»: Так нельзя."
    assert field_label("points.1.text") == "Пункт 2, текст"
    assert field_label("approvers.0") == "Согласующий 1"
    assert field_label("something_new") == "Поле формы"
    message = validation_message({"points.0.text": ["Обязательное поле."], "organization_id": ["Обязательное поле."]})
    assert message == "Проверьте поля: «Пункт 1, текст», «Организация»."


def test_the_history_speaks_in_the_past_tense_for_every_event_of_every_lifecycle() -> None:
    for kind, lifecycle in ALL_LIFECYCLES.items():
        for event in lifecycle.events:
            assert event in DONE_LABELS.get(kind, {}), f"{kind}.{event}: нет слов для истории"
            assert event_label(kind, event) != lifecycle.event_label(event) or kind == "extension-requests"
    assert event_label("orders", "visa") == "Завизирован"
    assert event_label("orders", "submit") == "Направлен на согласование"
    assert event_label("orders", "approve") == "Утверждён и зарегистрирован"
    assert event_label("tasks", "return") == "Возвращено на доработку"


def test_the_order_card_history_says_what_happened_not_what_to_do(demo_app: Flask, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О проверке истории приказа", "visas_given")
    card = _text(Browserless(demo_app, "clerk").get(f"/orders/{order_id}").get_data(as_text=True))
    history = card[card.index("История") :]
    assert "Направлен на согласование" in history and "Завизирован" in history
    assert "Направить на согласование" not in history and "Завизировать " not in history


def test_a_permission_hint_is_a_readable_list_of_who_may_act() -> None:
    submit = LIFECYCLES["orders"].transitions_for("dispatch")[0]
    assert who_text(submit) == "автор, делопроизводитель, руководитель или подписант"


def test_a_returned_report_says_so_at_the_top_and_the_earlier_report_stays_with_its_own_files(
    demo_app: Flask, demo_db: Database
) -> None:
    who = prepare.people(demo_db)
    order_id = prepare.order(demo_db, "О проверке повторных отчётов", "executing")
    task_id = prepare.task_of(demo_db, order_id)
    first = reports.Upload("справка-1.txt", "text/plain", b"x" * 36_762)
    reports.report_with_files(demo_db, who["executor"], reports.ReportWithFiles(task_id, "Первый отчёт.", (first,)))
    transition(demo_db, "tasks", task_id, "return", who["controller"], comment="Приложите таблицу по школам.")

    executor = Browserless(demo_app, "executor")
    returned = executor.get(f"/tasks/{task_id}").get_data(as_text=True)
    top = returned[returned.index("<h1>") : returned.index('id="h-about"')]
    assert "Отчёт возвращён на доработку" in top and "Приложите таблицу по школам." in top
    assert "35,9\u00a0КБ" in returned  # 36 762 bytes, a Russian comma and a non-breaking space

    second = reports.Upload("таблица.txt", "text/plain", b"second")
    reports.report_with_files(demo_db, who["executor"], reports.ReportWithFiles(task_id, "Второй отчёт.", (second,)))
    card = executor.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Отчёт возвращён на доработку" not in card[: card.index('id="h-about"')]
    rounds = re.findall(
        r'<li class="report-round outcome-(\w+)">(.*?)</li>\s*(?=<li class="report-round|</ol>)', card, re.S
    )
    assert [outcome for outcome, _ in rounds] == ["on_review", "returned"]
    newest, earlier = rounds[0][1], rounds[1][1]
    assert "Второй отчёт." in newest and "таблица.txt" in newest and "справка-1.txt" not in newest
    assert "Первый отчёт." in earlier and "справка-1.txt" in earlier and "таблица.txt" not in earlier
    assert "Приложите таблицу по школам." in earlier


def test_sizes_print_with_a_russian_comma_and_a_non_breaking_space() -> None:
    assert file_size(36_762) == "35,9\u00a0КБ"
    assert file_size(512) == "512\u00a0байт"
    assert file_size(2 * 1024 * 1024) == "2\u00a0МБ"


def test_required_fields_are_marked_before_saving_and_the_visa_remark_is_marked_for_its_decisions(
    demo_app: Flask, demo_db: Database
) -> None:
    order_id = prepare.order(demo_db, "О проверке обязательных полей", "on_approval")
    card = Browserless(demo_app, "approver").get(f"/orders/{order_id}").get_data(as_text=True)
    visa = card[card.index('id="action-orders-') :]
    visa = visa[: visa.index("</details>")]
    assert "— обязательное поле" in visa
    assert "необязательно" not in visa
    assert 'data-required-when="approve_with_remarks reject"' in visa
    assert "Обязательно, если выбрано «Согласовать с замечаниями» или «Не согласовать и вернуть на доработку»." in visa


def test_the_admin_types_a_password_hidden_with_a_show_toggle(demo_app: Flask) -> None:
    page = Browserless(demo_app, "admin").get("/admin/users/new").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="password"[^>]*type="password"|<input[^>]*type="password"[^>]*id="password"', page)
    assert 'class="show-password" aria-controls="password"' in page


def test_a_new_task_is_marked_new_until_its_executor_opens_it(demo_app: Flask, demo_db: Database) -> None:
    order_id = prepare.order(demo_db, "О проверке отметки новых поручений", "executing", executor="school2")
    task_id = prepare.task_of(demo_db, order_id)
    director = Browserless(demo_app, "school2")
    row = rf'<span class="badge new">Новое</span> <a href="/tasks/{task_id}">'
    assert re.search(row, director.get("/tasks").get_data(as_text=True))
    card = director.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert '<span class="badge new">Новое</span>' in card
    assert not re.search(row, director.get("/tasks").get_data(as_text=True))
    assert '<span class="badge new">Новое</span>' not in director.get(f"/tasks/{task_id}").get_data(as_text=True)
