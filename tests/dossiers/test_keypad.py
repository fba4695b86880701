"""The keypad number of a dossier (its row number and a Luhn check digit) leads back to its code, and a
mistyped or swapped digit is refused before any look-up."""

from __future__ import annotations

import pytest

from egov.dossiers import keypad
from tests.dossiers.conftest import receive


def test_known_luhn_example():
    assert keypad.keypad_number(7992739871) == "79927398713"


def test_the_number_leads_to_the_code(cast, flows):
    d = receive(cast, flows.simple)
    number = keypad.keypad_number(d.pk)
    assert keypad.code_for(number) == d.code
    assert keypad.code_for(" ".join(number) + "#") == d.code  # as a voice browser sends the keys


@pytest.mark.parametrize("pk", [1, 7, 12, 345, 6789, 10_203])
def test_every_single_digit_error_and_adjacent_swap_is_refused(pk):
    good = keypad.keypad_number(pk)
    typos = {
        good[:i] + str((int(good[i]) + k) % 10) + good[i + 1 :]
        for i in range(len(good))
        for k in range(1, 10)
    }
    swaps = {good[:i] + good[i + 1] + good[i] + good[i + 2 :] for i in range(len(good) - 1)} - {good}
    # "09" ↔ "90" is the one adjacent swap Luhn cannot see.
    swaps = {s for s in swaps if not any(s[i : i + 2] in ("09", "90") for i in range(len(s) - 1))}
    checked = {t for t in typos | swaps if t[0] != "0"}
    assert not [t for t in checked if keypad._luhn_digit(t[:-1]) == t[-1]]


@pytest.mark.parametrize("typed", ["", "5", "0" * 5, "9" * 25, "abc", "12a"])
def test_malformed_numbers_find_nothing(db, typed):
    assert keypad.code_for(typed) is None
