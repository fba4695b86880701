"""A linked group filed once online (Decree 63/2024/NĐ-CP): the start page, the question pages (applicant,
the parts to file, each part's online form and fee cases, each paper, where to file), resuming and deleting.
Thin: the writes are egov.filing.group_services, the steps egov.filing.group_journey."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.accounts.http import AuthedRequest
from egov.filing import group_journey as journey
from egov.filing import group_selectors, known
from egov.filing import group_services as services
from egov.filing import journey as base_journey
from egov.filing.forms import ApplicantForm, UploadForm
from egov.filing.group_forms import PartsForm
from egov.filing.group_models import GroupDraft
from egov.filing.group_selectors import group_draft_of, open_group_drafts
from egov.filing.group_submission import group_counters
from egov.filing.journey import Step
from egov.filing.views.common import add_errors, error_links, filer_required, from_check
from egov.filing.views.fee_step import fee_case_page
from egov.payments.fees import applicants_questions, fees_due
from egov.procedures import groups
from egov.procedures.models import Channel
from egov.procedures.onlineform import SchemaForm


def _submitted(draft: GroupDraft) -> HttpResponse:
    return redirect("filing:group_submitted", draft.pk)


def _later(request: AuthedRequest) -> HttpResponse:
    messages.success(request, _("Your application is saved. You can come back to it from any device."))
    return redirect("filing:drafts")


def _go_on(request: AuthedRequest, draft: GroupDraft, key: str) -> HttpResponse:
    if "later" in request.POST or request.POST.get("action") == "later":
        return _later(request)
    return redirect(journey.after(draft, journey.steps_of(draft), key, back_to_check=from_check(request)))


def context(draft: GroupDraft, steps: list[Step], key: str, request: AuthedRequest) -> dict[str, Any]:
    """What every page of the group journey shows: the caption, the step number, the back link."""
    keys = [s.key for s in steps]
    back = reverse("filing:group_start", args=(draft.group.code,))
    if from_check(request):
        back = journey.check_url(draft)
    elif key in keys and keys.index(key) > 0:
        back = steps[keys.index(key) - 1].url()
    elif key == "check" and steps:
        back = steps[-1].url()
    return {
        "draft": draft,
        "group": draft.group,
        "procedure": draft.group,  # the layout's caption and title name the group
        "back_url": back,
        "step_number": keys.index(key) + 1 if key in keys else len(keys),
        "step_total": len(keys),
        "query": "?from=check" if from_check(request) else "",
    }


@filer_required
@require_http_methods(["GET", "POST"])
def start(request: AuthedRequest, code: str) -> HttpResponse:
    """What to have ready for the whole group, and "Start now", which makes the draft."""
    group = groups.published_group(code)
    if group is None or not groups.may_file_online(group):
        raise Http404
    if request.method == "POST":
        try:
            draft = services.start(actor=request.user, group=group)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(journey.resume_url(draft))
    parts = list(group.parts.all())
    return render(
        request,
        "filing/group_start.html",
        {
            "group": group,
            "parts": parts,
            "papers": journey.paper_lines(parts),
            "not_asked": base_journey.not_asked_rows(journey.not_asked(parts)),
            "fees": [(p, fees_due(p.procedure, Channel.ONLINE)) for p in parts],
            # Told before starting, as for one procedure: each part's cases are asked after its form.
            "case_fees": [line for p in parts for line in applicants_questions(p.procedure)],
            "earlier": [
                (d, journey.resume_url(d)) for d in open_group_drafts(request.user).filter(group=group)
            ],
        },
    )


@filer_required
@require_http_methods(["GET"])
def resume(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = group_draft_of(request.user, pk)
    if draft.is_submitted:
        return _submitted(draft)
    return redirect(journey.resume_url(draft))


@filer_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = group_draft_of(request.user, pk)
    if draft.is_submitted:
        return _submitted(draft)
    if request.method == "POST":
        services.delete(actor=request.user, draft=draft)
        messages.success(request, _("The draft was deleted."))
        return redirect("filing:drafts")
    return render(request, "filing/delete.html", {"draft": draft, "procedure": draft.group})


@filer_required
@require_http_methods(["GET", "POST"])
def applicant(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = group_draft_of(request.user, pk)
    if draft.is_submitted:
        return _submitted(draft)
    steps = journey.steps_of(draft)
    form = ApplicantForm(
        request.POST if request.method == "POST" else None, initial=draft.applicant, applicant_type="citizen"
    )
    if request.method == "POST" and form.is_valid():
        draft = services.save_applicant(actor=request.user, draft=draft, applicant=form.applicant())
        return _go_on(request, draft, journey.APPLICANT)
    return render(
        request,
        "filing/applicant.html",
        {**context(draft, steps, journey.APPLICANT, request), "form": form, "errors": error_links(form)},
    )


@filer_required
@require_http_methods(["GET", "POST"])
def parts(request: AuthedRequest, pk: int) -> HttpResponse:
    """The optional procedures of the group ("if you choose it"), ticked or not."""
    draft = group_draft_of(request.user, pk)
    if draft.is_submitted:
        return _submitted(draft)
    all_parts = journey.parts_of(draft)
    if not journey.has_choice(all_parts):
        raise Http404
    steps = journey.steps_of(draft, all_parts)
    optional = [p for p in all_parts if not p.required]
    initial = {"parts": draft.optional_parts} if journey.PARTS in draft.done else {}
    form = PartsForm(request.POST if request.method == "POST" else None, initial=initial, optional=optional)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.choose_parts(
                actor=request.user, draft=draft, optional=form.cleaned_data["parts"]
            )
        except ValidationError as error:
            add_errors(form, error, "parts")
        else:
            return _go_on(request, draft, journey.PARTS)
    return render(
        request,
        "filing/group_parts.html",
        {
            **context(draft, steps, journey.PARTS, request),
            "form": form,
            "required": [p for p in all_parts if p.required],
            "errors": [(f"{form['parts'].auto_id}_0", m) for m in form.errors.get("parts", [])],
        },
    )


@filer_required
@require_http_methods(["GET", "POST"])
def form_page(request: AuthedRequest, pk: int, part: int, page: int) -> HttpResponse:
    """One page of one part's online form, rendered and checked by the catalogue's form engine."""
    draft = group_draft_of(request.user, pk)
    if draft.is_submitted:
        return _submitted(draft)
    steps = journey.steps_of(draft)
    step = journey.step_by_key(steps, f"form-{part}-{page}")
    if step is None:
        raise Http404
    # What the applicant step already answered is not asked again in any part (egov.filing.known).
    specs = known.without_known(step.specs, draft.applicant)
    names = [s["name"] for s in specs]
    initial = {**known.initial_rows(specs, draft.applicant), **draft.answers_of(part)}
    initial = {k: v for k, v in initial.items() if k in names}
    form = SchemaForm(
        {"fields": specs}, data=request.POST if request.method == "POST" else None, initial=initial
    )
    if form.is_valid():
        answers = known.with_known(form.cleaned_data, step.specs, draft.applicant)
        draft = services.save_answers(
            actor=request.user, draft=draft, position=part, step=step.key, answers=answers
        )
        return _go_on(request, draft, step.key)
    errors = error_links(form.main, *form.groups.values()) if form.is_bound and not form.adding_row else []
    return render(
        request,
        "filing/form_page.html",
        {
            **context(draft, steps, step.key, request),
            "form": form,
            "step": step,
            "errors": errors,
            "known": known.known(step.specs, draft.applicant),
        },
    )


@filer_required
@require_http_methods(["GET", "POST"])
def fee_cases(request: AuthedRequest, pk: int, part: int) -> HttpResponse:
    """One chosen part's fee cases, asked as for one procedure (late registration, a copy…)."""
    draft = group_draft_of(request.user, pk)
    if draft.is_submitted:
        return _submitted(draft)
    found = next((p for p in journey.chosen_parts(draft) if p.position == part), None)
    if found is None:
        raise Http404
    steps = journey.steps_of(draft)
    key = journey.fees_key(part)

    def save(chosen: list[int]) -> HttpResponse:
        saved = services.save_fee_cases(actor=request.user, draft=draft, position=part, chosen=chosen)
        return _go_on(request, saved, key)

    page = {**context(draft, steps, key, request), "part": found}
    return fee_case_page(request, found.procedure, draft.fee_cases_of(part), save, page)


