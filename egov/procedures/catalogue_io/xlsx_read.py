"""Reading a catalogue workbook into the JSON format's data, remembering where each value came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from egov.core.text import fold
from egov.procedures import formschema
from egov.procedures.catalogue_io.format import FORMAT, ImportIssue, Path
from egov.procedures.catalogue_io.xlsx_sheets import (
    BOOL_KEYS,
    DOCUMENTS,
    FALSE_WORDS,
    FEES,
    FIELDS,
    FORM_FIELDS,
    LIST_KEYS,
    LIST_SPLIT,
    PROCEDURES,
    SHEETS,
    STEPS,
    TRUE_WORDS,
    Sheet,
)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _text(value: Any) -> str:
    return "" if value in (None, "") else str(value)


def _bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    word = fold(_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return value  # not a yes/no: the checker reports it


def _list(value: Any) -> list[str]:
    return [part.strip() for part in LIST_SPLIT.split(_text(value)) if part.strip()]


class _Origins:
    """Where each part of the parsed data came from, for error messages."""

    def __init__(self) -> None:
        self.rows: dict[Path, tuple[Sheet, int]] = {}

    def add(self, path: Path, sheet: Sheet, row: int) -> None:
        self.rows.setdefault(path, (sheet, row))

    def locate(self, path: Path) -> str:
        for end in range(len(path), -1, -1):
            origin = self.rows.get(path[:end])
            if origin is None:
                continue
            sheet, row = origin
            rest = [p for p in path[end:] if isinstance(p, str)]
            column = sheet.header(rest[-1]) if rest else "-"
            if rest and rest[-1] == "steps":
                column = sheet.header("allotted_hours")
            return _("Sheet %(sheet)s, row %(row)s, column %(column)s") % {
                "sheet": sheet.title,
                "row": row,
                "column": column,
            }
        return _("The file")


def read(stream: IO[bytes]) -> tuple[dict[str, Any], Callable[[Path], str], list[ImportIssue]]:
    """The catalogue data of a workbook, a function locating its parts, and the errors of its layout."""
    origins = _Origins()
    errors: list[ImportIssue] = []
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return (
            {},
            origins.locate,
            [ImportIssue(_("The file"), _("The file is not a readable .xlsx workbook."))],
        )
    tables: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    titles = {fold(ws.title): ws for ws in book.worksheets}
    for sheet in SHEETS:
        ws = titles.get(fold(sheet.title))
        if ws is None:
            errors.append(
                ImportIssue(_("Sheet %(sheet)s") % {"sheet": sheet.title}, _("The sheet is missing."))
            )
            continue
        rows = ws.iter_rows(values_only=True)
        header = [fold(_text(_cell(v))) for v in next(rows, ())]
        positions: dict[str, int] = {}
        for key, title in sheet.columns:
            if fold(title) in header:
                positions[key] = header.index(fold(title))
            elif key not in ("position", "status", "agencies", "template_agency"):
                errors.append(
                    ImportIssue(
                        _("Sheet %(sheet)s, row %(row)s, column %(column)s")
                        % {"sheet": sheet.title, "row": 1, "column": title},
                        _("This column is missing from the header row."),
                    )
                )
        table = []
        for number, values in enumerate(rows, start=2):
            cells = {key: _cell(values[i]) if i < len(values) else "" for key, i in positions.items()}
            if any(v not in ("", None) for v in cells.values()):
                table.append((number, cells))
        tables[sheet.key] = table
    book.close()
    if errors:
        return {}, origins.locate, errors
    data = _assemble(tables, origins, errors)
    return data, origins.locate, errors


def _position(cells: dict[str, Any], number: int) -> tuple[int, int]:
    position = cells.get("position")
    return (position if isinstance(position, int) else 10**6, number)


def _assemble(
    tables: dict[str, list[tuple[int, dict[str, Any]]]], origins: _Origins, errors: list[ImportIssue]
) -> dict[str, Any]:
    fields = []
    for index, (number, cells) in enumerate(tables["fields"]):
        origins.add(("fields", index), FIELDS, number)
        fields.append(
            {
                "code": _text(cells["code"]),
                "name": _text(cells["name"]),
                "sort_order": cells["sort_order"] or 0,
            }
        )
    procedures: list[dict[str, Any]] = []
    by_code: dict[str, int] = {}
    for index, (number, cells) in enumerate(tables["procedures"]):
        origins.add(("procedures", index), PROCEDURES, number)
        item: dict[str, Any] = {}
        for key, _header in PROCEDURES.columns:
            value = cells.get(key, "")
            if key in LIST_KEYS:
                item[key] = _list(value)
            elif key in BOOL_KEYS:
                item[key] = _bool(value)
            elif key == "processing_time":
                item[key] = value
            elif key == "status":
                if value != "":
                    item[key] = _text(value)
            else:
                item[key] = _text(value)
        item["documents"], item["fees"] = [], []
        by_code.setdefault(item["code"], index)
        procedures.append(item)

    def owner(sheet: Sheet, number: int, cells: dict[str, Any]) -> int | None:
        index = by_code.get(_text(cells.get("procedure")))
        if index is None:
            errors.append(
                ImportIssue(
                    _("Sheet %(sheet)s, row %(row)s, column %(column)s")
                    % {"sheet": sheet.title, "row": number, "column": sheet.header("procedure")},
                    _("No procedure in the sheet %(sheet)s has the code %(code)s.")
                    % {"sheet": PROCEDURES.title, "code": _text(cells.get("procedure"))},
                )
            )
        return index

    for sheet, key in ((DOCUMENTS, "documents"), (FEES, "fees")):
        for number, cells in sorted(
            tables[sheet.key], key=lambda r: (_text(r[1].get("procedure")), *_position(r[1], r[0]))
        ):
            found = owner(sheet, number, cells)
            if found is None:
                continue
            index = found
            row = {k: v for k, v in cells.items() if k not in ("procedure", "position")}
            for flag in BOOL_KEYS:
                if flag in row:
                    row[flag] = _bool(row[flag])
            for text_key in (
                "name",
                "template_name",
                "note",
                "condition",
                "legal_basis",
                "online_basis",
                "applies",
                "case",
                "case_basis",
                "replaces",
                "kind",
                "copy_kind",
                "online",
                "per_field",
                "when_field",
            ):
                if text_key in row:
                    row[text_key] = _text(row[text_key])
            origins.add(("procedures", index, key, len(procedures[index][key])), sheet, number)
            procedures[index][key].append(row)
    form_rows: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for number, cells in tables["form"]:
        found = owner(FORM_FIELDS, number, cells)
        if found is not None:
            form_rows.setdefault(found, []).append((number, cells))
    for index, rows in form_rows.items():
        rows.sort(key=lambda r: _position(r[1], r[0]))
        flat = []
        for _number, cells in rows:
            row = {k: v for k, v in cells.items() if k not in ("procedure", "position")}
            row["required"] = _bool(row.get("required")) is True
            for text_key in (
                "group",
                "name",
                "label",
                "type",
                "help",
                "choices",
                "pattern",
                "pattern_message",
            ):
                row[text_key] = _text(row.get(text_key))
            flat.append(row)
        procedures[index]["form"] = formschema.unflatten(flat)
        for position, row_index in enumerate(_nested_order(flat)):
            origins.add(("procedures", index, "form", position), FORM_FIELDS, rows[row_index][0])
    families: dict[tuple[int, str], list[tuple[int, dict[str, Any]]]] = {}
    for number, cells in tables["steps"]:
        found = owner(STEPS, number, cells)
        if found is not None:
            families.setdefault((found, _text(cells.get("template_agency"))), []).append((number, cells))
    for (index, agency), rows in families.items():
        rows.sort(key=lambda r: _position(r[1], r[0]))
        steps: list[dict[str, Any]] = []
        item = procedures[index]
        if agency:
            item.setdefault("workflows", []).append({"agency": agency, "steps": steps})
            base: Path = ("procedures", index, "workflows", len(item["workflows"]) - 1)
        else:
            item["workflow"] = {"steps": steps}
            base = ("procedures", index, "workflow")
        origins.add(base, STEPS, rows[0][0])
        for position, (number, cells) in enumerate(rows):
            origins.add((*base, "steps", position), STEPS, number)
            steps.append(
                {
                    "kind": _text(cells["kind"]),
                    "name": _text(cells["name"]),
                    "role": _text(cells["role"]),
                    "agency": _text(cells["agency"]) or None,
                    # Files written before the column existed leave it out: the step names its agency itself.
                    **({"local_unit": _bool(cells["local_unit"])} if cells.get("local_unit") else {}),
                    "allotted_hours": cells["allotted_hours"],
                }
            )
    return {"format": FORMAT, "fields": fields, "procedures": procedures}


def _nested_order(flat: list[dict[str, Any]]) -> list[int]:
    """Row indices in the order validate_schema counts fields (a group's fields right after it)."""
    top: list[int] = []
    inner: dict[str, list[int]] = {}
    groups: set[str] = set()
    for index, row in enumerate(flat):
        if row.get("type") == "group":
            groups.add(row["name"])
            inner.setdefault(row["name"], [])
        if row.get("group") and row["group"] in groups:
            inner[row["group"]].append(index)
        else:
            top.append(index)
    order = []
    for index in top:
        order.append(index)
        if flat[index].get("type") == "group":
            order.extend(inner.get(flat[index]["name"], []))
    return order
