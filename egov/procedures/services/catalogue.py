"""Writes to what a procedure's agencies share: fields, the procedure, its papers and fees, publication.

Only a province administrator calls these (permissions.require_editor): a procedure is carried out by
many agencies with the same code, name, papers and fees. Each function is one transaction with its
audit row; bad input raises ValidationError and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.core.text import fold, search_key
from egov.organizations.models import Agency
from egov.procedures import formschema, permissions
from egov.procedures.models import (
    ApplicantType,
    Channel,
    Fee,
    Field,
    Level,
    Procedure,
    PublicationStatus,
    RequiredDocument,
    ServiceLevel,
    TimeUnit,
)
from egov.procedures.selectors import current_form

DOCUMENT_FIELDS = ("name", "copy_kind", "quantity", "required", "reusable", "online", "template_name", "note")
FEE_FIELDS = (
    "kind",
    "name",
    "amount",
    "condition",
    "legal_basis",
    "online_amount",
    "online_basis",
    "online_from",
    "online_until",
    "applies",
    "case",
    "case_basis",
    "replaces",
    "per_field",
    "per_from",
    "when_field",
    "when_days",
)


@dataclass(frozen=True)
class ProcedureData:
    """What a procedure says about itself (everything but its agencies, papers, fees and status)."""

    code: str
    name: str
    field: Field
    levels: list[str]
    processing_time: Decimal
    time_unit: str = TimeUnit.WORKING_DAYS
    same_day_cutoff: Any = None  # a datetime.time: the cut-off of a same-day procedure
    time_limit_source: str = ""
    processing_note: str = ""
    legal_basis: str = ""
    result: str = ""
    result_type_code: str = ""
    applicant_types: list[str] = dataclass_field(default_factory=list)
    channels: list[str] = dataclass_field(default_factory=list)
    service_level: str = ServiceLevel.PARTLY_ONLINE
    online_payment: bool = False
    inter_agency_group: bool = False
    requirements: str = ""
    steps_text: str = ""
    source: str = ""

    @classmethod
    def of(cls, procedure: Procedure) -> ProcedureData:
        return cls(**{f.name: getattr(procedure, f.name) for f in fields(cls)})

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def apply_to(self, procedure: Procedure) -> None:
        for name in self.names():
            value = getattr(self, name)
            setattr(procedure, name, list(value) if isinstance(value, list | tuple) else value)


PROCEDURE_FIELDS = (*ProcedureData.names(), "status")


# --- bookkeeping --------------------------------------------------------------------------------------------


def audit_path(procedure: Procedure) -> str:
    """The agency path audit rows about a procedure carry: the deepest node above all its agencies."""
    paths = sorted(procedure.agencies.values_list("path", flat=True)) if procedure.pk else []
    if not paths:
        root = Agency.objects.filter(parent__isnull=True).order_by("path").values_list("path", flat=True)
        return root.first() or ""
    first, last = paths[0], paths[-1]
    common = ""
    for segment_a, segment_b in zip(first.split("."), last.split("."), strict=False):
        if segment_a != segment_b or not segment_a:
            break
        common += segment_a + "."
    return common


def reindex(procedure: Procedure) -> None:
    """Refresh the folded search columns: the name (sort order) and the search key.

    The key's parts are in this order (name first: search ranks names that begin with the query on
    it); migration 0004_refresh_search_keys builds the same key.
    """
    procedure.name_folded = fold(procedure.name)
    procedure.search_text = search_key(
        procedure.name, procedure.code, procedure.field.name, procedure.field.code
    )


def snapshot(procedure: Procedure) -> dict[str, Any]:
    data = audit.snapshot(procedure, PROCEDURE_FIELDS)
    data["agencies"] = sorted(procedure.agencies.values_list("code", flat=True)) if procedure.pk else []
    return data


def hours(value: Decimal) -> str:
    """A number of hours without exponent or trailing zeros ("8", "0.5")."""
    return format(value.normalize(), "f")


def _check_lists(procedure: Procedure) -> None:
    errors: dict[str, list[str]] = {}
    for name, allowed in (
        ("levels", Level.values),
        ("channels", Channel.values),
        ("applicant_types", ApplicantType.values),
    ):
        values = getattr(procedure, name) or []
        if not isinstance(values, list) or any(v not in allowed for v in values):
            errors[name] = [_("Choose from the list.")]
        elif not values:
            errors[name] = [_("Choose at least one.")]
        else:
            setattr(procedure, name, [v for v in allowed if v in values])
    if errors:
        raise ValidationError(errors)


def _check_code(procedure: Procedure) -> None:
    procedure.code = procedure.code.strip()
    if Procedure.objects.filter(code=procedure.code).exclude(pk=procedure.pk).exists():
        raise ValidationError(
            {"code": [_("A procedure with code %(code)s already exists.") % {"code": procedure.code}]}
        )


def _active_agencies(agencies: Iterable[Agency]) -> list[Agency]:
    chosen = list(agencies)
    inactive = [a for a in chosen if not a.is_active]
    if inactive:
        raise ValidationError(
            {
                "agencies": [
                    _("%(agency)s is no longer active.") % {"agency": ", ".join(a.name for a in inactive)}
                ]
            }
        )
    return chosen


def assignable_agencies() -> Any:
    """Agencies a procedure may be assigned to (the province administrator chooses among all)."""
    return Agency.objects.filter(is_active=True).order_by("path")


# --- fields (lĩnh vực) ----------------------------------------------------------------------------------


@transaction.atomic
def save_field(
    actor: Actor, field: Field | None = None, *, code: str, name: str, sort_order: int = 0
) -> Field:
    """Create or change a field; its procedures are re-indexed when the name changes."""
    permissions.require_editor(actor)
    code = code.strip()
    if Field.objects.filter(code=code).exclude(pk=field.pk if field else 0).exists():
        raise ValidationError({"code": [_("A field with code %(code)s already exists.") % {"code": code}]})
    before = audit.snapshot(field, ("code", "name", "sort_order")) if field else None
    field = field or Field()
    field.code, field.name, field.sort_order = code, name.strip(), sort_order
    field.name_folded = fold(field.name)
    field.full_clean()
    field.save()
    for procedure in field.procedures.select_related("field"):
        reindex(procedure)
        procedure.save(update_fields=["search_text", "name_folded"])
    audit.record(
        actor,
        "procedure_field.update" if before else "procedure_field.create",
        field,
        before=before,
        after=audit.snapshot(field, ("code", "name", "sort_order")),
        agency_path=audit_path(Procedure()),
    )
    return field


# --- procedures -----------------------------------------------------------------------------------------


@transaction.atomic
def create_procedure(actor: Actor, data: ProcedureData, *, agencies: Iterable[Agency] = ()) -> Procedure:
    """A new procedure, as a draft: publish it after its workflow (and form) are published."""
    permissions.require_editor(actor)
    procedure = Procedure(status=PublicationStatus.DRAFT)
    data.apply_to(procedure)
    _check_code(procedure)
    _check_lists(procedure)
    procedure.full_clean(exclude=["search_text", "name_folded"])
    chosen = _active_agencies(agencies)
    reindex(procedure)
    procedure.save()
    procedure.agencies.set(chosen)
    audit.record(
        actor, "procedure.create", procedure, after=snapshot(procedure), agency_path=audit_path(procedure)
    )
    return procedure


@transaction.atomic
def update_procedure(
    actor: Actor,
    procedure: Procedure,
    data: ProcedureData | None = None,
    *,
    agencies: Iterable[Agency] | None = None,
    check_publication: bool = True,
) -> Procedure:
    """Change what the procedure says (`data`) and who carries it out (`agencies`); None keeps it.

    A published procedure must still satisfy `publication_problems` afterwards. The import, which also
    replaces the workflows in the same transaction, passes `check_publication=False` and checks once
    everything is written.
    """
    permissions.require_editor(actor)
    procedure = Procedure.objects.select_for_update(of=("self",)).get(pk=procedure.pk)
    before = snapshot(procedure)
    agencies = list(agencies) if agencies is not None else None
    same = (data is None or data == ProcedureData.of(procedure)) and (
        agencies is None or {a.pk for a in agencies} == set(procedure.agencies.values_list("pk", flat=True))
    )
    if same:
        return procedure  # nothing to write, nothing to audit (an unchanged form or import row)
    if data is not None:
        data.apply_to(procedure)
    _check_code(procedure)
    _check_lists(procedure)
    procedure.full_clean(exclude=["search_text", "name_folded"])
    if agencies is not None:
        procedure.agencies.set(_active_agencies(agencies))
    if check_publication and procedure.status == PublicationStatus.PUBLISHED:
        problems = publication_problems(procedure)
        if problems:
            raise ValidationError(problems)
    reindex(procedure)
    procedure.save()
    after = snapshot(procedure)
    if after != before:
        audit.record(
            actor,
            "procedure.update",
            procedure,
            before=before,
            after=after,
            agency_path=audit_path(procedure),
        )
    return procedure


def publication_problems(procedure: Procedure) -> list[str]:
    """Why the procedure cannot be shown to the public yet (empty: it can)."""
    problems = []
    default = (
        procedure.workflows.filter(agency__isnull=True, status=PublicationStatus.PUBLISHED)
        .prefetch_related("steps")
        .first()
    )
    if default is None:
        problems.append(_("Publish a workflow for the procedure first."))
    for template in procedure.workflows.filter(status=PublicationStatus.PUBLISHED).prefetch_related("steps"):
        total = template.total_hours
        if not procedure.allotment_fits(total):
            problems.append(
                _(
                    "The published workflow %(name)s adds up to %(total)s working hours, "
                    "not the legal %(legal)s: publish a corrected version."
                )
                % {
                    "name": template.agency.name if template.agency else _("default"),
                    "total": hours(total),
                    "legal": hours(procedure.processing_hours),
                }
            )
    if (
        Channel.ONLINE in (procedure.channels or [])
        and not procedure.forms.filter(status=PublicationStatus.PUBLISHED).exists()
    ):
        problems.append(_("The procedure is offered online: publish its online form first."))
    if not procedure.documents.exists():
        problems.append(_("List the papers the dossier must contain."))
    return problems


@transaction.atomic
def set_status(actor: Actor, procedure: Procedure, status: str) -> Procedure:
    """Publish (shown to the public, open to dossiers) or unpublish a procedure."""
    permissions.require_editor(actor)
    procedure = Procedure.objects.select_for_update(of=("self",)).get(pk=procedure.pk)
    if status not in (PublicationStatus.PUBLISHED, PublicationStatus.UNPUBLISHED):
        raise ValueError(status)
    if status == procedure.status:
        return procedure
    if status == PublicationStatus.PUBLISHED:
        problems = publication_problems(procedure)
        if problems:
            raise ValidationError(problems)
        procedure.published_at = timezone.now()
    before = snapshot(procedure)
    procedure.status = status
    procedure.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor,
        "procedure.publish" if status == PublicationStatus.PUBLISHED else "procedure.unpublish",
        procedure,
        before=before,
        after=snapshot(procedure),
        agency_path=audit_path(procedure),
    )
    return procedure


# --- papers and fees --------------------------------------------------------------------------------------


def _save_rows(
    actor: Actor,
    procedure: Procedure,
    model: type[RequiredDocument] | type[Fee],
    names: tuple[str, ...],
    rows: list[dict[str, Any]],
    action: str,
) -> None:
    existing = {obj.pk: obj for obj in model.objects.filter(procedure=procedure)}
    before = [audit.snapshot(obj, names) for obj in existing.values()]
    kept: set[int] = set()
    for order, row in enumerate(r for r in rows if not r.get("DELETE")):
        obj = existing.get(row.get("id") or 0) or model(procedure=procedure)
        for name in names:
            if name in row:
                setattr(obj, name, row[name])
        if "template" in row and isinstance(obj, RequiredDocument):
            if row["template"] is False:
                obj.template = ""
            elif row["template"]:
                obj.template = row["template"]
        obj.sort_order = order
        obj.full_clean(exclude=["procedure"])
        obj.save()
        kept.add(obj.pk)
    for pk, obj in existing.items():
        if pk not in kept:
            obj.delete()
    after = [audit.snapshot(obj, names) for obj in model.objects.filter(procedure=procedure)]
    if before != after:
        Procedure.objects.filter(pk=procedure.pk).update(updated_at=timezone.now())
        audit.record(
            actor,
            action,
            procedure,
            before={"rows": before},
            after={"rows": after},
            agency_path=audit_path(procedure),
        )


@transaction.atomic
def save_documents(actor: Actor, procedure: Procedure, rows: list[dict[str, Any]]) -> None:
    """Replace the list of required papers; rows with an `id` update that paper, `DELETE` removes it.

    `template` in a row: a new uploaded file, False to remove it, absent/None to keep it.
    """
    permissions.require_editor(actor)
    _save_rows(actor, procedure, RequiredDocument, DOCUMENT_FIELDS, rows, "procedure.documents")


@transaction.atomic
def save_fees(
    actor: Actor, procedure: Procedure, rows: list[dict[str, Any]], schema: dict[str, Any] | None = None
) -> None:
    """Replace the fee list. `schema`: the online form a line charged per unit counts by (default the
    procedure's published one; the import gives the form it publishes with the lines)."""
    permissions.require_editor(actor)
    kept = [r for r in rows if not r.get("DELETE")]
    for row in kept:
        if row.get("amount") is not None and Decimal(row["amount"]) < 0:
            raise ValidationError(_("A fee cannot be negative."))
    if any(r.get("per_field") or r.get("when_field") for r in kept):
        if schema is None:
            form = current_form(procedure)
            schema = form.schema if form is not None else None
        problems = formschema.fee_field_problems(kept, schema)
        if problems:
            raise ValidationError(problems)
    names = {row.get("name") for row in rows if not row.get("DELETE")}
    for row in rows:
        unknown = [n for n in row.get("replaces") or [] if n not in names]
        if not row.get("DELETE") and unknown:
            raise ValidationError(
                _("“%(line)s” is charged instead of a line the procedure does not list: %(names)s.")
                % {"line": row.get("name", ""), "names": "; ".join(unknown)}
            )
    _save_rows(actor, procedure, Fee, FEE_FIELDS, rows, "procedure.fees")
