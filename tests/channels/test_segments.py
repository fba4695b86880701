"""SMS segments: GSM-7 160/153, UCS-2 70/67, two-unit characters never split (egov.channels.segments)."""

from __future__ import annotations

import pytest

from egov.channels.segments import GSM7, UCS2, count_segments, truncate


@pytest.mark.parametrize(
    ("text", "encoding", "units", "parts"),
    [
        ("", GSM7, 0, 0),
        ("a" * 160, GSM7, 160, 1),
        ("a" * 161, GSM7, 161, 2),
        ("a" * 306, GSM7, 306, 2),  # 2 × 153
        ("a" * 307, GSM7, 307, 3),
        ("Ho so da duoc tiep nhan", GSM7, 23, 1),
        ("ê" * 70, UCS2, 70, 1),  # a Vietnamese mark makes the whole text UCS-2
        ("ê" * 71, UCS2, 71, 2),
        ("ê" * 134, UCS2, 134, 2),  # 2 × 67
        ("ê" * 135, UCS2, 135, 3),
        ("a" * 159 + "ơ", UCS2, 160, 3),  # one marked letter: 160 units of UCS-2
        ("{" * 80, GSM7, 160, 1),  # extension characters take two septets each
        ("€" + "a" * 159, GSM7, 161, 2),
    ],
)
def test_segments_follow_the_gsm_and_ucs2_limits(text, encoding, units, parts):
    counted = count_segments(text)
    assert (counted.encoding, counted.units, counted.segments) == (encoding, units, parts)


def test_an_escape_pair_is_not_split_across_segments():
    # 152 plain septets then "{" (2 septets): it cannot start in the first segment's last septet.
    assert count_segments("a" * 152 + "{" + "a" * 152).segments == 3
    assert count_segments("a" * 151 + "{" + "a" * 153).segments == 2


def test_a_surrogate_pair_is_not_split_in_ucs2():
    assert count_segments("ê" * 66 + "😀" + "ê" * 67).segments == 3  # 66 + 2 would straddle the boundary
    assert count_segments("ê" * 65 + "😀" + "ê" * 67).segments == 2


def test_truncate_cuts_to_the_limit_with_an_ellipsis():
    text = "Hồ sơ " * 40
    cut = truncate(text, 1)
    assert cut.endswith("...") and count_segments(cut).segments == 1
    assert len(cut) >= 65  # it keeps as much as fits, not a little
    assert truncate("ngắn", 1) == "ngắn"
