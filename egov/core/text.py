"""Vietnamese text folding, one function for every index and every query.

"Đăng ký đất đai", "dang ky dat dai" and "ĐĂNG KÝ ĐẤT ĐAI" all fold to
"dang ky dat dai". đ/Đ are mapped by hand: Unicode decomposition leaves them
alone, and SQLite FTS5's remove_diacritics does too (docs/performance.md).

`fold` is the plain folding (also used for user names, slugs and spreadsheet
headers, which must not change). Search goes one step further, through
`search_words`: the i/y spelling variants are made equal and punctuation
separates words. What is stored (`search_key`) and what is asked
(`words_condition`, `matches`) are built from the same words, so a search
box can only match whole words of the stored text (docs/procedures.md,
"Search").
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from django.db.models import Q

# Ð/ð (U+00D0/U+00F0, the Icelandic eth) look like Đ/đ and old keyboards and fonts type them instead.
_D = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[0-9a-z]+")
# "1.001234": a dot between digits joins them, so a code is one word ("1001234") typed with or without dots.
_DOT_IN_NUMBER = re.compile(r"(?<=[0-9])\.(?=[0-9])")
# A query made only of digits, dots and spaces is one number: "1 001 234" and "1.001234" are "1001234".
_NUMBER_QUERY = re.compile(r"^[0-9][0-9.\s]*$")
# The i/y spelling variants. Vietnamese writes a syllable whose only vowel is i after a consonant with
# either letter: "ký/kí", "lý/lí", "kỹ/kĩ", "mỹ/mĩ", "sỹ/sĩ", "tỷ/tỉ", "hy/hi", "công ty/công ti", and after
# "qu" as well ("quy định/qui định", "quý/quí"); dictionaries and official texts use both. Only that case
# is a variant. "y" alone or first in a syllable ("y tế", "ý kiến", "yên") has no "i" spelling; after a
# vowel it makes another word ("tay/tai", "tuy/tui", "thủy/thủi", "khuy/khui", "ây/âi"); inside a syllable
# it is part of "uyê" ("quyết", "khuyên"), which has no i spelling either. So: a word made of consonants
# (or "qu") followed by a final y ends in i.
_Y_AFTER_CONSONANT = re.compile(r"^(?:[bcdghklmnprstvx]+|qu)y$")
# What separates the parts of a stored key (name | code | field): no word contains it, so a phrase
# typed by a user never runs from the end of one part into the next.
_PART = " | "
#: The longest query read, in characters: the longest procedure name (Procedure.name holds 500).
QUERY_LIMIT = 500


def fold(text: str) -> str:
    """Lower-case, strip marks (đ→d included) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACE.sub(" ", stripped).strip().lower()


def _spelling(word: str) -> str:
    return word[:-1] + "i" if _Y_AFTER_CONSONANT.match(word) else word


def search_words(text: str) -> list[str]:
    """The words search compares: folded, i/y variants made equal, split on anything but a-z and 0-9.

    Punctuation, symbols and emoji are separators, never words: "%", "_" or "*" alone has no word.
    """
    return [_spelling(w) for w in _WORD.findall(_DOT_IN_NUMBER.sub("", fold(text)))]


def query_words(text: str) -> list[str]:
    """The words of a typed query; a query of only digits, dots and spaces is one number (a code).

    Only the first QUERY_LIMIT characters count (a whole procedure name pasted still matches), so a
    query sent straight to the API cannot ask for thousands of conditions.
    """
    folded = fold(text[:QUERY_LIMIT])
    if _NUMBER_QUERY.match(folded):
        return [re.sub(r"[.\s]", "", folded)]
    return search_words(folded)


def search_key(*parts: str) -> str:
    """The stored form of one or more texts: " word word | word word ", each part's words between spaces.

    Stored in a `*_folded` or `search_text` column and matched by `words_condition`.
    """
    return " " + _PART.join(" ".join(search_words(p)) for p in parts) + " "


def _alternatives(words: list[str]) -> list[list[str]]:
    """What a key must contain: for each word, one of its substrings (an AND of ORs).

    Every word is matched whole (" tu " is not inside " tuc "). The last word may also be the
    beginning of a word, since the user may still be typing it: alone ("sin" finds "sinh"), or
    right after the word typed before it ("khai sin" finds "khai sinh"). "khai tu" thus finds
    "khai tử" and not "thủ tục … khai sinh", where "tu" only begins the word "tục" far from "khai".
    """
    if not words:
        return []
    *whole, last = words
    required = [[f" {w} "] for w in whole]
    if whole:
        required.append([f" {last} ", f" {whole[-1]} {last}"])
    else:
        required.append([f" {last}"])
    return required


def words_condition(column: str, text: str) -> Q | None:
    """The filter on a `search_key` column for a typed query; None when the query has no word at all.

    A query of punctuation, symbols or spaces has no word: the caller answers it with nothing, never
    with everything.
    """
    alternatives = _alternatives(query_words(text))
    if not alternatives:
        return None
    condition = Q()
    for options in alternatives:
        either = Q()
        for option in options:
            either |= Q(**{f"{column}__contains": option})
        condition &= either
    return condition


def matches(text: str, query: str) -> bool:
    """`words_condition` for a text held in memory (short lists such as agencies and fields)."""
    alternatives = _alternatives(query_words(query))
    key = search_key(text)
    return bool(alternatives) and all(any(o in key for o in options) for options in alternatives)


def code_matches(code: str, query: str) -> bool:
    """A code (agency identifier, field code) contains what was typed, or matches it word by word with
    or without its dots ("000.00.31", "0000031"); punctuation alone matches no code."""
    if not query_words(query):
        return False
    return query.strip().lower() in code.lower() or matches(code, query)


def loads_json(raw: str | bytes) -> Any:
    """`json.loads`, refusing (ValueError) a document with a lone surrogate ("\\ud800"): JSON's escapes can
    name one, Python takes it into a string, and no UTF-8 text can hold it, so the first statement or file
    that carried it would fail (a 500) instead of a 400 here. Form posts cannot carry one: their bytes are
    decoded as UTF-8 with replacement."""
    found = json.loads(raw)
    json.dumps(found, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError is a ValueError
    return found
