"""The official list of administrative units (two tiers since 1 July 2025).

Data comes from the `vietnam-provinces` package, which follows the General
Statistics Office's list after Resolution 202/2025/QH15 (34 provinces) and the
Standing Committee's resolutions on communes and wards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, Ward

PROVINCE_CODE_RE = re.compile(r"^\d{2}$")
COMMUNE_CODE_RE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    division: str  # "tỉnh", "thành phố trung ương", "xã", "phường", "đặc khu"
    province_code: str


@cache
def provinces() -> dict[str, Unit]:
    return {
        f"{p.code.value:02d}": Unit(
            f"{p.code.value:02d}", p.name, str(p.division_type.value), f"{p.code.value:02d}"
        )
        for p in Province.iter_all()
    }


@cache
def communes() -> dict[str, Unit]:
    return {
        f"{w.code.value:05d}": Unit(
            f"{w.code.value:05d}", w.name, str(w.division_type.value), f"{w.province_code.value:02d}"
        )
        for w in Ward.iter_all()
    }


def communes_of(province_code: str) -> list[Unit]:
    return sorted((u for u in communes().values() if u.province_code == province_code), key=lambda u: u.code)


def lookup(code: str) -> Unit | None:
    """The official unit with this code: 2 digits for a province, 5 for a commune or ward."""
    if PROVINCE_CODE_RE.match(code):
        return provinces().get(code)
    if COMMUNE_CODE_RE.match(code):
        return communes().get(code)
    return None
