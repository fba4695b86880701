"""Check your answers, submit, and the confirmation with the submission's reference."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from egov.accounts.http import AuthedRequest
from egov.filing import journey, known, services
from egov.filing.submission import problems
from egov.filing.views.common import draft_for, filer_required, step_context
from egov.payments.fees import exemptions, fees_due, total
from egov.procedures.models import Channel
from egov.procedures.onlineform import summarise
from egov.procedures.selectors import not_asked_online


@filer_required
@require_http_methods(["GET", "POST"])
def check(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = draft_for(request, pk)
    if draft.is_submitted:
        return redirect("filing:submitted", draft.pk)
    refused: list[str] = []
    if request.method == "POST":
        try:
            services.submit(actor=request.user, draft=draft)
        except ValidationError as error:
            refused = error.messages
        else:
            return redirect("filing:submitted", draft.pk)
    # The journey's steps only for the page: a submission reads them again under the draft's lock.
    steps = journey.steps_of(draft)
    papers = list(draft.papers.select_related("stored_paper").order_by("added_at", "id"))
    sections = []
    for step in steps:
        if step.specs:
            answers = known.with_known(draft.answers, step.specs, draft.applicant)
            rows = summarise({"fields": step.specs}, answers) if step.key in draft.done else []
            sections.append({"step": step, "answers": rows})
        elif step.requirement is not None:
            given = [p for p in papers if p.requirement_id == step.requirement.pk]
            sections.append({"step": step, "papers": given})
    try:
        fees = fees_due(draft.procedure, Channel.ONLINE, chosen=draft.fee_cases, answers=draft.answers)
    except ValidationError as error:  # a number of copies that is no whole number: said, not charged
        fees, refused = [], [*refused, *error.messages]
    found = problems(draft, steps)
    return render(
        request,
        "filing/check.html",
        {
            **step_context(draft, steps, "check", request),
            "steps": {s.key: s for s in steps},
            "form_sections": [s for s in sections if "answers" in s],
            "paper_sections": [s for s in sections if "papers" in s],
            "not_asked": journey.not_asked_rows(not_asked_online(draft.procedure)),
            "fees": fees,
            "fees_total": total(fees),
            "exemptions": "; ".join(line.case for line in exemptions(draft.procedure)),
            "problems": found,
            "refused": [m for m in refused if m not in {p.message for p in found}],
        },
    )


@filer_required
@require_http_methods(["GET"])
def submitted(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = draft_for(request, pk)
    if not draft.is_submitted:
        return redirect(journey.resume_url(draft))
    dossier = draft.dossier
    assert dossier is not None
    fees = list(dossier.fees.all())
    # What is still owed: the page is also where the citizen comes back to after paying.
    unpaid = [f for f in fees if f.paid_at is None]
    return render(
        request,
        "filing/submitted.html",
        {
            "draft": draft,
            "dossier": dossier,
            "procedure": draft.procedure,
            "fees": fees,
            "fees_total": sum((f.amount for f in unpaid), start=0),
        },
    )
