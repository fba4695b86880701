"""The search page, its exports and saved searches: who may use them, odd input never answers 500, and a
refusal changes nothing (Decree 30/2020 Appendix VI, Part I, III.6.e: save and reuse a search)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov.core.models import AuditEntry
from egov.documents.models import SavedSearch
from tests.documents.conftest import received

pytestmark = pytest.mark.django_db
URL = reverse("documents:search")

PAGE = {
    "clerk": 200,
    "leader": 200,
    "specialist": 200,
    "outsider": 200,
    "desk_officer": 403,
    "anonymous": 302,
}


def _client(client, login, office, cast, who):
    if who == "anonymous":
        return client
    return login(cast.desk_officer if who == "desk_officer" else getattr(office, who))


@pytest.mark.parametrize("who", PAGE)
def test_search_page_access(client, login, office, cast, who):
    received(office, summary="Giấy mời dự hội nghị")
    c = _client(client, login, office, cast, who)
    response = c.get(URL, {"q": "hoi nghi"})
    assert response.status_code == PAGE[who]
    if who in ("clerk", "leader"):
        assert "Giấy mời dự hội nghị" in response.content.decode()
    if who in ("specialist", "outsider"):
        assert "Giấy mời dự hội nghị" not in response.content.decode()


@pytest.mark.parametrize("who", PAGE)
def test_export_access(client, login, office, cast, who):
    received(office, summary="Giấy mời dự hội nghị")
    c = _client(client, login, office, cast, who)
    response = c.get(reverse("documents:search_export", args=["csv"]), {"q": "hoi nghi"})
    assert response.status_code == PAGE[who]
    if response.status_code == 200:
        text = response.content.decode("utf-8-sig")
        assert ("Giấy mời dự hội nghị" in text) == (who in ("clerk", "leader"))


ODD = [
    '"',
    '"unterminated',
    "đất AND đai OR NOT x",
    "NEAR(a b)",
    "a* OR b*",
    "{meta}: x",
    "col:word",
    "^start",
    "a' OR '1'='1",
    "%_%",
    "\\",
    "x" * 20000,
    "đăng " * 3000,
    "😀 ༺ ⁂",
    "1565/QĐ-UBND" * 50,
    "",
]


@pytest.mark.parametrize("typed", ODD)
def test_odd_input_never_answers_500(client, login, office, typed):
    received(office)
    c = login(office.clerk)
    for params in ({"q": typed}, {"number": typed}, {"issuer": typed, "signer": typed, "summary": typed}):
        assert c.get(URL, params).status_code == 200
    assert (
        c.get(URL, {"date_from": typed, "register": typed, "status": typed, "page": typed}).status_code == 200
    )


def test_wrong_values_get_vietnamese_messages(client, login, office):
    c = login(office.clerk)
    page = c.get(URL, {"date_from": "2026-05-01", "date_to": "2026-04-01"}).content.decode()
    assert "Ngày đầu sau ngày cuối." in page
    page = c.get(URL, {"q": "!!!"}).content.decode()
    assert "Hãy gõ ít nhất một từ hoặc một số" in page


def test_saved_search_is_kept_reused_and_only_its_owner_deletes_it(client, login, office):
    received(office, summary="Kế hoạch chuyển đổi số")
    c = login(office.clerk)
    response = c.post(
        reverse("documents:search_save") + "?q=chuyen+doi+so&doc_type=CV", {"name": "Chuyển đổi số"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=office.clerk.user)
    assert saved.query == "q=chuyen+doi+so&doc_type=CV"
    assert AuditEntry.objects.filter(action="documents.search_saved").count() == 1
    page = c.get(URL).content.decode()
    assert "Chuyển đổi số" in page and "?q=chuyen+doi+so&amp;doc_type=CV" in page
    # Saved again under the same name: replaced, not duplicated.
    c.post(reverse("documents:search_save") + "?q=so+hoa", {"name": "Chuyển đổi số"})
    assert list(SavedSearch.objects.values_list("query", flat=True)) == ["q=so+hoa"]
    # Another person cannot delete it.
    other = login(office.leader)
    assert other.post(reverse("documents:search_delete", args=[saved.pk])).status_code == 403
    assert SavedSearch.objects.count() == 1
    c = login(office.clerk)
    assert c.post(reverse("documents:search_delete", args=[saved.pk])).status_code == 302
    assert SavedSearch.objects.count() == 0


def test_an_empty_search_is_not_saved(client, login, office):
    c = login(office.clerk)
    c.post(reverse("documents:search_save"), {"name": "Trống"})
    c.post(reverse("documents:search_save") + "?q=x", {"name": ""})
    assert SavedSearch.objects.count() == 0


def test_exports_hold_the_results_in_order(client, login, office):
    first = received(office, summary='=HYPERLINK("http://x") chuyển đổi số', number_symbol="7/UBND")
    second = received(office, summary="Chuyển đổi số trong trường học", number_symbol="8/UBND")
    c = login(office.clerk)
    response = c.get(reverse("documents:search_export", args=["xlsx"]), {"q": "chuyen doi so"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][1] == "Số, ký hiệu"
    assert {values[1][1], values[2][1]} == {first.number_symbol, second.number_symbol}
    formulas = [row[4] for row in values[1:] if row[4].startswith("'=")]
    assert formulas == ['\'=HYPERLINK("http://x") chuyển đổi số']
    response = c.get(reverse("documents:search_export", args=["csv"]), {"q": "chuyen doi so"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3 and rows[0][4] == "Trích yếu"
    assert c.get(reverse("documents:search_export", args=["pdf"]), {"q": "x"}).status_code == 404
