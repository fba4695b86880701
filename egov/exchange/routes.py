"""Where an external recipient of an issued document is sent: a peer of the exchange (by its electronic
identifier, else by its exact name), or an email address written in the recipient's line ("Bưu điện tỉnh
<vanthu@buudien.example>") for a recipient that has no system (issue 13 item 6)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from egov.exchange.models import Peer

EMAIL = re.compile(r"<?([^<>\s]+@[^<>\s]+)>?\s*$")


@dataclass(frozen=True)
class Route:
    peer: Peer | None = None
    email: str = ""


def email_in(line: str) -> str:
    """The email address that ends `line`, "" when none (or not a valid one)."""
    found = EMAIL.search(line.strip())
    if not found:
        return ""
    try:
        validate_email(found.group(1))
    except ValidationError:
        return ""
    return found.group(1)


def route_for(name: str, identifier: str) -> Route | None:
    """The way to reach the recipient; None when egov knows none."""
    peers = Peer.objects.filter(is_active=True)
    peer = peers.filter(organ_id=identifier).first() if identifier else None
    if peer is None:
        plain = EMAIL.sub("", name).strip()
        peer = peers.filter(name__iexact=plain).first() if plain else None
    if peer is not None:
        return Route(peer=peer)
    email = email_in(name)
    return Route(email=email) if email else None
