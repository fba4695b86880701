"""Spreadsheet import of staff (nhập danh sách cán bộ từ Excel).

The whole file is checked first; any error names its row and column and
nothing is written. A clean file is written in one transaction, through the
same service as the screens, so each new account has its audit row.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from egov.core.audit import Actor
from egov.core.text import fold
from egov.core.validators import normalise_phone, validate_phone
from egov.organizations import identifiers, services
from egov.organizations.models import Agency, Role, Staff
from egov.organizations.permissions import can_administer, may_grant_role

# Column key → (header shown in the template, other accepted headers, folded).
COLUMNS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "username": (gettext_lazy("Username"), ("ten dang nhap", "username", "tai khoan")),
    "full_name": (gettext_lazy("Full name"), ("ho va ten", "ho ten", "full name", "full_name")),
    "agency_code": (gettext_lazy("Agency code"), ("ma co quan", "ma don vi", "agency code", "agency_code")),
    "roles": (gettext_lazy("Roles"), ("vai tro", "roles")),
    "position": (gettext_lazy("Position"), ("chuc vu", "position")),
    "email": (gettext_lazy("Email"), ("email", "thu dien tu")),
    "phone": (gettext_lazy("Phone"), ("dien thoai", "so dien thoai", "phone")),
    "employee_code": (gettext_lazy("Staff code"), ("ma can bo", "staff code", "employee_code")),
}
REQUIRED = ("username", "full_name", "agency_code")
USERNAME_RE = re.compile(r"^[a-z0-9._-]{3,150}$")
MAX_ROWS = 5000


@dataclass
class RowError:
    row: int
    column: str  # as shown to the user: the sheet's column letter and its header, e.g. "C (Mã cơ quan)"
    message: str
    key: str = ""  # the column's key in COLUMNS, for code and tests

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: list[Staff] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _role_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in Role.choices:
        lookup[fold(value)] = value
        lookup[fold(str(label))] = value
    # Vietnamese names officials write in their own sheets.
    vietnamese = {
        "mot cua": Role.DESK_OFFICER,
        "can bo mot cua": Role.DESK_OFFICER,
        "tiep nhan": Role.DESK_OFFICER,
        "chuyen vien": Role.SPECIALIST,
        "lanh dao": Role.LEADER,
        "van thu": Role.CLERK,
        "quan tri co quan": Role.AGENCY_ADMIN,
        "quan tri don vi": Role.AGENCY_ADMIN,
        "quan tri tinh": Role.PROVINCE_ADMIN,
        "kiem tra": Role.AUDITOR,
        "thanh tra": Role.AUDITOR,
    }
    lookup.update({k: str(v) for k, v in vietnamese.items()})
    return lookup


def template_workbook() -> bytes:
    """An empty sheet with the headers and one example row, for administrators to fill."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Staff")
    sheet.append([str(header) for header, _aliases in COLUMNS.values()])
    sheet.append(
        [
            "nguyen.van.a",
            "Nguyễn Văn A",
            "000.00.01.H15",
            "specialist, leader",
            "Chuyên viên",
            "a@example.gov.vn",
            "0912345678",
            "CB001",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def import_staff(actor: Actor, stream: IO[bytes]) -> ImportResult:
    result = ImportResult()
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        result.errors.append(RowError(0, "-", _("The file is not a readable .xlsx workbook.")))
        return result
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        result.errors.append(RowError(1, "-", _("The sheet is empty.")))
        return result
    positions = _map_header(header, result)
    if not result.ok:
        return result
    parsed = []
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            result.errors.append(RowError(number, "-", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
            break
        cells = {key: _cell_text(values[i]) if i < len(values) else "" for key, i in positions.items()}
        if not any(cells.values()):
            continue
        parsed.append((number, cells))
    if not parsed and result.ok:
        result.errors.append(RowError(2, "-", _("The sheet has no staff rows.")))
    _validate(actor, parsed, positions, result)
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            for number, cells in parsed:
                try:
                    result.created.append(_create(actor, cells))
                except (ValidationError, PermissionDenied) as error:
                    result.errors.append(RowError(number, "-", "; ".join(_messages(error))))
                    raise
    except (ValidationError, PermissionDenied):
        result.created = []
    return result


def _messages(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error)]


def _map_header(header: tuple[Any, ...], result: ImportResult) -> dict[str, int]:
    aliases = {}
    for key, (label, names) in COLUMNS.items():
        for name in (*names, str(label)):
            aliases[fold(name)] = key
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        column = aliases.get(fold(_cell_text(title)))
        if column and column not in positions:
            positions[column] = index
    for key in REQUIRED:
        if key not in positions:
            result.errors.append(
                RowError(1, str(COLUMNS[key][0]), _("This column is missing from the header row."), key)
            )
    return positions


def _column_label(key: str, positions: dict[str, int]) -> str:
    label = str(COLUMNS[key][0])
    return f"{get_column_letter(positions[key] + 1)} ({label})" if key in positions else label


def _validate(
    actor: Any, parsed: list[tuple[int, dict[str, str]]], positions: dict[str, int], result: ImportResult
) -> None:
    roles = _role_lookup()
    for _n, cells in parsed:  # typed in small letters, an identifier is still the same one
        cells["agency_code"] = identifiers.normalise(cells["agency_code"])
    codes = {cells["agency_code"] for _n, cells in parsed}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    usernames = [cells["username"].lower() for _n, cells in parsed]
    taken = set(get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True))
    seen: dict[str, int] = {}
    for number, cells in parsed:

        def fail(key: str, message: str, number: int = number) -> None:
            result.errors.append(RowError(number, _column_label(key, positions), message, key))

        for key in REQUIRED:
            if not cells[key]:
                fail(key, _("This value is required."))
        username = cells["username"].lower()
        if username:
            if not USERNAME_RE.match(username):
                fail("username", _("Use 3+ letters without marks, digits, dots, dashes or underscores."))
            elif username in taken:
                fail("username", _("The username %(name)s is already taken.") % {"name": username})
            elif username in seen:
                fail("username", _("Same username as row %(row)s.") % {"row": seen[username]})
            seen.setdefault(username, number)
        agency = agencies.get(cells["agency_code"])
        if cells["agency_code"] and agency is None:
            try:
                identifiers.validate_agency_identifier(cells["agency_code"])
            except ValidationError as error:
                fail("agency_code", error.messages[0])
            else:
                fail("agency_code", _("No agency has the code %(code)s.") % {"code": cells["agency_code"]})
        elif agency is not None and not can_administer(actor, agency):
            fail("agency_code", _("You may not add staff to %(agency)s.") % {"agency": agency.name})
        for role_text in filter(None, (r.strip() for r in re.split(r"[,;]", cells.get("roles", "")))):
            if fold(role_text) not in roles:
                fail("roles", _("Unknown role: %(role)s") % {"role": role_text})
            elif agency is not None and not may_grant_role(actor, roles[fold(role_text)], agency):
                fail("roles", _("You may not grant the role %(role)s there.") % {"role": role_text})
        if cells.get("email"):
            try:
                validate_email(cells["email"])
            except ValidationError:
                fail("email", _("Enter a valid email address."))
        if cells.get("phone"):
            try:
                validate_phone(cells["phone"])
            except ValidationError as error:
                fail("phone", error.messages[0])
            else:
                cells["phone"] = normalise_phone(cells["phone"])


def _create(actor: Any, cells: dict[str, str]) -> Staff:
    lookup = _role_lookup()
    roles = [lookup[fold(r.strip())] for r in re.split(r"[,;]", cells.get("roles", "")) if r.strip()]
    return services.create_staff(
        actor,
        agency=Agency.objects.get(code=cells["agency_code"]),
        username=cells["username"],
        full_name=cells["full_name"],
        email=cells.get("email", ""),
        phone=cells.get("phone", ""),
        position=cells.get("position", ""),
        employee_code=cells.get("employee_code", ""),
        roles=list(dict.fromkeys(roles)),
    )
