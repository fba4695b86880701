"""The gateways switched on (EGOV_PAYMENT_GATEWAYS) and how to get one.

enabled()          # the gateways EGOV_PAYMENT_GATEWAYS switches on, in its order
get("vnpay")       # one of them; UnknownGateway if it is not switched on
"""

from __future__ import annotations

from django.conf import settings

from egov.payments.gateways.base import Gateway


class UnknownGateway(LookupError):
    """No gateway of that name is switched on."""


def _classes() -> dict[str, type[Gateway]]:
    # Imported here: each gateway reads its own settings, and a folder is loaded only when it is used.
    from egov.payments.gateways.sandbox.gateway import SandboxGateway
    from egov.payments.gateways.vnpay.gateway import VnpayGateway

    return {"vnpay": VnpayGateway, "sandbox": SandboxGateway}


#: Every gateway the code knows, whether switched on or not (settings check names against it).
KNOWN = ("vnpay", "sandbox")


def enabled() -> list[Gateway]:
    classes = _classes()
    return [classes[name]() for name in settings.EGOV_PAYMENT_GATEWAYS if name in classes]


def get(name: str) -> Gateway:
    if name not in settings.EGOV_PAYMENT_GATEWAYS or name not in KNOWN:
        raise UnknownGateway(name)
    return _classes()[name]()
