"""Kannel's calls back to egov: delivery reports (the dlr-url egov gave with each SMS) and inbound SMS (an
sms-service's get-url). Only Kannel may call: the address must be in EGOV_KANNEL_ALLOWED_IPS and the query
must carry EGOV_KANNEL_CALLBACK_SECRET. Any odd input gets a 4xx and changes nothing, never a 500.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import parse_qs

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from egov.channels import inbound, services
from egov.channels.gateways import kannel

log = logging.getLogger("egov.channels")


def _from_kannel(request: HttpRequest, secret: str) -> bool:
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        allowed = any(
            address in ipaddress.ip_network(net, strict=False) for net in settings.EGOV_KANNEL_ALLOWED_IPS
        )
    except ValueError:
        return False
    return allowed and kannel.secret_matches(secret)


def _raw_query(request: HttpRequest) -> dict[str, bytes]:
    """The query's values as bytes: Kannel sends an inbound text in the charset it names, not always UTF-8."""
    query = request.META.get("QUERY_STRING", "")
    pairs = parse_qs(query, keep_blank_values=True, encoding="latin-1")
    return {key: values[0].encode("latin-1") for key, values in pairs.items() if values}


def _text(raw: dict[str, bytes], key: str, charset: str = "utf-8") -> str:
    try:
        return raw.get(key, b"").decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        return raw.get(key, b"").decode("utf-8", "replace")


@require_GET
def kannel_dlr(request: HttpRequest) -> HttpResponse:
    """A delivery report: ?id=<outbox id>&t=<token for it>&s=<secret>&type=<Kannel's %d>&answer=<%A>."""
    raw = _raw_query(request)
    if not _from_kannel(request, _text(raw, "s")):
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    reference, token = _text(raw, "id"), _text(raw, "t")
    if not (reference.isascii() and reference.isdigit() and len(reference) < 19) or not kannel.token_matches(
        reference, token
    ):
        return HttpResponse("unknown message", status=400, content_type="text/plain")
    try:
        status = kannel.DLR_TYPES[int(_text(raw, "type"))]
    except (ValueError, KeyError):
        return HttpResponse("unknown report type", status=400, content_type="text/plain")
    services.record_delivery_report(int(reference), status, _text(raw, "answer"))
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def kannel_inbound(request: HttpRequest) -> HttpResponse:
    """An inbound SMS: ?s=<secret>&from=%p&text=%a&charset=%C. The answer goes out through the outbox, so
    the sms-service has max-messages = 0 and this page's body is not sent to anyone."""
    raw = _raw_query(request)
    if not _from_kannel(request, _text(raw, "s")):
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    sender = _text(raw, "from").strip()
    charset = _text(raw, "charset").strip() or "utf-8"
    text = _text(raw, "text", charset).replace("\x00", "")
    if not sender or len(sender) > 32 or not sender.lstrip("+").isdigit():
        return HttpResponse("bad sender", status=400, content_type="text/plain")
    inbound.receive(sender, text[:1000])
    return HttpResponse("", content_type="text/plain")
