"""The mark of the electronic signature on the visualised copy (ГОСТ Р 7.0.97-2025)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from documents import render_document
from documents.checker import check_docx
from documents.examples import order_533
from documents.signature_mark import SignatureMarkDoc, add_signature_marks


def test_the_mark_names_serial_owner_and_validity_right_after_the_signature() -> None:
    data = render_document(order_533())
    mark = SignatureMarkDoc(serial="01AB", owner="Дереча Нина Евгеньевна", valid_from=date(2026, 1, 1),
                            valid_to=date(2027, 1, 1))
    marked = add_signature_marks(data, [mark])
    xml = zipfile.ZipFile(io.BytesIO(marked)).read("word/document.xml").decode()
    assert "ДОКУМЕНТ ПОДПИСАН" in xml and "Сертификат: 01AB" in xml
    assert "Действителен: с 01.01.2026 по 01.01.2027" in xml
    assert xml.index("Н.М.\u00a0Эрдни-Горяева") < xml.index("ДОКУМЕНТ ПОДПИСАН")
    assert check_docx(marked, "order").ok
