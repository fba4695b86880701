"""The agency and staff lists' search boxes fold as every search box does (egov.core.text, issue 9 item 11):
marks optional, i/y variants equal, whole words, codes with or without dots, punctuation finds nothing.
No rule of law is involved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.organizations.models import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def agency_names(client, q: str) -> set[str]:
    page = client.get(reverse("organizations:agency_list"), {"q": q})
    assert page.status_code == 200
    return {a.name for a in page.context["rows"]}


def api_agency_names(client, q: str) -> set[str]:
    answer = client.get("/api/v1/agencies", {"q": q, "limit": 100})
    assert answer.status_code == 200
    return {a["name"] for a in answer.json()["items"]}


def staff_names(client, q: str) -> set[str]:
    page = client.get(reverse("organizations:staff_list"), {"q": q})
    assert page.status_code == 200
    return {s.user.full_name for s in page.context["page_obj"]}


@pytest.mark.parametrize("lister", [agency_names, api_agency_names])
def test_agency_search_words_and_codes(cast, login, lister) -> None:
    client = login(cast.province_admin)
    assert lister(client, "hoa binh xanh") == lister(client, "Hòa Bình Xanh") == {"UBND tỉnh Hòa Bình Xanh"}
    assert lister(client, "an binh") == {"UBND xã An Bình"}  # not "Hòa Bình Xanh": "an" is no word of it
    assert lister(client, "000.00.31") == lister(client, "0000031") == {"UBND xã An Bình"}
    assert lister(client, "tu phap") == {"Sở Tư pháp", "Phòng Hành chính tư pháp"}


@pytest.mark.parametrize("lister", [agency_names, api_agency_names, staff_names])
@pytest.mark.parametrize("q", ["%", "_", ".", "-", "*", '"', "😀"])
def test_punctuation_lists_nobody(cast, login, lister, q: str) -> None:
    assert lister(login(cast.province_admin), q) == set()


def test_staff_search_by_name_variants_username_and_email(cast, login) -> None:
    make_staff("ly.thimy", cast.province.justice, (Role.SPECIALIST,), "Lý Thị Mỹ", email="my.ly@example.vn")
    client = login(cast.province_admin)
    assert staff_names(client, "Lí Thị Mĩ") == staff_names(client, "ly thi my") == {"Lý Thị Mỹ"}
    assert staff_names(client, "thi") >= {"Lý Thị Mỹ", "Trần Thị Quản"}
    assert staff_names(client, "hoang") == {"Hoàng Quốc Việt"}
    assert staff_names(client, "oang") == set()  # never inside a word of a name
    assert staff_names(client, "ly.thimy") == staff_names(client, "my.ly@") == {"Lý Thị Mỹ"}
