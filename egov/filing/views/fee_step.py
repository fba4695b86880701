"""The page asking which fee cases are the applicant's (egov.payments.fees.applicants_questions), shared by
one procedure's journey and each part of a linked group's, so both ask, check and explain the cases alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render

from egov.accounts.http import AuthedRequest
from egov.filing.forms import FeeCaseForm
from egov.filing.views.common import add_errors, error_links
from egov.payments import fees
from egov.procedures.models import Procedure


def fee_case_page(
    request: AuthedRequest,
    procedure: Procedure,
    chosen: list[int],
    save: Callable[[list[int]], HttpResponse],
    page: dict[str, Any],
) -> HttpResponse:
    """Ask `procedure`'s cases, ticked as `chosen`; a valid answer goes to `save` (a service call and where
    to go next), whose refusal is shown on the form. `page` is the journey's context of the step."""
    lines = fees.applicants_questions(procedure)
    if not lines:
        raise Http404
    initial = {"cases": [str(pk) for pk in chosen]}
    form = FeeCaseForm(request.POST if request.method == "POST" else None, initial=initial, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            return save(form.chosen())
        except ValidationError as error:
            add_errors(form, error, "cases")
    return render(
        request,
        "filing/fees.html",
        {
            **page,
            "form": form,
            "lines": lines,
            "exemptions": fees.exemptions(procedure),
            "errors": error_links(form),
        },
    )
