"""DOCX orders built in the tests as offices lay them out (python-docx; Word's numbering written with lxml)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

HEADER = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "АДМИНИСТРАЦИИ ГОРОДА СОСНОВСК"]
TITLE = "Об организации мониторинга качества образования"
PREAMBLE = "В целях реализации Концепции региональной системы оценки качества образования"

# (number, text, level): the points of the order as the tests expect to read them back.
POINTS: list[tuple[str, str]] = [
    ("1", "Утвердить план мониторинга качества образования (Приложение 1 к приказу)."),
    ("2", "Руководителям образовательных организаций обеспечить участие в мониторинге в срок до 28 марта 2022 года."),
    ("3", "Директору МБУ ДПО «СОИРО» Куропаткиной А.Н.:"),
    ("3.1", "Провести семинар для заместителей директоров в срок до 15 апреля 2022 года."),
    ("3.2", "Подготовить аналитическую справку до 20.05.2022."),
    ("4", "Контроль за исполнением приказа возложить на заместителя начальника управления Ушакову И.Г."),
]
ROADMAP_ROWS = [
    ["№", "Мероприятие", "Сроки исполнения", "Ответственный исполнитель"],
    ["1.", "Механизмы управления качеством", "", ""],
    ["1.1.", "Утверждение плана мониторинга", "до 01.04.2022", "Управление образования"],
    ["1.2.", "Проведение диагностических работ", "Апрель 2022", "Образовательные организации"],
]


@dataclass
class Layout:
    """How one test document is laid out."""

    kind_word: str = "П Р И К А З"
    # "table": «24» марта 2022 г. | № 390 in two cells; "tabbed": one line; "none": neither (a draft's copy)
    requisites: str = "table"
    date_text: str = "«24» марта 2022 г."
    number: str = "390"
    place: str = "г. Сосновск"
    numbering: str = "typed"  # "typed": «1.», «3.1.» written; "word": w:numPr + numbering.xml
    command: str = "п р и к а з ы в а ю:"
    points: list[tuple[str, str]] = field(default_factory=lambda: list(POINTS))
    signature_position: str = "Начальник управления"
    signature_name: str = "Н.Е. Дереча"
    executor_mark: str = "Исп. Петрова Мария Ивановна, тел. 8 (4812) 38-12-45"
    appendix: bool = True


def _numbering(document: object) -> None:
    """A two-level decimal list (1., 1.1.) as numId 90, written straight into numbering.xml."""
    part = document.part.numbering_part  # type: ignore[attr-defined]
    root = part.element
    abstract = etree.SubElement(root, qn("w:abstractNum"))
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, text in ((0, "%1."), (1, "%1.%2.")):
        lvl = etree.SubElement(abstract, qn("w:lvl"))
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text)):
            etree.SubElement(lvl, qn(tag)).set(qn("w:val"), val)
    # abstractNum elements come before num elements in the schema.
    root.remove(abstract)
    root.insert(0, abstract)
    num = etree.SubElement(root, qn("w:num"))
    num.set(qn("w:numId"), "90")
    etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), "90")


def _numbered(paragraph: object, ilvl: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    num_pr = etree.SubElement(p_pr, qn("w:numPr"))
    etree.SubElement(num_pr, qn("w:ilvl")).set(qn("w:val"), str(ilvl))
    etree.SubElement(num_pr, qn("w:numId")).set(qn("w:val"), "90")


def order_docx(layout: Layout | None = None) -> bytes:
    """An order document in the given layout."""
    layout = layout or Layout()
    document = Document()
    for line in HEADER:
        document.add_paragraph(line)
    document.add_paragraph(layout.kind_word)
    if layout.requisites == "table":
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = layout.date_text
        table.cell(0, 1).text = f"№ {layout.number}"
    elif layout.requisites == "tabbed":
        document.add_paragraph(f"{layout.date_text}\t\t\t\t№ {layout.number}")
    if layout.place:
        document.add_paragraph(layout.place)
    document.add_paragraph(TITLE).runs[0].bold = True
    document.add_paragraph(f"{PREAMBLE}, {layout.command}" if layout.command.islower() else PREAMBLE)
    if not layout.command.islower():
        document.add_paragraph(layout.command)
    if layout.numbering == "word":
        _numbering(document)
    for number, text in layout.points:
        if layout.numbering == "word":
            _numbered(document.add_paragraph(text), number.count("."))
        else:
            document.add_paragraph(f"{number}. {text}")
    document.add_paragraph(f"{layout.signature_position}\t\t\t\t{layout.signature_name}")
    if layout.executor_mark:
        document.add_paragraph(layout.executor_mark)
    if layout.appendix:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_paragraph("Приложение 1")
        document.add_paragraph(f"к приказу управления образования от 24.03.2022 № {layout.number}")
        document.add_paragraph("План мониторинга качества образования")
        table = document.add_table(rows=len(ROADMAP_ROWS), cols=4)
        for r, row in enumerate(ROADMAP_ROWS):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypted_zip() -> bytes:
    """A zip whose single member is flagged encrypted, as a password-protected archive would be."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
    data = bytearray(buffer.getvalue())
    # Set the "encrypted" general-purpose flag bit in the local header and the central directory.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x01
    return bytes(data)


def order_533_docx(signature_name: str = "Н.М. Эрдни-Горяева.") -> bytes:
    """Order 533 of the samples as it is laid out: lines of its own for date, number and place, dash items."""
    document = Document()
    document.add_paragraph("МКУ «ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЧЕРНОЗЕМЕЛЬСКОГО")
    document.add_paragraph("РАЙОННОГО МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ РЕСПУБЛИКИ КАЛМЫКИЯ»")
    document.add_paragraph("П Р И К А З")
    document.add_paragraph("от «30» ноября 2022 г")
    document.add_paragraph("№ 533")
    document.add_paragraph("п.Комсомольский")
    title = document.add_paragraph().add_run("Об утверждении отчета и дорожных карт на 2022-2023 учебный год")
    title.bold = title.italic = True
    document.add_paragraph("На основании письма Министерства образования и науки от 16.11.2022 г. № 4518")
    document.add_paragraph("ПРИКАЗЫВАЮ:")
    document.add_paragraph("1. Утвердить отчет за 2021-2022 год (Приложение 1 к приказу).")
    document.add_paragraph("2. Руководителям общеобразовательных организаций:")
    document.add_paragraph("- обеспечить выполнение мероприятий в установленные сроки.")
    document.add_paragraph("3. Бадмаевой Л.Н., ответственному за размещение материалов на сайте отдела образования:")
    document.add_paragraph("- обеспечить системную работу в течение 2022-2023 учебного года.")
    document.add_paragraph("4. Контроль за исполнением приказа оставляю за собой.")
    document.add_paragraph("Заведующая МКУ «Отдел образования")
    document.add_paragraph("Администрации Черноземельского РМО РК»")
    document.add_paragraph("")
    document.add_paragraph(signature_name)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
