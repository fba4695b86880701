"""Who sees what in the citizen's own space: the one place egov.portal decides access.

A citizen account follows the dossiers it owns and those of the organisations it is a member of
(`egov.dossiers.permissions.applicant_accounts_q`, which the dossier moves' `applicant` predicate uses too).
Every other dossier does not exist for it: the pages answer 404, never 403, so a guessed number reveals
nothing. Staff accounts never reach these pages (`egov.citizens.access.citizen_required`: 403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from egov.core.validators import normalise_cccd
from egov.dossiers.models import Dossier
from egov.dossiers.permissions import applicant_accounts_q


def my_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers `user` follows as the applicant (none for a staff account or a visitor)."""
    return Dossier.objects.filter(applicant_accounts_q(user))


def proven_id_number(user: Any) -> str:
    """The account's personal ID number when an e-identity provider proved it (VNeID or another OpenID
    Connect provider: `Citizen.identity_provider`), else "". A number the person only typed in the profile
    proves nothing: it must never bring someone else's counter dossiers into this account."""
    profile = getattr(user, "citizen", None) if getattr(user, "is_citizen", False) else None
    if profile is None or not profile.identity_provider or not profile.id_number:
        return ""
    return normalise_cccd(str(profile.id_number))  # as dossiers store it (intake.clean_id_number)
