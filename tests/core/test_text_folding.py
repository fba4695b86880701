"""The search folding (egov.core.text): which spellings are one word, which stay apart, and what is no word.

No rule of law is involved: the i/y variants are a matter of Vietnamese spelling (see the comment on
`_Y_AFTER_CONSONANT` in egov/core/text.py).
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.core.text import fold, matches, query_words, search_key, search_words


@pytest.mark.parametrize(
    "y, i",
    [
        ("đăng ký", "đăng kí"),
        ("lý lịch", "lí lịch"),
        ("kỹ thuật", "kĩ thuật"),
        ("Hoa Kỳ", "Hoa Kì"),
        ("mỹ thuật", "mĩ thuật"),
        ("bác sỹ", "bác sĩ"),
        ("tỷ lệ", "tỉ lệ"),
        ("hy sinh", "hi sinh"),
        ("công ty", "công ti"),
        ("quy định", "qui định"),
        ("quý khách", "quí khách"),
    ],
)
def test_y_and_i_after_a_consonant_are_one_spelling(y: str, i: str) -> None:
    assert search_words(y) == search_words(i)
    assert query_words(y) == query_words(i)
    assert search_key(y) == search_key(i)


@pytest.mark.parametrize(
    "one, other",
    [
        ("y tế", "i tế"),  # y alone is the syllable: no i spelling
        ("ý kiến", "í kiến"),
        ("tay", "tai"),  # after a vowel, y makes another word
        ("tuy", "tui"),
        ("thủy", "thủi"),
        ("khuy", "khui"),
        ("mây", "mâi"),
        ("quyết", "quiết"),  # "uyê" has no i spelling
        ("yên", "iên"),
    ],
)
def test_y_that_is_not_a_spelling_variant_stays_y(one: str, other: str) -> None:
    assert search_words(one) != search_words(other)


def test_tone_mark_placement_and_unicode_forms_fold_alike() -> None:
    assert search_words("hoà thuỷ") == search_words("hòa thủy") == ["hoa", "thuy"]
    nfd = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    assert search_words(nfd) == search_words("Đăng ký khai sinh") == ["dang", "ki", "khai", "sinh"]


def test_eth_typed_for_d_with_stroke_folds_to_d() -> None:
    assert fold("ÐĂNG KÝ ðất đai") == fold("ĐĂNG KÝ đất đai") == "dang ky dat dai"


def test_plain_fold_keeps_y_for_user_names_and_slugs() -> None:
    """Only search merges i and y: user names and slugs folded from names do not change."""
    assert fold("Lý Thị Mỹ") == "ly thi my"


@pytest.mark.parametrize("text", ["%", "_", ".", "-", "*", '"', "'", " ", "", "😀", "%_*", "…", "\t\n"])
def test_punctuation_symbols_and_spaces_are_no_word(text: str) -> None:
    assert search_words(text) == []
    assert query_words(text) == []
    assert not matches("Thủ tục đăng ký khai sinh", text)


@pytest.mark.parametrize("typed", ["1001234", "1.001234", "1 001234", " 1.001 234 ", "1.001.234"])
def test_a_code_is_one_word_with_or_without_dots_and_spaces(typed: str) -> None:
    assert query_words(typed) == ["1001234"]
    assert search_key("1.001234") == " 1001234 "


def test_words_match_whole_and_the_last_may_be_still_typed() -> None:
    assert matches("Thủ tục đăng ký khai tử", "khai tu")
    assert not matches("Thủ tục đăng ký khai sinh", "khai tu")  # "tu" only begins "tục", far from "khai"
    assert matches("Thủ tục đăng ký khai sinh", "khai sin")  # still typing "sinh", right after "khai"
    assert matches("Thủ tục đăng ký khai sinh", "sin")  # alone, a beginning is enough
    assert not matches("Thủ tục đăng ký khai sinh", "inh")  # never inside a word
    assert not matches("Thủ tục đăng ký khai sinh", "ai sinh")


def test_a_phrase_does_not_run_from_one_part_of_a_key_into_the_next() -> None:
    key = search_key("Đăng ký khai", "Sinh hoạt")
    assert " khai sinh" not in key and " khai " in key and " sinh " in key


@given(st.text(max_size=40))
def test_words_are_stable_and_plain(text: str) -> None:
    words = search_words(text)
    assert all(w.isascii() and w.isalnum() and w == w.lower() for w in words)
    assert search_words(" ".join(words)) == words  # folding what is folded changes nothing


def test_a_query_reads_at_most_the_length_of_the_longest_name() -> None:
    assert len(query_words("khai " * 10_000)) == 100  # 500 characters
