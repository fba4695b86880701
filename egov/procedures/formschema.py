"""The online form of a procedure as data: what a schema may hold, how it is checked, its flat form.

A schema is ``{"fields": [field, ...]}``. Every field has a ``name`` (letters,
digits, underscores; unique among its siblings), a ``label``, a ``type`` and
``required`` (default false), and may have ``help``. By type:

  text     max_length (default 255, at most 2000), pattern and pattern_message
  number   min, max
  year     a whole year (a year of birth): min (default 1900), never after this year
  date     min, max: an ISO date (2025-07-01) or "today"
  choice   choices: [[value, label], ...]
  address  province → commune picker from the official list (addresses.py)
  cccd     the 12-digit personal ID number, checked (egov/core/validators.py)
  phone    a Vietnamese phone number
  email
  group    a repeated group: fields (not groups themselves), min and max rows

The administrator's editor and the spreadsheet use the *flat* form: one row
per field, a group's own fields naming the group in ``group``, choices as
lines ``value|label``. ``flatten`` and ``unflatten`` convert both ways.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

FIELD_TYPES: dict[str, Any] = {
    "text": pgettext_lazy("field type", "Text"),
    "number": gettext_lazy("Number"),
    "year": gettext_lazy("Year"),
    "date": gettext_lazy("Date"),
    "choice": gettext_lazy("Choice from a list"),
    "address": gettext_lazy("Address (province, commune)"),
    "cccd": gettext_lazy("Personal ID number (CCCD)"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("Email"),
    "group": gettext_lazy("Repeated group"),
}
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
MAX_FIELDS = 200
MAX_TEXT = 2000
MAX_GROUP_ROWS = 50
#: Keys each type may carry, besides name, label, type, required and help.
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("max_length", "pattern", "pattern_message"),
    "number": ("min", "max"),
    "year": ("min",),
    "date": ("min", "max"),
    "choice": ("choices",),
    "address": (),
    "cccd": (),
    "phone": (),
    "email": (),
    "group": ("min", "max", "fields"),
}
COMMON_KEYS = ("name", "label", "type", "required", "help")
#: The columns of the flat form, in order.
FLAT_KEYS = (
    "group",
    "name",
    "label",
    "type",
    "required",
    "help",
    "max_length",
    "min",
    "max",
    "choices",
    "pattern",
    "pattern_message",
)


@dataclass(frozen=True)
class SchemaError:
    """A problem in a schema: `index` is the field's position (flat order, from 0), `key` the property."""

    index: int
    name: str
    key: str
    message: str

    def __str__(self) -> str:
        if self.name:
            return _("Field %(name)s: %(message)s") % {"name": self.name, "message": self.message}
        return self.message


def empty_schema() -> dict[str, Any]:
    return {"fields": []}


def iter_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every field, groups' own fields right after their group (the flat order)."""
    out: list[dict[str, Any]] = []
    for field in schema.get("fields", []):
        out.append(field)
        if field.get("type") == "group":
            out.extend(field.get("fields", []))
    return out


#: The most units a fee line charged per unit counts (its field's largest value must not be above it).
MAX_UNITS = 1000


def number_fields(schema: dict[str, Any] | None) -> set[str]:
    """The form's top-level number fields a fee charged per unit may count by: those with a largest value
    of at most MAX_UNITS, so the form itself bounds what is charged."""
    found = set()
    for f in (schema or {}).get("fields", []):
        high = _decimal(f.get("max"))
        if f.get("type") == "number" and high is not None and 0 < high <= MAX_UNITS:
            found.add(str(f.get("name")))
    return found


def date_fields(schema: dict[str, Any] | None) -> set[str]:
    """The form's required date fields a fee's case may be decided by: top-level ones by name, those of a
    required one-row group as `group.field` (the child's birth date, `tre.ngay_sinh`). Required, so the
    case is always decided: it is no longer asked on the fee step."""
    found = set()
    for field in (schema or {}).get("fields", []):
        if field.get("type") == "date" and field.get("required"):
            found.add(str(field.get("name")))
        elif field.get("type") == "group" and field.get("max") == 1 and (field.get("min") or 0) >= 1:
            found |= {
                f"{field.get('name')}.{f.get('name')}"
                for f in field.get("fields", [])
                if f.get("type") == "date" and f.get("required")
            }
    return found


