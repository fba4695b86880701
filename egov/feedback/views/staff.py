"""The staff inbox of feedback: the queue by status, one item with its actions, and the rating card that the
counter prints for an applicant without an account. Access is `egov.feedback.permissions`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from egov.accounts.http import AuthedRequest
from egov.core.forms import apply_error
from egov.core.pdf import qr_svg
from egov.dossiers import permissions as dossier_permissions
from egov.dossiers.lookup import mask_name
from egov.dossiers.models import Dossier, Status
from egov.feedback import card, criteria, links, permissions, selectors, services
from egov.feedback.forms import AnswerForm, AssignForm, PublishForm, RatingForm
from egov.feedback.models import Feedback, FeedbackStatus


def _guard(request: HttpRequest) -> None:
    if not permissions.has_inbox(request.user):
        raise PermissionDenied


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _guard(request)
    status = request.GET.get("status", "")
    status = status if status in FeedbackStatus.values else ""
    page = Paginator(selectors.inbox(request.user, status), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/inbox.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": FeedbackStatus.choices,
            "counts": selectors.inbox_counts(request.user),
            "now": timezone.now(),
        },
    )


def _item(request: HttpRequest, pk: int) -> Feedback:
    _guard(request)
    item = selectors.for_handler(request.user, pk)
    if item is None:
        raise Http404
    return item


def _page(request: HttpRequest, item: Feedback, status: int = 200, **forms: Any) -> HttpResponse:
    handlers = selectors.handlers_for(item.agency)
    context = {
        "item": item,
        "assign_form": forms.get("assign")
        or AssignForm(handlers=handlers, initial={"assignee": item.assignee_id}),
        "answer_form": forms.get("answer") or AnswerForm(),
        "publish_form": forms.get("publish")
        or PublishForm(initial={"public_content": item.public_content or item.content}),
        "now": timezone.now(),
        "masked": mask_name(item.sender_name),
    }
    return render(request, "feedback/handle.html", context, status=status)


@login_required
def handle(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _item(request, pk))


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    item = _item(request, pk)
    form: Any = None
    try:
        if action == "assign":
            form = AssignForm(request.POST, handlers=selectors.handlers_for(item.agency))
            if form.is_valid():
                services.assign(actor=request.user, feedback=item.pk, assignee=form.cleaned_data["assignee"])
                return redirect("feedback:handle", pk=item.pk)
        elif action == "answer":
            form = AnswerForm(request.POST)
            if form.is_valid():
                services.answer(actor=request.user, feedback=item.pk, text=form.cleaned_data["answer"])
                return redirect("feedback:handle", pk=item.pk)
        elif action == "publish":
            form = PublishForm(request.POST)
            if form.is_valid():
                services.publish(
                    actor=request.user, feedback=item.pk, public_content=form.cleaned_data["public_content"]
                )
                return redirect("feedback:handle", pk=item.pk)
        elif action == "unpublish":
            form = PublishForm(initial={"public_content": item.public_content})
            services.unpublish(actor=request.user, feedback=item.pk)
            return redirect("feedback:handle", pk=item.pk)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        apply_error(form, error)
    return _page(request, item, status=400, **{"publish" if action == "unpublish" else action: form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rating_card(request: AuthedRequest, pk: int) -> HttpResponse:
    """The card with the rating link and its QR code, printed by the counter for the applicant when the
    result is returned (Decree 118/2025 art. 31.1.a, c: rating forms and online rating); a card the applicant
    ticked on paper and handed back is recorded here (POST)."""
    d = Dossier.objects.select_related("procedure", "receiving_agency").filter(pk=pk).first()
    if d is None or not dossier_permissions.counter(d, request.user):
        raise Http404
    if d.status != Status.RETURNED:
        raise Http404
    if request.GET.get("pdf"):
        response = HttpResponse(card.rating_card_pdf(d), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="phieu-danh-gia-{d.pk}.pdf"'
        return response
    link = links.rating_link(d.pk)
    rating = selectors.rating_of(d.pk)
    used = criteria.criteria_for(timezone.localdate(d.returned_at or timezone.now()))
    form = RatingForm(request.POST if request.method == "POST" and rating is None else None, criteria=used)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                services.rate(
                    actor=request.user,
                    dossier=d.pk,
                    levels=form.levels(),
                    comment=form.cleaned_data["comment"],
                    on_paper=True,
                )
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
            else:
                return redirect("feedback:rating_card", pk=d.pk)
        status = 400
    context = {"dossier": d, "link": link, "qr": qr_svg(link), "rating": rating, "form": form}
    return render(request, "feedback/rating_card.html", context, status=status)
