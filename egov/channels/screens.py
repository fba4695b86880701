"""The administrators' screens of the outbox: counts per channel, a filtered list, one message, retries."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from egov.channels import selectors, services
from egov.channels.models import OutboxMessage
from egov.channels.permissions import can_manage_outbox
from egov.core.querystring import without_page

STATE_LABELS = {
    "pending": gettext_lazy("Pending"),
    "failed": gettext_lazy("Failed"),
    "sent": gettext_lazy("Sent"),
    "delivered": gettext_lazy("Delivered"),
}


def _require_admin(request: HttpRequest) -> None:
    if not can_manage_outbox(request.user):
        raise PermissionDenied


@login_required
@require_safe  # a screen that only reads: POST is refused, never treated as GET
def outbox_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    topic = request.GET.get("topic", "")
    state = request.GET.get("state", "")
    rows = selectors.messages(topic=topic, state=state)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    for message in page:
        message.state = selectors.state_of(message, now)  # type: ignore[attr-defined]
        message.recipient = selectors.mask_recipient(str(message.payload.get("to", "")))  # type: ignore[attr-defined]
    return render(
        request,
        "channels/outbox_list.html",
        {
            "counts": selectors.counts_by_channel(),
            "page_obj": page,
            "topic": topic,
            "state": state,
            "topics": OutboxMessage.Topic.choices,
            "states": [(s, STATE_LABELS[s]) for s in selectors.STATES],
            "state_labels": STATE_LABELS,
            "querystring_without_page": without_page(request),
        },
    )


@login_required
@require_safe
def outbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    message = get_object_or_404(OutboxMessage, pk=pk)
    state = selectors.state_of(message, timezone.now())
    return render(
        request,
        "channels/outbox_detail.html",
        {
            "message": message,
            "state": state,
            "state_label": STATE_LABELS[state],
            "shown": selectors.shown_payload(message),
        },
    )


@login_required
@require_POST
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    message = get_object_or_404(OutboxMessage, pk=pk)
    if services.retry(message.pk, actor=request.user):  # type: ignore[arg-type]
        flash.success(request, _("The message is back in the queue."))
    else:
        flash.error(request, _("Only a failed message can be sent again."))
    return redirect("channels:outbox_detail", pk=message.pk)


@login_required
@require_POST
def outbox_retry_failed(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    topic = request.POST.get("topic", "")
    topic = topic if topic in OutboxMessage.Topic.values else ""
    count = services.retry_failed(actor=request.user, topic=topic)  # type: ignore[arg-type]
    flash.success(
        request,
        ngettext(
            "%(count)d failed message is back in the queue.",
            "%(count)d failed messages are back in the queue.",
            count,
        )
        % {"count": count},
    )
    return redirect("channels:outbox_list")
