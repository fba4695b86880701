"""Linked procedure groups (nhóm thủ tục liên thông): the public pages and the administrator's edit screen
(who may read and edit is the catalogue's: egov.procedures.permissions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from egov.procedures import groups, permissions
from egov.procedures.forms import row_formset
from egov.procedures.group_forms import GroupForm, PartRowForm
from egov.procedures.group_models import ProcedureGroup
from egov.procedures.services.groups import GROUP_FIELDS, PartData, save_group
from egov.procedures.views.admin import actor_of, error_messages


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "procedures/public/group_index.html", {"groups": groups.published_groups()})


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    group = groups.published_group(code)
    if group is None:
        raise Http404
    return render(
        request,
        "procedures/public/group_detail.html",
        {"group": group, "parts": group.parts.all(), "file_online_url": online_filing_url(group)},
    )


def online_filing_url(group: ProcedureGroup) -> str | None:
    """The "File online" button of a group's page (egov.filing's group journey), when it may be filed."""
    if not groups.may_file_online(group):
        return None
    try:
        return reverse("filing:group_start", kwargs={"code": group.code})
    except NoReverseMatch:
        return None


@login_required
@require_GET
def admin_list(request: HttpRequest) -> HttpResponse:
    permissions.require_reader(request.user)
    return render(
        request,
        "procedures/admin/group_list.html",
        {"groups": groups.all_groups(), "may_edit": permissions.may_edit_catalogue(request.user)},
    )


@login_required
def admin_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    permissions.require_editor(request.user)
    group = get_object_or_404(ProcedureGroup, pk=pk) if pk else None
    initial: dict[str, Any] = {n: getattr(group, n) for n in GROUP_FIELDS} if group else {}
    rows = (
        [{n: getattr(p, n) for n in PartData.__dataclass_fields__} for p in group.parts.order_by("position")]
        if group
        else []
    )
    form = GroupForm(request.POST or None, initial=initial)
    formset = row_formset(PartRowForm, extra=2)(request.POST or None, initial=rows, prefix="parts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        parts = [
            PartData(**{n: f.cleaned_data.get(n) for n in PartData.__dataclass_fields__})
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        parts = [
            PartData(
                **{
                    **vars(p),
                    "required": bool(p.required),
                    "source": p.source or "",
                    "time_note": p.time_note or "",
                }
            )
            for p in parts
        ]
        try:
            saved = save_group(actor_of(request), group, data=form.cleaned_data, parts=parts)
            messages.success(request, _("Saved."))
            return redirect("procedures:admin_group_edit", pk=saved.pk)
        except (ValidationError, PermissionDenied) as error:
            for message in error_messages(error):
                messages.error(request, message)
    return render(
        request, "procedures/admin/group_form.html", {"group": group, "form": form, "formset": formset}
    )
