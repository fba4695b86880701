"""Importing a catalogue file: checked in full, then written through the catalogue services.

All or nothing: the whole file is written in one transaction, rolled back when any procedure fails
(a service refusing a value, or a published procedure left without what publication needs). A
procedure whose data equals what is stored is skipped, so importing the same file twice writes
nothing the second time (no row, no audit entry). The drafting, versioning and publishing rules are
the services' own: the import drafts a new workflow or form version and publishes it as an
administrator would on the screens.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egov.core.audit import Actor
from egov.organizations.models import Agency
from egov.procedures import permissions
from egov.procedures.catalogue_io import xlsx_read
from egov.procedures.catalogue_io.check import Plan, check
from egov.procedures.catalogue_io.export import export_procedure, export_queryset
from egov.procedures.catalogue_io.format import ImportIssue, ImportResult, Locate, Path, json_locate
from egov.procedures.catalogue_io.groups import write_groups
from egov.procedures.models import Field, Procedure, PublicationStatus
from egov.procedures.services import catalogue, workflows
from egov.procedures.services import forms as form_services
from egov.procedures.services.catalogue import DOCUMENT_FIELDS, FEE_FIELDS, ProcedureData


def import_catalogue(actor: Actor, data: Any, locate: Locate | None = None) -> ImportResult:
    """Check `data` (the JSON format, already parsed) in full, then write it in one transaction."""
    permissions.require_editor(actor)
    result = ImportResult()
    locate = locate or json_locate(data)
    plan = check(data, locate, result)
    if plan is None:
        return result
    try:
        with transaction.atomic():
            _write(actor, plan, result, locate)
            write_groups(actor, data, result)
            if not result.ok:
                raise _Rollback
    except _Rollback:
        result.created, result.updated, result.unchanged = [], [], []
        result.fields_changed = 0
        result.groups_changed = []
    return result


class _Rollback(Exception):
    pass


def _issues(locate: Locate, path: Path, error: ValidationError) -> list[ImportIssue]:
    if hasattr(error, "error_dict"):
        return [
            ImportIssue(locate((*path, key)), str(message))
            for key, messages in error.message_dict.items()
            for message in messages
        ]
    return [ImportIssue(locate(path), str(message)) for message in error.messages]


def _write(actor: Actor, plan: Plan, result: ImportResult, locate: Locate) -> None:
    for index, item in enumerate(plan.fields):
        field = Field.objects.filter(code=item["code"]).first()
        if field and (field.name, field.sort_order) == (item["name"], item["sort_order"]):
            continue
        try:
            catalogue.save_field(
                actor, field, code=item["code"], name=item["name"], sort_order=item["sort_order"]
            )
        except ValidationError as error:
            result.errors += _issues(locate, ("fields", index), error)
            continue
        result.fields_changed += 1
    agencies = {a.code: a for a in Agency.objects.all()}
    existing = {p.code: p for p in export_queryset().filter(code__in=[i["code"] for i in plan.procedures])}
    for item, path in zip(plan.procedures, plan.paths, strict=True):
        procedure = existing.get(item["code"])
        if procedure is not None:
            current = export_procedure(procedure)
            if all(current.get(k) == v for k, v in item.items()):
                result.unchanged.append(item["code"])
                continue
        try:
            _write_procedure(actor, procedure, item, agencies, path, locate, result)
        except ValidationError as error:
            result.errors += _issues(locate, path, error)
            continue
        (result.updated if procedure else result.created).append(item["code"])


def _data(item: dict[str, Any]) -> ProcedureData:
    values = {name: item[name] for name in ProcedureData.names()}
    values["field"] = Field.objects.get(code=item["field"])
    values["processing_time"] = Decimal(item["processing_time"])
    cutoff = item.get("same_day_cutoff") or ""
    values["same_day_cutoff"] = dt.time.fromisoformat(cutoff) if cutoff else None
    return ProcedureData(**values)


def _write_procedure(
    actor: Actor,
    procedure: Procedure | None,
    item: dict[str, Any],
    agencies: dict[str, Agency],
    path: Path,
    locate: Locate,
    result: ImportResult,
) -> None:
    chosen = [agencies[code] for code in item["agencies"]] if "agencies" in item else None
    if procedure is None:
        procedure = catalogue.create_procedure(actor, _data(item), agencies=chosen or [])
        wanted = item.get("status", PublicationStatus.PUBLISHED)
    else:
        # The workflows below may change with the legal time: publication is checked at the end.
        catalogue.update_procedure(actor, procedure, _data(item), agencies=chosen, check_publication=False)
        wanted = item.get("status", procedure.status)
    _documents(actor, procedure, item["documents"])
    _fees(actor, procedure, item["fees"], item.get("form"))
    if "form" in item:
        _form(actor, procedure, item["form"])
    if "workflow" in item:
        _workflow(actor, procedure, None, item["workflow"]["steps"], agencies)
    for family in item.get("workflows", []):
        _workflow(actor, procedure, agencies[family["agency"]], family["steps"], agencies)
    procedure.refresh_from_db()
    if wanted == PublicationStatus.DRAFT and procedure.status != PublicationStatus.DRAFT:
        raise ValidationError(
            {"status": [_("A procedure that has been public cannot become a draft again: unpublish it.")]}
        )
    if wanted != PublicationStatus.DRAFT and wanted != procedure.status:
        catalogue.set_status(actor, procedure, wanted)
    elif procedure.status == PublicationStatus.PUBLISHED:
        problems = catalogue.publication_problems(procedure)
        if problems:
            raise ValidationError(problems)


def _documents(actor: Actor, procedure: Procedure, rows: list[dict[str, Any]]) -> None:
    current = list(procedure.documents.all())
    if [{k: getattr(d, k) for k in DOCUMENT_FIELDS} for d in current] == rows:
        return
    # A paper keeps its uploaded template file when it keeps its position and its name.
    changes = []
    for order, row in enumerate(rows):
        change: dict[str, Any] = dict(row)
        if order < len(current):
            change["id"] = current[order].pk
            if current[order].name != row["name"]:
                change["template"] = False
        changes.append(change)
    catalogue.save_documents(actor, procedure, changes)


def _fees(
    actor: Actor, procedure: Procedure, rows: list[dict[str, Any]], schema: dict[str, Any] | None
) -> None:
    current = [{k: getattr(f, k) for k in FEE_FIELDS} for f in procedure.fees.all()]
    wanted = [
        {
            **row,
            "amount": Decimal(row["amount"]),
            "online_amount": Decimal(row["online_amount"]) if row.get("online_amount") is not None else None,
            "online_from": dt.date.fromisoformat(row["online_from"]) if row.get("online_from") else None,
            "online_until": dt.date.fromisoformat(row["online_until"]) if row.get("online_until") else None,
        }
        for row in rows
    ]
    if current == wanted:
        return
    catalogue.save_fees(actor, procedure, wanted, schema)


def _form(actor: Actor, procedure: Procedure, schema: dict[str, Any]) -> None:
    published = procedure.forms.filter(status=PublicationStatus.PUBLISHED).first()
    if published is not None and published.schema == schema:
        return
    draft = form_services.new_form_draft(actor, procedure)
    draft = form_services.save_form_schema(actor, draft, schema)
    form_services.publish_form(actor, draft)


def _workflow(
    actor: Actor,
    procedure: Procedure,
    agency: Agency | None,
    steps: list[dict[str, Any]],
    agencies: dict[str, Agency],
) -> None:
    family = procedure.workflows.filter(agency=agency)
    published = family.filter(status=PublicationStatus.PUBLISHED).first()
    if published is not None and workflows.step_rows(published) == steps:
        return
    draft = workflows.new_workflow_draft(actor, procedure, agency)
    rows = [
        {
            **step,
            "agency": agencies[step["agency"]] if step["agency"] else None,
            "allotted_hours": Decimal(step["allotted_hours"]),
        }
        for step in steps
    ]
    draft = workflows.save_workflow_steps(actor, draft, rows)
    workflows.publish_workflow(actor, draft)


# --- files -------------------------------------------------------------------------------------------------


def import_json_file(actor: Actor, stream: IO[bytes]) -> ImportResult:
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


def import_file(actor: Actor, name: str, stream: IO[bytes]) -> ImportResult:
    """Import a .xlsx workbook or a JSON file (by its name)."""
    if name.lower().endswith(".xlsx"):
        data, locate, errors = xlsx_read.read(stream)
        if errors:
            return ImportResult(errors=errors)
        return import_catalogue(actor, data, locate)
    return import_json_file(actor, stream)
