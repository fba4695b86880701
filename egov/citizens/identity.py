"""The citizen account behind an e-identity (OpenID Connect claims): found by the provider's `sub`, linked to
the logged-in citizen who started the login, or made on the first login. What the provider delivers is
taken as proved by it: the personal ID number (marked with `identity_provider`), and the email and phone it
gives, which count as verified when no other account uses them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import transaction
from django.utils import timezone

from egov.citizens import identifiers
from egov.citizens.access import is_citizen
from egov.citizens.identifiers import Identifier
from egov.citizens.models import Citizen
from egov.citizens.selectors import citizen_by_identifier
from egov.citizens.services import PROFILE_FIELDS, new_username
from egov.core import audit
from egov.core.audit import Actor
from egov.core.validators import normalise_cccd, validate_cccd


def _text(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name) if name else None
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _birth_date(value: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):  # OpenID Connect's birthdate, or the Vietnamese way
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _id_number(value: str) -> str:
    number = normalise_cccd(value)
    try:
        validate_cccd(number)
    except ValidationError:
        return ""
    return number


def _take_contact(user: Any, profile: Citizen, kind: str, value: str, now: dt.datetime) -> None:
    try:
        parsed = (
            Identifier(kind, identifiers.validate_email_address(value))
            if kind == "email"
            else Identifier(kind, identifiers.validate_mobile(value))
        )
    except ValidationError:
        return
    current = getattr(user, kind)
    if current and current != parsed.value and getattr(profile, f"{kind}_verified_at"):
        return  # the citizen verified another one: theirs stays
    if citizen_by_identifier(parsed, exclude_user_id=user.pk) is not None:
        return  # another account logs in with it
    setattr(user, kind, parsed.value)
    setattr(profile, f"{kind}_verified_at", now)


def sign_in_with_identity(
    *,
    actor: Actor | None,
    provider: str,
    claims: Mapping[str, Any],
    claim_names: Mapping[str, str],
    ip: str | None = None,
) -> Any:
    """The citizen account for these claims, created or updated in one transaction with its audit row.
    `actor` is whoever is logged in when the provider answers: a citizen who has no e-identity yet gets
    this one linked to their account. `claim_names` maps id_number, full_name, phone, email and birth_date
    to the provider's claim names (EGOV_OIDC_CLAIM_*)."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SuspiciousOperation("claims without sub")
    now = timezone.now()
    with transaction.atomic():
        profile = (
            Citizen.objects.select_for_update().select_related("user").filter(oidc_subject=subject).first()
        )
        action = "citizen.identity_login"
        if profile is None and actor is not None and is_citizen(actor):
            profile = Citizen.objects.select_for_update().select_related("user").get_or_create(user=actor)[0]
            if profile.oidc_subject:
                raise SuspiciousOperation("this account holds another e-identity")
            profile.oidc_subject = subject
            action = "citizen.identity_linked"
        if profile is None:
            user = get_user_model()(username=new_username(), is_citizen=True)
            user.set_unusable_password()
            user.save()
            profile = Citizen.objects.create(user=user, oidc_subject=subject)
            action = "citizen.identity_register"
        user = profile.user
        before = {
            **audit.snapshot(user, ["full_name", "email", "phone"]),
            **audit.snapshot(profile, PROFILE_FIELDS),
        }
        name = _text(claims, claim_names.get("full_name", ""))
        if name:
            user.full_name = name[:150]
        number = _id_number(_text(claims, claim_names.get("id_number", "")))
        if number:
            profile.id_number = number
            profile.identity_provider = provider[:100]
        born = _birth_date(_text(claims, claim_names.get("birth_date", "")))
        if born:
            profile.birth_date = born
        for kind in ("email", "phone"):
            value = _text(claims, claim_names.get(kind, ""))
            if value:
                _take_contact(user, profile, kind, value, now)
        user.save(update_fields=["full_name", "email", "phone"])
        profile.save()
        after = {
            **audit.snapshot(user, ["full_name", "email", "phone"]),
            **audit.snapshot(profile, PROFILE_FIELDS),
        }
        audit.record(actor if actor is not None else user, action, profile, before=before, after=after, ip=ip)
    return user
