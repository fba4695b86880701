"""The slips as PDFs: built from the dossier by egov.dossiers.slipbuild, printed by egov.dossiers.slips."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from egov.accounts.http import AuthedRequest
from egov.dossiers import permissions, slipbuild
from egov.dossiers.forms import BookForm
from egov.dossiers.slips import Slip, render_pdf
from egov.dossiers.slips.closure import ClosureNotice
from egov.dossiers.views.dossier import _dossier


def _pdf(slip: Slip | ClosureNotice, filename: str) -> HttpResponse:

    response = HttpResponse(render_pdf(slip), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def slip(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    dossier = _dossier(request, pk)
    wanted = request.GET.get("event")
    for name, event in slipbuild.available(dossier):
        if name != kind:
            continue
        if event is not None and wanted and str(event.pk) != wanted:
            continue
        data = slipbuild.build(dossier, kind, event)
        return _pdf(data, f"{dossier.code}-{kind}.pdf")
    raise Http404


@login_required
def book(request: AuthedRequest) -> HttpResponse:
    counters = permissions.book_counters(request.user)
    if not counters.exists():
        raise PermissionDenied
    form = BookForm(request.GET or None, counters=counters)
    if request.GET and form.is_valid():
        c = form.cleaned_data
        data = slipbuild.book(c["agency"], c["start"], c["end"])
        return _pdf(data, f"so-theo-doi-{c['agency'].code}-{c['start']:%Y%m%d}-{c['end']:%Y%m%d}.pdf")
    return render(request, "dossiers/book.html", {"form": form}, status=400 if request.GET else 200)
