"""A specialist starts an outgoing draft."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from egov.accounts.http import AuthedRequest
from egov.core.forms import apply_error
from egov.documents import outgoing, permissions, selectors
from egov.documents.forms import DraftForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def draft_view(request: AuthedRequest) -> HttpResponse:
    office = selectors.office_of(request.user)
    if office is None or not permissions.may_draft(request.user, office):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = DraftForm(request.POST, request.FILES, agency=office)
        if form.is_valid():
            data = form.cleaned_data
            draft = outgoing.Draft(
                doc_type=data["doc_type"],
                summary=data["summary"],
                drafting_unit=data["drafting_unit"],
                urgency=data["urgency"],
                confidentiality=data["confidentiality"],
                due_on=data["due_on"],
                internal=list(data["internal"]),
                external=data["external"].splitlines(),
            )
            try:
                doc = outgoing.create_draft(actor=request.user, agency=office, draft=draft, main=data["main"])
                return redirect("documents:detail", pk=doc.pk)
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
        status = 400
    else:
        form = DraftForm(agency=office)
    return render(request, "documents/draft.html", {"form": form, "office": office}, status=status)
