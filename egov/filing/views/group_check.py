"""The linked group's check page (every answer of every part, the papers once, the counter, the fees of
every part for the case chosen) and the confirmation with the bundle's one reference and its one payment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from egov.accounts.http import AuthedRequest
from egov.dossiers import bundles
from egov.filing import group_journey as journey
from egov.filing import journey as base_journey
from egov.filing import known
from egov.filing.group_selectors import group_draft_of
from egov.filing.group_submission import problems, submit
from egov.filing.views.common import filer_required
from egov.filing.views.group import context
from egov.payments.fees import fees_due
from egov.procedures import groups
from egov.procedures.models import Channel
from egov.procedures.onlineform import summarise


@filer_required
@require_http_methods(["GET", "POST"])
def check(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = group_draft_of(request.user, pk)
    if draft.is_submitted:
        return redirect("filing:group_submitted", draft.pk)
    refused: list[str] = []
    if request.method == "POST":
        try:
            submit(actor=request.user, draft=draft)
        except ValidationError as error:
            refused = error.messages
        else:
            return redirect("filing:group_submitted", draft.pk)
    all_parts = journey.parts_of(draft)
    steps = journey.steps_of(draft, all_parts)
    chosen = journey.chosen_parts(draft, all_parts)
    places = groups.part_places(draft.group, draft.agency) if draft.agency else {}
    part_rows: list[dict[str, Any]] = []
    for part in chosen:
        forms = [
            {
                "step": s,
                "answers": summarise(
                    {"fields": s.specs},
                    known.with_known(draft.answers_of(part.position), s.specs, draft.applicant),
                ),
            }
            for s in steps
            if journey.form_step_position(s.key) == part.position
        ]
        try:
            fees = fees_due(
                part.procedure,
                Channel.ONLINE,
                chosen=draft.fee_cases_of(part.position),
                answers=draft.answers_of(part.position),
            )
        except ValidationError as error:  # a number of copies that is no whole number: said, not charged
            fees, refused = [], [*refused, *error.messages]
        part_rows.append(
            {
                "part": part,
                "forms": forms,
                "fees": fees,
                "fee_step": journey.step_by_key(steps, journey.fees_key(part.position)),
                "cases": [line.why for line in fees if line.why and not line.counted],
                "place": places.get(part.position),
            }
        )
    papers = list(draft.papers.all())
    paper_rows = [
        {
            "line": line,
            "step": journey.step_by_key(steps, f"paper-{line.first.pk}"),
            "papers": [p for p in papers if p.key == line.key],
            "asked_by": len(line.lines),
        }
        for line in journey.paper_lines(chosen)
    ]
    found = problems(draft, steps)
    total = sum((line.amount for row in part_rows for line in row["fees"]), Decimal(0))
    return render(
        request,
        "filing/group_check.html",
        {
            **context(draft, steps, "check", request),
            "steps": {s.key: s for s in steps},
            "all_parts": all_parts,
            "part_rows": part_rows,
            "paper_rows": paper_rows,
            "not_asked": base_journey.not_asked_rows(journey.not_asked(chosen)),
            "fees_total": total,
            "problems": found,
            "refused": [m for m in refused if m not in {p.message for p in found}],
        },
    )


@filer_required
@require_http_methods(["GET"])
def submitted(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = group_draft_of(request.user, pk)
    if draft.bundle is None:
        return redirect(journey.resume_url(draft))
    bundle = draft.bundle
    return render(
        request,
        "filing/group_submitted.html",
        {
            "draft": draft,
            "bundle": bundle,
            "group": draft.group,
            "parts": bundles.parts_of(bundle),
            "amount_due": bundles.amount_due(bundle),
        },
    )
