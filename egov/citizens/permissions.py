"""Who may do what in the citizens' part: filing needs a verified contact; organisations are run by their
administrators."""

from __future__ import annotations

from typing import Any

from egov.citizens.access import is_citizen
from egov.citizens.models import Membership, Organisation
from egov.citizens.selectors import email_verified, phone_verified


def may_file(user: Any) -> bool:
    """A citizen may file online once the email address or phone the results are announced to is verified
    (by a code, or by the e-identity provider that delivered it)."""
    return is_citizen(user) and (email_verified(user) or phone_verified(user))


def may_file_for(user: Any, organisation: Organisation) -> bool:
    """A verified member files for the organisation under its tax code."""
    return may_file(user) and Membership.objects.filter(organisation=organisation, user=user).exists()


def may_manage_members(user: Any, organisation: Organisation) -> bool:
    return (
        is_citizen(user)
        and Membership.objects.filter(organisation=organisation, user=user, is_admin=True).exists()
    )
