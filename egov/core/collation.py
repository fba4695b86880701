"""Vietnamese alphabetical order, as Vietnamese dictionaries order words.

`vietnamese_key` is a sort key that follows the Vietnamese tailoring of the Unicode Collation Algorithm
(CLDR `vi`): the letters are a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f, j, w, z in
their Latin places), so "Đăng ký" comes after every word in "D" and "Ăn" after every word in "A"; the
tone marks only break ties between words with the same letters, in the order no mark, huyền (`), hỏi
(?), ngã (~), sắc (´), nặng (.); lower case before upper case last of all.

Why our own key and not a library: PyICU has no wheel on PyPI (it compiles against libicu-dev with a C++
compiler on every machine and in CI), pyuca applies the untailored Unicode order in which ă, â, ê, ô, ơ
and ư are only accents on a, e, o and u, and str.casefold/fold() drop the marks altogether. The
Vietnamese tailoring is seven letters and the order of five tone marks, small enough to write down here
and test word by word (tests/core/test_collation.py).
"""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
#: The marks that make a letter of its own (breve, circumflex, horn).
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
#: The tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (none is 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Primary groups: spaces and punctuation, then digits, then letters of the alphabet, then anything else.
_PUNCT, _DIGIT, _LETTER, _OTHER = range(4)

Key = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def _units(text: str) -> list[tuple[str, int, bool]]:
    """The text as (base letter or character, tone, upper case) per letter, marks folded in."""
    units: list[tuple[str, int, bool]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and units:
            base, tone, upper = units[-1]
            if (base, ch) in _LETTER_MARKS:
                units[-1] = (_LETTER_MARKS[(base, ch)], tone, upper)
            elif ch in _TONES:
                units[-1] = (base, _TONES[ch], upper)
            continue  # any other mark is ignored, as the tailoring does not order it
        lower = ch.lower()
        units.append((lower, 0, lower != ch))
    return units


def _primary(ch: str) -> tuple[int, int]:
    if ch in _RANK:
        return (_LETTER, _RANK[ch])
    if ch.isdigit():
        return (_DIGIT, unicodedata.digit(ch, 0))
    if ch.isalpha():
        return (_OTHER, ord(ch))
    return (_PUNCT, 0 if ch.isspace() else ord(ch))


def vietnamese_key(text: str) -> Key:
    """A key for `sorted(..., key=vietnamese_key)`: letters first, then tones, then case, word by word."""
    units = _units(" ".join(text.split()))
    return (
        tuple(_primary(base) for base, _, _ in units),
        tuple(tone for _, tone, _ in units),
        tuple(int(upper) for _, _, upper in units),
    )
