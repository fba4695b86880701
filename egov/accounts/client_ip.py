"""The address a request came from, as the login throttle and the audit log record it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR, or behind our reverse proxy (EGOV_BEHIND_TLS_PROXY) the address it saw.

    deploy/nginx/egov.conf sets X-Forwarded-For to the client's address; only its last entry is the
    proxy's own word (anything before it came from the client and could be forged). Without the proxy
    the header is ignored, so a client cannot pick the address its failed logins are counted under.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    if settings.SECURE_PROXY_SSL_HEADER is not None:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        address = forwarded or address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
