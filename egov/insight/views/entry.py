"""Entering a manual figure with its evidence, and downloading the evidence."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from egov.accounts.http import AuthedRequest
from egov.core.forms import apply_error
from egov.insight import permissions, selectors, services
from egov.insight.forms import FigureForm
from egov.insight.models import ManualFigure
from egov.insight.periods import Period
from egov.organizations.models import Agency
from egov.organizations.permissions import agency_scope_q


@login_required
def enter(request: AuthedRequest) -> HttpResponse:
    if not permissions.may_enter(request.user):
        raise PermissionDenied
    agencies = Agency.objects.filter(
        agency_scope_q(request.user, "path", permissions.ENTRY_ROLES), is_active=True
    ).order_by("path")
    form = FigureForm(
        request.POST or None,
        request.FILES or None,
        agencies=agencies,
        initial={"year": dt.date.today().year, "kind": "year"},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        period = Period(d["kind"], d["year"], d.get("number") or 1)
        try:
            services.enter_figure(
                actor=request.user,
                agency=d["agency"],
                indicator=d["indicator"],
                period_start=period.first_day,
                period_end=period.end_day,
                value=d["value"],
                note=d.get("note", ""),
                evidence=d.get("evidence"),
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The figure was recorded."))
            return redirect("insight:enter")
    recent = ManualFigure.objects.filter(agency__in=agencies).select_related("agency", "entered_by")[:20]
    return render(request, "insight/enter.html", {"form": form, "recent": recent})


@login_required
def evidence(request: AuthedRequest, pk: int) -> FileResponse:
    figure = selectors.figure_for(request.user, pk)
    if figure is None or not figure.evidence:
        raise Http404
    return FileResponse(
        figure.evidence.open("rb"), as_attachment=True, filename=figure.evidence_name or "evidence"
    )
