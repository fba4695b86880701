"""Import and export of the whole catalogue, as JSON ("egov-catalogue/1") or as an xlsx workbook.

Both formats carry the same data; the workbook spreads it over sheets with
Vietnamese headers (xlsx_format.py). An import is checked in full before
anything is written; every error names where it is (sheet, row and column for
a workbook; the entry for JSON). A file with errors changes nothing. A
procedure whose data equals what is stored is skipped, so importing the same
file twice changes nothing the second time (no write, no audit row).

Extensions to the format (all optional on import, always written on export):
  procedure "status"    draft | published | unpublished (absent: new ones are published,
                        existing ones keep theirs)
  procedure "agencies"  agency codes that carry it out
  procedure "workflows" [{"agency": code, "steps": [...]}]: agency-specific templates
A procedure without "form" or "workflow" keeps the ones it has.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.organizations.models import Agency, Role
from egov.procedures import formschema, services
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
    WorkflowStep,
    WorkflowTemplate,
)
from egov.procedures.selectors import is_catalogue_admin
from egov.procedures.services import DOCUMENT_FIELDS, FEE_FIELDS, PROCEDURE_FIELDS, STEP_FIELDS

FORMAT = "egov-catalogue/1"
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")
BASIC_KEYS = tuple(name for name in PROCEDURE_FIELDS if name != "status")
TEXT_LIMITS = {"name": 500, "source": 300}
DOCUMENT_KEYS = DOCUMENT_FIELDS
FEE_KEYS = FEE_FIELDS
STEP_KEYS = STEP_FIELDS

Path = tuple[Any, ...]


def dec(value: Decimal) -> str:
    """A decimal as the format writes it: no exponent, no trailing zeros ("3", "0.5", "100000")."""
    text = format(value.normalize(), "f")
    return text


# --- export ---------------------------------------------------------------------------------------------


def _steps(template: WorkflowTemplate) -> list[dict[str, Any]]:
    return [
        {
            "kind": s.kind,
            "name": s.name,
            "role": s.role,
            "agency": s.agency.code if s.agency else None,
            "allotted_hours": dec(s.allotted_hours),
        }
        for s in template.steps.all()
    ]


def export_procedure(procedure: Procedure) -> dict[str, Any]:
    """One procedure in the catalogue format (published form and workflows only)."""
    data: dict[str, Any] = {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field.code,
        "levels": list(procedure.levels),
        "processing_time": dec(procedure.processing_time),
        "time_unit": procedure.time_unit,
        "processing_note": procedure.processing_note,
        "legal_basis": procedure.legal_basis,
        "result": procedure.result,
        "applicant_types": list(procedure.applicant_types),
        "channels": list(procedure.channels),
        "service_level": procedure.service_level,
        "online_payment": procedure.online_payment,
        "requirements": procedure.requirements,
        "steps_text": procedure.steps_text,
        "source": procedure.source,
        "status": procedure.status,
        "agencies": sorted(a.code for a in procedure.agencies.all()),
        "documents": [
            {
                "name": d.name,
                "copy_kind": d.copy_kind,
                "quantity": d.quantity,
                "required": d.required,
                "reusable": d.reusable,
                "template_name": d.template_name,
                "note": d.note,
            }
            for d in procedure.documents.all()
        ],
        "fees": [
            {
                "kind": f.kind,
                "name": f.name,
                "amount": dec(f.amount),
                "condition": f.condition,
                "legal_basis": f.legal_basis,
            }
            for f in procedure.fees.all()
        ],
    }
    published = [w for w in procedure.workflows.all() if w.status == PublicationStatus.PUBLISHED]
    forms = [f for f in procedure.forms.all() if f.status == PublicationStatus.PUBLISHED]
    if forms:
        data["form"] = forms[0].schema
    default = [w for w in published if w.agency_id is None]
    if default:
        data["workflow"] = {"steps": _steps(default[0])}
    own = sorted((w for w in published if w.agency_id is not None), key=lambda w: w.agency.code)  # type: ignore[union-attr]
    if own:
        data["workflows"] = [{"agency": w.agency.code, "steps": _steps(w)} for w in own]  # type: ignore[union-attr]
    return data


def _export_queryset() -> Any:
    return (
        Procedure.objects.select_related("field")
        .prefetch_related(
            "agencies",
            "documents",
            "fees",
            "forms",
            "workflows__agency",
            "workflows__steps__agency",
        )
        .order_by("field__sort_order", "field__code", "code")
    )


def export_catalogue() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "fields": [
            {"code": f.code, "name": f.name, "sort_order": f.sort_order}
            for f in Field.objects.order_by("sort_order", "code")
        ],
        "procedures": [export_procedure(p) for p in _export_queryset()],
    }


def export_json() -> bytes:
    return json.dumps(export_catalogue(), ensure_ascii=False, indent=1).encode("utf-8")


# --- errors -------------------------------------------------------------------------------------------


@dataclass
class ImportIssue:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportResult:
    errors: list[ImportIssue] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    fields_changed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


Locate = Callable[[Path], str]


def json_locate(data: Any) -> Locate:
    """Where a value sits in a JSON catalogue, in words."""

    def locate(path: Path) -> str:
        if not path:
            return _("The file")
        if path[0] == "fields" and len(path) > 1:
            return _("Field no. %(n)s, key %(key)s") % {"n": path[1] + 1, "key": path[-1]}
        if path[0] == "procedures" and len(path) > 1:
            index = path[1]
            try:
                code = data["procedures"][index].get("code") or "?"
            except (KeyError, IndexError, TypeError, AttributeError):
                code = "?"
            where = _("Procedure no. %(n)s (%(code)s)") % {"n": index + 1, "code": code}
            rest = [str(p + 1) if isinstance(p, int) else str(p) for p in path[2:]]
            return f"{where}, {' › '.join(rest)}" if rest else where
        return " › ".join(str(p) for p in path)

    return locate


# --- checking -------------------------------------------------------------------------------------------


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


@dataclass
class _Plan:
    fields: list[dict[str, Any]]
    procedures: list[dict[str, Any]]
    paths: list[Path]


def _check(data: Any, locate: Locate, result: ImportResult) -> _Plan | None:
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
    return _Plan(fields, procedures, paths) if result.ok else None


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
    for key in ("processing_note", "legal_basis", "result", "requirements", "steps_text", "source"):
        item[key] = c.text(raw, key, path, limit=TEXT_LIMITS.get(key, 20000))
    item["applicant_types"] = c.choices(raw, "applicant_types", path, ApplicantType.values)
    item["channels"] = c.choices(raw, "channels", path, Channel.values)
    item["service_level"] = c.choice(
        raw, "service_level", path, ServiceLevel.values, ServiceLevel.PARTLY_ONLINE
    )
    item["online_payment"] = c.flag(raw, "online_payment", path, False)
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
            }
        )
    if raw.get("form") is not None:
        schema = raw["form"]
        errors = formschema.validate_schema(schema)
        for error in errors:
            c.fail((*path, "form", error.index, error.key), str(error))
        if not errors:
            item["form"] = services.canonical_schema(schema)
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
        allotted = c.number(step, "allotted_hours", spath, Decimal(0), Decimal(99999), 1)
        steps.append(
            {
                "kind": c.choice(step, "kind", spath, StepKind.values, StepKind.PROCESS),
                "name": c.text(step, "name", spath, required=True, limit=200),
                "role": c.choice(step, "role", spath, Role.values, Role.SPECIALIST),
                "agency": agency,
                "allotted_hours": dec(allotted) if allotted is not None else "0",
            }
        )
    if hours is not None and item["processing_time"] and len(c.result.errors) == errors_before:
        procedure = Procedure(
            processing_time=Decimal(str(item["processing_time"])), time_unit=item["time_unit"]
        )
        problems = services.workflow_problems(
            procedure, [{**s, "allotted_hours": Decimal(str(s["allotted_hours"]))} for s in steps]
        )
        for problem in problems:
            c.fail((*path, "steps"), problem)
    return {"steps": steps}


# --- writing ----------------------------------------------------------------------------------------------


def import_catalogue(actor: Any, data: Any, locate: Locate | None = None) -> ImportResult:
    """Check `data` (the JSON format, already parsed) in full, then write it in one transaction."""
    result = ImportResult()
    if not is_catalogue_admin(actor):
        raise PermissionDenied(_("Only a province administrator may import the catalogue."))
    plan = _check(data, locate or json_locate(data), result)
    if plan is None:
        return result
    try:
        with transaction.atomic():
            _write(actor, plan, result, locate or json_locate(data))
            if not result.ok:
                raise _Rollback
    except _Rollback:
        result.created, result.updated, result.unchanged = [], [], []
        result.fields_changed = 0
    return result


class _Rollback(Exception):
    pass


def _write(actor: Any, plan: _Plan, result: ImportResult, locate: Locate) -> None:
    for item in plan.fields:
        field = Field.objects.filter(code=item["code"]).first()
        if field and (field.name, field.sort_order) == (item["name"], item["sort_order"]):
            continue
        services.save_field(actor, field, **item)
        result.fields_changed += 1
    agencies = {a.code: a for a in Agency.objects.all()}
    existing = {p.code: p for p in _export_queryset().filter(code__in=[i["code"] for i in plan.procedures])}
    for item, path in zip(plan.procedures, plan.paths, strict=True):
        procedure = existing.get(item["code"])
        if procedure is not None:
            current = export_procedure(procedure)
            if all(current.get(k) == v for k, v in item.items()):
                result.unchanged.append(item["code"])
                continue
        _write_procedure(actor, procedure, item, agencies)
        (result.updated if procedure else result.created).append(item["code"])
        written = Procedure.objects.get(code=item["code"])
        if written.status == PublicationStatus.PUBLISHED:
            for problem in services.publication_problems(written):
                result.errors.append(ImportIssue(locate(path), problem))


def _write_procedure(
    actor: Any, procedure: Procedure | None, item: dict[str, Any], agencies: dict[str, Agency]
) -> None:
    before = services._snapshot(procedure) if procedure else None
    procedure = procedure or Procedure(status=PublicationStatus.PUBLISHED)
    for key in BASIC_KEYS:
        value = item[key]
        if key == "field":
            procedure.field = Field.objects.get(code=value)
        elif key == "processing_time":
            procedure.processing_time = Decimal(value)
        else:
            setattr(procedure, key, value)
    if "status" in item:
        procedure.status = item["status"]
    if procedure.status == PublicationStatus.PUBLISHED and procedure.published_at is None:
        procedure.published_at = timezone.now()
    services.reindex(procedure)
    procedure.full_clean(exclude=["search_text", "name_folded"])
    procedure.save()
    if "agencies" in item:
        procedure.agencies.set([agencies[code] for code in item["agencies"]])
    _replace_documents(procedure, item["documents"])
    _replace_fees(procedure, item["fees"])
    if "form" in item:
        _import_form(procedure, item["form"])
    if "workflow" in item:
        _import_workflow(procedure, None, item["workflow"]["steps"], agencies)
    for family in item.get("workflows", []):
        _import_workflow(procedure, agencies[family["agency"]], family["steps"], agencies)
    audit.record(
        actor,
        "procedure.import",
        procedure,
        before=before,
        after=services._snapshot(procedure),
        agency_path=services.audit_path(procedure),
    )


def _replace_documents(procedure: Procedure, rows: list[dict[str, Any]]) -> None:
    current = list(procedure.documents.all())
    if [{k: getattr(d, k) for k in DOCUMENT_KEYS} for d in current] == rows:
        return
    # Keep uploaded template files by position when the paper keeps its name.
    for order, row in enumerate(rows):
        document = current[order] if order < len(current) else RequiredDocument(procedure=procedure)
        if document.pk and document.name != row["name"]:
            document.template = ""
        for key, value in row.items():
            setattr(document, key, value)
        document.sort_order = order
        document.save()
    for document in current[len(rows) :]:
        document.delete()


def _replace_fees(procedure: Procedure, rows: list[dict[str, Any]]) -> None:
    current = [{k: getattr(f, k) for k in FEE_KEYS} for f in procedure.fees.all()]
    for row in current:
        row["amount"] = dec(row["amount"])
    if current == rows:
        return
    procedure.fees.all().delete()
    Fee.objects.bulk_create(
        Fee(procedure=procedure, sort_order=order, **{**row, "amount": Decimal(row["amount"])})
        for order, row in enumerate(rows)
    )


def _import_form(procedure: Procedure, schema: dict[str, Any]) -> None:
    published = procedure.forms.filter(status=PublicationStatus.PUBLISHED).first()
    if published is not None and published.schema == schema:
        return
    version = procedure.forms.filter(status=PublicationStatus.DRAFT).first()
    if version is None:
        number = (procedure.forms.aggregate(m=Max("version"))["m"] or 0) + 1
        version = FormVersion(procedure=procedure, version=number)
    procedure.forms.filter(status=PublicationStatus.PUBLISHED).update(status=PublicationStatus.UNPUBLISHED)
    version.schema = schema
    version.status = PublicationStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save()


def _import_workflow(
    procedure: Procedure, agency: Agency | None, steps: list[dict[str, Any]], agencies: dict[str, Agency]
) -> None:
    family = procedure.workflows.filter(agency=agency)
    published = family.filter(status=PublicationStatus.PUBLISHED).prefetch_related("steps__agency").first()
    if published is not None and _steps(published) == steps:
        return
    template = family.filter(status=PublicationStatus.DRAFT).first()
    if template is None:
        number = (family.aggregate(m=Max("version"))["m"] or 0) + 1
        template = WorkflowTemplate.objects.create(procedure=procedure, agency=agency, version=number)
    family.filter(status=PublicationStatus.PUBLISHED).update(status=PublicationStatus.UNPUBLISHED)
    template.steps.all().delete()
    WorkflowStep.objects.bulk_create(
        WorkflowStep(
            template=template,
            position=number,
            kind=s["kind"],
            name=s["name"],
            role=s["role"],
            agency=agencies[s["agency"]] if s["agency"] else None,
            allotted_hours=Decimal(s["allotted_hours"]),
        )
        for number, s in enumerate(steps, start=1)
    )
    template.status = PublicationStatus.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at"])


# --- files -------------------------------------------------------------------------------------------------


def import_json_file(actor: Any, stream: IO[bytes]) -> ImportResult:
    try:
        data = json.loads(stream.read().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ImportResult(errors=[ImportIssue(_("The file"), _("The file is not UTF-8 text."))])
    except json.JSONDecodeError as error:
        return ImportResult(
            errors=[
                ImportIssue(
                    _("Line %(line)s, column %(col)s") % {"line": error.lineno, "col": error.colno},
                    _("The file is not valid JSON."),
                )
            ]
        )
    return import_catalogue(actor, data)


def import_file(actor: Any, name: str, stream: IO[bytes]) -> ImportResult:
    if name.lower().endswith(".xlsx"):
        from egov.procedures import xlsx_format

        data, locate, errors = xlsx_format.read(stream)
        if errors:
            return ImportResult(errors=errors)
        return import_catalogue(actor, data, locate)
    return import_json_file(actor, stream)
