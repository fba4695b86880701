"""How each paper of the checklist comes when the dossier is filed online (`RequiredDocument.online`):
kept by the catalogue's import and export, JSON and xlsx, and shown on the procedure's public page.

Decree 118/2025/NĐ-CP art. 4.2a (added by Decree 309/2026/NĐ-CP art. 2.1): the one-stop uses the data
already in the databases instead of a dossier component and does not ask for it; art. 5.1.i forbids asking
for it again."""

from __future__ import annotations

import io
import json

import pytest
from django.utils import translation
from openpyxl import load_workbook

from egov.procedures.catalogue_io import export, importer, xlsx_write
from egov.procedures.catalogue_io.xlsx_sheets import DOCUMENTS
from egov.procedures.demo import DEMO_FILE
from egov.procedures.models import Procedure, RequiredDocument
from egov.procedures.selectors import not_asked_online, online_checklist
from tests.factories import SYSTEM
from tests.procedures.conftest import Catalogue

pytestmark = pytest.mark.django_db


def birth(data: dict) -> dict:
    return next(p for p in data["procedures"] if p["code"] == "1.001193")


def test_the_online_checklist_leaves_out_the_form_and_the_databases(catalogue: Catalogue) -> None:
    procedure = Procedure.objects.get(code="1.001193")
    RequiredDocument.objects.create(
        procedure=procedure, name="Giấy tờ tùy thân", online=RequiredDocument.Online.DATABASE, sort_order=9
    )
    assert [d.name for d in online_checklist(procedure)] == ["Giấy chứng sinh"]
    assert [d.name for d in not_asked_online(procedure)] == ["Tờ khai đăng ký khai sinh", "Giấy tờ tùy thân"]


def test_the_json_export_and_import_keep_it(catalogue: Catalogue) -> None:
    data = export.export_catalogue()
    assert [d["online"] for d in birth(data)["documents"]] == ["form", "upload"]
    birth(data)["documents"][1]["online"] = "database"
    result = importer.import_catalogue(SYSTEM, data)
    assert result.ok and result.updated == ["1.001193"], result.errors
    procedure = Procedure.objects.get(code="1.001193")
    assert [d.online for d in procedure.documents.all()] == ["form", "database"]


def test_an_unknown_way_is_refused_where_it_is(catalogue: Catalogue) -> None:
    data = export.export_catalogue()
    birth(data)["documents"][0]["online"] = "fax"
    with translation.override("vi"):
        result = importer.import_catalogue(SYSTEM, data)
    assert not result.ok
    assert any("fax" in str(e) and "upload, form, database" in str(e) for e in result.errors)
    assert Procedure.objects.get(code="1.001193").documents.first().online == "form"  # nothing changed


def _workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_the_workbook_has_the_column_last_and_reads_it_back(catalogue: Catalogue) -> None:
    book = _workbook(xlsx_write.write(export.export_catalogue()))
    sheet = book[DOCUMENTS.title]
    headers = [c.value for c in sheet[1]]
    assert headers[-1] == "Khi nộp trực tuyến (upload/form/database)"
    column = len(headers)
    rows = {sheet.cell(r, 3).value: sheet.cell(r, column).value for r in range(2, sheet.max_row + 1)}
    assert rows["Tờ khai đăng ký khai sinh"] == "form"
    # Changed in the workbook and imported: kept; an empty cell (a workbook of before the column) is "upload".
    for r in range(2, sheet.max_row + 1):
        if sheet.cell(r, 3).value == "Tờ khai đăng ký khai sinh":
            sheet.cell(r, column).value = None
        if sheet.cell(r, 3).value == "Giấy chứng sinh":
            sheet.cell(r, column).value = "database"
    buffer = io.BytesIO()
    book.save(buffer)
    result = importer.import_file(SYSTEM, "catalogue.xlsx", io.BytesIO(buffer.getvalue()))
    assert result.ok, result.errors
    procedure = Procedure.objects.get(code="1.001193")
    assert {d.name: d.online for d in procedure.documents.all()} == {
        "Tờ khai đăng ký khai sinh": "upload",
        "Giấy chứng sinh": "database",
    }


def test_the_public_page_says_how_each_paper_comes_online(client, catalogue: Catalogue) -> None:
    procedure = Procedure.objects.get(code="1.001193")
    RequiredDocument.objects.create(
        procedure=procedure, name="Giấy tờ tùy thân", online=RequiredDocument.Online.DATABASE, sort_order=9
    )
    page = client.get(f"/thu-tuc/{procedure.code}/").content.decode()
    assert "nộp trực tuyến: khai trên biểu mẫu trực tuyến" in page
    assert "nộp trực tuyến: khai thác từ cơ sở dữ liệu, không tải lên" in page


def test_a_declaration_is_asked_as_a_file_where_there_is_no_online_form(catalogue: Catalogue) -> None:
    # 1.012755 has no online form: its declaration cannot be "the form", so it is uploaded.
    procedure = Procedure.objects.get(code="1.012755")
    assert procedure.forms.filter(status="published").count() == 0
    line = RequiredDocument.objects.create(
        procedure=procedure, name="Tờ khai", online=RequiredDocument.Online.FORM
    )
    assert line in online_checklist(procedure) and line not in not_asked_online(procedure)


def test_the_demo_catalogue_marks_each_declaration_and_identity_paper() -> None:
    """Every procedure of the demo with an online form has its declaration (the first paper of its
    published record) marked as that form, certification aside (its papers are shown in person); every
    identity paper "to show" is read from the population database."""
    data = json.loads(DEMO_FILE.read_text())
    for procedure in data["procedures"]:
        documents = procedure.get("documents", [])
        if "form" in procedure and procedure["field"] != "CTH" and documents:
            assert documents[0]["online"] == "form", (procedure["code"], documents[0]["name"])
        for doc in documents:
            if doc["name"].startswith("Giấy tờ tùy thân") and "xuất trình" in doc["name"]:
                assert doc["online"] == "database", (procedure["code"], doc["name"])
            assert doc["online"] in RequiredDocument.Online.values
            if "nếu không khai thác được" in doc["name"]:  # only when the database cannot give it
                assert not doc["required"], (procedure["code"], doc["name"])
