"""Spreadsheet import of staff: all rows or nothing, errors by row and column."""

import io

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from egov.core.models import AuditEntry
from egov.organizations import imports
from egov.organizations.models import Staff

HEADER = [
    "Tên đăng nhập",
    "Họ và tên",
    "Mã cơ quan",
    "Vai trò",
    "Chức vụ",
    "Email",
    "Điện thoại",
    "Mã cán bộ",
]


def workbook(*rows, header=HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "staff.xlsx"
    return buffer


def test_clean_file_imports_every_row(cast):
    stream = workbook(
        [
            "le.an",
            "Lê An",
            "000.01.01.H99",
            "Chuyên viên",
            "Chuyên viên",
            "an@example.vn",
            "0912345678",
            "CB01",
        ],
        ["mai.hoa", "Mai Hoa", "000.00.01.H99", "leader, specialist", "Phó Giám đốc", "", "", ""],
    )
    result = imports.import_staff(cast.justice_admin.user, stream)
    assert result.ok, [str(e) for e in result.errors]
    assert {s.user.username for s in result.created} == {"le.an", "mai.hoa"}
    hoa = Staff.objects.get(user__username="mai.hoa")
    assert set(hoa.user.role_grants.values_list("role", flat=True)) == {"leader", "specialist"}
    assert AuditEntry.objects.filter(action="staff.create", object_id=str(hoa.pk)).exists()


def test_any_error_imports_nothing_and_names_row_and_column(cast):
    before = Staff.objects.count()
    stream = workbook(
        ["ok.one", "Người Một", "000.01.01.H99", "specialist", "", "", "", ""],
        ["bad name!", "Người Hai", "000.01.01.H99", "", "", "", "", ""],
        ["ok.three", "", "000.00.77.H99", "wizard", "", "not-an-email", "12", ""],
        ["ok.one", "Trùng", "000.01.01.H99", "", "", "", "", ""],
        ["ok.five", "Ngoài phạm vi", "000.00.31.H99", "", "", "", "", ""],
    )
    result = imports.import_staff(cast.justice_admin.user, stream)
    assert not result.ok
    found = {(e.row, e.key) for e in result.errors}
    assert (3, "username") in found
    assert {(4, "full_name"), (4, "agency_code"), (4, "roles"), (4, "email"), (4, "phone")} <= found
    assert (5, "username") in found  # duplicate of row 2
    assert (6, "agency_code") in found  # outside the admin's subtree
    shown = {str(e) for e in result.errors}
    assert "Dòng 4, cột C (Mã cơ quan): Không có cơ quan nào mang mã 000.00.77.H99." in shown
    assert Staff.objects.count() == before


def test_existing_username_is_an_error(cast):
    result = imports.import_staff(
        cast.province_admin.user, workbook(["motcua.anbinh", "Ai Đó", "000.00.31.H99", "", "", "", "", ""])
    )
    assert [(e.row, e.key) for e in result.errors] == [(2, "username")]


def test_missing_header_column(cast):
    result = imports.import_staff(cast.province_admin.user, workbook(["x"], header=["Tên đăng nhập"]))
    assert {e.key for e in result.errors} == {"full_name", "agency_code"}


def test_not_a_workbook(cast):
    result = imports.import_staff(cast.province_admin.user, io.BytesIO(b"not a zip"))
    assert not result.ok and result.errors[0].row == 0


def test_template_round_trips_through_the_importer(cast):
    book = load_workbook(io.BytesIO(imports.template_workbook()))
    sheet = book.active
    sheet.cell(row=2, column=3, value="000.01.01.H99")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = imports.import_staff(cast.province_admin.user, buffer)
    assert result.ok, [str(e) for e in result.errors]


def test_import_screen_shows_errors_in_vietnamese(cast, login):
    client = login(cast.province_admin)
    stream = workbook(["bad name!", "Người", "000.01.01.H99", "", "", "", "", ""])
    response = client.post(reverse("organizations:staff_import"), {"file": stream}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dòng 2" in html
    assert not Staff.objects.filter(user__username="bad name!").exists()


def test_import_screen_refuses_other_files(cast, login):
    client = login(cast.province_admin)
    upload = io.BytesIO(b"a,b")
    upload.name = "staff.csv"
    response = client.post(reverse("organizations:staff_import"), {"file": upload})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
