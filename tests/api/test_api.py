"""The JSON API: OpenAPI described, scoped like the screens, public catalogue identical to the portal."""

import pytest

from egov.procedures import selectors


def test_openapi_lists_the_endpoints(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "egov API"
    assert {
        "/api/v1/me",
        "/api/v1/agencies",
        "/api/v1/agencies/{agency_id}",
        "/api/v1/procedures",
        "/api/v1/procedures/{code}",
    } <= set(spec["paths"])


def test_docs_page_uses_no_cdn(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html


def test_staff_endpoints_need_a_session(client, db):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/agencies").status_code == 401


def test_me(cast, login):
    data = login(cast.leader).get("/api/v1/me").json()
    assert data["username"] == "lanhdao.stp"
    assert data["agency"]["code"] == "000.00.01.H99"
    assert data["roles"] == [
        {"role": "leader", "agency_id": cast.province.justice.pk, "agency_name": "Sở Tư pháp"}
    ]


def test_agencies_are_scoped(cast, login):
    client = login(cast.justice_admin)
    data = client.get("/api/v1/agencies").json()
    assert data["count"] == 2
    assert {a["name"] for a in data["items"]} == {"Sở Tư pháp", "Phòng Hành chính tư pháp"}
    assert client.get(f"/api/v1/agencies/{cast.province.commune_a.pk}").status_code == 404
    assert client.get(f"/api/v1/agencies/{cast.province.justice_office.pk}").json()["depth"] == 2


def test_agency_search_folds_marks(cast, login):
    client = login(cast.province_admin)
    names = {a["name"] for a in client.get("/api/v1/agencies", {"q": "bac son"}).json()["items"]}
    assert names == {"UBND phường Bắc Sơn"}


@pytest.fixture
def catalogue(db):
    from egov.procedures.demo import load_demo_catalogue

    load_demo_catalogue()


def test_procedure_search_matches_the_portal_with_and_without_marks(client, catalogue):
    marked = client.get("/api/v1/procedures", {"q": "đăng ký khai sinh", "limit": 50}).json()
    plain = client.get("/api/v1/procedures", {"q": "dang ky khai sinh", "limit": 50}).json()
    assert marked == plain and marked["count"] >= 3
    portal = [p.code for p in selectors.search(selectors.Query(text="dang ky khai sinh"))]
    assert [p["code"] for p in plain["items"]] == portal


def test_procedure_detail(client, catalogue):
    data = client.get("/api/v1/procedures/1.001193").json()
    assert data["name"] == "Thủ tục đăng ký khai sinh"
    assert data["documents"] and data["field"]["code"] == "HT"
    assert client.get("/api/v1/procedures/0.000000").status_code == 404
