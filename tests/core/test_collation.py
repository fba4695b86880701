"""Vietnamese dictionary order (egov.core.collation): the CLDR `vi` tailoring, letter by letter."""

from __future__ import annotations

import pytest

from egov.core.collation import vietnamese_key


def ordered(*words: str) -> list[str]:
    return sorted(words, key=vietnamese_key)


def test_d_with_stroke_comes_after_every_d():
    assert ordered("Đăng ký khai sinh", "Dừng kinh doanh", "Di chúc", "Cấp bản sao") == [
        "Cấp bản sao",
        "Di chúc",
        "Dừng kinh doanh",
        "Đăng ký khai sinh",
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("az", "ăn"),  # ă is a letter after a, not an accented a
        ("ăn", "ân"),
        ("ez", "ê"),
        ("oz", "ô"),
        ("ôz", "ơ"),
        ("uz", "ư"),
        ("dz", "đa"),
        ("ưz", "v"),
    ],
)
def test_the_seven_vietnamese_letters_have_their_own_place(before, after):
    assert ordered(after, before) == [before, after]


def test_tones_in_dictionary_order_none_huyen_hoi_nga_sac_nang():
    assert ordered("mạ", "má", "mã", "mả", "mà", "ma") == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letters_decide_before_tones():
    # "mà" sorts before "mạ" by tone, but "mạc" vs "man": the letters c < n decide first.
    assert ordered("man", "mạc") == ["mạc", "man"]


def test_composed_and_decomposed_text_sort_alike():
    import unicodedata

    word = "Chứng thực"
    assert vietnamese_key(unicodedata.normalize("NFD", word)) == vietnamese_key(word)


def test_case_only_breaks_ties():
    assert ordered("Đăng", "đăng", "đang") == ["đang", "đăng", "Đăng"]


def test_shorter_word_first_and_spaces_collapse():
    assert ordered("Đăng ký thường trú", "Đăng ký", "Đăng  ký tạm trú") == [
        "Đăng ký",
        "Đăng  ký tạm trú",
        "Đăng ký thường trú",
    ]
