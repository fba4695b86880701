"""Administrator screens of a procedure's versions: the workflow editor and the online form editor.

The workflow editor is open to whoever may read the procedure; only the editors of that template
(permissions.may_edit_workflow) change it. The form is shared by every agency, so its editor is the
province administrator's; its preview (answers checked, never stored) is open to readers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.organizations.models import Agency
from egov.procedures import formschema, permissions
from egov.procedures.forms import FormFieldRowForm, StepRowForm, row_formset
from egov.procedures.onlineform import SchemaForm, summarise
from egov.procedures.services import forms as form_services
from egov.procedures.services import workflows
from egov.procedures.views.admin import actor_of, editable_procedure, error_messages, readable_procedure

# Screens refuse with 403 before calling a service; the services check again (PermissionDenied).


# --- workflows ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def workflow_new(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = readable_procedure(request, pk)
    agency = None
    chosen = request.POST.get("agency", "")
    if chosen:
        agency = get_object_or_404(procedure.agencies.all(), pk=int(chosen) if chosen.isdigit() else 0)
    permissions.require_workflow_editor(request.user, procedure, agency)
    try:
        template = workflows.new_workflow_draft(actor_of(request), procedure, agency)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect("procedures:admin_detail", pk=procedure.pk)
    return redirect("procedures:admin_workflow", pk=procedure.pk, template_id=template.pk)


def _kept_rows(formset: Any) -> list[dict[str, Any]]:
    """The cleaned rows of an ordered formset, in their order, without the deleted and the empty ones."""
    return [
        f.cleaned_data for f in formset.ordered_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _draft_post(
    request: HttpRequest,
    formset: Any,
    *,
    publish: Callable[[], object],
    discard: Callable[[], object],
    save: Callable[[], object],
    published: str,
    saved: str,
    done: HttpResponse,
    again: HttpResponse,
) -> HttpResponse | list[str]:
    """The three buttons of a draft's editor: publish, discard, or save the rows. The redirect when the
    service took it; otherwise the service's refusals to show (none when the formset has its own errors)."""
    action = request.POST.get("action", "save")
    try:
        if action == "publish":
            publish()
            messages.success(request, published)
            return done
        if action == "discard":
            discard()
            messages.success(request, _("Draft discarded."))
            return done
        if formset.is_valid():
            save()
            messages.success(request, saved)
            return again
    except (ValidationError, PermissionDenied) as error:
        return error_messages(error)
    return []


def _steps_from(formset: Any) -> list[dict[str, Any]]:
    keys = ("kind", "name", "role", "agency", "local_unit", "allotted_hours")
    return [{k: row.get(k) for k in keys} for row in _kept_rows(formset)]


@login_required
def workflow_edit(request: HttpRequest, pk: int, template_id: int) -> HttpResponse:
    procedure = readable_procedure(request, pk)
    template = get_object_or_404(procedure.workflows.select_related("agency"), pk=template_id)
    may_edit = permissions.may_edit_workflow(request.user, procedure, template.agency)
    editable = template.is_draft and may_edit
    steps = list(template.steps.select_related("agency").order_by("position"))
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    formset_class = row_formset(StepRowForm, extra=1, order=True)
    initial = [
        {
            "kind": s.kind,
            "name": s.name,
            "role": s.role,
            "agency": s.agency_id,
            "local_unit": s.local_unit,
            "allotted_hours": s.allotted_hours,
            "ORDER": s.position,
        }
        for s in steps
    ]
    formset = formset_class(
        request.POST or None, initial=initial, prefix="steps", form_kwargs={"agencies": agencies}
    )
    problems: list[str] = []
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("You may not change this workflow."))
        actor = actor_of(request)
        outcome = _draft_post(
            request,
            formset,
            publish=lambda: workflows.publish_workflow(actor, template),
            discard=lambda: workflows.discard_workflow_draft(actor, template),
            save=lambda: workflows.save_workflow_steps(actor, template, _steps_from(formset)),
            published=_("Version %(v)s published.") % {"v": template.version},
            saved=_("Steps saved."),
            done=redirect("procedures:admin_detail", pk=procedure.pk),
            again=redirect("procedures:admin_workflow", pk=procedure.pk, template_id=template.pk),
        )
        if isinstance(outcome, HttpResponse):
            return outcome
        problems = outcome
    total = sum((s.allotted_hours for s in steps), Decimal(0))
    return render(
        request,
        "procedures/admin/workflow_form.html",
        {
            "procedure": procedure,
            "template": template,
            "steps": steps,
            "formset": formset,
            "editable": editable,
            "problems": problems,
            "total": total,
            "legal": procedure.processing_hours,
            "fits": procedure.allotment_fits(total),
        },
    )


# --- online forms ------------------------------------------------------------------------------------------


@login_required
@require_POST
def form_new(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = editable_procedure(request, pk)
    version = form_services.new_form_draft(actor_of(request), procedure)
    return redirect("procedures:admin_form", pk=procedure.pk, form_id=version.pk)


def _schema_from(formset: Any) -> dict[str, Any]:
    return formschema.unflatten(_kept_rows(formset))


@login_required
def form_edit(request: HttpRequest, pk: int, form_id: int) -> HttpResponse:
    procedure = editable_procedure(request, pk)
    version = get_object_or_404(procedure.forms.all(), pk=form_id)
    formset_class = row_formset(FormFieldRowForm, extra=3, order=True)
    initial = [{**row, "ORDER": n} for n, row in enumerate(formschema.flatten(version.schema), start=1)]
    formset = formset_class(request.POST or None, initial=initial, prefix="fields")
    problems: list[str] = []
    if request.method == "POST":
        actor = actor_of(request)
        outcome = _draft_post(
            request,
            formset,
            publish=lambda: form_services.publish_form(actor, version),
            discard=lambda: form_services.discard_form_draft(actor, version),
            save=lambda: form_services.save_form_schema(actor, version, _schema_from(formset)),
            published=_("Form version %(v)s published.") % {"v": version.version},
            saved=_("Form saved."),
            done=redirect("procedures:admin_detail", pk=procedure.pk),
            again=redirect("procedures:admin_form", pk=procedure.pk, form_id=version.pk),
        )
        if isinstance(outcome, HttpResponse):
            return outcome
        problems = outcome
    return render(
        request,
        "procedures/admin/form_editor.html",
        {
            "procedure": procedure,
            "version": version,
            "formset": formset,
            "problems": problems,
            "main_columns": ("ORDER", "group", "name", "label", "type", "required", "DELETE"),
            "more_columns": ("help", "max_length", "min", "max", "choices", "pattern", "pattern_message"),
            "preview": SchemaForm(version.schema) if not formschema.validate_schema(version.schema) else None,
        },
    )


@login_required
def form_preview(request: HttpRequest, pk: int, form_id: int) -> HttpResponse:
    """Fill in the form as an applicant would; the answers are checked and shown, never stored."""
    procedure = readable_procedure(request, pk)
    version = get_object_or_404(procedure.forms.all(), pk=form_id)
    form = SchemaForm(version.schema, data=request.POST if request.method == "POST" else None)
    answers = summarise(version.schema, form.cleaned_data) if form.is_valid() else None
    return render(
        request,
        "procedures/admin/form_preview.html",
        {"procedure": procedure, "version": version, "form": form, "answers": answers},
    )
