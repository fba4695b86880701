"""The citizen's pages: my dossiers, one dossier, its supplement, its withdrawal and its files.

Every page is for citizen accounts only (`citizen_required`: visitors go to the citizens' login, staff get
403); a dossier the account does not follow answers 404 (egov.portal.permissions). Views stay thin: reads
from `selectors`, writes through `services`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from egov.citizens.access import citizen_required
from egov.core.forms import apply_error
from egov.dossiers import deadlines, keypad
from egov.dossiers.bundle_models import DossierBundle
from egov.dossiers.errors import NotPermitted, TransitionRefused
from egov.dossiers.models import RUNNING, Attachment, Dossier
from egov.dossiers.slips import render_pdf
from egov.portal import bundles as bundle_reads
from egov.portal import selectors, services
from egov.portal import slips as reprints
from egov.portal.forms import SupplementForm, WithdrawForm

PER_PAGE = 20


def _mine(request: HttpRequest, pk: int) -> Dossier:
    try:
        return selectors.dossier_for(request.user, pk)
    except Dossier.DoesNotExist:
        raise Http404 from None


@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def dossiers(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":  # "link the dossiers received at a counter in my name"
        linked = services.link_counter_dossiers(actor=request.user)  # type: ignore[arg-type]
        if linked:
            messages.success(
                request,
                ngettext(
                    "%(n)s dossier received at a counter was added to your list.",
                    "%(n)s dossiers received at a counter were added to your list.",
                    len(linked),
                )
                % {"n": len(linked)},
            )
        else:
            messages.info(request, _("No dossier received at a counter in your name is left to add."))
        return redirect("portal:dossiers")
    group = request.GET.get("tinh_trang", "")
    group = group if group in selectors.GROUP_BY_KEY else ""
    # A linked filing's parts are shown together under their bundle (egov.portal.bundles), not one by one.
    page = Paginator(
        selectors.my_dossiers(request.user, group).filter(bundle_part__isnull=True), PER_PAGE
    ).get_page(request.GET.get("page"))
    now = timezone.now()
    for d in page.object_list:
        d.plain_status = selectors.plain_status(d, held=False)  # no linked part is listed here
        d.not_accepted_yet = selectors.is_submission_reference(d)
        d.due_shown = d.due_at if d.status in RUNNING else None
        d.late = deadlines.overdue(d, now)
    return render(
        request,
        "portal/dossiers.html",
        {
            "page_obj": page,
            "groups": selectors.GROUPS,
            "group": group,
            "querystring_without_page": f"tinh_trang={group}&" if group else "",
            "to_link": selectors.counter_dossiers_to_link(request.user),
            "bundles": [
                (b, bundle_reads.part_rows(b))
                for b in bundle_reads.my_bundles(
                    request.user, selectors.GROUP_BY_KEY[group].statuses if group else ()
                )[:PER_PAGE]
            ]
            if page.number == 1
            else [],
        },
    )


@citizen_required
@require_http_methods(["GET", "HEAD"])
def bundle(request: HttpRequest, reference: str) -> HttpResponse:
    """One linked filing: its parts and their states, what is still owed, and the one result set."""
    try:
        b = bundle_reads.bundle_for(request.user, reference)
    except DossierBundle.DoesNotExist:
        raise Http404 from None
    context = {
        "bundle": b,
        "rows": bundle_reads.part_rows(b),
        "results": bundle_reads.result_set(b),
        "amount_due": bundle_reads.amount_due(b),
        # The reference is looked up on every channel; the telephone keypad needs its number.
        "keypad_number": keypad.bundle_number(b.pk),
        "ivr_phone": settings.EGOV_IVR_PHONE,
    }
    return render(request, "portal/bundle.html", context)


def _detail_context(request: HttpRequest, d: Dossier, **forms: Any) -> dict[str, Any]:
    now = timezone.now()
    fees = selectors.fees(d)
    open_moves = selectors.moves_open(d, request.user, now)
    context: dict[str, Any] = {
        "d": d,
        "plain_status": selectors.plain_status(d),
        "not_accepted_yet": selectors.is_submission_reference(d),
        "clock": deadlines.clock(d, now),
        "ask": selectors.asked_now(d),
        "steps": selectors.timeline(d),
        "fees": fees,
        "to_pay": selectors.to_pay(d, fees),
        "ended": d.status in selectors.ENDED,
        "results": selectors.results(d),
        "papers": selectors.own_papers(d),
        "moves": open_moves,
        "rating": selectors.rating_state(d, request.user),
        "supplement_form": None,
        # Papers to open again after acceptance: the receipt slip and each payment's confirmation.
        "has_receipt": reprints.has_receipt(d),
        "payments": list(reprints.paid(d)),
    }
    if open_moves["supplement"]:
        context["supplement_form"] = forms.get("supplement_form") or SupplementForm(
            initial={"version": d.version}
        )
    return context


@citizen_required
@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = _mine(request, pk)
    return render(request, "portal/detail.html", _detail_context(request, d))


@citizen_required
@require_http_methods(["GET", "HEAD"])
def receipt_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt slip as the counter printed it, for the dossier's applicant to open or print again."""
    d = _mine(request, pk)
    slip = reprints.receipt(d)
    if slip is None:
        raise Http404
    response = HttpResponse(render_pdf(slip), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-tiep-nhan-{d.code}.pdf"'
    return response


@citizen_required
@require_POST
def supplement(request: HttpRequest, pk: int) -> HttpResponse:
    d = _mine(request, pk)
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.send_supplement(
                actor=request.user,  # type: ignore[arg-type]
                dossier=d,
                files=data["files"],
                answer=data["answer"],
                expected_version=data["version"],
                idempotency_key=f"{request.user.pk}:{data['idem']}",
            )
        except ValidationError as exc:
            apply_error(form, exc)
        except (NotPermitted, TransitionRefused) as exc:
            messages.error(request, exc.message)
            return redirect("portal:detail", pk=d.pk)
        else:
            sent = _("Your supplement was sent. The officer handling the dossier is told.")
            messages.success(request, sent)
            return redirect("portal:detail", pk=d.pk)
    context = _detail_context(request, d, supplement_form=form)
    return render(request, "portal/detail.html", context, status=400)


@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    d = _mine(request, pk)
    if not selectors.moves_open(d, request.user)["withdraw"]:
        messages.error(request, _("This dossier can no longer be withdrawn."))
        return redirect("portal:detail", pk=d.pk)
    form = WithdrawForm(request.POST or None, initial={"version": d.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.withdraw(
                actor=request.user,  # type: ignore[arg-type]
                dossier=d,
                reason=data["reason"],
                expected_version=data["version"],
                idempotency_key=f"{request.user.pk}:{data['idem']}",
            )
        except ValidationError as exc:
            apply_error(form, exc)
        except (NotPermitted, TransitionRefused) as exc:
            messages.error(request, exc.message)
            return redirect("portal:detail", pk=d.pk)
        else:
            messages.success(request, _("Your dossier was withdrawn."))
            return redirect("portal:detail", pk=d.pk)
    status = 400 if form.is_bound else 200
    context = {"d": d, "form": form, "plain_status": selectors.plain_status(d)}
    return render(request, "portal/withdraw.html", context, status=status)


@citizen_required
@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """A result, or a paper the applicant sent, streamed from storage to the dossier's own applicant."""
    try:
        item = selectors.downloadable(request.user, pk, file_pk)
    except (Dossier.DoesNotExist, Attachment.DoesNotExist):
        raise Http404 from None
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
    return response  # type: ignore[return-value]
