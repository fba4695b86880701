"""Reads about citizens: who an email or phone belongs to, what the online forms are prefilled from, and the
organisations a citizen files for."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet

from egov.citizens.identifiers import Identifier
from egov.citizens.models import Citizen, Membership, Organisation
from egov.core import statements
from egov.procedures.models import ApplicantType


def citizen_by_identifier(identifier: Identifier, *, exclude_user_id: int | None = None) -> Any:
    """The citizen account whose email (any case) or phone is this one, or None. Never a staff account."""
    users = get_user_model().objects.filter(is_citizen=True)
    if exclude_user_id is not None:
        users = users.exclude(pk=exclude_user_id)
    match = Q(email__iexact=identifier.value) if identifier.is_email else Q(phone=identifier.value)
    return users.filter(match).order_by("pk").first()


def profile_of(user: Any) -> Citizen:
    """The citizen's profile, made on first use for an account that has none (e.g. one made in the admin)."""
    profile, _created = Citizen.objects.get_or_create(user=user)
    return profile


def _organisation_by_tax_code(tax_code: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(tax_code=tax_code)  # unique


def organisation_by_tax_code(tax_code: str) -> Organisation | None:
    """The organisation with this tax code, or None (a statement built once per process: text no column
    holds, such as a NUL character, finds nothing instead of a database error)."""
    return statements.select_one(_organisation_by_tax_code, tax_code)


def _profile(user: Any) -> Citizen | None:
    """`user.citizen` or None, by a statement built once per process and kept on the account as the
    attribute keeps it (every filing asks whether the account is verified)."""
    if not isinstance(user, Model) or user.pk is None:
        return getattr(user, "citizen", None)
    return cast(Citizen | None, statements.reverse_one(user, "citizen"))


def email_verified(user: Any) -> bool:
    profile = _profile(user)
    return bool(user.email and profile is not None and profile.email_verified_at)


def phone_verified(user: Any) -> bool:
    profile = _profile(user)
    return bool(user.phone and profile is not None and profile.phone_verified_at)


def organisations_of(user: Any) -> QuerySet[Organisation]:
    """The organisations this citizen is a member of (and so may file for), by name."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_citizen", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name", "pk")


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("-is_admin", "user__full_name", "pk")


def prefill_for(user: Any, organisation: Organisation | None = None) -> dict[str, str]:
    """The applicant fields an online form starts from: the citizen's own, or the organisation's when the
    citizen files for one (its name, tax code and contacts, the citizen's where it has none).

    Keys: applicant_type, applicant_name, applicant_id_number, applicant_phone, applicant_email,
    applicant_address. Values are strings, empty when unknown. The caller checks membership
    (`permissions.may_file_for`) before passing an organisation.
    """
    profile = getattr(user, "citizen", None)
    own = {
        "applicant_type": str(ApplicantType.CITIZEN),
        "applicant_name": user.full_name or "",
        "applicant_id_number": profile.id_number if profile is not None else "",
        "applicant_phone": user.phone or "",
        "applicant_email": user.email or "",
        "applicant_address": profile.address if profile is not None else "",
    }
    if organisation is None:
        return own
    return {
        "applicant_type": str(ApplicantType.ORGANISATION),
        "applicant_name": organisation.name,
        "applicant_id_number": organisation.tax_code,
        "applicant_phone": organisation.phone or own["applicant_phone"],
        "applicant_email": organisation.email or own["applicant_email"],
        "applicant_address": organisation.address or own["applicant_address"],
    }
