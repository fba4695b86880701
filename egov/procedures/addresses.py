"""The official two-tier list of provinces and communes (wards, special zones) from 1 July 2025.

Data from the `vietnam-provinces` package (General Statistics Office codes,
Resolution 202/2025/QH15 and the Standing Committee's resolutions on the
2025 rearrangement). Codes are shown zero-padded: 2 digits for a province,
5 for a commune, as in the official list.

A deployment whose own province is not in that list (the demo's fictional "Hòa Bình Xanh", code 99, or a
province before the package knows its new communes) still offers its own province and communes: they are
read from the agency tree (the province agency and its commune agencies with their `admin_unit_code`), put
first, and win over the package for the same code.
"""

from __future__ import annotations

from functools import cache

from egov.core.text import fold


@cache
def _official_provinces() -> tuple[tuple[str, str], ...]:
    from vietnam_provinces import Province

    rows = [(f"{int(p.code):02d}", p.name) for p in Province.iter_all()]
    return tuple(sorted(rows, key=lambda row: fold(row[1])))


def _unit_name(agency_name: str) -> str:
    """ "Ủy ban nhân dân xã An Bình" → "Xã An Bình": the unit's name as the official list writes it."""
    name = agency_name.removeprefix("Ủy ban nhân dân").removeprefix("UBND").strip()
    return name[:1].upper() + name[1:]


def _own() -> tuple[tuple[str, str] | None, tuple[tuple[str, str], ...]]:
    """The deployment's province from its agency tree and its communes, or (None, ()): kept per process
    under the catalogue's version token, which every agency change replaces (egov.procedures
    .catalogue_version), since every address of every form asks it, several times (its lists, its names)."""
    from egov.procedures import catalogue_version

    return catalogue_version.kept(("addresses", "own"), _read_own)


def _read_own() -> tuple[tuple[str, str] | None, tuple[tuple[str, str], ...]]:
    from egov.organizations.models import Agency
    from egov.organizations.roles import AgencyKind

    root = (
        Agency.objects.filter(kind=AgencyKind.PROVINCE, is_active=True)
        .exclude(admin_unit_code="")
        .order_by("depth", "path")
        .values("path", "name", "admin_unit_code")
        .first()
    )
    if root is None:
        return None, ()
    communes = (
        Agency.objects.filter(kind=AgencyKind.COMMUNE, is_active=True, path__startswith=root["path"])
        .exclude(admin_unit_code="")
        .values_list("admin_unit_code", "name")
    )
    rows = sorted(((code, _unit_name(name)) for code, name in communes), key=lambda row: fold(row[1]))
    return (root["admin_unit_code"], _unit_name(root["name"])), tuple(rows)


def provinces() -> tuple[tuple[str, str], ...]:
    own, _communes = _own()
    official = _official_provinces()
    if own is None:
        return official
    return (own, *[row for row in official if row[0] != own[0]])


@cache
def _wards() -> dict[str, tuple[tuple[str, str], ...]]:
    from vietnam_provinces import Ward

    grouped: dict[str, list[tuple[str, str]]] = {}
    for ward in Ward.iter_all():
        grouped.setdefault(f"{int(ward.province_code):02d}", []).append((f"{int(ward.code):05d}", ward.name))
    return {code: tuple(sorted(rows, key=lambda row: fold(row[1]))) for code, rows in grouped.items()}


def wards(province_code: str) -> tuple[tuple[str, str], ...]:
    own, communes = _own()
    if own is not None and own[0] == province_code and communes:
        return communes
    return _wards().get(province_code, ())


def province_name(code: str) -> str | None:
    return dict(provinces()).get(code)


def ward_name(province_code: str, ward_code: str) -> str | None:
    return dict(wards(province_code)).get(ward_code)
