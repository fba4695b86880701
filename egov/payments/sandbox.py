"""The sandbox bank's own pages (`/thanh-toan/sandbox/`): they stand for a real bank's, for the demo and
the tests. The page reads the signed order, shows the amount and the merchant, and on "Pay" or "Cancel"
sends its callback server-side through the same code path as a real IPN (services.receive_callback), then
sends the browser back to the return address with the signed result."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from egov.payments import services
from egov.payments.gateways import registry as gateways
from egov.payments.gateways.base import InvalidSignature, Malformed
from egov.payments.gateways.sandbox.gateway import SandboxGateway


@require_http_methods(["GET", "POST"])
def bank_page(request: HttpRequest) -> HttpResponse:
    try:
        gateway = gateways.get("sandbox")
    except gateways.UnknownGateway:
        raise Http404 from None
    assert isinstance(gateway, SandboxGateway)
    params = request.GET.dict()
    try:
        order = gateway.read_order(params)
    except (InvalidSignature, Malformed):
        return render(request, "payments/sandbox.html", {"invalid": True}, status=400)
    now = timezone.now()
    context = {"order": order, "merchant": settings.EGOV_SITE_NAME, "amount": int(order["amount"])}
    if gateway.expired(order, now):
        return render(request, "payments/sandbox.html", {**context, "expired": True})
    if request.method == "GET":
        return render(request, "payments/sandbox.html", context)
    paid = "pay" in request.POST
    result = gateway.result(order, paid, f"SBX{secrets.token_hex(6).upper()}", now)
    services.receive_callback(gateway.name, result, now=now)
    back = order["return"]
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) and not back.startswith(
        settings.EGOV_PUBLIC_URL
    ):
        raise Http404
    return HttpResponseRedirect(f"{back}?{urlencode(result)}")
