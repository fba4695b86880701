"""The offline sandbox: a pretend bank for the demo and the tests, with its own pages (egov.payments.sandbox).

It keeps the same contract as a real gateway: the order goes to the bank's page signed, the bank's page
sends its callback server-side through the same code path as a real IPN (services.receive_callback),
signed with the sandbox's own key, and sends the browser back with a signed result. It takes no money, so
settings refuse it outside the demo, DEBUG and the tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from egov.payments.gateways import signing
from egov.payments.gateways.base import Gateway, InvalidSignature, Malformed, Order, Outcome, Result

PAID = "00"
CANCELLED = "24"
ORDER_KEYS = ("ref", "amount", "info", "return", "expires")
RESULT_KEYS = ("ref", "amount", "status", "txn", "at")


def sandbox_key() -> str:
    """The sandbox's own signing key, derived from the site's secret (never VNPAY's)."""
    return hmac.new(settings.SECRET_KEY.encode(), b"egov-payments-sandbox", hashlib.sha256).hexdigest()


def signed(params: Mapping[str, str]) -> dict[str, str]:
    return {**params, "sig": signing.sign(params, sandbox_key(), hashlib.sha256)}


def checked(params: Mapping[str, str], keys: tuple[str, ...]) -> dict[str, str]:
    """The `keys` of `params` once their signature is right; InvalidSignature otherwise."""
    data = {k: str(params.get(k, "")) for k in keys}
    if not signing.matches(data, str(params.get("sig", "")), sandbox_key(), hashlib.sha256):
        raise InvalidSignature
    return data


def amount_of(text: str) -> Decimal:
    try:
        if not text.isdigit():
            raise InvalidOperation
        return Decimal(text)
    except InvalidOperation:
        raise Malformed from None


class SandboxGateway(Gateway):
    name = "sandbox"
    label = _("Sandbox bank (demo: no money is taken)")
    absolute_return = False

    def start(self, order: Order) -> str:
        params = {
            "ref": order.reference,
            "amount": str(int(order.amount)),
            "info": order.description,
            "return": order.return_url,
            "expires": str(int(order.expires_at.timestamp())),
        }
        return f"{reverse('payments:sandbox')}?{urlencode(signed(params))}"

    def read_order(self, params: Mapping[str, str]) -> dict[str, str]:
        """The order the bank's page was sent: InvalidSignature or Malformed when it was tampered with."""
        data = checked(params, ORDER_KEYS)
        amount_of(data["amount"])
        if not data["expires"].isdigit():
            raise Malformed
        return data

    def expired(self, order: Mapping[str, str], now: dt.datetime) -> bool:
        return now.timestamp() > int(order["expires"])

    def result(self, order: Mapping[str, str], paid: bool, transaction_id: str, now: dt.datetime) -> dict:
        return signed(
            {
                "ref": order["ref"],
                "amount": order["amount"],
                "status": PAID if paid else CANCELLED,
                "txn": transaction_id if paid else "",
                "at": str(int(now.timestamp())),
            }
        )

    def _read(self, params: Mapping[str, str]) -> Result:
        data = checked(params, RESULT_KEYS)
        return Result(
            reference=data["ref"],
            amount=amount_of(data["amount"]),
            paid=data["status"] == PAID,
            transaction_id=data["txn"],
            code=data["status"],
            payload=dict(params),
        )

    def verify_return(self, params: Mapping[str, str]) -> Result:
        return self._read(params)

    def parse_callback(self, params: Mapping[str, str]) -> Result:
        return self._read(params)

    def acknowledge(self, outcome: Outcome) -> HttpResponse:
        return JsonResponse({"outcome": outcome.value})
