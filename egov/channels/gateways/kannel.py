"""Kannel: egov sends through smsbox's sendsms HTTP interface and hears back through two callbacks.

- sendsms: GET EGOV_KANNEL_SENDSMS_URL with username/password, from/to and the text in UTF-8;
  coding=2 (UCS-2) when the text does not fit GSM-7 (Vietnamese with its marks); dlr-mask=31 asks for
  every delivery report, and dlr-url points back at egov with the outbox message's id, the callback
  secret and a token signed for that id, so a report can only be about the message it names.
- delivery reports: Kannel calls the dlr-url with %d (the report type) and %A (the SMSC's words).
- inbound messages: an sms-service's get-url (egov.channels.callbacks.kannel_inbound).

docs/channels.md#kannel has the kannel.conf to match.
"""

from __future__ import annotations

import hmac
import urllib.error
import urllib.request
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from egov.channels import segments
from egov.channels.models import DeliveryStatus
from egov.channels.transports import PermanentFailure

TOKEN_SALT = "egov.channels.kannel.dlr"
#: 1 delivered to the phone, 2 not delivered to the phone, 4 queued at the SMSC, 8 accepted by the SMSC,
#: 16 refused by the SMSC: 31 asks for all of them.
DLR_MASK = 31
DLR_TYPES = {
    1: DeliveryStatus.DELIVERED,
    2: DeliveryStatus.FAILED,
    4: DeliveryStatus.BUFFERED,
    8: DeliveryStatus.BUFFERED,
    16: DeliveryStatus.FAILED,
}


def token_for(reference: str) -> str:
    return signing.Signer(salt=TOKEN_SALT).sign(reference).rsplit(":", 1)[1]


def token_matches(reference: str, token: str) -> bool:
    return hmac.compare_digest(token_for(reference).encode(), token.encode())


def secret_matches(given: str) -> bool:
    """The callback secret, compared in constant time; an unset secret matches nothing."""
    secret = settings.EGOV_KANNEL_CALLBACK_SECRET
    return bool(secret) and hmac.compare_digest(secret.encode(), given.encode())


def dlr_url(reference: str) -> str:
    """Where Kannel reports on message `reference`; %d and %A are Kannel's, filled in when it calls."""
    query = urlencode({"id": reference, "t": token_for(reference), "s": settings.EGOV_KANNEL_CALLBACK_SECRET})
    path = reverse("channels:kannel_dlr")
    return f"{settings.EGOV_KANNEL_CALLBACK_URL}{path}?{query}&type=%d&answer=%A"


def sendsms_query(to: str, text: str, reference: str) -> str:
    params = {
        "username": settings.EGOV_KANNEL_USERNAME,
        "password": settings.EGOV_KANNEL_PASSWORD,
        "to": to,
        "text": text,
        "charset": "UTF-8",
    }
    if settings.EGOV_KANNEL_SENDER:
        params["from"] = settings.EGOV_KANNEL_SENDER
    if segments.count_segments(text).encoding == segments.UCS2:
        params["coding"] = "2"
    if reference:
        params["dlr-mask"] = str(DLR_MASK)
        params["dlr-url"] = dlr_url(reference)
    return urlencode(params)


class KannelGateway:
    """Sends through Kannel's sendsms. Kannel's own answer decides: 202 accepted (or queued), a 4xx
    about the message itself (no receiver, bad text) is permanent, anything else is retried."""

    def send(self, to: str, text: str, *, timeout: float, reference: str = "") -> None:
        number = to.strip()
        if not number.lstrip("+").isdigit():
            raise PermanentFailure(f"not a phone number: {to!r}")
        url = f"{settings.EGOV_KANNEL_SENDSMS_URL}?{sendsms_query(number, text, reference)}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as answer:
                body = answer.read(500).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            body = exc.read(500).decode("utf-8", "replace").strip()
            # 403: wrong username/password (a configuration fault, fixed by the operator: retry);
            # 503: Kannel's queue is full; other 4xx: Kannel refuses this message as it is.
            if 400 <= exc.code < 500 and exc.code != 403:
                raise PermanentFailure(f"Kannel refused the message: {exc.code} {body}") from exc
            raise ConnectionError(f"Kannel answered {exc.code} {body}") from exc
        # "0: Accepted for delivery" or "3: Queued for later delivery"
        if not body.startswith(("0:", "3:")):
            raise ConnectionError(f"Kannel answered {body!r}")