def fee_field_problems(fees: Iterable[Mapping[str, Any]], schema: dict[str, Any] | None) -> list[str]:
    """What a procedure's fee lines ask of its online form and it lacks: a line counted by a field that is
    no bounded number field, a case decided by a field that is no required date field. Checked when the
    fees are saved or imported, and when a new form is published."""
    numbers, dates = number_fields(schema), date_fields(schema)
    found = []
    for fee in fees:
        if fee.get("per_field") and fee["per_field"] not in numbers:
            found.append(
                _(
                    "“%(line)s” is counted by “%(field)s”: no number field of the online form with a largest"
                    " value of at most %(max)s."
                )
                % {"line": fee.get("name", ""), "field": fee["per_field"], "max": MAX_UNITS}
            )
        if fee.get("when_field") and fee["when_field"] not in dates:
            found.append(
                _("“%(line)s” is decided by “%(field)s”: no required date field of the online form.")
                % {"line": fee.get("name", ""), "field": fee["when_field"]}
            )
    return found


def date_answer(answers: Mapping[str, Any], path: str) -> dt.date | None:
    """The date answered for `path` (as `date_fields` names it), or None when there is none."""
    group, _, name = path.rpartition(".")
    where: Any = answers
    if group:
        rows = answers.get(group)
        where = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
    try:
        return dt.date.fromisoformat(str(where.get(name) or ""))
    except ValueError:
        return None


def _parse_date_bound(value: Any) -> dt.date | str | None:
    if value in (None, ""):
        return None
    if value == "today":
        return "today"
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def validate_schema(schema: Any) -> list[SchemaError]:
    """Every problem in a schema, in field order; an empty list means it can be saved."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return [SchemaError(0, "", "fields", _("The form must be a list of fields."))]
    errors: list[SchemaError] = []
    counter = [0]

    def check_list(fields: list[Any], in_group: bool) -> None:
        seen: set[str] = set()
        for field in fields:
            index = counter[0]
            counter[0] += 1
            if not isinstance(field, dict):
                errors.append(SchemaError(index, "", "", _("Each field must be an object.")))
                continue
            name = str(field.get("name") or "")

            def fail(key: str, message: str, index: int = index, name: str = name) -> None:
                errors.append(SchemaError(index, name, key, message))

            if not NAME_RE.match(name):
                fail(
                    "name",
                    _("The name must start with a letter and use only a-z, 0-9 and _ (at most 50)."),
                )
            elif name in seen:
                fail("name", _("Two fields have the same name."))
            seen.add(name)
            if not str(field.get("label") or "").strip():
                fail("label", _("The label is required."))
            kind = field.get("type")
            if kind not in FIELD_TYPES:
                fail("type", _("Unknown field type: %(type)s") % {"type": kind})
                continue
            if not isinstance(field.get("required", False), bool):
                fail("required", _("Required must be true or false."))
            allowed = set(COMMON_KEYS) | set(TYPE_KEYS[kind])
            for key in field:
                if key not in allowed:
                    fail(key, _("The property %(key)s does not apply to this type.") % {"key": key})
            _check_type(field, kind, in_group, fail, check_list)

    check_list(schema["fields"], in_group=False)
    if counter[0] > MAX_FIELDS:
        errors.append(SchemaError(0, "", "fields", _("A form has at most %(n)s fields.") % {"n": MAX_FIELDS}))
    return errors


def _check_type(field: dict[str, Any], kind: str, in_group: bool, fail: Any, check_list: Any) -> None:
    if kind == "text":
        max_length = field.get("max_length", 255)
        if not isinstance(max_length, int) or not 1 <= max_length <= MAX_TEXT:
            fail(
                "max_length",
                _("The maximum length must be a whole number from 1 to %(n)s.") % {"n": MAX_TEXT},
            )
        if field.get("pattern"):
            try:
                re.compile(str(field["pattern"]))
            except re.error:
                fail("pattern", _("The pattern is not a valid regular expression."))
    elif kind == "number":
        low, high = field.get("min"), field.get("max")
        for key, value in (("min", low), ("max", high)):
            if value not in (None, "") and _decimal(value) is None:
                fail(key, _("Enter a number."))
        if _decimal(low) is not None and _decimal(high) is not None and _decimal(low) > _decimal(high):  # type: ignore[operator]
            fail("min", _("The minimum is larger than the maximum."))
    elif kind == "year":
        low = field.get("min")
        whole = isinstance(low, int) and not isinstance(low, bool) and 1 <= low <= 9999
        if low not in (None, "") and not whole:
            fail("min", _("The first year must be a whole year such as 1900."))
    elif kind == "date":
        for key in ("min", "max"):
            if field.get(key) not in (None, "") and _parse_date_bound(field.get(key)) is None:
                fail(key, _("Enter a date as YYYY-MM-DD or the word today."))
    elif kind == "choice":
        choices = field.get("choices")
        if not isinstance(choices, list) or not choices:
            fail("choices", _("A choice field needs at least one option."))
        else:
            values = set()
            for choice in choices:
                if (
                    not isinstance(choice, list | tuple)
                    or len(choice) != 2
                    or not str(choice[0]).strip()
                    or not str(choice[1]).strip()
                ):
                    fail("choices", _("Each option needs a value and a label."))
                    break
                if str(choice[0]) in values:
                    fail("choices", _("Two options have the same value %(value)s.") % {"value": choice[0]})
                values.add(str(choice[0]))
    elif kind == "group":
        if in_group:
            fail("type", _("A repeated group cannot contain another group."))
            return
        low, high = field.get("min", 0), field.get("max", 10)
        if not isinstance(low, int) or not isinstance(high, int) or not 0 <= low <= high <= MAX_GROUP_ROWS:
            fail(
                "min",
                _("Rows: a minimum and maximum with 0 ≤ minimum ≤ maximum ≤ %(n)s.") % {"n": MAX_GROUP_ROWS},
            )
        inner = field.get("fields")
        if not isinstance(inner, list) or not inner:
            fail("fields", _("A repeated group needs at least one field."))
        else:
            check_list(inner, True)


# --- flat form ------------------------------------------------------------------------------------------


def choices_to_text(choices: list[list[str]] | None) -> str:
    return "\n".join(f"{value}|{label}" for value, label in (choices or []))


def text_to_choices(text: str) -> list[list[str]]:
    rows = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        value, sep, label = line.partition("|")
        rows.append([value.strip(), label.strip() if sep else value.strip()])
    return rows


def _plain(value: Any) -> Any:
    return "" if value is None else value


def flatten(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per field (groups' fields after their group), every FLAT_KEYS column present."""
    rows = []
    for field in schema.get("fields", []):
        rows.append(_flat_row(field, ""))
        if field.get("type") == "group":
            rows.extend(_flat_row(inner, field["name"]) for inner in field.get("fields", []))
    return rows


