"""The catalogue through JSON and xlsx: round trips unchanged, errors located in Vietnamese, all or none."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from egov.core.models import AuditEntry
from egov.procedures.catalogue_io import export, importer, xlsx_read, xlsx_write
from egov.procedures.demo import DEMO_FILE, load_demo_catalogue
from egov.procedures.models import FormVersion, Procedure, WorkflowTemplate
from tests.conftest import Cast
from tests.factories import SYSTEM
from tests.procedures.conftest import Catalogue

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Procedure.objects.count(),
        WorkflowTemplate.objects.count(),
        FormVersion.objects.count(),
        AuditEntry.objects.count(),
    )


def xlsx_bytes() -> bytes:
    return xlsx_write.write(export.export_catalogue())


def read_xlsx(content: bytes) -> tuple[dict[str, Any], Any]:
    data, locate, errors = xlsx_read.read(io.BytesIO(content))
    assert errors == []
    return data, locate


class TestRoundTrip:
    def test_json_export_has_the_agreed_format(self, catalogue: Catalogue) -> None:
        data = export.export_catalogue()
        assert data["format"] == "egov-catalogue/1"
        birth = next(p for p in data["procedures"] if p["code"] == "1.001193")
        assert birth["processing_time"] == "1" and birth["time_unit"] == "days"
        assert birth["workflow"]["steps"][0] == {
            "kind": "receive", "name": "Tiếp nhận hồ sơ", "role": "desk_officer", "agency": None,
            "allotted_hours": "0.5",
        }  # fmt: skip
        assert birth["fees"][0]["amount"] == "0"
        assert birth["form"]["fields"][2]["choices"] == [["nam", "Nam"], ["nu", "Nữ"]]

    def test_reimporting_an_export_changes_nothing(self, catalogue: Catalogue) -> None:
        before = counts()
        updated = {p.code: p.updated_at for p in Procedure.objects.all()}
        result = importer.import_catalogue(SYSTEM, export.export_catalogue())
        assert result.ok and result.created == [] and result.updated == []
        assert sorted(result.unchanged) == ["1.001193", "1.012755"]
        assert counts() == before
        assert {p.code: p.updated_at for p in Procedure.objects.all()} == updated

    def test_xlsx_round_trip_is_unchanged(self, catalogue: Catalogue) -> None:
        exported = export.export_catalogue()
        before = counts()
        data, locate = read_xlsx(xlsx_bytes())
        result = importer.import_catalogue(SYSTEM, data, locate)
        assert result.ok and result.updated == [] and result.created == []
        assert counts() == before
        assert export.export_catalogue() == exported

    def test_xlsx_into_an_empty_catalogue_gives_the_same_catalogue(self, catalogue: Catalogue) -> None:
        exported = export.export_catalogue()
        content = xlsx_bytes()
        Procedure.objects.all().delete()
        data, locate = read_xlsx(content)
        result = importer.import_catalogue(SYSTEM, data, locate)
        assert result.ok, result.errors
        assert sorted(result.created) == ["1.001193", "1.012755"]
        assert export.export_catalogue() == exported
        assert xlsx_bytes() != b"" and read_xlsx(xlsx_bytes())[0] == read_xlsx(content)[0]

    def test_workbook_has_vietnamese_sheets_and_headers(self, catalogue: Catalogue) -> None:
        book = load_workbook(io.BytesIO(xlsx_bytes()))
        assert book.sheetnames == [
            "Hướng dẫn", "Lĩnh vực", "Thủ tục", "Thành phần hồ sơ", "Phí lệ phí", "Trường biểu mẫu",
            "Bước quy trình",
        ]  # fmt: skip
        assert book["Thủ tục"]["A1"].value == "Mã thủ tục"
        assert book["Thủ tục"]["L2"].value in ("Có", "Không")

    def test_a_changed_workflow_becomes_a_new_published_version(self, catalogue: Catalogue) -> None:
        data = export.export_catalogue()
        birth = next(p for p in data["procedures"] if p["code"] == "1.001193")
        birth["workflow"]["steps"][1]["allotted_hours"] = "5"
        birth["workflow"]["steps"][2]["allotted_hours"] = "2"
        birth["name"] = "Đăng ký khai sinh"
        result = importer.import_catalogue(SYSTEM, data)
        assert result.ok and result.updated == ["1.001193"] and result.unchanged == ["1.012755"]
        versions = list(catalogue.birth.workflows.order_by("version").values_list("version", "status"))
        assert versions == [(1, "unpublished"), (2, "published")]
        assert catalogue.birth.forms.count() == 1  # the form did not change


class TestErrors:
    def test_a_failed_import_changes_nothing(self, catalogue: Catalogue) -> None:
        data = export.export_catalogue()
        data["procedures"].append(copy.deepcopy(data["procedures"][0]))
        data["procedures"][-1]["code"] = "1.999999"
        data["procedures"][0]["name"] = "Tên mới"
        data["procedures"][1]["levels"] = ["galaxy"]
        before = counts()
        result = importer.import_catalogue(SYSTEM, data)
        assert not result.ok
        assert counts() == before
        assert not Procedure.objects.filter(code="1.999999").exists()
        assert Procedure.objects.filter(name="Tên mới").count() == 0

    def test_xlsx_errors_name_sheet_row_and_column_in_vietnamese(self, catalogue: Catalogue) -> None:
        book = load_workbook(io.BytesIO(xlsx_bytes()))
        book["Thủ tục"]["F2"] = "ba ngày"  # processing time
        steps = book["Bước quy trình"]
        steps["H3"] = 7  # hours of the second step: no longer adds up to 8
        book["Thành phần hồ sơ"]["A2"] = "9.999"  # a paper of an unknown procedure
        buffer = io.BytesIO()
        book.save(buffer)
        before = counts()
        with translation.override("vi"):
            result = importer.import_file(SYSTEM, "catalogue.xlsx", io.BytesIO(buffer.getvalue()))
        assert counts() == before
        messages = [str(e) for e in result.errors]
        assert any(m.startswith("Trang tính «Thành phần hồ sơ», dòng 2, cột «Mã thủ tục»") for m in messages)
        with translation.override("vi"):
            fixed = io.BytesIO()
            book["Thành phần hồ sơ"]["A2"] = "1.012755"
            book.save(fixed)
            result = importer.import_file(SYSTEM, "catalogue.xlsx", io.BytesIO(fixed.getvalue()))
        messages = [str(e) for e in result.errors]
        assert "Trang tính «Thủ tục», dòng 2, cột «Thời hạn giải quyết»: Cần nhập một số." in messages
        assert counts() == before

    def test_workflow_total_error_points_at_the_steps_sheet(self, catalogue: Catalogue) -> None:
        book = load_workbook(io.BytesIO(xlsx_bytes()))
        book["Bước quy trình"]["H3"] = 7
        buffer = io.BytesIO()
        book.save(buffer)
        with translation.override("vi"):
            result = importer.import_file(SYSTEM, "catalogue.xlsx", io.BytesIO(buffer.getvalue()))
        [error] = result.errors
        assert error.where == "Trang tính «Bước quy trình», dòng 2, cột «Số giờ làm việc»"
        assert "9" in error.message and "8" in error.message

    def test_json_syntax_errors_give_line_and_column(self, cast: Cast) -> None:
        with translation.override("vi"):
            result = importer.import_file(
                SYSTEM, "x.json", io.BytesIO(b'{"format": "egov-catalogue/1",\n x}')
            )
        assert result.errors[0].where == "Dòng 2, cột 2"

    def test_a_broken_form_schema_is_located(self, catalogue: Catalogue) -> None:
        data = export.export_catalogue()
        data["procedures"][0]["form"]["fields"][1]["type"] = "colour"
        result = importer.import_catalogue(SYSTEM, data)
        assert [e.where for e in result.errors] == ["Thủ tục thứ 1 (1.001193), form › 2 › type"]

    def test_only_a_province_admin_imports(self, catalogue: Catalogue, cast: Cast) -> None:
        with pytest.raises(PermissionDenied):
            importer.import_catalogue(cast.justice_admin.user, export.export_catalogue())


@pytest.mark.skipif(not DEMO_FILE.exists(), reason="the demo catalogue is delivered separately")
class TestDemoCatalogue:
    def test_loads_and_reloads_without_change(self, cast: Cast) -> None:
        result = load_demo_catalogue()
        data = json.loads(Path(DEMO_FILE).read_text(encoding="utf-8"))
        assert len(result.created) == len(data["procedures"]) >= 40
        assert Procedure.objects.published().count() == len(data["procedures"])
        before = counts()
        again = load_demo_catalogue()
        assert again.created == [] and again.updated == [] and counts() == before
        # And through the workbook.
        rows, locate = read_xlsx(xlsx_bytes())
        assert importer.import_catalogue(SYSTEM, rows, locate).updated == []
        assert counts() == before


class TestThroughTheServices:
    """The import drafts and publishes as an administrator would, with the services' own audit rows."""

    def test_a_changed_form_and_workflow_are_drafted_and_published(self, catalogue: Catalogue) -> None:
        data = export.export_catalogue()
        birth = next(p for p in data["procedures"] if p["code"] == "1.001193")
        birth["form"]["fields"][0]["label"] = "Họ và tên người được khai sinh"
        birth["workflow"]["steps"][1]["allotted_hours"] = "5"
        birth["workflow"]["steps"][2]["allotted_hours"] = "2"
        seen = set(AuditEntry.objects.values_list("pk", flat=True))
        result = importer.import_catalogue(SYSTEM, data)
        assert result.ok and result.updated == ["1.001193"]
        actions = list(
            AuditEntry.objects.exclude(pk__in=seen).order_by("pk").values_list("action", flat=True)
        )
        assert actions == [
            "form.draft", "form.schema", "form.publish",
            "workflow.draft", "workflow.steps", "workflow.publish",
        ]  # fmt: skip
        assert list(catalogue.birth.forms.values_list("version", "status").order_by("version")) == [
            (1, "unpublished"), (2, "published"),
        ]  # fmt: skip

    def test_the_legal_time_and_its_workflow_change_together(self, catalogue: Catalogue) -> None:
        data = export.export_catalogue()
        birth = next(p for p in data["procedures"] if p["code"] == "1.001193")
        birth["processing_time"] = "2"
        birth["workflow"]["steps"][1]["allotted_hours"] = "14"
        result = importer.import_catalogue(SYSTEM, data)
        assert result.ok, result.errors
        catalogue.birth.refresh_from_db()
        assert catalogue.birth.processing_time == 2 and catalogue.birth.status == "published"

    def test_a_published_procedure_left_without_a_matching_workflow_is_refused(
        self, catalogue: Catalogue
    ) -> None:
        data = export.export_catalogue()
        birth = next(p for p in data["procedures"] if p["code"] == "1.001193")
        birth["processing_time"] = "2"
        del birth["workflow"]  # keeps the published one, which adds up to 8 hours, not 16
        before = counts()
        with translation.override("vi"):
            result = importer.import_catalogue(SYSTEM, data)
        assert [e.where for e in result.errors] == ["Thủ tục thứ 1 (1.001193)"]
        assert "16" in result.errors[0].message
        assert counts() == before and Procedure.objects.get(code="1.001193").processing_time == 1

    def test_a_public_procedure_does_not_become_a_draft(self, catalogue: Catalogue) -> None:
        data = export.export_catalogue()
        data["procedures"][0]["status"] = "draft"
        before = counts()
        with translation.override("vi"):
            result = importer.import_catalogue(SYSTEM, data)
        assert [str(e) for e in result.errors] == [
            "Thủ tục thứ 1 (1.001193), status: Thủ tục đã từng công bố không thể trở lại bản nháp: "
            "hãy ngừng công bố thủ tục."
        ]
        assert counts() == before
