"""Checking a catalogue file's data in full before anything is written.

Every error names where it is (the `Locate` of the file: sheet, row and column for a workbook, the
entry for JSON) and is worded for the administrator; nothing is written while any remains.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from egov.organizations.models import Agency, Role
from egov.procedures import formschema
from egov.procedures.catalogue_io.format import FORMAT, ImportIssue, ImportResult, Locate, Path, dec
from egov.procedures.links import validate_source
from egov.procedures.models import (
    ApplicantType,
    Channel,
    Fee,
    Field,
    FormVersion,
    Level,
    Procedure,
    PublicationStatus,
    RequiredDocument,
    ServiceLevel,
    StepKind,
    TimeUnit,
)
from egov.procedures.services.forms import canonical_schema
from egov.procedures.services.workflows import workflow_problems

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")
TEXT_LIMITS = {"name": 500, "source": 300, "result_type_code": 30}


class _Checker:
    def __init__(self, locate: Locate, result: ImportResult) -> None:
        self.locate = locate
        self.result = result

    def fail(self, path: Path, message: str) -> None:
        self.result.errors.append(ImportIssue(self.locate(path), message))

    def text(self, obj: dict[str, Any], key: str, path: Path, required: bool = False, limit: int = 0) -> str:
        value = obj.get(key, "")
        if value is None:
            value = ""
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail((*path, key), _("Expected text."))
            return ""
        value = value.strip()
        if required and not value:
            self.fail((*path, key), _("This value is required."))
        if limit and len(value) > limit:
            self.fail((*path, key), _("At most %(n)s characters.") % {"n": limit})
        return value

    def choice(self, obj: dict[str, Any], key: str, path: Path, allowed: list[str], default: str = "") -> str:
        value = obj.get(key, default)
        if value not in allowed:
            self.fail(
                (*path, key),
                _("%(value)s is not one of: %(allowed)s") % {"value": value, "allowed": ", ".join(allowed)},
            )
            return default
        return str(value)

    def choices(self, obj: dict[str, Any], key: str, path: Path, allowed: list[str]) -> list[str]:
        values = obj.get(key)
        if not isinstance(values, list) or not values:
            self.fail((*path, key), _("Give at least one of: %(allowed)s") % {"allowed": ", ".join(allowed)})
            return []
        wrong = [str(v) for v in values if v not in allowed]
        if wrong:
            self.fail(
                (*path, key),
                _("%(value)s is not one of: %(allowed)s")
                % {"value": ", ".join(wrong), "allowed": ", ".join(allowed)},
            )
        return [v for v in allowed if v in values]

    def flag(self, obj: dict[str, Any], key: str, path: Path, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.fail((*path, key), _("Expected yes or no (true/false)."))
            return default
        return value

    def number(
        self, obj: dict[str, Any], key: str, path: Path, low: Decimal, high: Decimal, places: int
    ) -> Decimal | None:
        value = obj.get(key)
        try:
            if isinstance(value, bool) or value is None or value == "":
                raise InvalidOperation
            number = Decimal(str(value).strip().replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.fail((*path, key), _("Expected a number."))
            return None
        if not low <= number <= high:
            self.fail(
                (*path, key), _("Expected a number from %(low)s to %(high)s.") % {"low": low, "high": high}
            )
            return None
        if number != round(number, places):
            self.fail((*path, key), _("At most %(n)s decimal places.") % {"n": places})
            return None
        return Decimal(dec(number))


def _online_fee(c: _Checker, fee: dict[str, Any], fpath: Path) -> dict[str, Any]:
    """The fee's online amount (absent or empty: the same online), its basis and dates (YYYY-MM-DD)."""
    online = None
    if fee.get("online_amount") not in (None, ""):
        online = c.number(fee, "online_amount", fpath, Decimal(0), Decimal(10) ** 13, 0)
    dates: dict[str, str | None] = {}
    for key in ("online_from", "online_until"):
        value = fee.get(key)
        dates[key] = None
        if value in (None, ""):
            continue
        try:
            dates[key] = dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            c.fail((*fpath, key), _("Expected a date such as 2023-02-05."))
    return {
        "online_amount": dec(online) if online is not None else None,
        "online_basis": c.text(fee, "online_basis", fpath, limit=300),
        **dates,
    }


