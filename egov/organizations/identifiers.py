"""The electronic identifier of an agency (mã định danh điện tử), the prefix of every dossier code it
issues (Decree 118/2025 art. 28.2.a refers to the rules on agencies' electronic identifiers).

Decision 20/2020/QĐ-TTg (amended by Decision 09/2025/QĐ-TTg), art. 4, as the Ministry of Information
and Communications summarised it when it was issued (the article's own text was not retrieved; see
docs/legal-notes/forms-and-codes.md §4 and docs/dossiers.md "Codes"): a string of at most 35 characters,
made of the dot, the digits 0-9 and the capital letters A-Z; groups of characters separated by dots, one
group per level, developed from left to right. Its first group is the level-1 body: a group letter
(A party, B president, C national assembly, D court, E procuracy, F state audit, G ministries,
H provincial people's committees, I and J central organisations, K provincial people's councils) and two
digits, e.g. "H99", "H99.03", "H99.03.01".

The four-group form of QCVN 102:2016/BTTTT, level 4 first ("000.03.01.H99"), is what the national
procedure database still appends to its procedure codes and what the one-stop systems of most
provinces use; it is accepted too, so those identifiers keep working.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 35
LEVEL1 = r"[A-K][0-9]{2}"
#: Decision 20/2020/QĐ-TTg art. 4: level 1 first, then one group per level below it.
DECISION_20_2020 = re.compile(rf"{LEVEL1}(\.[0-9A-Z]+)*")
#: QCVN 102:2016/BTTTT: level 4 (3 digits), level 3 (2), level 2 (2), level 1.
QCVN_102_2016 = re.compile(rf"[0-9]{{3}}\.[0-9]{{2}}\.[0-9]{{2}}\.{LEVEL1}")


def normalise(value: str) -> str:
    """What an officer typed, as stored: no surrounding blanks, capital letters."""
    return value.strip().upper()


def is_well_formed(value: str) -> bool:
    return len(value) <= MAX_LENGTH and bool(
        DECISION_20_2020.fullmatch(value) or QCVN_102_2016.fullmatch(value)
    )


def validate_agency_identifier(value: str) -> None:
    """Refuse, with a message in the person's language, an identifier of neither form."""
    if not is_well_formed(value):
        raise ValidationError(
            _(
                "%(value)s is not an electronic identifier of an agency (Decision 20/2020/QĐ-TTg): at most "
                "35 capital letters, digits and dots, in groups separated by dots, the first group being "
                "the level-1 body's letter and two digits, e.g. H99.03.01 (or the four-group form "
                "000.03.01.H99)."
            )
            % {"value": value[:40]},
            code="agency_identifier",
        )
