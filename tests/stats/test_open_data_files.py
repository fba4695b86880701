"""The open data as files people open: the JSON in readable UTF-8, the CSV with the field names the API
documents, a UTF-8 byte order mark for Excel and a file name with both dates, as the xlsx's."""

from __future__ import annotations

import codecs
import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.stats.report import COLUMNS

pytestmark = pytest.mark.django_db


def _query() -> str:
    return f"?period=year&year={timezone.localdate().year}"


def test_the_json_is_utf8_not_escapes(cast, client):
    answer = client.get(reverse("api:stats_figures") + _query())
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    body = answer.content.decode("utf-8")
    assert "\\u" not in body
    assert '"name": "Tổng cộng"' in body
    data = json.loads(body)
    assert data["rows"][0]["name"] == "Tổng cộng"
    assert data["columns"] == [name for name, _label in COLUMNS]
    assert set(data) == {"licence", "licence_url", "last_update", "period", "start", "end", "columns", "rows"}


def test_the_csv_keeps_its_field_names_and_opens_in_excel(cast, client):
    answer = client.get(reverse("api:stats_figures") + _query() + "&format=csv")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    # The byte order mark: Excel reads the file as UTF-8 (without it, as the Windows code page).
    assert answer.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert list(rows[0]) == ["kind", "id", "name", *[name for name, _label in COLUMNS]]
    assert rows[0]["kind"] == "total" and rows[0]["name"] == "Tổng cộng"


def test_the_csv_is_named_with_both_dates_as_the_xlsx(cast, client):
    year = timezone.localdate().year
    answer = client.get(reverse("api:stats_figures") + _query() + "&format=csv")
    assert answer["Content-Disposition"] == f'attachment; filename="thong-ke-{year}0101-{year}1231.csv"'
    xlsx = client.get(reverse("stats:public_xlsx") + _query())
    assert xlsx["Content-Disposition"].replace(".xlsx", ".csv") == answer["Content-Disposition"]


def test_the_openapi_document_tells_the_csv(client):
    spec = client.get("/api/v1/openapi.json").json()
    description = spec["paths"]["/api/v1/stats/figures"]["get"]["description"]
    assert "byte order mark" in description and "format=csv" in description
