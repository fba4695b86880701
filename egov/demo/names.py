"""Deterministic Vietnamese full names and the usernames folded from them.

A name is họ (surname) + tên đệm (middle name) + tên (given name); middle and
given names depend on gender ("Thị" is a woman's middle name, "Văn" a man's).

Determinism: only `random.Random.random()` is used, seeded with a string. The
Python documentation guarantees that this method keeps producing the same
sequence for the same seed across versions (module `random`, "Notes on
Reproducibility"); `choice`, `choices` and friends carry no such promise, so
picking is done here by hand.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from egov.core.text import fold

T = TypeVar("T")

#: The most common surnames with their approximate share of the population, in per mille.
#: Source: Lê Trung Hoa's survey as summarised in Wikipedia, "Vietnamese name" (Nguyễn ≈ 38 %,
#: Trần ≈ 11 %, Lê ≈ 9.5 %, Phạm ≈ 7.1 %, Hoàng/Huỳnh ≈ 5.1 %, Phan ≈ 4.5 %, Vũ/Võ ≈ 3.9 %,
#: Đặng ≈ 2.1 %, Bùi ≈ 2 %, Đỗ ≈ 1.4 %, Hồ ≈ 1.3 %, Ngô ≈ 1.3 %, Dương ≈ 1 %, Lý ≈ 0.5 %).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 71),
    ("Hoàng", 31),
    ("Huỳnh", 20),
    ("Phan", 45),
    ("Vũ", 22),
    ("Võ", 17),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 5),
    ("Trịnh", 4),
    ("Lương", 4),
    ("Mai", 4),
    ("Tạ", 3),
    ("Cao", 3),
    ("Lâm", 3),
    ("Hà", 3),
)

MIDDLE = {
    "male": ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Quốc", "Xuân", "Đình", "Trọng", "Duy"),
    "female": ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Thùy", "Phương", "Hồng", "Kim", "Bích", "Minh"),
}

GIVEN = {
    "male": (
        "An", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hoàng",
        "Hùng", "Huy", "Khang", "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong",
        "Phúc", "Quang", "Quân", "Sơn", "Tài", "Thành", "Thắng", "Thịnh", "Toàn", "Trung", "Tuấn",
        "Tùng", "Việt", "Vinh", "Vũ", "Hưng",
    ),
    "female": (
        "Anh", "Châu", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng",
        "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung",
        "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Trinh", "Uyên", "Vân",
        "Vy", "Xuân", "Yến",
    ),
}  # fmt: skip

_SURNAME_NAMES = tuple(name for name, _ in SURNAMES)
_SURNAME_CUMULATIVE = tuple(itertools.accumulate(weight for _, weight in SURNAMES))


@dataclass(frozen=True)
class PersonName:
    surname: str
    middle: str
    given: str
    gender: str

    @property
    def full(self) -> str:
        return f"{self.surname} {self.middle} {self.given}"

    @property
    def login_stem(self) -> str:
        """The usual Vietnamese account stem: given name + initials of the others ("annv")."""
        return fold(self.given).replace(" ", "") + fold(self.surname)[0] + fold(self.middle)[0]


class NameGenerator:
    """Draws names from one seeded stream; the same seed gives the same names in the same order."""

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(seed)

    def _pick(self, items: Sequence[T]) -> T:
        return items[int(self._rng.random() * len(items))]

    def person(self, gender: str | None = None) -> PersonName:
        if gender is None:
            gender = "female" if self._rng.random() < 0.5 else "male"
        point = self._rng.random() * _SURNAME_CUMULATIVE[-1]
        surname = _SURNAME_NAMES[bisect.bisect_right(_SURNAME_CUMULATIVE, point)]
        return PersonName(surname, self._pick(MIDDLE[gender]), self._pick(GIVEN[gender]), gender)


class UsernameBook:
    """Hands out unique usernames: the first "annv.stp", then "annv2.stp", "annv3.stp"…"""

    def __init__(self, reserved: Sequence[str] = ()) -> None:
        self._taken = set(reserved)

    def take(self, stem: str, suffix: str) -> str:
        for number in itertools.count(1):
            candidate = f"{stem}{number if number > 1 else ''}.{suffix}"
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate
        raise AssertionError("unreachable")
