"""The citizen's store pages: the list, a download, removing an entry. Who sees what is decided by
egov.datastore.selectors/permissions; these views only call them."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.citizens.access import citizen_required
from egov.datastore import permissions, selectors, services
from egov.datastore.models import StoredPaper


@citizen_required
def index(request: HttpRequest) -> HttpResponse:
    papers = list(selectors.papers_for(request.user))
    own = [p for p in papers if p.organisation_id is None]
    administered = set(permissions.organisation_ids(request.user, admin=True))
    organisations: dict[int, tuple[Any, list[StoredPaper], bool]] = {}
    for p in papers:
        if p.organisation_id is not None:
            removable = p.organisation_id in administered
            organisations.setdefault(p.organisation_id, (p.organisation, [], removable))[1].append(p)
    return render(
        request,
        "datastore/index.html",
        {"own": own, "organisations": list(organisations.values()), "today": timezone.localdate()},
    )


@citizen_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, streamed from storage; someone else's or a removed entry is not found (404)."""
    paper = selectors.paper_for(request.user, pk)
    if paper is None:
        raise Http404
    attachment = paper.attachment
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    return cast(HttpResponse, response)  # streamed: a FileResponse is not an HttpResponse to the type checker


@citizen_required
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    paper = selectors.paper_for(request.user, pk)
    if paper is None:
        raise Http404
    if not permissions.may_remove(request.user, paper):
        raise PermissionDenied(_("Only the organisation's administrators may remove its papers."))
    if request.method == "POST":
        services.remove(paper, actor=request.user, now=timezone.now())
        messages.success(request, _("“%(name)s” was removed from your store.") % {"name": paper.name})
        return redirect("datastore:index")
    return render(request, "datastore/remove.html", {"paper": paper})
