"""The result-type code of a procedure (mã loại kết quả, Decree 118/2025 art. 22.4): the second half of its
electronic results' document code, edited with the procedure and carried by the catalogue's JSON and xlsx.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov.organizations.models import Agency
from egov.procedures.catalogue_io import export, importer, xlsx_read, xlsx_write
from egov.procedures.forms import ProcedureForm
from egov.procedures.models import Procedure
from tests.factories import SYSTEM
from tests.procedures.conftest import Catalogue

pytestmark = pytest.mark.django_db

CODE = "TEST.KQ01"  # made up for the test: not a national code


def _with_code(catalogue: Catalogue) -> None:
    Procedure.objects.filter(pk=catalogue.birth.pk).update(result_type_code=CODE)


def test_json_export_and_import_carry_the_result_type_code_decree_118_art_22_4(catalogue: Catalogue) -> None:
    _with_code(catalogue)
    data = export.export_catalogue()
    birth = next(p for p in data["procedures"] if p["code"] == catalogue.birth.code)
    assert birth["result_type_code"] == CODE
    birth["result_type_code"] = "TEST.KQ02"
    result = importer.import_catalogue(SYSTEM, data)
    assert result.ok and result.updated == [catalogue.birth.code]
    assert Procedure.objects.get(pk=catalogue.birth.pk).result_type_code == "TEST.KQ02"


def test_xlsx_carries_the_result_type_code_under_its_vietnamese_header(catalogue: Catalogue) -> None:
    _with_code(catalogue)
    content = xlsx_write.write(export.export_catalogue())
    sheet = load_workbook(io.BytesIO(content))["Thủ tục"]
    headers = [c.value for c in sheet[1]]
    column = headers.index("Mã loại kết quả")
    assert CODE in [row[column].value for row in sheet.iter_rows(min_row=2)]
    Procedure.objects.filter(pk=catalogue.birth.pk).update(result_type_code="")
    data, locate, errors = xlsx_read.read(io.BytesIO(content))
    assert errors == []
    assert importer.import_catalogue(SYSTEM, data, locate).ok
    assert Procedure.objects.get(pk=catalogue.birth.pk).result_type_code == CODE


def test_a_too_long_result_type_code_is_refused_in_vietnamese(catalogue: Catalogue) -> None:
    data = export.export_catalogue()
    data["procedures"][0]["result_type_code"] = "X" * 31
    result = importer.import_catalogue(SYSTEM, data)
    assert not result.ok
    assert any("result_type_code" in str(issue.where) for issue in result.errors)
    assert not Procedure.objects.exclude(result_type_code="").exists()


def test_the_procedure_editor_edits_the_result_type_code(catalogue: Catalogue) -> None:
    form = ProcedureForm(instance=catalogue.birth, agencies=Agency.objects.all())
    assert "result_type_code" in form.fields


def test_the_procedure_page_shows_the_result_type_code(catalogue: Catalogue, cast, login) -> None:
    _with_code(catalogue)
    client = login(cast.province_admin)
    page = client.get(reverse("procedures:admin_detail", args=[catalogue.birth.pk])).content.decode()
    assert f'<dd id="result-type-code">{CODE}</dd>' in page
