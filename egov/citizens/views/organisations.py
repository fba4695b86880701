"""Organisations a citizen files for: create one, see its members, add and remove them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.citizens import organisations as services
from egov.citizens.access import citizen_required
from egov.citizens.forms import MemberForm, OrganisationForm
from egov.citizens.models import Membership
from egov.citizens.permissions import may_file, may_manage_members
from egov.citizens.selectors import memberships_of, organisations_of
from egov.core.forms import apply_error


@citizen_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organisation(actor=user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The organisation is registered; you are its administrator."))
            return redirect("citizens:organisation", pk=org.pk)
    context = {"organisations": organisations_of(user), "form": form, "may_create": may_file(user)}
    return render(request, "citizens/organisations.html", context)


@citizen_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    # Only its members see an organisation; to anyone else it does not exist.
    org = get_object_or_404(organisations_of(user), pk=pk)
    manage = may_manage_members(user, org)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied(_("Only the organisation's administrators add members."))
        if form.is_valid():
            try:
                services.add_member(actor=user, organisation=org, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                apply_error(form, exc)
            else:
                messages.success(request, _("The member is added and told so."))
                return redirect("citizens:organisation", pk=org.pk)
    context = {"organisation": org, "members": memberships_of(org), "may_manage": manage, "form": form}
    return render(request, "citizens/organisation.html", context)


@require_POST
@citizen_required
def remove_member(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user: Any = request.user
    org = get_object_or_404(organisations_of(user), pk=pk)
    membership = (
        Membership.objects.filter(organisation=org, pk=member_pk).select_related("organisation").first()
    )
    if membership is None:
        raise Http404
    try:
        services.remove_member(actor=user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("citizens:organisation", pk=org.pk)
    if membership.user_id == user.pk:
        messages.success(request, _("You have left the organisation."))
        return redirect("citizens:organisations")
    messages.success(request, _("The member is removed."))
    return redirect("citizens:organisation", pk=org.pk)
