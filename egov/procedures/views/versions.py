"""Administrator screens of a procedure's versions: the workflow editor and the online form editor.

The workflow editor is open to whoever may read the procedure; only the editors of that template
(permissions.may_edit_workflow) change it. The form is shared by every agency, so its editor is the
province administrator's; its preview (answers checked, never stored) is open to readers.
"""

from __future__ import annotations

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


def _steps_from(formset: Any) -> list[dict[str, Any]]:
    forms = [f for f in formset.ordered_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    return [
        {k: f.cleaned_data.get(k) for k in ("kind", "name", "role", "agency", "allotted_hours")}
        for f in forms
    ]


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
        action = request.POST.get("action", "save")
        try:
            if action == "publish":
                workflows.publish_workflow(actor_of(request), template)
                messages.success(request, _("Version %(v)s published.") % {"v": template.version})
                return redirect("procedures:admin_detail", pk=procedure.pk)
            if action == "discard":
                workflows.discard_workflow_draft(actor_of(request), template)
                messages.success(request, _("Draft discarded."))
                return redirect("procedures:admin_detail", pk=procedure.pk)
            if formset.is_valid():
                workflows.save_workflow_steps(actor_of(request), template, _steps_from(formset))
                messages.success(request, _("Steps saved."))
                return redirect("procedures:admin_workflow", pk=procedure.pk, template_id=template.pk)
        except (ValidationError, PermissionDenied) as error:
            problems = error_messages(error)
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
            "total": sum((s.allotted_hours for s in steps), Decimal(0)),
            "legal": procedure.processing_hours,
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
    forms = [f for f in formset.ordered_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    return formschema.unflatten([f.cleaned_data for f in forms])


@login_required
def form_edit(request: HttpRequest, pk: int, form_id: int) -> HttpResponse:
    procedure = editable_procedure(request, pk)
    version = get_object_or_404(procedure.forms.all(), pk=form_id)
    formset_class = row_formset(FormFieldRowForm, extra=3, order=True)
    initial = [{**row, "ORDER": n} for n, row in enumerate(formschema.flatten(version.schema), start=1)]
    formset = formset_class(request.POST or None, initial=initial, prefix="fields")
    problems: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "publish":
                form_services.publish_form(actor_of(request), version)
                messages.success(request, _("Form version %(v)s published.") % {"v": version.version})
                return redirect("procedures:admin_detail", pk=procedure.pk)
            if action == "discard":
                form_services.discard_form_draft(actor_of(request), version)
                messages.success(request, _("Draft discarded."))
                return redirect("procedures:admin_detail", pk=procedure.pk)
            if formset.is_valid():
                form_services.save_form_schema(actor_of(request), version, _schema_from(formset))
                messages.success(request, _("Form saved."))
                return redirect("procedures:admin_form", pk=procedure.pk, form_id=version.pk)
        except (ValidationError, PermissionDenied) as error:
            problems = error_messages(error)
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
