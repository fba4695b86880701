"""The journey's question pages: who files, the applicant, the online form page by page, each paper, where
to file. Each saves through egov.filing.services and goes on to the next step (or back to the check page)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from egov.accounts.http import AuthedRequest
from egov.filing import journey, known, selectors, services
from egov.filing.forms import SELF, ApplicantForm, PlaceForm, UploadForm, WhoForm
from egov.filing.models import Draft
from egov.filing.views.common import (
    add_errors,
    draft_for,
    error_links,
    filer_required,
    go_on,
    organisations_to_file_for,
    saved_later,
    step_context,
)
from egov.filing.views.fee_step import fee_case_page
from egov.procedures.models import RequiredDocument
from egov.procedures.onlineform import SchemaForm
from egov.procedures.selectors import online_checklist


def _submitted(draft: object) -> HttpResponse:
    return redirect("filing:submitted", draft.pk)  # type: ignore[attr-defined]


@filer_required
def who(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = draft_for(request, pk)
    if draft.is_submitted:
        return _submitted(draft)
    steps = journey.steps_of(draft)
    organisations = organisations_to_file_for(request, draft)
    if not organisations and journey.WHO not in draft.done and request.method == "GET":
        # Nobody else to file for: the question has one answer, so it is answered and skipped.
        draft = services.save_who(actor=request.user, draft=draft, organisation=None)
        return go_on(request, draft, steps, journey.WHO)
    # No answer is chosen before the citizen chooses one (a preselected radio is too easily passed by).
    initial = {}
    if journey.WHO in draft.done:
        initial = {"filer": str(draft.organisation_id) if draft.organisation_id else SELF}
    data = request.POST if request.method == "POST" else None
    form = WhoForm(data, initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.save_who(actor=request.user, draft=draft, organisation=form.organisation())
        except ValidationError as error:
            add_errors(form, error, "filer")
        else:
            return go_on(request, draft, steps, journey.WHO)
    return render(
        request,
        "filing/who.html",
        {**step_context(draft, steps, journey.WHO, request), "form": form, "errors": error_links(form)},
    )


@filer_required
def applicant(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = draft_for(request, pk)
    if draft.is_submitted:
        return _submitted(draft)
    if journey.WHO not in draft.done:
        return redirect("filing:who", draft.pk)
    steps = journey.steps_of(draft)
    kind = draft.applicant.get("type") or "citizen"
    data = request.POST if request.method == "POST" else None
    form = ApplicantForm(data, initial=draft.applicant, applicant_type=kind)
    if request.method == "POST" and form.is_valid():
        draft = services.save_applicant(actor=request.user, draft=draft, applicant=form.applicant())
        return go_on(request, draft, steps, journey.APPLICANT)
    return render(
        request,
        "filing/applicant.html",
        {**step_context(draft, steps, journey.APPLICANT, request), "form": form, "errors": error_links(form)},
    )


@filer_required
def form_page(request: AuthedRequest, pk: int, page: int) -> HttpResponse:
    draft = draft_for(request, pk)
    if draft.is_submitted:
        return _submitted(draft)
    steps = journey.steps_of(draft)
    step = journey.step_by_key(steps, f"form-{page}")
    if step is None:
        raise Http404
    # What the applicant step already answered is not asked again (egov.filing.known).
    specs = known.without_known(step.specs, draft.applicant)
    names = [s["name"] for s in specs]
    initial = {**known.initial_rows(specs, draft.applicant), **draft.answers}
    initial = {k: v for k, v in initial.items() if k in names}
    form = SchemaForm(
        {"fields": specs}, data=request.POST if request.method == "POST" else None, initial=initial
    )
    if form.is_valid():
        answers = known.with_known(form.cleaned_data, step.specs, draft.applicant)
        draft = services.save_answers(actor=request.user, draft=draft, step=step.key, answers=answers)
        return go_on(request, draft, steps, step.key)
    errors = error_links(form.main, *form.groups.values()) if form.is_bound and not form.adding_row else []
    return render(
        request,
        "filing/form_page.html",
        {
            **step_context(draft, steps, step.key, request),
            "form": form,
            "step": step,
            "errors": errors,
            "known": known.known(step.specs, draft.applicant),
        },
    )


@filer_required
def fee_cases(request: AuthedRequest, pk: int) -> HttpResponse:
    """The questions that select a fee (late registration, a copy…), and the exemptions the officer
    confirms from the papers, told but not asked."""
    draft = draft_for(request, pk)
    if draft.is_submitted:
        return _submitted(draft)
    steps = journey.steps_of(draft)

    def save(chosen: list[int]) -> HttpResponse:
        saved = services.save_fee_cases(actor=request.user, draft=draft, chosen=chosen)
        return go_on(request, saved, steps, journey.FEES)

    page = step_context(draft, steps, journey.FEES, request)
    return fee_case_page(request, draft.procedure, draft.fee_cases, save, page)


@filer_required
def paper(request: AuthedRequest, pk: int, requirement: int) -> HttpResponse:
    """One line of the checklist: its papers so far, those of the citizen's store that answer it, and an
    upload. One form with several buttons, so it works without JavaScript; a file chosen is uploaded
    whichever button is pressed, so nothing chosen is lost."""
    draft = draft_for(request, pk)
    if draft.is_submitted:
        return _submitted(draft)
    # The online checklist read once: the journey's paper steps and this page's line (a line the online
    # filing does not ask for has no page).
    lines = online_checklist(draft.procedure)
    line = next((r for r in lines if r.pk == requirement), None)
    if line is None:
        raise Http404
    steps = journey.steps_of(draft, lines)
    key = f"paper-{line.pk}"
    max_mb = settings.EGOV_FILING_FILE_MAX_MB
    form = UploadForm(max_mb=max_mb)
    if request.method == "POST":
        sent = request.FILES.get("file") is not None or request.POST.get("action") == "upload"
        if sent:
            form = UploadForm(request.POST, request.FILES, max_mb=max_mb)
        done = _apply_paper_buttons(request, draft, line, steps, key, form, sent)
        if done is not None:
            return done
    given = list(draft.papers.filter(requirement=line).select_related("stored_paper"))
    used = {p.stored_paper_id for p in given}
    offers = [p for p in selectors.reusable_papers(draft, line) if p.pk not in used]
    return render(
        request,
        "filing/paper.html",
        {
            **step_context(draft, steps, key, request),
            "form": form,
            "line": line,
            "given": given,
            "offers": offers,
            "errors": error_links(form),
        },
    )


def _apply_paper_buttons(
    request: AuthedRequest,
    draft: Draft,
    line: RequiredDocument,
    steps: list[journey.Step],
    key: str,
    form: UploadForm,
    sent: bool,
) -> HttpResponse | None:
    """Do what the pressed button asks; None to show the page again with the form's errors."""
    action = request.POST.get("action", "")
    try:
        if sent:
            if not form.is_valid():
                return None
            upload = form.cleaned_data["file"]
            # "Lưu và tiếp tục" with a file and nothing else asked: the upload and the step in one go.
            at_once = action in ("continue", "later") and not request.POST.get("reuse", "").isdigit()
            at_once = at_once and not request.POST.get("remove", "").isdigit()
            paper = services.add_upload(
                actor=request.user, draft=draft, requirement=line, upload=upload, go_on=at_once
            )
            if at_once:
                return saved_later(request) if action == "later" else go_on(request, paper.draft, steps, key)
        reuse = request.POST.get("reuse", "")
        if reuse.isdigit():
            chosen = {p.pk: p for p in selectors.reusable_papers(draft, line)}.get(int(reuse))
            if chosen is not None:
                services.add_reused(actor=request.user, draft=draft, requirement=line, stored_paper=chosen)
        remove = request.POST.get("remove", "")
        if remove.isdigit():
            services.remove_paper(actor=request.user, draft=draft, paper_id=int(remove))
        if action in ("continue", "later"):
            draft = services.papers_done(actor=request.user, draft=draft, requirement=line)
            return saved_later(request) if action == "later" else go_on(request, draft, steps, key)
    except ValidationError as error:
        add_errors(form, error, "file")
        return None
    # Post/redirect/get: the page again, with the paper just given.
    return redirect(request.get_full_path())


@filer_required
def place(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = draft_for(request, pk)
    if draft.is_submitted:
        return _submitted(draft)
    steps = journey.steps_of(draft)
    counters = selectors.receiving_counters(draft.procedure)
    initial = {"agency": str(draft.agency_id)} if draft.agency_id else {}
    if len(counters) == 1 and not initial:
        initial = {"agency": str(counters[0].pk)}
    data = request.POST if request.method == "POST" else None
    form = PlaceForm(data, initial=initial, counters=counters)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.choose_agency(actor=request.user, draft=draft, agency=form.chosen())
        except ValidationError as error:
            add_errors(form, error, "agency")
        else:
            return go_on(request, draft, steps, journey.PLACE)
    return render(
        request,
        "filing/place.html",
        {
            **step_context(draft, steps, journey.PLACE, request),
            "form": form,
            "counters": counters,
            "errors": error_links(form),
            "check_url": reverse("filing:check", args=(draft.pk,)),
        },
    )
