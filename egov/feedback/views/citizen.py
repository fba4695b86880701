"""The citizen's own pages: the feedback they sent, and rating their returned dossiers."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from egov.citizens.access import citizen_required
from egov.dossiers.models import Dossier
from egov.feedback import permissions, selectors
from egov.feedback.views.public import rating_page


@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/mine.html",
        {"items": selectors.sent_by(request.user), "to_rate": selectors.to_rate(request.user)},
    )


@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    d = Dossier.objects.select_related("procedure", "receiving_agency").filter(pk=pk).first()
    if d is None or not permissions.may_rate(request.user, d):
        raise Http404  # another person's dossier looks like no dossier
    return rating_page(request, d)
