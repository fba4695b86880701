"""The citizen's drafts: the list (`filing:drafts`), the start page of a procedure, resuming and deleting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.accounts.http import AuthedRequest
from egov.filing import group_journey, journey, selectors, services
from egov.filing.group_selectors import open_group_drafts
from egov.filing.views.common import draft_for, filer_required
from egov.payments.fees import applicants_questions, fees_due
from egov.procedures.models import Channel
from egov.procedures.selectors import not_asked_online, online_checklist, public_procedures


@filer_required
@require_http_methods(["GET"])
def drafts(request: AuthedRequest) -> HttpResponse:
    found = selectors.open_drafts(request.user).select_related("form_version")
    rows = [(d, journey.resume_url(d)) for d in found]
    group_rows = [(d, group_journey.resume_url(d)) for d in open_group_drafts(request.user)]
    return render(request, "filing/drafts.html", {"rows": rows, "group_rows": group_rows})


@filer_required
@require_http_methods(["GET", "POST"])
def start(request: AuthedRequest, code: str) -> HttpResponse:
    """What the citizen needs before starting, and the "Start now" button that makes the draft."""
    procedure = get_object_or_404(public_procedures(), code=code)
    if not selectors.may_file_online(procedure):
        raise Http404
    if request.method == "POST":
        try:
            draft = services.start(actor=request.user, procedure=procedure)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("filing:who", draft.pk)
    return render(
        request,
        "filing/start.html",
        {
            "procedure": procedure,
            "documents": online_checklist(procedure),
            "not_asked": journey.not_asked_rows(not_asked_online(procedure)),
            "fees": fees_due(procedure, Channel.ONLINE),
            "case_fees": applicants_questions(procedure),
            "earlier": [
                (d, journey.resume_url(d))
                for d in selectors.open_drafts(request.user)
                .filter(procedure=procedure)
                .select_related("form_version")
            ],
        },
    )


@filer_required
@require_http_methods(["GET"])
def resume(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = draft_for(request, pk)
    if draft.is_submitted:
        return redirect("filing:submitted", draft.pk)
    return redirect(journey.resume_url(draft))


@filer_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = draft_for(request, pk)
    if draft.is_submitted:
        return redirect("filing:submitted", draft.pk)
    if request.method == "POST":
        services.delete(actor=request.user, draft=draft)
        messages.success(request, _("The draft was deleted."))
        return redirect("filing:drafts")
    return render(request, "filing/delete.html", {"draft": draft, "procedure": draft.procedure})
