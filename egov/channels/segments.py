"""How many SMS segments a text takes: the one counting function for previews and for sending.

A text made only of GSM 03.38 characters is sent in the 7-bit alphabet (GSM-7): 160 characters in a single
SMS, 153 per segment of a concatenated one (the rest of each segment holds the header that joins them); a
character of the extension table (^ { } \\ [ ] ~ | €) takes two. Any other character — Vietnamese letters
with marks among them — makes the whole text UCS-2: 70 UTF-16 units single, 67 per concatenated segment.
An escape pair or a surrogate pair is never split across two segments, as handsets would show garbage.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7, UCS2 = "GSM-7", "UCS-2"
#: Units per segment: (single message, each segment of a concatenated one).
LIMITS = {GSM7: (160, 153), UCS2: (70, 67)}


@dataclass(frozen=True)
class Segments:
    encoding: str  # GSM7 or UCS2
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int  # 0 for an empty text
    per_segment: int  # the limit that applied: 160/153 or 70/67


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _widths(text: str, encoding: str) -> list[int]:
    if encoding == GSM7:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def count_segments(text: str) -> Segments:
    """The encoding, length in units and number of SMS segments that `text` takes."""
    encoding = GSM7 if is_gsm7(text) else UCS2
    single, concatenated = LIMITS[encoding]
    widths = _widths(text, encoding)
    units = sum(widths)
    if units == 0:
        return Segments(encoding, 0, 0, single)
    if units <= single:
        return Segments(encoding, units, 1, single)
    segments, used = 1, 0
    for width in widths:  # fill each segment without splitting a two-unit character
        if used + width > concatenated:
            segments, used = segments + 1, 0
        used += width
    return Segments(encoding, units, segments, concatenated)


def fits(text: str, max_segments: int) -> bool:
    return count_segments(text).segments <= max_segments


def truncate(text: str, max_segments: int, ellipsis: str = "...") -> str:
    """`text` cut (with `ellipsis`) to at most `max_segments` segments; unchanged when it fits."""
    if fits(text, max_segments):
        return text
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle].rstrip() + ellipsis, max_segments):
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ellipsis