@filer_required
@require_http_methods(["GET", "POST"])
def paper(request: AuthedRequest, pk: int, requirement: int) -> HttpResponse:
    """One paper of the group, asked once whichever parts need it. A file chosen is uploaded whichever
    button is pressed, so nothing chosen is lost."""
    draft = group_draft_of(request.user, pk)
    if draft.is_submitted:
        return _submitted(draft)
    chosen = journey.chosen_parts(draft)
    line = next((x for x in journey.paper_lines(chosen) if x.first.pk == requirement), None)
    if line is None:
        raise Http404
    steps = journey.steps_of(draft)
    key = f"paper-{requirement}"
    form = UploadForm(max_mb=settings.EGOV_FILING_FILE_MAX_MB)
    if request.method == "POST":
        sent = request.FILES.get("file") is not None or request.POST.get("action") == "upload"
        if sent:
            form = UploadForm(request.POST, request.FILES, max_mb=settings.EGOV_FILING_FILE_MAX_MB)
        done = _paper_buttons(request, draft, line, key, form, sent)
        if done is not None:
            return done
    names = {p.position: p.procedure.name for p in chosen}
    given = list(draft.papers.filter(key=line.key).select_related("stored_paper"))
    used = {p.stored_paper_id for p in given}
    return render(
        request,
        "filing/group_paper.html",
        {
            **context(draft, steps, key, request),
            "form": form,
            "line": line,
            "asked_by": [names[position] for position in line.positions],
            "given": given,
            "offers": [p for p in group_selectors.reusable_for_line(draft, line) if p.pk not in used],
            "errors": error_links(form),
        },
    )


