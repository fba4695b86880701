"""The rating link printed for an applicant who has no account: a signed token that stands for the dossier.

The token is the signature of the dossier's id under this module's own salt, so no other token of egov passes
as one, and nobody can make one for another dossier. It works once: a dossier has one rating.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

TOKEN_SALT = "egov.feedback.rating"


def token_for(dossier_pk: int) -> str:
    return signing.Signer(salt=TOKEN_SALT).sign(str(dossier_pk)).rsplit(":", 1)[1]


def token_matches(dossier_pk: int, token: str) -> bool:
    try:
        signing.Signer(salt=TOKEN_SALT).unsign(f"{dossier_pk}:{token}")
    except signing.BadSignature:
        return False
    return True


def rating_link(dossier_pk: int) -> str:
    """The public address where the applicant rates the dossier (to print as a link or a QR code)."""
    path = reverse("feedback:rate_by_link", args=[dossier_pk, token_for(dossier_pk)])
    return f"{settings.EGOV_PUBLIC_URL}{path}"
