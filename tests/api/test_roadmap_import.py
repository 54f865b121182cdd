"""POST /roadmaps/import: the roadmap table of a DOCX or XLSX becomes a draft roadmap with warnings."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from documents import render_document
from documents.contexts import (
    AppendixDoc,
    OrderDoc,
    OrganizationDoc,
    PersonDoc,
    RoadmapRowDoc,
    RoadmapSectionDoc,
    SignatureDoc,
)
from models import Roadmap
from tests.api.conftest import Api

ROADMAP_533 = json.loads((Path(__file__).parents[2] / "tools/data/demo_roadmap_533.json").read_text("utf-8"))


def _docx_of_533() -> bytes:
    """Order 533 printed by our own renderer: its roadmap appendix is the table to import back."""
    rows = [
        RoadmapRowDoc(a["number"], a["content"], a["deadline_text"], a["responsible_text"])
        for a in ROADMAP_533["activities"]
    ]
    head = PersonDoc("Дереча", "Наталья", "Евгеньевна", "f", "начальник управления образования")
    doc = OrderDoc(
        organization=OrganizationDoc(name="Управление образования"),
        title="Об утверждении дорожной карты",
        signature=SignatureDoc(person=head),
        points=[],
        appendices=[
            AppendixDoc(
                kind="roadmap",
                title=ROADMAP_533["title"],
                sections=[RoadmapSectionDoc("1.1", ROADMAP_533["section"]["title"], rows)],
            )
        ],
    )
    return render_document(doc)


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["№", "Мероприятие", "Срок исполнения", "Ответственный исполнитель"])
    sheet.append(["1.", "Организационные мероприятия", None, None])
    sheet.append(["1.1.", "Утверждение плана", "Сентябрь 2027", "Отдел образования"])
    sheet.append(["1.2.", "Участие в ВПР", "В соответствии с графиком проведения", "Школы"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _post(api: Api, who: str, data: bytes, name: str, **form: object) -> object:
    fields = {"organization_id": str(api.office.orgs["authority"]), **{k: str(v) for k, v in form.items()}}
    return api.post(
        "roadmaps/import", who, data={**fields, "file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def test_the_roadmap_of_order_533_comes_back_from_our_own_docx(api: Api) -> None:
    response = _post(
        api, "clerk", _docx_of_533(), "Дорожная карта 533.docx", period_start="2022-09-01", period_end="2022-12-31"
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    activities = [a for s in body["sections"] for a in s["activities"]]
    assert [a["deadline_text"] for a in activities] == [a["deadline_text"] for a in ROADMAP_533["activities"]]
    assert activities[0]["content"] == ROADMAP_533["activities"][0]["content"]
    assert body["state"] == "draft" and body["title"] == "Дорожная карта 533"
    assert any("В соответствии с графиком проведения" in w for w in body["warnings"])


def test_an_xlsx_table_with_a_section_row_is_imported(api: Api) -> None:
    body = _post(api, "clerk", _xlsx(), "plan.xlsx", title="План").get_json()
    assert [s["title"] for s in body["sections"]] == ["Организационные мероприятия"]
    assert [a["number"] for a in body["sections"][0]["activities"]] == ["1.1", "1.2"]
    assert body["sections"][0]["activities"][0]["responsible_text"] == "Отдел образования"


def test_files_that_are_not_roadmaps_are_refused_and_nothing_is_created(api: Api) -> None:
    assert _post(api, "clerk", b"plain text", "x.txt").status_code == 415
    empty = Workbook()
    buffer = io.BytesIO()
    empty.save(buffer)
    no_table = _post(api, "clerk", buffer.getvalue(), "empty.xlsx")
    assert no_table.status_code == 422 and "Мероприятие" in no_table.get_json()["error"]["message"]
    assert _post(api, "executor", _xlsx(), "plan.xlsx").status_code == 403
    missing = api.post("roadmaps/import", "clerk", data={"organization_id": "1"}, content_type="multipart/form-data")
    assert missing.status_code == 422
    with api.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Roadmap)) == 0
