"""Administrator screens: create, edit, version, publish and preview procedures, workflows and forms.

Thin: forms check shapes, services apply the rules. Every object is fetched
through the viewer's editable queryset, so an agency administrator cannot
reach another agency's procedures by changing a URL.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.core.forms import apply_error
from egov.core.querystring import without_page
from egov.core.text import fold
from egov.organizations.models import Agency
from egov.procedures import formschema, selectors, services
from egov.procedures.forms import (
    DocumentRowForm,
    FeeRowForm,
    FieldForm,
    FormFieldRowForm,
    ProcedureForm,
    StepRowForm,
    row_formset,
)
from egov.procedures.models import Field, Level, Procedure, PublicationStatus
from egov.procedures.onlineform import SchemaForm, summarise
from egov.procedures.views.public import procedure_context


def _require_editor(request: HttpRequest) -> None:
    if not selectors.may_edit_catalogue(request.user):
        raise PermissionDenied


def _procedure(request: HttpRequest, pk: int) -> Procedure:
    _require_editor(request)
    return get_object_or_404(selectors.editable_procedures(request.user), pk=pk)


def _error_messages(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, PermissionDenied):
        return [str(error)]
    return list(error.messages)


# --- list and procedure ------------------------------------------------------------------------------------


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    rows = selectors.editable_procedures(request.user)
    query = request.GET.get("q", "").strip()
    field = request.GET.get("field", "")
    status = request.GET.get("status", "")
    if status in PublicationStatus.values:
        rows = rows.filter(status=status)
    if query or field:
        rows = selectors.search(selectors.Query(text=query, field=field), base=rows)
    else:
        rows = rows.order_by("field__sort_order", "name_folded")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "procedures/admin/catalogue.html",
        {
            "page_obj": page,
            "q": query,
            "field": field,
            "status": status,
            "fields": Field.objects.all(),
            "statuses": PublicationStatus.choices,
            "is_catalogue_admin": selectors.is_catalogue_admin(request.user),
            "querystring_without_page": without_page(request),
        },
    )


@login_required
def procedure_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_editor(request)
    procedure = _procedure(request, pk) if pk else None
    agencies = selectors.assignable_agencies(request.user)
    form = ProcedureForm(request.POST or None, instance=procedure, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "agencies"}
        try:
            if procedure is None:
                procedure = services.create_procedure(
                    request.user, agencies=form.cleaned_data["agencies"], **data
                )
                messages.success(request, _("Procedure created as a draft."))
            else:
                procedure = services.update_procedure(
                    request.user, procedure, agencies=form.cleaned_data["agencies"], **data
                )
                messages.success(request, _("Procedure saved."))
            return redirect("procedures:admin_detail", pk=procedure.pk)
        except (ValidationError, PermissionDenied) as error:
            apply_error(form, error)
    return render(request, "procedures/admin/procedure_form.html", {"form": form, "procedure": procedure})


@login_required
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _procedure(request, pk)
    families = selectors.workflow_families(procedure)
    agencies = selectors.assignable_agencies(request.user).filter(pk__in=procedure.agencies.all())
    return render(
        request,
        "procedures/admin/procedure_detail.html",
        {
            "procedure": procedure,
            "agencies": procedure.agencies.order_by("path"),
            "documents": procedure.documents.all(),
            "fees": procedure.fees.all(),
            "families": families,
            "new_workflow_agencies": [a for a in agencies if selectors.may_edit_workflow(request.user, a)],
            "may_edit_default_workflow": selectors.may_edit_workflow(request.user, None),
            "forms": procedure.forms.order_by("-version"),
            "problems": services.publication_problems(procedure),
            "statuses": PublicationStatus,
            "level_labels": [Level(v).label for v in procedure.levels if v in Level.values],
        },
    )


@login_required
@require_POST
def procedure_status(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _procedure(request, pk)
    status = request.POST.get("status", "")
    try:
        services.set_status(request.user, procedure, status)
        messages.success(
            request,
            _("The procedure is now public.")
            if status == PublicationStatus.PUBLISHED
            else _("The procedure is no longer public."),
        )
    except ValueError:
        messages.error(request, _("Unknown status."))
    except (ValidationError, PermissionDenied) as error:
        for message in _error_messages(error):
            messages.error(request, message)
    return redirect("procedures:admin_detail", pk=procedure.pk)


@login_required
def procedure_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page as it will look, drafts included."""
    procedure = _procedure(request, pk)
    context = procedure_context(procedure, preview=True)
    return render(request, "procedures/public/detail.html", context)


# --- papers and fees ---------------------------------------------------------------------------------------


def _rows_view(
    request: HttpRequest,
    procedure: Procedure,
    form_class: type,
    objects: QuerySet[Any],
    names: tuple[str, ...],
    save: Any,
    template: str,
) -> HttpResponse:
    formset_class = row_formset(form_class)
    initial = [{"id": obj.pk, **{n: getattr(obj, n) for n in names}} for obj in objects]
    formset = formset_class(request.POST or None, request.FILES or None, initial=initial, prefix="rows")
    if request.method == "POST" and formset.is_valid():
        rows = []
        for form in formset.forms:
            data = form.cleaned_data
            if not data or (not data.get("id") and data.get("DELETE")):
                continue
            row = {n: data.get(n) for n in names}
            row["id"] = data.get("id")
            row["DELETE"] = data.get("DELETE", False)
            if "template" in form.fields:
                row["template"] = False if data.get("remove_template") else data.get("template")
            rows.append(row)
        try:
            save(request.user, procedure, rows)
            messages.success(request, _("Saved."))
            return redirect("procedures:admin_detail", pk=procedure.pk)
        except (ValidationError, PermissionDenied) as error:
            for message in _error_messages(error):
                messages.error(request, message)
    files = {obj.pk: obj.template for obj in objects if getattr(obj, "template", None)}
    return render(request, template, {"procedure": procedure, "formset": formset, "files": files})


