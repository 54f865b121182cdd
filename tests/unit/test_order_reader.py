"""The order reader on DOCX files built in several real layouts, compared field by field."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from documents.order_reader import ReadOrder, read_order
from documents.untrusted import UnsafeFile, read_office_file
from tests.order_documents import HEADER, POINTS, PREAMBLE, ROADMAP_ROWS, TITLE, Layout, order_docx


def _tree(order: ReadOrder) -> list[tuple[str, str]]:
    flat: list[tuple[str, str]] = []

    def walk(points: list) -> None:
        for point in points:
            flat.append((point.number, point.text))
            walk(point.children)

    walk(order.points)
    return flat


def _assert_the_sample_order(order: ReadOrder) -> None:
    assert order.header == HEADER
    assert order.kind == "order"
    assert order.reg_date == date(2022, 3, 24)
    assert order.reg_number == "390"
    assert order.place == "г. Сосновск"
    assert order.title == TITLE
    assert order.preamble == PREAMBLE
    # The control clause is the order's controller, not a point of its own.
    assert _tree(order) == POINTS[:-1]
    assert order.control == POINTS[-1][1]
    assert order.signature_position == "Начальник управления"
    assert order.signature_name == "Н.Е. Дереча"
    assert order.executor_name == "Петрова Мария Ивановна"
    assert order.executor_phone == "8 (4812) 38-12-45"
    assert len(order.appendices) == 1
    appendix = order.appendices[0]
    assert appendix.number == "1"
    assert appendix.heading == "Приложение 1 к приказу управления образования от 24.03.2022 № 390"
    assert appendix.title == "План мониторинга качества образования"
    assert appendix.rows == ROADMAP_ROWS
    assert order.warnings == []


def test_an_order_with_number_and_date_in_a_two_cell_table_and_typed_numbers_is_read_field_by_field() -> None:
    order = read_order(order_docx(Layout()))
    _assert_the_sample_order(order)
    assert order.command == "п р и к а з ы в а ю:"
    assert not any(p.auto_numbered for p in order.points)


def test_an_order_with_a_tabbed_requisites_line_and_word_numbering_reads_the_same() -> None:
    order = read_order(
        order_docx(Layout(requisites="tabbed", date_text="24.03.2022", numbering="word", command="ПРИКАЗЫВАЮ:"))
    )
    _assert_the_sample_order(order)
    assert order.command == "ПРИКАЗЫВАЮ:"
    assert all(p.auto_numbered for p in order.points)


def test_word_numbering_continues_after_a_start_override_and_restarts_sub_levels() -> None:
    from docx.oxml.ns import qn
    from lxml import etree

    from tests.order_documents import _numbered, _numbering

    document = Document()
    document.add_paragraph("П Р И К А З")
    document.add_paragraph("01.02.2023\t№ 12")
    document.add_paragraph("О проверке")
    document.add_paragraph("ПРИКАЗЫВАЮ:")
    _numbering(document)
    num = document.part.numbering_part.element.findall(qn("w:num"))[-1]
    override = etree.SubElement(num, qn("w:lvlOverride"))
    override.set(qn("w:ilvl"), "0")
    etree.SubElement(override, qn("w:startOverride")).set(qn("w:val"), "3")
    for text, level in (("Первый", 0), ("Под первым", 1), ("Второй", 0), ("Под вторым", 1), ("Ещё под вторым", 1)):
        _numbered(document.add_paragraph(text), level)
    buffer = io.BytesIO()
    document.save(buffer)
    order = read_order(buffer.getvalue())
    assert _tree(order) == [
        ("3", "Первый"),
        ("3.1", "Под первым"),
        ("4", "Второй"),
        ("4.1", "Под вторым"),
        ("4.2", "Ещё под вторым"),
    ]


def _resolution() -> bytes:
    document = Document()
    for line in ("АДМИНИСТРАЦИЯ", "ШКОТОВСКОГО МУНИЦИПАЛЬНОГО РАЙОНА", "ПРИМОРСКОГО КРАЯ", "ПОСТАНОВЛЕНИЕ"):
        document.add_paragraph(line)
    document.add_paragraph("05.07.2021")
    document.add_paragraph("г. Большой Камень")
    document.add_paragraph("№ 935")
    document.add_paragraph("Об утверждении Концепции муниципальной системы оценки\nкачества образования")
    document.add_paragraph("С целью совершенствования муниципальных механизмов управления качеством образования")
    document.add_paragraph("ПОСТАНОВЛЯЕТ:")
    document.add_paragraph("1. Утвердить прилагаемую Концепцию.")
    document.add_paragraph("2. Руководителям образовательных организаций:")
    document.add_paragraph("2.1. Руководствоваться положениями Концепции;")
    document.add_paragraph("- Система оценки качества подготовки обучающихся;")
    document.add_paragraph(
        "3. Контроль за исполнением данного постановления возложить на первого заместителя главы "
        "администрации Т.А. Шестопалову."
    )
    document.add_paragraph("Глава Шкотовского\nмуниципального района\tА.В. Бородин")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_resolution_with_date_place_and_number_on_separate_lines_is_read() -> None:
    order = read_order(_resolution())
    assert order.kind == "resolution"
    assert order.header == ["АДМИНИСТРАЦИЯ", "ШКОТОВСКОГО МУНИЦИПАЛЬНОГО РАЙОНА", "ПРИМОРСКОГО КРАЯ"]
    assert (order.reg_date, order.reg_number, order.place) == (date(2021, 7, 5), "935", "г. Большой Камень")
    assert order.title == "Об утверждении Концепции муниципальной системы оценки качества образования"
    assert order.command == "ПОСТАНОВЛЯЕТ:"
    assert _tree(order) == [
        ("1", "Утвердить прилагаемую Концепцию."),
        ("2", "Руководителям образовательных организаций:"),
        ("2.1", "Руководствоваться положениями Концепции;\n- Система оценки качества подготовки обучающихся;"),
    ]
    assert "Т.А. Шестопалову" in order.control
    assert order.signature_name == "А.В. Бородин"
    assert order.signature_position == "Глава Шкотовского муниципального района"


def test_a_letter_keeps_its_compound_number_and_its_body_as_text() -> None:
    document = Document()
    for line in ("Администрация", "Комсомольского муниципального района", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ"):
        document.add_paragraph(line)
    document.add_paragraph("26.07.2022 № 01-27/1951")
    document.add_paragraph("О направлении перечня мероприятий")
    document.add_paragraph("Управление образования направляет для использования в работе примерный перечень.")
    document.add_paragraph("Начальник управления образования\tЕ.Б. Порвина")
    buffer = io.BytesIO()
    document.save(buffer)
    order = read_order(buffer.getvalue())
    assert order.kind == "letter"
    assert order.reg_number == "01-27/1951"
    assert order.reg_date == date(2022, 7, 26)
    assert order.title == "О направлении перечня мероприятий"
    assert order.preamble.startswith("Управление образования направляет")
    assert order.points == []
    assert order.signature_name == "Е.Б. Порвина"


def test_text_the_reader_cannot_place_is_a_warning_with_the_text() -> None:
    document = Document()
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("01.02.2023\t№ 12")
    document.add_paragraph("О проверке")
    document.add_paragraph("ПРИКАЗЫВАЮ:")
    document.add_paragraph("Без номера перед пунктами")
    document.add_paragraph("1. Провести проверку.")
    document.add_paragraph("Начальник\tА.А. Иванов")
    document.add_paragraph("Случайная таблица ниже")
    buffer = io.BytesIO()
    document.save(buffer)
    order = read_order(buffer.getvalue())
    texts = {(w.field, w.text) for w in order.warnings}
    assert ("points", "Без номера перед пунктами") in texts
    assert any(w.field == "executor_mark" or w.field == "appendices" for w in order.warnings)


def test_a_file_that_is_not_a_docx_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(UnsafeFile) as caught:
        read_office_file(b"not a zip at all", read_order)
    assert "DOCX" in caught.value.message


def test_order_533_of_the_samples_reads_with_its_own_lines_for_date_number_and_place() -> None:
    from tests.order_documents import order_533_docx

    order = read_order(order_533_docx())
    assert order.header == [
        "МКУ «ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЧЕРНОЗЕМЕЛЬСКОГО",
        "РАЙОННОГО МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ РЕСПУБЛИКИ КАЛМЫКИЯ»",
    ]
    assert (order.reg_date, order.reg_number, order.place) == (date(2022, 11, 30), "533", "п.Комсомольский")
    assert order.title == "Об утверждении отчета и дорожных карт на 2022-2023 учебный год"
    assert order.preamble == "На основании письма Министерства образования и науки от 16.11.2022 г. № 4518"
    assert _tree(order) == [
        ("1", "Утвердить отчет за 2021-2022 год (Приложение 1 к приказу)."),
        (
            "2",
            "Руководителям общеобразовательных организаций:\n"
            "- обеспечить выполнение мероприятий в установленные сроки.",
        ),
        (
            "3",
            "Бадмаевой Л.Н., ответственному за размещение материалов на сайте отдела образования:\n"
            "- обеспечить системную работу в течение 2022-2023 учебного года.",
        ),
    ]
    assert order.control == "Контроль за исполнением приказа оставляю за собой."
    assert order.signature_name == "Н.М. Эрдни-Горяева"
    assert order.signature_position == "Заведующая МКУ «Отдел образования Администрации Черноземельского РМО РК»"
    assert order.warnings == []


def test_a_last_point_is_not_swallowing_the_signatory_position_below_it() -> None:
    document = Document()
    for line in ("ПРИКАЗ", "01.02.2023\t№ 12", "О проверке", "ПРИКАЗЫВАЮ:", "1. Провести проверку."):
        document.add_paragraph(line)
    document.add_paragraph("Начальник управления")
    document.add_paragraph("Н.Е. Дереча")
    buffer = io.BytesIO()
    document.save(buffer)
    order = read_order(buffer.getvalue())
    assert _tree(order) == [("1", "Провести проверку.")]
    assert (order.signature_position, order.signature_name) == ("Начальник управления", "Н.Е. Дереча")


def test_numbering_that_comes_from_the_paragraph_style_is_read_too() -> None:
    from docx.oxml.ns import qn
    from lxml import etree

    from tests.order_documents import _numbering

    document = Document()
    for line in ("ПРИКАЗ", "01.02.2023\t№ 12", "О проверке", "ПРИКАЗЫВАЮ:"):
        document.add_paragraph(line)
    _numbering(document)
    style = document.styles["List Number"]
    p_pr = style.element.get_or_add_pPr()
    for old in p_pr.findall(qn("w:numPr")):
        p_pr.remove(old)
    num_pr = etree.SubElement(p_pr, qn("w:numPr"))
    etree.SubElement(num_pr, qn("w:numId")).set(qn("w:val"), "90")
    document.add_paragraph("Провести проверку.", style="List Number")
    document.add_paragraph("Подвести итоги.", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    assert _tree(read_order(buffer.getvalue())) == [("1", "Провести проверку."), ("2", "Подвести итоги.")]
