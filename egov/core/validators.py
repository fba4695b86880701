"""Validators for the personal ID number (CCCD) and Vietnamese phone numbers.

The 12-digit personal identification number (số định danh cá nhân, printed on
the citizen identity card, CCCD) is built, per Decree 137/2015/NĐ-CP art. 13
and Circular 07/2016/TT-BCA (amended by Circular 59/2021/TT-BCA), from:
  digits 1-3  the code of the province where the birth was registered (annex 1),
  digit 4     sex and century of birth: 0/1 = 20th century male/female,
              2/3 = 21st, 4/5 = 22nd, 6/7 = 23rd, 8/9 = 24th (annex 2),
  digits 5-6  the last two digits of the year of birth,
  digits 7-12 a random sequence.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

#: Annex 1 of Circular 07/2016/TT-BCA: province codes of the place of birth registration (63 provinces).
BIRTH_PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)

CCCD_RE = re.compile(r"^[0-9]{12}$")
# Mobile and fixed numbers after the 2018 renumbering: 0 + 9 digits (mobile) or 0 + 10 digits (fixed, 02x…).
PHONE_RE = re.compile(r"^0[0-9]{9,10}$")


def normalise_cccd(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def birth_year_of(number: str) -> int:
    century_digit = int(number[3])
    return 1900 + (century_digit // 2) * 100 + int(number[4:6])


def validate_cccd(value: str, today: dt.date | None = None) -> None:
    number = normalise_cccd(value)
    if not CCCD_RE.match(number):
        raise ValidationError(_("A personal ID number has exactly 12 digits."), code="cccd_length")
    if number[:3] not in BIRTH_PROVINCE_CODES:
        raise ValidationError(
            _("%(code)s is not the code of a province where births are registered.") % {"code": number[:3]},
            code="cccd_province",
        )
    today = today or timezone.localdate()
    if birth_year_of(number) > today.year:
        raise ValidationError(
            _("Digits 4 to 6 give a year of birth in the future; check the number."), code="cccd_year"
        )


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(normalise_phone(value)):
        raise ValidationError(
            _("Enter a Vietnamese phone number: 10 digits starting with 0 (or 11 for a fixed line)."),
            code="phone",
        )
