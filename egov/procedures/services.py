"""Writes to the catalogue. Each function is one transaction with its audit row.

Versioning: a workflow template or an online form is edited only while it is
a draft. Publishing a draft retires the version published before it (status
"unpublished", published_at kept); a dossier keeps a reference to the version
it started with, so nothing it uses ever changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.text import fold
from egov.organizations.models import Agency, Role
from egov.procedures import formschema
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
    StepKind,
    WorkflowStep,
    WorkflowTemplate,
)
from egov.procedures.selectors import (
    assignable_agencies,
    catalogue_scope_q,
    is_catalogue_admin,
    may_edit_workflow,
)

PROCEDURE_FIELDS = (
    "code",
    "name",
    "field",
    "levels",
    "processing_time",
    "time_unit",
    "processing_note",
    "legal_basis",
    "result",
    "applicant_types",
    "channels",
    "service_level",
    "online_payment",
    "requirements",
    "steps_text",
    "source",
    "status",
)
DOCUMENT_FIELDS = ("name", "copy_kind", "quantity", "required", "reusable", "template_name", "note")
FEE_FIELDS = ("kind", "name", "amount", "condition", "legal_basis")
STEP_FIELDS = ("kind", "name", "role", "agency", "allotted_hours")
#: An inter-agency step may leave `agency` empty: the other body (police, social insurance, a ministry) is
#: often outside the province's agency tree; the receiving agency then follows the dossier while it is out.
#: Who carries out each kind of step (Decree 61/2018/NĐ-CP art. 15-20: the one-stop counter receives and
#: returns, a specialist processes, a leader approves and signs).
STEP_ROLES: dict[str, tuple[str, ...]] = {
    StepKind.RECEIVE: (Role.DESK_OFFICER,),
    StepKind.RETURN: (Role.DESK_OFFICER,),
    StepKind.APPROVE: (Role.LEADER,),
    StepKind.PROCESS: (Role.SPECIALIST, Role.CLERK, Role.LEADER),
    StepKind.INTER_AGENCY: (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.CLERK),
}


# --- permissions and bookkeeping ----------------------------------------------------------------------


def _require_editor(actor: Any, procedure: Procedure) -> None:
    if (
        not is_catalogue_admin(actor)
        and not Procedure.objects.filter(catalogue_scope_q(actor), pk=procedure.pk).exists()
    ):
        raise PermissionDenied(_("You may not change this procedure."))


def _require_catalogue_admin(actor: Any) -> None:
    if not is_catalogue_admin(actor):
        raise PermissionDenied(_("Only a province administrator may do this."))


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
    """Refresh the folded search columns (code, name, field name)."""
    procedure.name_folded = fold(procedure.name)
    procedure.search_text = " ".join(
        [
            procedure.code.lower(),
            procedure.name_folded,
            fold(procedure.field.name),
            fold(procedure.field.code),
        ]
    )


def _snapshot(procedure: Procedure) -> dict[str, Any]:
    data = audit.snapshot(procedure, PROCEDURE_FIELDS)
    data["agencies"] = sorted(procedure.agencies.values_list("code", flat=True)) if procedure.pk else []
    return data


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
    if procedure.processing_time is not None and procedure.processing_time <= 0:
        errors["processing_time"] = [_("The processing time must be more than zero.")]
    if errors:
        raise ValidationError(errors)


def _check_agencies(actor: Any, agencies: Iterable[Agency]) -> list[Agency]:
    agencies = list(agencies)
    allowed = set(assignable_agencies(actor).values_list("pk", flat=True))
    outside = [a for a in agencies if a.pk not in allowed]
    if outside:
        raise PermissionDenied(
            _("You may not assign procedures to %(agency)s.") % {"agency": ", ".join(a.name for a in outside)}
        )
    if not agencies and not is_catalogue_admin(actor):
        raise ValidationError({"agencies": [_("Choose at least one of your agencies.")]})
    return agencies


# --- fields (lĩnh vực) ----------------------------------------------------------------------------------


@transaction.atomic
def save_field(actor: Any, field: Field | None = None, *, code: str, name: str, sort_order: int = 0) -> Field:
    """Create or change a field; its procedures are re-indexed when the name changes."""
    _require_catalogue_admin(actor)
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
def create_procedure(actor: Any, *, agencies: Iterable[Agency] = (), **data: Any) -> Procedure:
    """A new procedure, as a draft. An agency administrator must name at least one of their agencies."""
    if not is_catalogue_admin(actor) and not assignable_agencies(actor).exists():
        raise PermissionDenied(_("You may not add procedures."))
    chosen = _check_agencies(actor, agencies)
    unknown = set(data) - set(PROCEDURE_FIELDS)
    if unknown:
        raise ValueError(f"unknown procedure fields {sorted(unknown)}")
    data["code"] = str(data.get("code", "")).strip()
    if Procedure.objects.filter(code=data["code"]).exists():
        raise ValidationError(
            {"code": [_("A procedure with code %(code)s already exists.") % {"code": data["code"]}]}
        )
    data.setdefault("status", PublicationStatus.DRAFT)
    if data["status"] == PublicationStatus.PUBLISHED:
        raise ValidationError(_("Publish a procedure after its workflow (and form) are published."))
    procedure = Procedure(**data)
    _check_lists(procedure)
    procedure.full_clean(exclude=["search_text", "name_folded"])
    reindex(procedure)
    procedure.save()
    procedure.agencies.set(chosen)
    audit.record(
        actor, "procedure.create", procedure, after=_snapshot(procedure), agency_path=audit_path(procedure)
    )
    return procedure


@transaction.atomic
def update_procedure(
    actor: Any, procedure: Procedure, *, agencies: Iterable[Agency] | None = None, **changes: Any
) -> Procedure:
    procedure = Procedure.objects.select_for_update(of=("self",)).get(pk=procedure.pk)
    _require_editor(actor, procedure)
    before = _snapshot(procedure)
    for name, value in changes.items():
        if name not in PROCEDURE_FIELDS or name == "status":
            raise ValueError(f"cannot change {name} here")
        setattr(procedure, name, value)
    procedure.code = procedure.code.strip()
    if Procedure.objects.filter(code=procedure.code).exclude(pk=procedure.pk).exists():
        raise ValidationError(
            {"code": [_("A procedure with code %(code)s already exists.") % {"code": procedure.code}]}
        )
    _check_lists(procedure)
    procedure.full_clean(exclude=["search_text", "name_folded"])
    if agencies is not None:
        wanted = list(agencies)
        if not is_catalogue_admin(actor):
            # An agency administrator changes only their own agencies; the others stay.
            mine = set(assignable_agencies(actor).values_list("pk", flat=True))
            _check_agencies(actor, wanted)
            kept = [a for a in procedure.agencies.all() if a.pk not in mine]
            wanted = kept + wanted
        else:
            _check_agencies(actor, wanted)
        procedure.agencies.set(wanted)
    if procedure.status == PublicationStatus.PUBLISHED:
        problems = publication_problems(procedure)
        if problems:
            raise ValidationError(problems)
    reindex(procedure)
    procedure.save()
    audit.record(
        actor,
        "procedure.update",
        procedure,
        before=before,
        after=_snapshot(procedure),
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
        if total != procedure.processing_hours:
            problems.append(
                _(
                    "The published workflow %(name)s adds up to %(total)s working hours, "
                    "not the legal %(legal)s: publish a corrected version."
                )
                % {
                    "name": template.agency.name if template.agency else _("default"),
                    "total": _hours(total),
                    "legal": _hours(procedure.processing_hours),
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
def set_status(actor: Any, procedure: Procedure, status: str) -> Procedure:
    """Publish (shown to the public, open to dossiers) or unpublish a procedure."""
    procedure = Procedure.objects.select_for_update(of=("self",)).get(pk=procedure.pk)
    _require_editor(actor, procedure)
    if status not in (PublicationStatus.PUBLISHED, PublicationStatus.UNPUBLISHED):
        raise ValueError(status)
    if status == procedure.status:
        return procedure
    if status == PublicationStatus.PUBLISHED:
        problems = publication_problems(procedure)
        if problems:
            raise ValidationError(problems)
        procedure.published_at = timezone.now()
    before = _snapshot(procedure)
    procedure.status = status
    procedure.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor,
        "procedure.publish" if status == PublicationStatus.PUBLISHED else "procedure.unpublish",
        procedure,
        before=before,
        after=_snapshot(procedure),
        agency_path=audit_path(procedure),
    )
    return procedure


def _hours(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# --- papers and fees --------------------------------------------------------------------------------------


def _save_rows(
    actor: Any,
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
def save_documents(actor: Any, procedure: Procedure, rows: list[dict[str, Any]]) -> None:
    """Replace the list of required papers; rows with an `id` update that paper, `DELETE` removes it.

    `template` in a row: a new uploaded file, False to remove it, absent/None to keep it.
    """
    _require_editor(actor, procedure)
    _save_rows(actor, procedure, RequiredDocument, DOCUMENT_FIELDS, rows, "procedure.documents")


@transaction.atomic
def save_fees(actor: Any, procedure: Procedure, rows: list[dict[str, Any]]) -> None:
    _require_editor(actor, procedure)
    for row in rows:
        if not row.get("DELETE") and row.get("amount") is not None and Decimal(row["amount"]) < 0:
            raise ValidationError(_("A fee cannot be negative."))
    _save_rows(actor, procedure, Fee, FEE_FIELDS, rows, "procedure.fees")


# --- workflow templates ---------------------------------------------------------------------------------


def workflow_problems(procedure: Procedure, steps: list[dict[str, Any]]) -> list[str]:
    """Why these steps cannot form the procedure's workflow (empty: they can)."""
    problems: list[str] = []
    if not steps:
        return [_("A workflow needs at least one step.")]
    if steps[0]["kind"] != StepKind.RECEIVE:
        problems.append(_("The first step must receive the dossier."))
    if steps[-1]["kind"] != StepKind.RETURN:
        problems.append(_("The last step must return the result."))
    if not any(s["kind"] == StepKind.APPROVE for s in steps):
        problems.append(_("A leader must approve the result in one step."))
    for number, step in enumerate(steps, start=1):
        if step["kind"] not in StepKind.values:
            problems.append(_("Step %(n)s: unknown kind.") % {"n": number})
            continue
        if step["role"] not in STEP_ROLES[step["kind"]]:
            problems.append(
                _("Step %(n)s: %(kind)s is done by %(roles)s.")
                % {
                    "n": number,
                    "kind": StepKind(step["kind"]).label,
                    "roles": ", ".join(str(Role(r).label) for r in STEP_ROLES[step["kind"]]),
                }
            )
        if step["allotted_hours"] is None or step["allotted_hours"] < 0:
            problems.append(_("Step %(n)s: the time allotted cannot be negative.") % {"n": number})
        if not str(step.get("name") or "").strip():
            problems.append(_("Step %(n)s: give the step a name.") % {"n": number})
    if problems:
        return problems
    total = sum((Decimal(s["allotted_hours"]) for s in steps), Decimal(0))
    legal = procedure.processing_hours
    if total != legal:
        problems.append(
            _(
                "The steps add up to %(total)s working hours; the legal time is %(legal)s working hours "
                "(%(time)s %(unit)s, a working day being 8 hours)."
            )
            % {
                "total": _hours(total),
                "legal": _hours(legal),
                "time": _hours(procedure.processing_time),
                "unit": procedure.get_time_unit_display(),
            }
        )
    return problems


