"""The exchange's HTTP side: the endpoint peers POST packages to, and the administrators' screen of
deliveries with "send again"."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from egov.core.querystring import without_page
from egov.documents.models import Document, Recipient
from egov.exchange import edxml, permissions, recalls, receiving, selectors, services
from egov.exchange.models import Message


@csrf_exempt  # peers are other systems: the package's XML signature is their credential
@require_POST
def endpoint(request: HttpRequest) -> HttpResponse:
    """Take one edXML package. 200 with a status "arrived" when kept (or kept before), 400/403 with a
    status "rejected" and the reason otherwise."""
    now = timezone.now()
    # Read the stream, not request.body: a package with its PDF is larger than Django's limit for a form.
    data = request.read(edxml.MAX_BYTES + 1)
    if len(data) > edxml.MAX_BYTES:
        answer = receiving.Answer(413, "02", "package too large")
    else:
        answer = receiving.accept(data, now=now)
    return HttpResponse(
        answer.body(now), status=answer.http_status, content_type="application/xml; charset=utf-8"
    )


def _require_admin(request: HttpRequest) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


@login_required
@require_safe
def delivery_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    state = request.GET.get("state", "")
    page = Paginator(selectors.deliveries(state), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/list.html",
        {
            "page_obj": page,
            "state": state,
            "states": Message.State.choices,
            "unrouted": selectors.unrouted()[:50],
            "querystring_without_page": without_page(request),
        },
    )


def _retried(request: HttpRequest, again: Callable[[], object]) -> HttpResponse:
    _require_admin(request)
    try:
        again()
        flash.success(request, _("The delivery is back in the queue."))
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    return redirect("exchange:list")


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    message = get_object_or_404(Message, pk=pk, direction=Message.Direction.OUT)
    return _retried(request, lambda: services.retry(message, actor=request.user))  # type: ignore[arg-type]


@login_required
@require_POST
def retry_recipient(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    recipient = get_object_or_404(Recipient, pk=pk, agency__isnull=True)
    return _retried(request, lambda: services.retry_unrouted(recipient, actor=request.user))  # type: ignore[arg-type]


@login_required
@require_POST
def answer_recall(request: HttpRequest, pk: int) -> HttpResponse:
    """The receiving clerk answers the issuer's recall: `accept` gives the document back."""
    doc = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    try:
        recalls.answer(
            doc,
            actor=request.user,  # type: ignore[arg-type]
            accept=request.POST.get("answer") == "accept",
            note=request.POST.get("note", ""),
        )
        flash.success(request, _("Your answer is sent to the issuer."))
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    return redirect("documents:detail", pk=doc.pk)
