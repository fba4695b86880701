"""Administrator screens: create, edit, version, publish and preview procedures, workflows and forms.

Thin: forms check shapes, services apply the rules. Every object is fetched
through the viewer's editable queryset, so an agency administrator cannot
reach another agency's procedures by changing a URL.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from egov.accounts.models import User
from egov.core.audit import Actor
from egov.core.forms import apply_error
from egov.core.querystring import without_page
from egov.core.text import code_matches, matches
from egov.procedures import permissions, selectors
from egov.procedures.forms import (
    DocumentRowForm,
    FeeRowForm,
    FieldForm,
    ProcedureForm,
    row_formset,
)
from egov.procedures.models import Field, Level, Procedure, PublicationStatus
from egov.procedures.services import catalogue
from egov.procedures.views.public import procedure_context


def actor_of(request: HttpRequest) -> Actor:
    """The signed-in person a screen acts for (the screens are behind login_required)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    # accounts.User satisfies Actor at run time; mypy reads its read-only is_authenticated as a mismatch
    # with the protocol's plain attribute, hence the cast.
    return cast(Actor, request.user)


def readable_procedure(request: HttpRequest, pk: int) -> Procedure:
    """A procedure the viewer may read (403 for non-administrators, 404 outside their scope)."""
    permissions.require_reader(request.user)
    return get_object_or_404(selectors.readable_procedures(request.user), pk=pk)


def editable_procedure(request: HttpRequest, pk: int) -> Procedure:
    """A procedure the viewer may change: only a province administrator changes what agencies share."""
    permissions.require_editor(request.user)
    return get_object_or_404(Procedure.objects.select_related("field"), pk=pk)


def error_messages(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, PermissionDenied):
        return [str(error)]
    return list(error.messages)


# --- list and procedure ------------------------------------------------------------------------------------


@login_required
@require_GET
def catalogue_list(request: HttpRequest) -> HttpResponse:
    permissions.require_reader(request.user)
    rows = selectors.readable_procedures(request.user)
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
            "is_catalogue_admin": permissions.may_edit_catalogue(request.user),
            "querystring_without_page": without_page(request),
        },
    )


@login_required
def procedure_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    permissions.require_editor(request.user)
    procedure = editable_procedure(request, pk) if pk else None
    form = ProcedureForm(request.POST or None, instance=procedure, agencies=catalogue.assignable_agencies())
    if request.method == "POST" and form.is_valid():
        data = catalogue.ProcedureData(**{n: form.cleaned_data[n] for n in catalogue.ProcedureData.names()})
        try:
            if procedure is None:
                procedure = catalogue.create_procedure(
                    actor_of(request), data, agencies=form.cleaned_data["agencies"]
                )
                messages.success(request, _("Procedure created as a draft."))
            else:
                procedure = catalogue.update_procedure(
                    actor_of(request), procedure, data, agencies=form.cleaned_data["agencies"]
                )
                messages.success(request, _("Procedure saved."))
            return redirect("procedures:admin_detail", pk=procedure.pk)
        except (ValidationError, PermissionDenied) as error:
            apply_error(form, error)
    return render(request, "procedures/admin/procedure_form.html", {"form": form, "procedure": procedure})


@login_required
@require_GET
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = readable_procedure(request, pk)
    families = selectors.workflow_families(procedure)
    return render(
        request,
        "procedures/admin/procedure_detail.html",
        {
            "procedure": procedure,
            "agencies": procedure.agencies.order_by("path"),
            "documents": procedure.documents.all(),
            "fees": procedure.fees.all(),
            "families": families,
            "new_workflow_agencies": permissions.workflow_agencies(request.user, procedure),
            "may_edit_default_workflow": permissions.may_edit_workflow(request.user, procedure, None),
            "may_edit": permissions.may_edit_catalogue(request.user),
            "forms": procedure.forms.order_by("-version"),
            "problems": catalogue.publication_problems(procedure),
            "statuses": PublicationStatus,
            "level_labels": [Level(v).label for v in procedure.levels if v in Level.values],
        },
    )


@login_required
@require_POST
def procedure_status(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = editable_procedure(request, pk)
    status = request.POST.get("status", "")
    try:
        catalogue.set_status(actor_of(request), procedure, status)
        messages.success(
            request,
            _("The procedure is now public.")
            if status == PublicationStatus.PUBLISHED
            else _("The procedure is no longer public."),
        )
    except ValueError:
        messages.error(request, _("Unknown status."))
    except (ValidationError, PermissionDenied) as error:
        for message in error_messages(error):
            messages.error(request, message)
    return redirect("procedures:admin_detail", pk=procedure.pk)


@login_required
@require_GET
def procedure_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page as it will look, drafts included."""
    procedure = readable_procedure(request, pk)
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
            save(actor_of(request), procedure, rows)
            messages.success(request, _("Saved."))
            return redirect("procedures:admin_detail", pk=procedure.pk)
        except (ValidationError, PermissionDenied) as error:
            for message in error_messages(error):
                messages.error(request, message)
    files = {obj.pk: obj.template for obj in objects if getattr(obj, "template", None)}
    return render(request, template, {"procedure": procedure, "formset": formset, "files": files})


@login_required
def documents_edit(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = editable_procedure(request, pk)
    return _rows_view(
        request,
        procedure,
        DocumentRowForm,
        procedure.documents.all(),
        catalogue.DOCUMENT_FIELDS,
        catalogue.save_documents,
        "procedures/admin/documents_form.html",
    )


@login_required
def fees_edit(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = editable_procedure(request, pk)
    return _rows_view(
        request,
        procedure,
        FeeRowForm,
        procedure.fees.all(),
        catalogue.FEE_FIELDS,
        catalogue.save_fees,
        "procedures/admin/fees_form.html",
    )


# --- fields (lĩnh vực) -------------------------------------------------------------------------------------


@login_required
def fields(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    permissions.require_reader(request.user)
    field = get_object_or_404(Field, pk=pk) if pk else None
    is_admin = permissions.may_edit_catalogue(request.user)
    form = FieldForm(request.POST or None, instance=field)
    if request.method == "POST":
        permissions.require_editor(request.user)
        if form.is_valid():
            try:
                catalogue.save_field(actor_of(request), field, **form.cleaned_data)
                messages.success(request, _("Field saved."))
                return redirect("procedures:admin_fields")
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
    query = request.GET.get("q", "").strip()[:200]
    rows = [
        f for f in Field.objects.all() if not query or matches(f.name, query) or code_matches(f.code, query)
    ]
    return render(
        request,
        "procedures/admin/fields.html",
        {"rows": rows, "form": form, "field": field, "is_catalogue_admin": is_admin},
    )
