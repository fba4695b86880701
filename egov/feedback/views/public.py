"""Pages anyone may open: send feedback, the published answers, and the rating link of the return slip.

Whatever a visitor types gives a page with a message in Vietnamese, never an error page; what they typed stays
in the form. Submissions without an account count against the client's limit (egov.dossiers.ratelimit, the
same counters as the public look-up), and a filled-in hidden field marks a program, whose post is dropped.
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from egov.core.audit import Actor
from egov.core.forms import apply_error
from egov.dossiers import ratelimit
from egov.dossiers.lookup import mask_name
from egov.dossiers.models import Dossier
from egov.feedback import criteria, links, permissions, selectors, services
from egov.feedback.forms import FeedbackForm, RatingForm
from egov.feedback.models import Feedback

WINDOW = 3600


def over_limit(request: HttpRequest) -> int:
    """Count one anonymous submission for the client; the seconds to wait when over the limit, else 0."""
    if request.user.is_authenticated:
        return 0
    verdict = ratelimit.hit(
        "feedback:ip:" + ratelimit.client_ip(request), limit=settings.EGOV_FEEDBACK_LIMIT, seconds=WINDOW
    )
    return 0 if verdict.allowed else verdict.retry_after


def _limited(response: HttpResponse, retry_after: int) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(retry_after)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    citizen = permissions.is_citizen(request.user)
    initial = {k: request.GET[k] for k in ("topic", "code") if isinstance(request.GET.get(k), str)}
    form = FeedbackForm(request.POST or None, initial=initial, citizen=citizen)
    context = {"form": form, "citizen": citizen}
    if request.method != "POST":
        return render(request, "feedback/new.html", context)
    if form.is_spam:
        return redirect("feedback:sent_nothing")
    if wait := over_limit(request):
        context["limited"] = True
        return _limited(render(request, "feedback/new.html", context), wait)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.send(
                actor=cast(Actor, request.user) if citizen else services.Visitor(),
                topic=data["topic"],
                code=data["code"],
                agency=data["agency"],
                title=data["title"],
                content=data["content"],
                name=data.get("name", ""),
                phone=data.get("phone", ""),
                email=data.get("email", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            apply_error(form, error)
        else:
            return redirect("feedback:sent", reference=item.reference)
    return render(request, "feedback/new.html", context, status=400)


def sent(request: HttpRequest, reference: str = "") -> HttpResponse:
    item = (
        Feedback.objects.select_related("agency").filter(reference=reference).first() if reference else None
    )
    if reference and item is None:
        raise Http404
    return render(request, "feedback/sent.html", {"item": item})


def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published(), 20).get_page(request.GET.get("page"))
    return render(request, "feedback/public_list.html", {"page_obj": page, "mask": mask_name})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.published().filter(pk=pk).first()
    if item is None:
        raise Http404
    return render(
        request, "feedback/public_detail.html", {"item": item, "masked": mask_name(item.sender_name)}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def rate_by_link(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The rating page of the link printed for the applicant: the token stands for the dossier."""
    if not links.token_matches(pk, token):
        raise Http404
    d = Dossier.objects.select_related("procedure", "receiving_agency").filter(pk=pk).first()
    if d is None:
        raise Http404
    return rating_page(request, d, token=token)


def rating_page(request: HttpRequest, d: Dossier, *, token: str = "") -> HttpResponse:
    """The rating form of a dossier (shared by the link and the citizen's own page)."""
    used = criteria.criteria_for(timezone.localdate(d.returned_at or timezone.now()))
    existing = selectors.rating_of(d.pk)
    form = RatingForm(request.POST or None, criteria=used)
    context = {
        "dossier": d,
        "form": form,
        "rating": existing,
        "criteria": used,
        "masked": mask_name(d.applicant_name),
    }
    if request.method != "POST" or existing is not None:
        return render(request, "feedback/rate.html", context)
    if wait := over_limit(request):
        context["limited"] = True
        return _limited(render(request, "feedback/rate.html", context), wait)
    if form.is_valid():
        try:
            services.rate(
                actor=cast(Actor, request.user) if request.user.is_authenticated else services.Visitor(),
                dossier=d.pk,
                levels=form.levels(),
                comment=form.cleaned_data["comment"],
                token=token,
            )
        except (ValidationError, PermissionDenied) as error:
            apply_error(form, error)
        else:
            context["rating"] = selectors.rating_of(d.pk)
            context["thanks"] = True
            return render(request, "feedback/rate.html", context)
    return render(request, "feedback/rate.html", context, status=400)
