"""Writing the catalogue (JSON format data) as an xlsx workbook."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from egov.organizations.models import Role
from egov.procedures import formschema
from egov.procedures.catalogue_io.format import FORMAT
from egov.procedures.catalogue_io.xlsx_sheets import (
    DOCUMENTS,
    FEES,
    FIELDS,
    FORM_FIELDS,
    LIST_KEYS,
    NO,
    NUMBER_KEYS,
    PROCEDURES,
    STEPS,
    TEXT_COLUMNS,
    YES,
    Sheet,
)
from egov.procedures.models import (
    ApplicantType,
    Channel,
    Fee,
    Level,
    PublicationStatus,
    RequiredDocument,
    ServiceLevel,
    StepKind,
    TimeUnit,
)


def _out(key: str, value: Any) -> Any:
    if isinstance(value, bool):
        return YES if value else NO
    if key in LIST_KEYS and isinstance(value, list):
        return ", ".join(value)
    if key == "replaces" and isinstance(value, list):
        return "\n".join(value)  # fee names hold commas
    if key in NUMBER_KEYS and isinstance(value, str) and value:
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    return "" if value is None else value


def _sheet(book: Workbook, sheet: Sheet, rows: list[dict[str, Any]]) -> None:
    ws = book.create_sheet(sheet.title)
    ws.append([header for _key, header in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([_out(key, row.get(key)) for key, _header in sheet.columns])
    for index, (key, header) in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(12, min(60, len(header) + 4))
        for cell in ws[letter][1:]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if key in TEXT_COLUMNS:
                cell.number_format = "@"
    ws.freeze_panes = "A2"


def write(data: dict[str, Any]) -> bytes:
    """The workbook for a catalogue in the JSON format (catalogue_io.export.export_catalogue)."""
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = "Hướng dẫn"
    for line in _guide():
        guide.append(line)
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["B"].width = 80
    procedures, documents, fees, form_rows, steps = [], [], [], [], []
    for item in data["procedures"]:
        procedures.append(item)
        code = item["code"]
        documents += [{"procedure": code, "position": n, **d} for n, d in enumerate(item["documents"], 1)]
        fees += [{"procedure": code, "position": n, **f} for n, f in enumerate(item["fees"], 1)]
        if item.get("form"):
            flat = formschema.flatten(item["form"])
            form_rows += [{"procedure": code, "position": n, **r} for n, r in enumerate(flat, 1)]
        families = []
        if item.get("workflow"):
            families.append((None, item["workflow"]["steps"]))
        families += [(w["agency"], w["steps"]) for w in item.get("workflows", [])]
        for agency, family in families:
            steps += [
                {"procedure": code, "template_agency": agency, "position": n, **s}
                for n, s in enumerate(family, 1)
            ]
    _sheet(book, FIELDS, data["fields"])
    _sheet(book, PROCEDURES, procedures)
    _sheet(book, DOCUMENTS, documents)
    _sheet(book, FEES, fees)
    _sheet(book, FORM_FIELDS, form_rows)
    _sheet(book, STEPS, steps)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _guide() -> list[list[str]]:
    def codes(choices: list[tuple[str, Any]]) -> str:
        return "; ".join(f"{value} = {label}" for value, label in choices)

    return [
        ["Danh mục thủ tục hành chính", FORMAT],
        ["Cấp thực hiện", codes(Level.choices)],
        ["Đơn vị thời hạn", codes(TimeUnit.choices)],
        ["Đối tượng thực hiện", codes(ApplicantType.choices)],
        ["Cách thức thực hiện", codes(Channel.choices)],
        ["Mức độ dịch vụ công trực tuyến", codes(ServiceLevel.choices)],
        ["Trạng thái", codes(PublicationStatus.choices)],
        ["Bản chính/bản sao", codes(RequiredDocument.Copy.choices)],
        ["Loại phí", codes(Fee.Kind.choices)],
        ["Kiểu trường biểu mẫu", codes(list(formschema.FIELD_TYPES.items()))],
        ["Loại bước", codes(StepKind.choices)],
        ["Vai trò", codes(Role.choices)],
        ["Có/Không", "Có, Không"],
        ["Nhiều giá trị", "cách nhau bằng dấu phẩy, ví dụ: commune, province"],
        ["Thời gian các bước", "tổng số giờ làm việc của các bước = thời hạn (ngày làm việc × 8)"],
        ["Giờ chốt nhận trong ngày", "chỉ với đơn vị thời hạn same_day, dạng HH:MM, ví dụ: 15:00"],
        [
            "Đơn vị của cơ quan phục vụ xã nơi nhận hồ sơ",
            "Có: bước được chuyển đến đơn vị trực thuộc cơ quan đã ghi (ví dụ Công an xã) phục vụ xã nơi "
            "tiếp nhận hồ sơ; phải ghi mã cơ quan của bước (Nghị định 118/2025/NĐ-CP, Điều 20 khoản 2)",
        ],
    ]
