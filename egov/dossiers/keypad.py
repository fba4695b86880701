"""The numeric form of a dossier code, for a telephone keypad (docs/lookup.md, "By telephone").

A dossier code holds letters and dots (Decree 118/2025 art. 28), which a keypad cannot type. The slip
therefore also prints the dossier's keypad number: its row number followed by one Luhn check digit, so a
mistyped or swapped digit is refused before any look-up. It says no more than the code itself: the code
alone gives the bare status only, on every channel.

A linked filing's reference ("LT-…") has its keypad number too: "0", then the bundle's row number and its
Luhn check digit. No dossier's number starts with 0, so the two never meet.
"""

from __future__ import annotations

from egov.dossiers.bundle_models import DossierBundle
from egov.dossiers.models import Dossier

MAX_DIGITS = 19


def _luhn_digit(digits: str) -> str:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2 == 0:  # every second digit from the right, counting the check digit to come as the first
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return str((10 - total % 10) % 10)


def keypad_number(pk: int) -> str:
    """ "1234" → "12344": the dossier's row number and its Luhn check digit."""
    digits = str(pk)
    return digits + _luhn_digit(digits)


def bundle_number(pk: int) -> str:
    """ "123" → "01230": a linked filing's keypad number."""
    return "0" + keypad_number(pk)


def code_for(typed: str) -> str | None:
    """The dossier code (or the submission reference, before acceptance) a keypad number stands for, or a
    linked filing's reference for a number starting with 0; None when the digits are malformed, fail the
    check digit or name nothing. Anything but digits (spaces a voice browser puts between key presses,
    '#') is ignored."""
    digits = "".join(c for c in typed if c.isascii() and c.isdigit())
    if digits.startswith("0"):
        return _bundle_reference(digits[1:])
    if not 2 <= len(digits) <= MAX_DIGITS or _luhn_digit(digits[:-1]) != digits[-1]:
        return None
    row = Dossier.objects.filter(pk=int(digits[:-1])).values_list("code", "submission_ref").first()
    if row is None:
        return None
    return row[0] or row[1] or None


def _bundle_reference(digits: str) -> str | None:
    """The reference of the linked filing a keypad number (after its leading 0) stands for, or None."""
    if not 2 <= len(digits) <= MAX_DIGITS - 1 or digits[0] == "0" or _luhn_digit(digits[:-1]) != digits[-1]:
        return None
    return DossierBundle.objects.filter(pk=int(digits[:-1])).values_list("reference", flat=True).first()
