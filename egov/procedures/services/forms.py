"""Writes to a procedure's online form versions: drafts, their fields, publication, discarding.

The form is part of what a procedure's agencies share, so only a province administrator writes it
(permissions.require_editor). Versioned like workflow templates: only a draft changes, publishing
retires the previous version, a submission keeps the version it was made with.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.procedures import formschema, permissions
from egov.procedures.models import FormVersion, Procedure, PublicationStatus
from egov.procedures.services.catalogue import audit_path
from egov.procedures.services.workflows import require_draft


def canonical_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The one spelling of a schema that the editor, JSON and spreadsheet all round-trip unchanged."""
    return formschema.unflatten(formschema.flatten(schema))


def _locked(form: FormVersion) -> FormVersion:
    return FormVersion.objects.select_for_update(of=("self",)).select_related("procedure").get(pk=form.pk)


@transaction.atomic
def new_form_draft(actor: Actor, procedure: Procedure) -> FormVersion:
    """A draft form version copying the latest version (or empty)."""
    permissions.require_editor(actor)
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
def save_form_schema(actor: Actor, form: FormVersion, schema: dict[str, Any]) -> FormVersion:
    permissions.require_editor(actor)
    form = _locked(form)
    require_draft(form)
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
def publish_form(actor: Actor, form: FormVersion) -> FormVersion:
    permissions.require_editor(actor)
    form = _locked(form)
    require_draft(form)
    errors = formschema.validate_schema(form.schema)
    if not errors and not form.schema.get("fields"):
        raise ValidationError(_("The form has no fields."))
    if errors:
        raise ValidationError([str(e) for e in errors])
    # A fee line counted by, or decided by, a field of the form keeps its field (a rename would stop it).
    fees = list(form.procedure.fees.values("name", "per_field", "when_field"))
    problems = formschema.fee_field_problems(fees, form.schema)
    if problems:
        raise ValidationError(problems)
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


@transaction.atomic
def discard_form_draft(actor: Actor, form: FormVersion) -> None:
    """Delete a draft form version that was never published."""
    permissions.require_editor(actor)
    form = _locked(form)
    require_draft(form)
    audit.record(
        actor, "form.discard", form, before={"version": form.version}, agency_path=audit_path(form.procedure)
    )
    form.delete()
