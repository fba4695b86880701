"""How many SMS segments a text takes: GSM-7 when every character is in the GSM 03.38 alphabet, else UCS-2.

One segment holds 160 GSM-7 characters or 70 UCS-2 characters; a longer text is cut into concatenated
segments of 153 or 67 (the rest of each segment carries the concatenation header). Vietnamese with its
marks is almost always UCS-2.
"""

from __future__ import annotations

from dataclasses import dataclass

# GSM 03.38 basic alphabet; the extension characters take two septets (an escape, then the character).
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Count:
    encoding: str  # "gsm7" or "ucs2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def count(text: str) -> Count:
    """The encoding a text needs and how many segments it takes (0 for an empty text)."""
    if all(c in _GSM_BASIC or c in _GSM_EXTENDED for c in text):
        units = sum(2 if c in _GSM_EXTENDED else 1 for c in text)
        single, part, encoding = 160, 153, "gsm7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "ucs2"
    if units == 0:
        return Count(encoding, 0, 0)
    segments = 1 if units <= single else -(-units // part)
    return Count(encoding, units, segments)
