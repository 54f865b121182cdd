"""The journeys of the office in a real browser: draft, visas, approval, report, control, templates."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from models import DocumentTemplate, Order, Task, TaskAttachment
from models.db import Database
from tests.web import prepare
from tests.web.conftest import LiveServer, screenshot
from workflow import clock
from workflow.deadlines.calendar import default_calendar

pytestmark = pytest.mark.browser


def choose(page: Any, select_css: str, text: str) -> None:
    """Pick the option of a select whose label contains `text`."""
    value = page.eval_on_selector(
        select_css,
        "(el, text) => [...el.options].find(o => o.textContent.includes(text)).value",
        text,
    )
    page.select_option(select_css, value)


def pick(scope: Any, text: str, option: str | None = None) -> None:
    """Search an executor picker and click the option whose label contains `option` (or `text`)."""
    scope.locator(".picker-search").fill(text)
    scope.locator(".picker-option", has_text=option or text).first.click()


def test_the_clerk_drafts_an_order_with_nested_points_and_submits_it(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    page = visit_as("clerk").page
    due = clock.today() + timedelta(days=45)
    while not default_calendar().is_working_day(due):
        due += timedelta(days=1)
    page.goto(f"{live_server.url}/orders/new")
    page.get_by_label("Заголовок").fill("О проведении мониторинга готовности школ к учебному году")
    page.get_by_label("Констатирующая часть").fill("В целях обеспечения готовности образовательных организаций")
    choose(page, "#signatory_id", "Дереча")
    choose(page, "#controller_id", "Ушакова")
    choose(page, "#executor_mark_id", "Бадмаева")
    approvers = page.locator(".picker[data-name=approver]")
    pick(approvers, "Соколов")
    pick(approvers, "Гусейнова")

    rows = page.locator("#points > li.point-row")
    rows.nth(0).locator("textarea").fill("Утвердить план мониторинга (приложение).")
    page.get_by_role("button", name="+ Добавить пункт").click()
    rows.nth(1).locator("textarea").fill("Руководителям общеобразовательных организаций:")
    rows.nth(1).get_by_role("button", name="Добавить подпункт").click()
    first_child = rows.nth(2)
    first_child.locator("textarea").fill("Представить акты готовности.")
    first_child.get_by_label("На контроле").check()
    pick(first_child.locator(".picker[data-name^=resp-]"), "Управление", "подведомственные")
    first_child.locator(".deadline-input").fill(f"до {due:%d.%m.%Y}")
    first_child.locator(".deadline-preview").filter(has_text=f"до {due:%d.%m.%Y}").wait_for()
    rows.nth(1).get_by_role("button", name="Добавить подпункт").click()
    # The new sub-point lands after the first one; moved up, it becomes 2.1 and the other one 2.2.
    second_child = rows.nth(3)
    second_child.locator("textarea").fill("Назначить ответственных за мониторинг.")
    second_child.get_by_role("button", name="Поднять пункт выше").click()
    assert rows.nth(2).locator(".pnum").inner_text() == "2.1."
    assert rows.nth(2).locator("textarea").input_value() == "Назначить ответственных за мониторинг."
    assert rows.nth(3).locator(".pnum").inner_text() == "2.2."
    page.get_by_role("button", name="+ Добавить пункт").click()
    third = rows.nth(4)
    third.locator("textarea").fill("Обобщить результаты мониторинга.")
    third.get_by_label("На контроле").check()
    pick(third.locator(".picker[data-name^=resp-]"), "Бадмаева")
    third.locator(".deadline-input").fill("Ежемесячно до 5 числа")
    third.locator(".deadline-preview").filter(has_text="повторяющийся срок").wait_for()
    assert third.locator(".pnum").inner_text() == "3."
    screenshot(page, screenshot_dir, "order-editor")

    page.get_by_role("button", name="Сохранить проект").click()
    page.wait_for_url(re.compile(r"/orders/\d+$"))
    order_id = int(page.url.rsplit("/", 1)[1])
    assert "Проект приказа сохранён" in page.locator(".flash.success").inner_text()
    points = page.locator("ol.points").first
    assert "2.1." in points.inner_text() and "2.2." in points.inner_text() and "3." in points.inner_text()

    page.locator("summary", has_text="Направить на согласование").click()
    page.locator("details[open] form button[type=submit]").click()
    page.wait_for_load_state()
    assert "выполнено" in page.locator(".flash.success").inner_text()
    assert page.locator(".title-row .badge").inner_text() == "На согласовании"
    with demo_db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None and order.state == "on_approval"
        numbers = {p.number: p for p in order.points}
        assert sorted(numbers) == ["1", "2", "2.1", "2.2", "3"]
        assert numbers["2.2"].parent_id == numbers["2"].id and numbers["2.2"].controlled
        assert numbers["2.2"].responsible[0].include_subordinates
        assert [v.approver.last_name for v in order.visas] == ["Соколов", "Гусейнова"]


def test_an_approver_visas_with_remarks_and_is_told_at_the_field_when_the_remark_is_missing(
    visit_as: Any, live_server: LiveServer, demo_db: Database
) -> None:
    order_id = prepare.order(demo_db, "О проведении семинара для заместителей директоров", "on_approval")
    page = visit_as("approver").page
    page.goto(f"{live_server.url}/orders/{order_id}")
    page.locator("summary", has_text="Завизировать").click()
    form = page.locator("details[open] form")
    form.get_by_label("Согласовать с замечаниями").check()
    form.get_by_role("button", name="Завизировать").click()
    page.wait_for_load_state()
    error = page.locator("details[open] .field-error")
    assert "Замечания обязательны" in error.first.inner_text()
    form = page.locator("details[open] form")
    form.get_by_label("Комментарий").fill("Уточнить сроки в пункте 1.")
    form.get_by_role("button", name="Завизировать").click()
    page.wait_for_load_state()
    assert "выполнено" in page.locator(".flash.success").inner_text()
    visa_row = page.locator("tr.visa-approve_with_remarks")
    assert "Уточнить сроки в пункте 1." in visa_row.inner_text()
    assert prepare.order_state(demo_db, order_id) == "on_approval"


def test_the_head_approves_an_order_and_downloads_the_frozen_docx(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    title = "Об утверждении плана работы с одарёнными детьми"
    order_id = prepare.order(demo_db, title, "visas_given")
    page = visit_as("head").page
    page.goto(f"{live_server.url}/orders/{order_id}")
    page.locator("summary", has_text="Утвердить и зарегистрировать").click()
    form = page.locator("details[open] form")
    form.get_by_label(re.compile("Подтверждаю")).check()
    form.get_by_role("button", name="Утвердить и зарегистрировать").click()
    page.wait_for_load_state()
    flash = page.locator(".flash.success").inner_text()
    assert "Регистрационный номер" in flash
    assert page.locator(".title-row .badge").inner_text() == "Утверждён"
    screenshot(page, screenshot_dir, "order-card")
    with page.expect_download() as info:
        page.get_by_role("link", name="Утверждённый документ (DOCX)").click()
    data = Path(info.value.path()).read_bytes()
    with demo_db.session() as session:
        order = session.get(Order, order_id)
        assert order is not None and order.reg_number
    assert hashlib.sha256(data).hexdigest() == order.document_sha256
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert title in text and "ПРОЕКТ" not in text


def test_an_executor_reports_with_a_file_and_the_controller_returns_then_accepts(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    title = "О представлении отчётов о летней оздоровительной кампании"
    order_id = prepare.order(demo_db, title, "executing")
    task_id = prepare.task_of(demo_db, order_id)
    executor = visit_as("executor").page
    executor.goto(f"{live_server.url}/tasks")
    executor.get_by_role("link", name="Представить информацию о выполнении мероприятий.").first.wait_for()
    executor.goto(f"{live_server.url}/tasks/{task_id}")
    executor.get_by_label("Что сделано").fill("Информация подготовлена и направлена, справка прилагается.")
    executor.set_input_files(
        "#files", files=[{"name": "справка.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% test\n"}]
    )
    executor.get_by_role("button", name="Доложить об исполнении").click()
    executor.wait_for_load_state()
    assert "Отчёт отправлен" in executor.locator(".flash.success").inner_text()
    assert executor.get_by_role("link", name="справка.pdf").is_visible()
    screenshot(executor, screenshot_dir, "task-card")

    controller = visit_as("controller").page
    controller.goto(f"{live_server.url}/tasks/{task_id}")
    controller.locator("summary", has_text="Вернуть на доработку").click()
    form = controller.locator("details[open] form")
    form.get_by_label("Комментарий").fill("Приложите подписанную справку.")
    form.get_by_role("button", name="Вернуть на доработку").click()
    controller.wait_for_load_state()
    assert controller.locator(".title-row .badge").inner_text() == "В работе"
    assert "Приложите подписанную справку." in controller.locator("ol.timeline").inner_text()

    executor.reload()
    executor.get_by_label("Что сделано").fill("Подписанная справка приложена.")
    executor.get_by_role("button", name="Доложить об исполнении").click()
    executor.wait_for_load_state()
    controller.reload()
    controller.locator("summary", has_text="Принять исполнение").click()
    controller.locator("details[open] form").get_by_role("button", name="Принять исполнение").click()
    controller.wait_for_load_state()
    assert controller.locator(".title-row .badge").inner_text() == "Исполнено"
    with demo_db.session() as session:
        task = session.get(Task, task_id)
        assert task is not None and task.state == "done" and not task.done_late
        files = select(func.count()).select_from(TaskAttachment).where(TaskAttachment.task_id == task_id)
        assert session.scalar(files) == 1


def test_the_controller_exports_the_overdue_tasks_to_xlsx(
    visit_as: Any, live_server: LiveServer, screenshot_dir: Path
) -> None:
    page = visit_as("controller").page
    page.goto(f"{live_server.url}/control?view=overdue")
    rows_on_page = page.locator("table tbody tr").count()
    assert rows_on_page > 0
    screenshot(page, screenshot_dir, "control-overdue")
    with page.expect_download() as info:
        page.get_by_role("link", name="Выгрузить в Excel (XLSX)").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[4]]
    assert header[:2] == ["№", "Поручение"] and "Просрочка, дней" in header
    overdue_days = [row[header.index("Просрочка, дней")] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert len(overdue_days) >= rows_on_page and all(days and days > 0 for days in overdue_days)
    assert "Сводка" in book.sheetnames


def _bad_template() -> bytes:
    document = Document()
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("{{ title }}")
    document.add_paragraph("{{ signatory.name }} {{ no_such_field }}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_admin_uploads_a_template_that_fails_the_lint_and_sees_why(
    visit_as: Any, live_server: LiveServer, demo_db: Database, screenshot_dir: Path
) -> None:
    with demo_db.session() as session:
        before = session.scalar(select(func.count()).select_from(DocumentTemplate))
    page = visit_as("admin").page
    page.goto(f"{live_server.url}/admin/templates")
    page.get_by_label("Вид документа").select_option("order")
    page.set_input_files(
        "#file",
        files=[
            {
                "name": "приказ.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": _bad_template(),
            }
        ],
    )
    page.get_by_role("button", name="Проверить и загрузить").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=re.compile("Шаблон не принят")).is_visible()
    problems = page.locator(".lint-problems li").all_inner_texts()
    assert any("no_such_field" in p for p in problems)
    assert any("регистрационный номер" in p for p in problems)
    screenshot(page, screenshot_dir, "admin-template-lint")
    with demo_db.session() as session:
        assert session.scalar(select(func.count()).select_from(DocumentTemplate)) == before


def test_a_template_in_the_built_in_form_is_accepted_as_a_new_version(
    visit_as: Any, live_server: LiveServer, demo_db: Database
) -> None:
    from documents import template_path

    page = visit_as("admin").page
    page.goto(f"{live_server.url}/admin/templates")
    page.get_by_label("Вид документа").select_option("approval_sheet")
    page.set_input_files("#file", str(template_path("approval_sheet")))
    page.get_by_role("button", name="Проверить и загрузить").click()
    page.wait_for_load_state()
    assert "Шаблон принят" in page.locator(".flash.success").inner_text()
    with demo_db.session() as session:
        versions = session.scalars(
            select(DocumentTemplate.template_version).where(DocumentTemplate.doc_type == "approval_sheet")
        ).all()
    assert versions and max(versions) >= 1
    assert zipfile.is_zipfile(template_path("approval_sheet"))
