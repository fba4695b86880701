"""The official two-tier list of provinces and communes (wards, special zones) from 1 July 2025.

Data from the `vietnam-provinces` package (General Statistics Office codes,
Resolution 202/2025/QH15 and the Standing Committee's resolutions on the
2025 rearrangement). Codes are shown zero-padded: 2 digits for a province,
5 for a commune, as in the official list.
"""

from __future__ import annotations

from functools import cache

from egov.core.text import fold


@cache
def provinces() -> tuple[tuple[str, str], ...]:
    from vietnam_provinces import Province

    rows = [(f"{int(p.code):02d}", p.name) for p in Province.iter_all()]
    return tuple(sorted(rows, key=lambda row: fold(row[1])))


@cache
def _wards() -> dict[str, tuple[tuple[str, str], ...]]:
    from vietnam_provinces import Ward

    grouped: dict[str, list[tuple[str, str]]] = {}
    for ward in Ward.iter_all():
        grouped.setdefault(f"{int(ward.province_code):02d}", []).append((f"{int(ward.code):05d}", ward.name))
    return {code: tuple(sorted(rows, key=lambda row: fold(row[1]))) for code, rows in grouped.items()}


def wards(province_code: str) -> tuple[tuple[str, str], ...]:
    return _wards().get(province_code, ())


def province_name(code: str) -> str | None:
    return dict(provinces()).get(code)


def ward_name(province_code: str, ward_code: str) -> str | None:
    return dict(wards(province_code)).get(ward_code)
