"""What a citizen logs in with: an email address or a Vietnamese mobile number, told apart and normalised."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from egov.core.validators import normalise_phone

#: A mobile number after the 2018 renumbering: 0, then 3, 5, 7, 8 or 9, then 8 digits. Fixed lines (02x…)
#: cannot receive the SMS code, so they are refused here.
MOBILE_RE = re.compile(r"^0[35789][0-9]{8}$")


@dataclass(frozen=True)
class Identifier:
    kind: str  # "email" or "phone"
    value: str

    @property
    def is_email(self) -> bool:
        return self.kind == "email"


def normalise_email(value: str) -> str:
    """Email addresses compare without case (every mail provider citizens use treats them so)."""
    return (value or "").strip().lower()


def validate_mobile(value: str) -> str:
    number = normalise_phone(value)
    if not MOBILE_RE.match(number):
        raise ValidationError(
            _("Enter a Vietnamese mobile number: 10 digits starting with 03, 05, 07, 08 or 09."),
            code="mobile",
        )
    return number


def validate_email_address(value: str) -> str:
    email = normalise_email(value)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Enter an email address like ten@example.vn."), code="email") from None
    return email


def parse(value: str) -> Identifier:
    """An email address (with an @) or a mobile number, normalised; a ValidationError in Vietnamese."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("Enter your email address or mobile phone number."), code="required")
    if "@" in text:
        return Identifier("email", validate_email_address(text))
    return Identifier("phone", validate_mobile(text))