def _paper_buttons(
    request: AuthedRequest, draft: GroupDraft, line: journey.PaperLine, key: str, form: UploadForm, sent: bool
) -> HttpResponse | None:
    try:
        if sent:
            if not form.is_valid():
                return None
            services.add_upload(
                actor=request.user, draft=draft, key=line.key, upload=form.cleaned_data["file"]
            )
        reuse = request.POST.get("reuse", "")
        if reuse.isdigit():
            chosen = {p.pk: p for p in group_selectors.reusable_for_line(draft, line)}.get(int(reuse))
            if chosen is not None:
                services.add_reused(actor=request.user, draft=draft, key=line.key, stored_paper=chosen)
        remove = request.POST.get("remove", "")
        if remove.isdigit():
            services.remove_paper(actor=request.user, draft=draft, paper_id=int(remove))
        if request.POST.get("action", "") in ("continue", "later"):
            draft = services.papers_done(actor=request.user, draft=draft, key=line.key)
            return _go_on(request, draft, key)
    except ValidationError as error:
        add_errors(form, error, "file")
        return None
    return redirect(request.get_full_path())


@filer_required
@require_http_methods(["GET", "POST"])
def place(request: AuthedRequest, pk: int) -> HttpResponse:
    from egov.filing.forms import PlaceForm

    draft = group_draft_of(request.user, pk)
    if draft.is_submitted:
        return _submitted(draft)
    steps = journey.steps_of(draft)
    counters = group_counters(draft.group)
    initial = {"agency": str(draft.agency_id)} if draft.agency_id else {}
    if len(counters) == 1 and not initial:
        initial = {"agency": str(counters[0].pk)}
    form = PlaceForm(request.POST if request.method == "POST" else None, initial=initial, counters=counters)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.choose_agency(actor=request.user, draft=draft, agency=form.chosen())
        except ValidationError as error:
            add_errors(form, error, "agency")
        else:
            return _go_on(request, draft, journey.PLACE)
    return render(
        request,
        "filing/place.html",
        {
            **context(draft, steps, journey.PLACE, request),
            "form": form,
            "counters": counters,
            "errors": error_links(form),
        },
    )