def _flat_row(field: dict[str, Any], group: str) -> dict[str, Any]:
    row: dict[str, Any] = {key: "" for key in FLAT_KEYS}
    row.update({key: _plain(field.get(key)) for key in FLAT_KEYS if key not in ("group", "choices")})
    row["group"] = group
    row["required"] = bool(field.get("required", False))
    row["choices"] = choices_to_text(field.get("choices"))
    return row


def _number(value: Any) -> Any:
    """A flat cell as a JSON number where it is one ("5" → 5, "2.5" → "2.5" kept exact)."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return text


def unflatten(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The schema for flat rows. Rows naming an unknown group become top-level fields (then fail checks)."""
    fields: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        field: dict[str, Any] = {
            "name": str(row.get("name") or "").strip(),
            "label": str(row.get("label") or "").strip(),
            "type": str(row.get("type") or "").strip(),
        }
        if row.get("required"):
            field["required"] = True
        if str(row.get("help") or "").strip():
            field["help"] = str(row["help"]).strip()
        kind = field["type"]
        for key in TYPE_KEYS.get(kind, ()):
            if key == "fields":
                continue
            if key == "choices":
                field["choices"] = text_to_choices(str(row.get("choices") or ""))
                continue
            value = row.get(key)
            if value in (None, ""):
                continue
            if key in ("pattern", "pattern_message") or (kind == "date" and key in ("min", "max")):
                field[key] = str(value).strip()
            else:
                field[key] = _number(value)
        group = str(row.get("group") or "").strip()
        if kind == "group":
            field["fields"] = []
            groups[field["name"]] = field
        if group and group in groups:
            groups[group]["fields"].append(field)
        else:
            fields.append(field)
    return {"fields": fields}