def _fee_case(c: _Checker, fee: dict[str, Any], fpath: Path) -> dict[str, Any]:
    """When the line is charged (absent: always, as before cases existed), its case, the case's basis and
    the lines it is charged instead of (a list, or one name a line in a spreadsheet cell)."""
    given = {**fee, "applies": fee.get("applies") or Fee.Applies.ALWAYS}
    applies = c.choice(given, "applies", fpath, Fee.Applies.values, Fee.Applies.ALWAYS)
    case = c.text(fee, "case", fpath, limit=300)
    basis = c.text(fee, "case_basis", fpath, limit=300)
    if applies != Fee.Applies.ALWAYS:
        if not case:
            c.fail((*fpath, "case"), _("Say in plain words the case in which this line is charged."))
        if not basis:
            c.fail((*fpath, "case_basis"), _("Cite the provision that makes this line depend on the case."))
    raw = fee.get("replaces") or []
    if isinstance(raw, str):
        raw = raw.splitlines()
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        c.fail((*fpath, "replaces"), _("List the names of the lines this one is charged instead of."))
        raw = []
    return {
        "applies": applies,
        "case": case,
        "case_basis": basis,
        "replaces": [n.strip() for n in raw if n.strip()],
        **_per_unit(c, fee, fpath),
    }