def _step_rows(template: WorkflowTemplate) -> list[dict[str, Any]]:
    return [
        {
            "kind": s.kind,
            "name": s.name,
            "role": s.role,
            "agency": s.agency.code if s.agency else None,
            "allotted_hours": str(s.allotted_hours),
        }
        for s in template.steps.select_related("agency").order_by("position")
    ]


def _default_steps(procedure: Procedure) -> list[dict[str, Any]]:
    """A starting point for a first draft: the four usual steps, all the time on processing."""
    steps = (
        (StepKind.RECEIVE, _("Receive the dossier"), Role.DESK_OFFICER, Decimal(0)),
        (StepKind.PROCESS, _("Examine the dossier"), Role.SPECIALIST, procedure.processing_hours),
        (StepKind.APPROVE, _("Approve and sign"), Role.LEADER, Decimal(0)),
        (StepKind.RETURN, _("Return the result"), Role.DESK_OFFICER, Decimal(0)),
    )
    return [
        {"kind": kind, "name": name, "role": role, "agency": None, "allotted_hours": hours}
        for kind, name, role, hours in steps
    ]


@transaction.atomic
def new_workflow_draft(actor: Any, procedure: Procedure, agency: Agency | None = None) -> WorkflowTemplate:
    """A draft version for `agency` (None: the default), copying the latest version's steps."""
    _require_editor(actor, procedure)
    if not may_edit_workflow(actor, agency):
        raise PermissionDenied(_("You may not change this workflow."))
    family = WorkflowTemplate.objects.select_for_update(of=("self",)).filter(
        procedure=procedure, agency=agency
    )
    draft = family.filter(status=PublicationStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = family.order_by("-version").first()
    version = (family.aggregate(m=Max("version"))["m"] or 0) + 1
    template = WorkflowTemplate.objects.create(procedure=procedure, agency=agency, version=version)
    if latest is not None:
        WorkflowStep.objects.bulk_create(
            WorkflowStep(
                template=template,
                position=s.position,
                kind=s.kind,
                name=s.name,
                role=s.role,
                agency=s.agency,
                allotted_hours=s.allotted_hours,
            )
            for s in latest.steps.all()
        )
    else:
        _write_steps(template, _default_steps(procedure))
    audit.record(
        actor,
        "workflow.draft",
        template,
        after={"version": version, "steps": _step_rows(template)},
        agency_path=agency.path if agency else audit_path(procedure),
    )
    return template


def _write_steps(template: WorkflowTemplate, steps: list[dict[str, Any]]) -> None:
    template.steps.all().delete()
    WorkflowStep.objects.bulk_create(
        WorkflowStep(
            template=template,
            position=number,
            kind=s["kind"],
            name=str(s["name"]).strip(),
            role=s["role"],
            agency=s.get("agency") if isinstance(s.get("agency"), Agency) else None,
            allotted_hours=Decimal(s["allotted_hours"]),
        )
        for number, s in enumerate(steps, start=1)
    )


def _require_draft(template: WorkflowTemplate | FormVersion) -> None:
    if template.status != PublicationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed; start a new version."))


@transaction.atomic
def save_workflow_steps(
    actor: Any, template: WorkflowTemplate, steps: list[dict[str, Any]]
) -> WorkflowTemplate:
    """Replace a draft's steps (dicts of STEP_FIELDS, `agency` an Agency or None), checked in full."""
    template = (
        WorkflowTemplate.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency")
        .get(pk=template.pk)
    )
    _require_editor(actor, template.procedure)
    if not may_edit_workflow(actor, template.agency):
        raise PermissionDenied(_("You may not change this workflow."))
    _require_draft(template)
    problems = workflow_problems(template.procedure, steps)
    if problems:
        raise ValidationError(problems)
    before = _step_rows(template)
    _write_steps(template, steps)
    audit.record(
        actor,
        "workflow.steps",
        template,
        before={"steps": before},
        after={"steps": _step_rows(template)},
        agency_path=template.agency.path if template.agency else audit_path(template.procedure),
    )
    return template


@transaction.atomic
def publish_workflow(actor: Any, template: WorkflowTemplate) -> WorkflowTemplate:
    """Make a draft the version new dossiers start with; the previous version is retired."""
    template = (
        WorkflowTemplate.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency")
        .get(pk=template.pk)
    )
    _require_editor(actor, template.procedure)
    if not may_edit_workflow(actor, template.agency):
        raise PermissionDenied(_("You may not change this workflow."))
    _require_draft(template)
    steps = _step_rows(template)
    for step, obj in zip(steps, template.steps.select_related("agency").order_by("position"), strict=True):
        step["agency"] = obj.agency
        step["allotted_hours"] = obj.allotted_hours
    problems = workflow_problems(template.procedure, steps)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    WorkflowTemplate.objects.filter(
        procedure=template.procedure, agency=template.agency, status=PublicationStatus.PUBLISHED
    ).update(status=PublicationStatus.UNPUBLISHED)
    template.status = PublicationStatus.PUBLISHED
    template.published_at = now
    template.save(update_fields=["status", "published_at"])
    audit.record(
        actor,
        "workflow.publish",
        template,
        after={"version": template.version},
        agency_path=template.agency.path if template.agency else audit_path(template.procedure),
    )
    return template


@transaction.atomic
def discard_draft(actor: Any, version: WorkflowTemplate | FormVersion) -> None:
    """Delete a draft version that was never published."""
    procedure = version.procedure
    _require_editor(actor, procedure)
    if isinstance(version, WorkflowTemplate) and not may_edit_workflow(actor, version.agency):
        raise PermissionDenied(_("You may not change this workflow."))
    _require_draft(version)
    audit.record(
        actor,
        "workflow.discard" if isinstance(version, WorkflowTemplate) else "form.discard",
        version,
        before={"version": version.version},
        agency_path=audit_path(procedure),
    )
    version.delete()


# --- online forms ------------------------------------------------------------------------------------------


def canonical_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The one spelling of a schema that the editor, JSON and spreadsheet all round-trip unchanged."""
    return formschema.unflatten(formschema.flatten(schema))


@transaction.atomic
def new_form_draft(actor: Any, procedure: Procedure) -> FormVersion:
    """A draft form version copying the latest version (or empty)."""
    _require_editor(actor, procedure)
    family = FormVersion.objects.select_for_update(of=("self",)).filter(procedure=procedure)
    draft = family.filter(status=PublicationStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = family.order_by("-version").first()
    version = (family.aggregate(m=Max("version"))["m"] or 0) + 1
    form = FormVersion.objects.create(
        procedure=procedure,
        version=version,
        schema=latest.schema if latest else formschema.empty_schema(),
    )
    audit.record(actor, "form.draft", form, after={"version": version}, agency_path=audit_path(procedure))
    return form


@transaction.atomic
def save_form_schema(actor: Any, form: FormVersion, schema: dict[str, Any]) -> FormVersion:
    form = FormVersion.objects.select_for_update(of=("self",)).select_related("procedure").get(pk=form.pk)
    _require_editor(actor, form.procedure)
    _require_draft(form)
    errors = formschema.validate_schema(schema)
    if errors:
        raise ValidationError([str(e) for e in errors])
    before = form.schema
    form.schema = canonical_schema(schema)
    form.save(update_fields=["schema"])
    audit.record(
        actor, "form.schema", form, before={"schema": before}, after={"schema": form.schema},
        agency_path=audit_path(form.procedure),
    )  # fmt: skip
    return form


@transaction.atomic
def publish_form(actor: Any, form: FormVersion) -> FormVersion:
    form = FormVersion.objects.select_for_update(of=("self",)).select_related("procedure").get(pk=form.pk)
    _require_editor(actor, form.procedure)
    _require_draft(form)
    errors = formschema.validate_schema(form.schema)
    if not errors and not form.schema.get("fields"):
        raise ValidationError(_("The form has no fields."))
    if errors:
        raise ValidationError([str(e) for e in errors])
    FormVersion.objects.filter(procedure=form.procedure, status=PublicationStatus.PUBLISHED).update(
        status=PublicationStatus.UNPUBLISHED
    )
    form.status = PublicationStatus.PUBLISHED
    form.published_at = timezone.now()
    form.save(update_fields=["status", "published_at"])
    audit.record(
        actor, "form.publish", form, after={"version": form.version}, agency_path=audit_path(form.procedure)
    )
    return form
