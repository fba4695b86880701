"""The address picker offers the deployment's own province and its communes, read from the agency tree, even
when the official list (vietnam-provinces) does not hold it: the demo's "Hòa Bình Xanh" (code 99)."""

from __future__ import annotations

from typing import Any

from egov.procedures import addresses
from egov.procedures.formfields import AddressField


def test_the_deployments_province_comes_first_with_its_communes(cast: Any) -> None:
    assert addresses.provinces()[0] == ("99", "Tỉnh Hòa Bình Xanh")
    assert ("99001", "Xã An Bình") in addresses.wards("99")
    assert addresses.ward_name("99", "99002") == "Phường Bắc Sơn"
    # The official list is still there.
    assert len(addresses.provinces()) > 30


def test_an_address_in_the_own_province_is_accepted(cast: Any) -> None:
    field = AddressField()
    value = field.clean(["99", "99001", "Thôn 3"])
    assert value["province_name"] == "Tỉnh Hòa Bình Xanh" and value["ward_name"] == "Xã An Bình"


def test_the_communes_page_answers_for_the_own_province(client: Any, cast: Any) -> None:
    wards = client.get("/thu-tuc/dia-gioi/99/").json()["wards"]
    assert ["99001", "Xã An Bình"] in wards


def test_without_an_agency_tree_only_the_official_list_is_offered(db: Any) -> None:
    assert "99" not in dict(addresses.provinces())


def test_a_commune_renamed_or_closed_is_offered_so_at_once(cast: Any) -> None:
    from egov.procedures import catalogue_version

    # Inside a request (Django's own signal would also close the test's connection): kept for the request,
    # and the change is seen all the same.
    catalogue_version.request_started()
    try:
        assert addresses.ward_name("99", "99001") == "Xã An Bình"
        commune = cast.province.commune_a
        commune.name = "Ủy ban nhân dân xã An Bình Mới"
        commune.save()
        assert addresses.ward_name("99", "99001") == "Xã An Bình Mới"
        commune.is_active = False
        commune.save()
        assert "99001" not in dict(addresses.wards("99"))
    finally:
        catalogue_version.request_finished()
