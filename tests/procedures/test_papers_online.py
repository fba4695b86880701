"""How each paper of the checklist comes when the dossier is filed online (`RequiredDocument.online`):
kept by the catalogue's import and export, JSON and xlsx, and shown on the procedure's public page.

Decree 118/2025/NĐ-CP art. 17.1.b: a paper whose electronic data the one-stop can read from a national or
specialised database is neither declared again nor filed again; art. 5.1.i forbids asking for it again."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from egov.procedures.catalogue_io import export, importer, xlsx_write
from egov.procedures.catalogue_io.xlsx_sheets import DOCUMENTS
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