def _stored_form(code: str) -> dict[str, Any] | None:
    """The published online form of the procedure `code` already in the catalogue, if any."""
    form = (
        FormVersion.objects.filter(procedure__code=code, status=PublicationStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    return form.schema if form is not None else None


def _per_unit(c: _Checker, fee: dict[str, Any], fpath: Path) -> dict[str, Any]:
    """A line charged per unit: the form's number field that counts (absent or empty: charged once) and the
    first unit it charges (absent or empty: 1). Whether the field is a number field of the form is checked
    with the procedure's form, below."""
    field = c.text(fee, "per_field", fpath, limit=60)
    start = 1
    if fee.get("per_from") not in (None, ""):
        start = int(c.number(fee, "per_from", fpath, Decimal(1), Decimal(1000), 0) or 1)
    when = c.text(fee, "when_field", fpath, limit=100)
    days = None
    if fee.get("when_days") not in (None, ""):
        days = int(c.number(fee, "when_days", fpath, Decimal(0), Decimal(36500), 0) or 0)
    if bool(when) != (days is not None):
        c.fail(
            (*fpath, "when_days"), _("Give both the form's date field and the number of days, or neither.")
        )
    return {"per_field": field, "per_from": start, "when_field": when, "when_days": days}


@dataclass
class Plan:
    fields: list[dict[str, Any]]
    procedures: list[dict[str, Any]]
    paths: list[Path]


def check(data: Any, locate: Locate, result: ImportResult) -> Plan | None:
    c = _Checker(locate, result)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        c.fail((), _("This is not an egov catalogue (format %(format)s).") % {"format": FORMAT})
        return None
    fields: list[dict[str, Any]] = []
    field_codes = set(Field.objects.values_list("code", flat=True))
    for index, raw in enumerate(data.get("fields") or []):
        path: Path = ("fields", index)
        if not isinstance(raw, dict):
            c.fail(path, _("Expected an object."))
            continue
        code = c.text(raw, "code", path, required=True, limit=30)
        name = c.text(raw, "name", path, required=True, limit=200)
        order = c.number({"v": raw.get("sort_order", 0)}, "v", path, Decimal(0), Decimal(100000), 0)
        if any(f["code"] == code for f in fields):
            c.fail((*path, "code"), _("The code %(code)s appears twice.") % {"code": code})
        fields.append({"code": code, "name": name, "sort_order": int(order or 0)})
        field_codes.add(code)
    agency_codes = set(Agency.objects.values_list("code", flat=True))
    procedures: list[dict[str, Any]] = []
    paths: list[Path] = []
    seen: dict[str, int] = {}
    raw_procedures = data.get("procedures")
    if not isinstance(raw_procedures, list):
        c.fail(("procedures",), _("Expected a list of procedures."))
        return None
    for index, raw in enumerate(raw_procedures):
        path = ("procedures", index)
        if not isinstance(raw, dict):
            c.fail(path, _("Expected an object."))
            continue
        item = _check_procedure(c, raw, path, field_codes, agency_codes)
        code = item["code"]
        if code in seen:
            c.fail((*path, "code"), _("The code %(code)s appears twice.") % {"code": code})
        seen[code] = index
        procedures.append(item)
        paths.append(path)
    if not procedures and not fields:
        c.fail((), _("The file holds no fields and no procedures."))
    return Plan(fields, procedures, paths) if result.ok else None


def _cutoff(c: _Checker, raw: dict[str, Any], path: Path, unit: str) -> str:
    """The cut-off time of a same-day procedure as "HH:MM" ("15:00", or "15:00:00" from a spreadsheet's
    time cell); empty for any other unit."""
    value = c.text(raw, "same_day_cutoff", path, limit=8)
    if unit != TimeUnit.SAME_DAY:
        return ""
    try:
        return dt.time.fromisoformat(value).strftime("%H:%M")
    except ValueError:
        c.fail((*path, "same_day_cutoff"), _("A same-day procedure needs its cut-off time, e.g. 15:00."))
        return ""


def _check_procedure(
    c: _Checker, raw: dict[str, Any], path: Path, field_codes: set[str], agency_codes: set[str]
) -> dict[str, Any]:
    item: dict[str, Any] = {}
    item["code"] = c.text(raw, "code", path, required=True, limit=30)
    if item["code"] and not CODE_RE.match(item["code"]):
        c.fail((*path, "code"), _("Use letters, digits, dots and dashes, e.g. 1.001193."))
    item["name"] = c.text(raw, "name", path, required=True, limit=500)
    item["field"] = c.text(raw, "field", path, required=True, limit=30)
    if item["field"] and item["field"] not in field_codes:
        c.fail((*path, "field"), _("No field has the code %(code)s.") % {"code": item["field"]})
    item["levels"] = c.choices(raw, "levels", path, Level.values)
    item["time_unit"] = c.choice(raw, "time_unit", path, TimeUnit.values, TimeUnit.WORKING_DAYS)
    time = c.number(raw, "processing_time", path, Decimal("0.1"), Decimal(99999), 1)
    item["processing_time"] = dec(time) if time is not None else None
    item["same_day_cutoff"] = _cutoff(c, raw, path, item["time_unit"])
    item["time_limit_source"] = c.text(raw, "time_limit_source", path, limit=300)
    keys = (
        "processing_note",
        "legal_basis",
        "result",
        "result_type_code",
        "requirements",
        "steps_text",
        "source",
    )
    for key in keys:
        item[key] = c.text(raw, key, path, limit=TEXT_LIMITS.get(key, 20000))
    try:
        validate_source(item["source"])
    except ValidationError as refused:
        c.fail((*path, "source"), str(refused.messages[0]))
    item["applicant_types"] = c.choices(raw, "applicant_types", path, ApplicantType.values)
    item["channels"] = c.choices(raw, "channels", path, Channel.values)
    item["service_level"] = c.choice(
        raw, "service_level", path, ServiceLevel.values, ServiceLevel.PARTLY_ONLINE
    )
    item["online_payment"] = c.flag(raw, "online_payment", path, False)
    item["inter_agency_group"] = c.flag(raw, "inter_agency_group", path, False)
    if "status" in raw:
        item["status"] = c.choice(raw, "status", path, PublicationStatus.values)
    if "agencies" in raw:
        agencies = raw["agencies"] if isinstance(raw["agencies"], list) else None
        if agencies is None:
            c.fail((*path, "agencies"), _("Expected a list of agency codes."))
        else:
            for code in agencies:
                if code not in agency_codes:
                    c.fail((*path, "agencies"), _("No agency has the code %(code)s.") % {"code": code})
            item["agencies"] = sorted(set(map(str, agencies)))
    item["documents"] = []
    for index, doc in enumerate(_list(c, raw, "documents", path)):
        dpath = (*path, "documents", index)
        item["documents"].append(
            {
                "name": c.text(doc, "name", dpath, required=True, limit=500),
                "copy_kind": c.choice(doc, "copy_kind", dpath, RequiredDocument.Copy.values, "original"),
                "quantity": int(c.number({"quantity": doc.get("quantity", 1)}, "quantity", dpath, Decimal(1),
                                         Decimal(100), 0) or 1),
                "required": c.flag(doc, "required", dpath, True),
                "reusable": c.flag(doc, "reusable", dpath, True),
                # An empty cell (a workbook written before the column) is the default, a file uploaded.
                "online": c.choice({"online": doc.get("online") or "upload"}, "online", dpath,
                                   RequiredDocument.Online.values),
                "template_name": c.text(doc, "template_name", dpath, limit=200),
                "note": c.text(doc, "note", dpath, limit=5000),
            }
        )  # fmt: skip
    item["fees"] = []
    for index, fee in enumerate(_list(c, raw, "fees", path)):
        fpath = (*path, "fees", index)
        amount = c.number(fee, "amount", fpath, Decimal(0), Decimal(10) ** 13, 0)
        item["fees"].append(
            {
                "kind": c.choice(fee, "kind", fpath, Fee.Kind.values, "charge"),
                "name": c.text(fee, "name", fpath, required=True, limit=300),
                "amount": dec(amount) if amount is not None else "0",
                "condition": c.text(fee, "condition", fpath, limit=500),
                "legal_basis": c.text(fee, "legal_basis", fpath, limit=300),
                **_online_fee(c, fee, fpath),
                **_fee_case(c, fee, fpath),
            }
        )
    names = {fee["name"] for fee in item["fees"]}
    for index, fee in enumerate(item["fees"]):
        if any(name not in names or name == fee["name"] for name in fee["replaces"]):
            c.fail((*path, "fees", index, "replaces"), _("Name other lines of this procedure's fee list."))
    if raw.get("form") is not None:
        schema = raw["form"]
        errors = formschema.validate_schema(schema)
        for error in errors:
            c.fail((*path, "form", error.index, error.key), str(error))
        if not errors:
            item["form"] = canonical_schema(schema)
    schema = item.get("form") or _stored_form(item.get("code", ""))
    for index, fee in enumerate(item["fees"]):
        for problem in formschema.fee_field_problems([fee], schema):
            c.fail((*path, "fees", index, "per_field" if fee["per_field"] else "when_field"), problem)
        if fee["when_field"] and fee["applies"] != Fee.Applies.CHOSEN:
            c.fail(
                (*path, "fees", index, "when_field"),
                _("Only a case the applicant would be asked can be decided by the form."),
            )
        if fee["per_field"] and fee["applies"] != Fee.Applies.ALWAYS:
            c.fail((*path, "fees", index, "per_field"), _("A line charged per unit is charged always."))
    hours = None
    if time is not None:
        hours = Procedure(processing_time=time, time_unit=item["time_unit"]).processing_hours
    if raw.get("workflow") is not None:
        item["workflow"] = _check_steps(c, raw["workflow"], (*path, "workflow"), agency_codes, hours, item)
    if raw.get("workflows") is not None:
        item["workflows"] = []
        for index, family in enumerate(_list(c, raw, "workflows", path)):
            wpath = (*path, "workflows", index)
            agency = family.get("agency")
            if agency not in agency_codes:
                c.fail((*wpath, "agency"), _("No agency has the code %(code)s.") % {"code": agency})
            steps = _check_steps(c, family, wpath, agency_codes, hours, item)
            item["workflows"].append({"agency": agency, "steps": steps["steps"]})
        item["workflows"].sort(key=lambda family: str(family["agency"]))
    return item


def _list(c: _Checker, raw: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        c.fail((*path, key), _("Expected a list of objects."))
        return []
    return value


def _check_steps(
    c: _Checker,
    raw: Any,
    path: Path,
    agency_codes: set[str],
    hours: Decimal | None,
    item: dict[str, Any],
) -> dict[str, Any]:
    steps = []
    raw_steps = raw.get("steps") if isinstance(raw, dict) else None
    if not isinstance(raw_steps, list) or not raw_steps:
        c.fail((*path, "steps"), _("A workflow needs at least one step."))
        return {"steps": []}
    errors_before = len(c.result.errors)
    for index, step in enumerate(raw_steps):
        spath = (*path, "steps", index)
        if not isinstance(step, dict):
            c.fail(spath, _("Expected an object."))
            continue
        agency = step.get("agency") or None
        if agency is not None and agency not in agency_codes:
            c.fail((*spath, "agency"), _("No agency has the code %(code)s.") % {"code": agency})
        local = c.flag(step, "local_unit", spath, False)
        if local and agency is None:
            c.fail(
                (*spath, "local_unit"),
                _("Name the agency whose unit serving the commune carries out this step."),
            )
        allotted = c.number(step, "allotted_hours", spath, Decimal(0), Decimal(99999), 1)
        steps.append(
            {
                "kind": c.choice(step, "kind", spath, StepKind.values, StepKind.PROCESS),
                "name": c.text(step, "name", spath, required=True, limit=200),
                "role": c.choice(step, "role", spath, Role.values, Role.SPECIALIST),
                "agency": agency,
                # written only where set, as the export writes it (catalogue_io.export._steps)
                **({"local_unit": True} if local else {}),
                "allotted_hours": dec(allotted) if allotted is not None else "0",
            }
        )
    if hours is not None and item["processing_time"] and len(c.result.errors) == errors_before:
        procedure = Procedure(
            processing_time=Decimal(str(item["processing_time"])), time_unit=item["time_unit"]
        )
        problems = workflow_problems(
            procedure, [{**s, "allotted_hours": Decimal(str(s["allotted_hours"]))} for s in steps]
        )
        for problem in problems:
            c.fail((*path, "steps"), problem)
    return {"steps": steps}