@login_required
def documents_edit(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _procedure(request, pk)
    return _rows_view(
        request,
        procedure,
        DocumentRowForm,
        procedure.documents.all(),
        services.DOCUMENT_FIELDS,
        services.save_documents,
        "procedures/admin/documents_form.html",
    )


@login_required
def fees_edit(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _procedure(request, pk)
    return _rows_view(
        request,
        procedure,
        FeeRowForm,
        procedure.fees.all(),
        services.FEE_FIELDS,
        services.save_fees,
        "procedures/admin/fees_form.html",
    )


# --- workflows ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def workflow_new(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _procedure(request, pk)
    agency = None
    if request.POST.get("agency"):
        agency = get_object_or_404(procedure.agencies.all(), pk=request.POST["agency"])
    try:
        template = services.new_workflow_draft(request.user, procedure, agency)
    except (ValidationError, PermissionDenied) as error:
        for message in _error_messages(error):
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
    procedure = _procedure(request, pk)
    template = get_object_or_404(procedure.workflows.select_related("agency"), pk=template_id)
    editable = template.is_draft and selectors.may_edit_workflow(request.user, template.agency)
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
        if not editable:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        try:
            if action == "publish":
                services.publish_workflow(request.user, template)
                messages.success(request, _("Version %(v)s published.") % {"v": template.version})
                return redirect("procedures:admin_detail", pk=procedure.pk)
            if action == "discard":
                services.discard_draft(request.user, template)
                messages.success(request, _("Draft discarded."))
                return redirect("procedures:admin_detail", pk=procedure.pk)
            if formset.is_valid():
                services.save_workflow_steps(request.user, template, _steps_from(formset))
                messages.success(request, _("Steps saved."))
                return redirect("procedures:admin_workflow", pk=procedure.pk, template_id=template.pk)
        except (ValidationError, PermissionDenied) as error:
            problems = _error_messages(error)
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
    procedure = _procedure(request, pk)
    version = services.new_form_draft(request.user, procedure)
    return redirect("procedures:admin_form", pk=procedure.pk, form_id=version.pk)


def _schema_from(formset: Any) -> dict[str, Any]:
    forms = [f for f in formset.ordered_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    return formschema.unflatten([f.cleaned_data for f in forms])


@login_required
def form_edit(request: HttpRequest, pk: int, form_id: int) -> HttpResponse:
    procedure = _procedure(request, pk)
    version = get_object_or_404(procedure.forms.all(), pk=form_id)
    formset_class = row_formset(FormFieldRowForm, extra=3, order=True)
    initial = [{**row, "ORDER": n} for n, row in enumerate(formschema.flatten(version.schema), start=1)]
    formset = formset_class(request.POST or None, initial=initial, prefix="fields")
    problems: list[str] = []
    if request.method == "POST":
        if not version.is_draft:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        try:
            if action == "publish":
                services.publish_form(request.user, version)
                messages.success(request, _("Form version %(v)s published.") % {"v": version.version})
                return redirect("procedures:admin_detail", pk=procedure.pk)
            if action == "discard":
                services.discard_draft(request.user, version)
                messages.success(request, _("Draft discarded."))
                return redirect("procedures:admin_detail", pk=procedure.pk)
            if formset.is_valid():
                services.save_form_schema(request.user, version, _schema_from(formset))
                messages.success(request, _("Form saved."))
                return redirect("procedures:admin_form", pk=procedure.pk, form_id=version.pk)
        except (ValidationError, PermissionDenied) as error:
            problems = _error_messages(error)
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
    procedure = _procedure(request, pk)
    version = get_object_or_404(procedure.forms.all(), pk=form_id)
    form = SchemaForm(version.schema, data=request.POST if request.method == "POST" else None)
    answers = summarise(version.schema, form.cleaned_data) if form.is_valid() else None
    return render(
        request,
        "procedures/admin/form_preview.html",
        {"procedure": procedure, "version": version, "form": form, "answers": answers},
    )


# --- fields (lĩnh vực) -------------------------------------------------------------------------------------


@login_required
def fields(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_editor(request)
    field = get_object_or_404(Field, pk=pk) if pk else None
    is_admin = selectors.is_catalogue_admin(request.user)
    form = FieldForm(request.POST or None, instance=field)
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_field(request.user, field, **form.cleaned_data)
                messages.success(request, _("Field saved."))
                return redirect("procedures:admin_fields")
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
    query = fold(request.GET.get("q", ""))
    rows = [f for f in Field.objects.all() if query in f.name_folded or query in f.code.lower()]
    return render(
        request,
        "procedures/admin/fields.html",
        {"rows": rows, "form": form, "field": field, "is_catalogue_admin": is_admin},
    )
