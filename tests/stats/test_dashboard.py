"""The leader's dashboard: figures over the leader's subtree, each a link to exactly that many dossiers; the
bottleneck page; the exports; the public page and its open data with the same figures."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from egov.dossiers import demo
from egov.stats import drilldown
from egov.stats.report import COLUMNS

LINK = re.compile(r'<a href="(/bao-cao/ho-so/\?[^"]+)">([\d.,]+)</a>')


@pytest.fixture
def year_of_dossiers(cast, flows):
    return demo.build_demo(cast.province.root, per_flow=2)


def _period_query() -> str:
    today = timezone.localdate()
    return f"?period=year&year={today.year}"


def test_every_figure_links_to_as_many_dossiers(year_of_dossiers, cast, login):
    client = login(cast.auditor)  # the auditor's grant is on the province: the whole tree
    page = client.get(reverse("stats:dashboard") + _period_query())
    assert page.status_code == 200
    links = LINK.findall(page.content.decode())
    assert len(links) > 20
    measures = set()
    for url, figure in links:
        url = unescape(url)
        measures.add(re.search(r"measure=(\w+)", url).group(1))
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert listed.context["page_obj"].paginator.count == int(figure.replace(".", "").replace(",", "")), (
            url
        )
    assert measures >= {"received", "finished", "withdrawn", "waiting"}


def test_the_leader_sees_only_the_subtree(year_of_dossiers, cast, login):
    client = login(cast.leader)  # leader of the Department of Justice
    page = client.get(reverse("stats:dashboard") + _period_query())
    assert page.status_code == 200
    agencies = {row.key for row in page.context["report"].by_agency}
    justice = cast.province.justice
    assert agencies and all(
        a.path.startswith(justice.path) for a in type(justice).objects.filter(pk__in=agencies)
    )
    outside = cast.province.commune_a.pk
    url = reverse("stats:dossiers") + f"?measure=received&start=2020-01-01&end=2030-12-31&at={outside}"
    assert client.get(url).status_code == 404


def test_the_public_page_shows_the_figures_of_the_dashboard(year_of_dossiers, cast, login, client):
    public = client.get(reverse("stats:public") + _period_query())
    assert public.status_code == 200
    body = public.content.decode()
    assert "/bao-cao/ho-so/" not in body  # no links to dossiers
    for staff in cast.all().values():
        assert staff.user.get_full_name() not in body
    data = client.get(reverse("api:stats_figures") + _period_query()).json()
    assert data["licence"] == "CC BY 4.0" and data["last_update"]
    total = next(r for r in data["rows"] if r["kind"] == "total")
    dashboard = login(cast.auditor).get(reverse("stats:dashboard") + _period_query()).context["report"]
    assert [total[name] for name, _l in COLUMNS] == [dashboard.total.value(name) for name, _l in COLUMNS]
    assert total["received"] > 0
    # The CSV starts with a byte order mark for Excel (docs/stats.md): read as utf-8-sig.
    text = client.get(reverse("api:stats_figures") + _period_query() + "&format=csv").content.decode(
        "utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["kind"] == "total" and int(rows[0]["received"]) == total["received"]


def test_exports_open_as_xlsx_and_pdf(year_of_dossiers, cast, login):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = login(cast.auditor)
    xlsx = client.get(reverse("stats:export", args=["xlsx"]) + _period_query())
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    report = client.get(reverse("stats:dashboard") + _period_query()).context["report"]
    assert report.total.value("received") in values
    pdf = client.get(reverse("stats:export", args=["pdf"]) + _period_query())
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert str(report.total.value("received")) in text


def test_the_bottleneck_page_names_steps_and_holders(year_of_dossiers, cast, login):
    page = login(cast.auditor).get(reverse("stats:bottlenecks") + _period_query())
    assert page.status_code == 200
    steps = page.context["steps"]
    assert steps and all(s.count > 0 and s.median is not None for s in steps)
    # Who holds the overdue dossiers adds up to the dashboard's "overdue now" for the same scope.
    holders = page.context["handlers"]
    dashboard = login(cast.auditor).get(reverse("stats:dashboard") + _period_query()).context["report"]
    overdue = dashboard.total.now.counts["overdue"]
    assert overdue and len(holders) < 10 and sum(h.overdue for h in holders) == overdue


def test_a_bad_filter_is_told_in_vietnamese_and_shows_the_month(cast, login, flows):
    page = login(cast.auditor).get(
        reverse("stats:dashboard") + "?period=custom&start=2026-05-01&end=2026-01-01"
    )
    assert page.status_code == 200
    assert "Ngày đầu không được sau ngày cuối." in page.content.decode()
    assert "Số liệu dưới đây là của 30 ngày gần nhất cho đến khi bộ lọc được sửa." in page.content.decode()
    bad = login(cast.auditor).get(reverse("stats:dashboard") + "?period=xyz&year=abc&agency=999999")
    assert bad.status_code == 200


def test_drilldown_knows_every_column():
    assert {name for name, _l in COLUMNS} <= set(drilldown.MEASURES)


def test_the_trend_column_reads_as_a_difference_not_the_language_switch(year_of_dossiers, cast, login):
    """'Change' is also the language switch's button ("Đổi", the project catalogue, which Django ranks above
    the apps'); the trend table's column takes a context so it reads "Tăng/giảm"."""
    page = login(cast.auditor).get(reverse("stats:dashboard") + _period_query()).content.decode()
    assert '<th scope="col">Tăng/giảm</th>' in page and '<th scope="col">Đổi</th>' not in page


def test_a_list_of_a_figure_of_now_says_so_instead_of_the_period(cast, login, flows):
    client = login(cast.auditor)
    base = reverse("stats:dossiers") + "?start=2026-07-01&end=2026-09-30&measure="
    now_list = client.get(base + "overdue").content.decode()
    assert "Các hồ sơ như hiện tại" in now_list and "Từ 01/07/2026 đến 30/09/2026" not in now_list
    period_list = client.get(base + "received").content.decode()
    assert "Từ 01/07/2026 đến 30/09/2026" in period_list and "như hiện tại" not in period_list


def test_the_trend_says_which_change_is_worse_and_which_better():
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    rows = [
        ("received", "Đã tiếp nhận", 20, 10, 100.0),  # more received: neither
        ("late", "Trễ hạn", 6, 3, 100.0),
        ("on_time", "Đúng hạn", 5, 10, -50.0),
        ("early", "Trước hạn", 12, 6, 100.0),
    ]
    period = SimpleNamespace(label="Năm 2026")
    report = SimpleNamespace(trend=rows, period=period, previous=SimpleNamespace(label="Năm 2025"))
    with translation.override("vi"):
        html = render_to_string("stats/_trend.html", {"report": report})
    cells = {
        name: html.split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0] for name, label, *_r in rows
    }
    assert "xấu đi" not in cells["received"] and "tốt lên" not in cells["received"]
    assert "xấu đi" in cells["late"] and "xấu đi" in cells["on_time"] and "tốt lên" in cells["early"]


def test_an_office_row_names_its_parent(cast):
    from egov.stats.report import row_names

    p = cast.province
    names = row_names([p.root, p.justice, p.justice_office, p.commune_a])
    assert names[p.justice_office.pk] == f"{p.justice_office.name}, {p.justice.name}"
    assert names[p.justice.pk] == p.justice.name and names[p.commune_a.pk] == p.commune_a.name
    assert row_names([p.justice_office])[p.justice_office.pk] == p.justice_office.name  # parent not shown
