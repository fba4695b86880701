"""A specialist starts an outgoing draft."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.accounts.http import AuthedRequest
from egov.core.forms import apply_error
from egov.documents import outgoing, permissions, selectors
from egov.documents.forms import DraftForm
from egov.documents.models import Direction, Document
from egov.organizations.models import Agency


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
            answered = _answered(request, office, data["answers"])
            if data["answers"] and answered is None:
                form.add_error(None, _("The incoming document this replies to cannot be found."))
                return render(request, "documents/draft.html", {"form": form, "office": office}, status=400)
            draft = outgoing.Draft(
                doc_type=data["doc_type"],
                summary=data["summary"],
                drafting_unit=data["drafting_unit"],
                urgency=data["urgency"],
                confidentiality=data["confidentiality"],
                due_on=data["due_on"],
                internal=list(data["internal"]),
                external=data["external"].splitlines(),
                answers=answered,
            )
            try:
                doc = outgoing.create_draft(actor=request.user, agency=office, draft=draft, main=data["main"])
                return redirect("documents:detail", pk=doc.pk)
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
        status = 400
    else:
        answered = _answered(request, office, request.GET.get("tra-loi", ""))
        form = DraftForm(agency=office, initial=_reply_initial(answered) if answered else None)
    return render(request, "documents/draft.html", {"form": form, "office": office}, status=status)


def _answered(request: AuthedRequest, office: Agency, pk: Any) -> Document | None:
    """The incoming document of `office` the reader may see, that a draft answers (None if there is none)."""
    if not str(pk or "").isdigit():
        return None
    found = selectors.document_for(request.user, int(pk))
    if found is None or found.direction != Direction.INCOMING or found.agency_id != office.pk:
        return None
    return found


def _reply_initial(incoming: Document) -> dict[str, Any]:
    """A reply goes back to whoever sent the incoming document: its agency when it is in this system."""
    initial: dict[str, Any] = {
        "answers": incoming.pk,
        "summary": _("Reply to document %(number)s") % {"number": incoming.number_symbol or incoming.summary},
    }
    if incoming.issuer_agency_id:
        initial["internal"] = [incoming.issuer_agency_id]
    else:
        initial["external"] = incoming.issuer_name
    return initial
