"""The public search's answers kept per process under the catalogue's token (egov.procedures.search_kept):
a search asked again runs no query but the token's, shows what the ORM's search finds, page by page, and
follows at once every change that can alter it — a procedure published, unpublished or renamed, its field
renamed, its agencies changed — made here (its save replaces the token) or by another process (its token)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix

from egov.procedures import catalogue_version, selectors
from egov.procedures.models import CatalogueVersion, Procedure
from egov.procedures.services import catalogue as services
from tests.factories import SYSTEM
from tests.procedures.conftest import build_procedure

pytestmark = pytest.mark.django_db


def shown(client, **params) -> list[str]:
    """The codes of the procedures a search page lists, in its order (each page a request of its own)."""
    catalogue_version.request_finished()
    page = client.get(reverse("procedures:index"), params).content.decode()
    return re.findall(r'<span class="code">([^<]+)</span>', page)


def orm(query: selectors.Query, page: int = 1) -> list[str]:
    codes = list(selectors.search(query).values_list("code", flat=True))
    return codes[(page - 1) * 20 : page * 20]


@pytest.fixture
def shelf(catalogue, cast):
    """Twenty-five published procedures with "hộ tịch" in their names: two pages of results."""
    for n in range(25):
        build_procedure(
            SYSTEM,
            catalogue.civil,
            [cast.province.commune_a],
            code=f"2.{n:06d}",
            name=f"Thủ tục hộ tịch số {n}",
        )
    return catalogue


def test_the_same_as_the_orm_page_by_page_and_asked_again_without_a_query(shelf, client):
    query = selectors.Query(text="ho tich")
    for page in (1, 2):
        assert shown(client, q="ho tich", page=page) == orm(query, page)
    catalogue_version.request_finished()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("procedures:index"), {"q": "ho tich", "page": 2})
    assert re.findall(r'<span class="code">([^<]+)</span>', again.content.decode()) == orm(query, 2)
    # The catalogue's token only (the facets come from the cache): neither the count nor the page.
    assert [q["sql"] for q in queries.captured_queries if "procedures_procedure" in q["sql"]] == []
    assert len(queries.captured_queries) == 1
    # The count, from the kept ids: the 25 and the birth registration, whose field is "Hộ tịch".
    assert "Tìm thấy 26 thủ tục" in again.content.decode()
    assert selectors.search(query).count() == 26


def test_filters_are_part_of_the_key(shelf, client, cast):
    assert shown(client, q="ho tich", agency=cast.province.commune_b.pk) == ["1.001193"]
    assert len(shown(client, q="ho tich", agency=cast.province.commune_a.pk)) == 20
    assert shown(client, q="ho tich", field="DD") == []


def test_a_procedure_published_unpublished_or_renamed_is_seen_at_once(shelf, client, cast):
    assert "2.000003" in shown(client, q="so 3")
    services.set_status(SYSTEM, Procedure.objects.get(code="2.000003"), "unpublished")
    assert "2.000003" not in shown(client, q="so 3")
    services.set_status(SYSTEM, Procedure.objects.get(code="2.000003"), "published")
    assert "2.000003" in shown(client, q="so 3")
    added = build_procedure(
        SYSTEM, shelf.civil, [cast.province.commune_a], code="2.999999", name="Thủ tục hộ tịch mới nhất"
    )
    assert "2.999999" in shown(client, q="moi nhat")
    renamed = replace(services.ProcedureData.of(added), name="Thủ tục chứng thực bản sao")
    services.update_procedure(SYSTEM, added, renamed)
    assert shown(client, q="moi nhat") == []
    assert shown(client, q="chung thuc ban sao") == ["2.999999"]


def test_a_procedure_s_agencies_changed_are_seen_at_once(shelf, client, cast):
    assert "2.000005" not in shown(client, q="so 5", agency=cast.province.commune_b.pk)
    procedure = Procedure.objects.get(code="2.000005")
    services.update_procedure(SYSTEM, procedure, agencies=[cast.province.commune_b])
    assert shown(client, q="so 5", agency=cast.province.commune_b.pk) == ["2.000005"]


def test_a_renamed_field_shows_in_the_items(shelf, client):
    first = client.get(reverse("procedures:index"), {"q": "ho tich"}).content.decode()
    assert "Hộ tịch ·" in first
    services.save_field(SYSTEM, shelf.civil, code="HT", name="Hộ tịch và quốc tịch", sort_order=1)
    catalogue_version.request_finished()
    again = client.get(reverse("procedures:index"), {"q": "ho tich"}).content.decode()
    assert "Hộ tịch và quốc tịch ·" in again


def test_another_process_s_change_by_its_token(shelf, client):
    assert "2.000004" in shown(client, q="so 4")
    # Another process unpublished it: its rows and its new token, and no signal here.
    Procedure.objects.filter(code="2.000004").update(status="unpublished")
    assert "2.000004" in shown(client, q="so 4")  # the token unchanged: the kept answer stands
    CatalogueVersion.objects.filter(pk=1).update(token="another-process")
    assert "2.000004" not in shown(client, q="so 4")


def test_a_field_saved_without_its_procedures_replaces_the_token(shelf, client, cast):
    # With no words the found procedures are ordered by their field's place first: a field moved before
    # another moves its procedures, though none of them is saved.
    build_procedure(
        SYSTEM, shelf.land, [cast.province.commune_a], code="3.000001", name="Đăng ký biến động đất đai"
    )
    commune = cast.province.commune_a.pk
    assert shown(client, agency=commune, page=2)[-1] == "3.000001"  # "Đất đai" (2) after "Hộ tịch" (1)
    shelf.land.sort_order = 0
    shelf.land.save()
    assert shown(client, agency=commune)[0] == "3.000001"


def test_items_are_kept_per_language_and_per_script_prefix(shelf, client):
    def item(**extra):
        catalogue_version.request_finished()
        page = client.get("/thu-tuc/", {"q": "so 7"}, **extra).content.decode()
        found = page.split('<ul class="proc-list">', 1)[1]
        return re.search(r'<li><a href="([^"]+)">.*?<div class="muted">([^<]+)</div>', found, re.S).groups()

    vietnamese = item()
    english = item(HTTP_COOKIE="django_language=en")
    assert vietnamese[0] == english[0] == reverse("procedures:detail", args=["2.000007"])
    assert "Trực tuyến một phần" in vietnamese[1] and "Partly online" in english[1]
    set_script_prefix("/egov/")  # as the WSGI handler sets it from SCRIPT_NAME (the test client does not)
    try:
        assert item()[0] == "/egov/thu-tuc/2.000007/" == reverse("procedures:detail", args=["2.000007"])
    finally:
        set_script_prefix("/")
    assert item() == vietnamese


def test_a_page_keeps_all_its_items_when_the_table_is_dropped_past_its_bound(shelf, client, monkeypatch):
    from egov.procedures import search_kept

    first = shown(client, q="so 1")  # "số 1" and "số 10"…"số 19": eleven items kept
    monkeypatch.setattr(search_kept._items, "limit", len(first))  # the next item written drops them all
    assert shown(client, q="ho tich") == orm(selectors.Query(text="ho tich"))
