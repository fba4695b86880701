"""The signature scheme VNPAY publishes, shared with the sandbox (which signs with its own key and SHA-256).

The signed text is the parameters sorted by name, each `name=value` with the value URL-encoded as a form
(spaces as "+"), joined with "&"; the signature is the hex HMAC of that text with the merchant's secret.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote_plus


def canonical(params: Mapping[str, str]) -> str:
    """The text that is signed: the parameters sorted by name, URL-encoded (an empty value too, as VNPAY's
    own sample code does when it checks a return)."""
    return "&".join(f"{quote_plus(k)}={quote_plus(str(v))}" for k, v in sorted(params.items()))


def sign(params: Mapping[str, str], secret: str, digest: Callable[..., Any] = hashlib.sha512) -> str:
    return hmac.new(secret.encode(), canonical(params).encode(), digest).hexdigest()


def matches(
    params: Mapping[str, str], signature: str, secret: str, digest: Callable[..., Any] = hashlib.sha512
) -> bool:
    """True when `signature` is the HMAC of `params` (compared in constant time, case-insensitive)."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(sign(params, secret, digest), signature.strip().lower())
