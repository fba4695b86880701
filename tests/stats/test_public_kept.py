"""The public statistics' reports kept a short while per worker (egov.stats.kept): the same filter in the
same language is counted once per EGOV_STATS_PUBLIC_KEEP seconds, by the page, its Excel file and the open
data alike; another filter, another language or an older report is counted again; what is the visitor's own
(a signed-in citizen's name) is never kept. docs/stats.md, "The public page under load"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from egov.stats import kept, report
from egov.stats.views import public as public_views
from tests.factories import make_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch, cast, flows):
    """How many reports were counted (report.build called)."""
    made: list[int] = []
    real = report.build

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "build", counting)
    return made


def _year(year: int | None = None) -> dict[str, str]:
    return {"period": "year", "year": str(year or timezone.localdate().year)}


def test_the_same_filter_is_counted_once_for_the_page_its_excel_and_its_open_data(
    builds, client, settings, monkeypatch
):
    settings.EGOV_STATS_PUBLIC_KEEP = 60
    written: list[int] = []
    real_table = public_views.table
    monkeypatch.setattr(public_views, "table", lambda *a, **k: written.append(1) or real_table(*a, **k))
    pages = [client.get(reverse("stats:public"), _year()) for _ in range(3)]
    assert all(page.status_code == 200 for page in pages)
    figures = {page.content.decode().split("<h1>")[1].split("<h2>")[0] for page in pages}
    assert len(figures) == 1  # (the rest of a page differs: each answer has its own CSRF token)
    assert len(written) == 3  # the three tables written once, for the first visitor
    assert client.get(reverse("stats:public_xlsx"), _year()).status_code == 200
    answer = client.get(reverse("api:stats_figures"), _year())
    assert answer.status_code == 200
    assert answer.json()["period"]
    assert len(builds) == 1


def test_another_filter_or_language_is_counted_for_itself(builds, client, settings):
    settings.EGOV_STATS_PUBLIC_KEEP = 60
    client.get(reverse("stats:public"), _year())
    client.get(reverse("stats:public"), _year(timezone.localdate().year - 1))
    client.get(reverse("stats:public"))  # the last 30 days
    assert len(builds) == 3
    with translation.override("en"):
        kept.report(("some filter",), lambda: report.Report.__new__(report.Report))
        kept.report(("some filter",), lambda: pytest.fail("kept for English"))
    with translation.override("vi"):
        made = []
        kept.report(("some filter",), lambda: made.append(1) or report.Report.__new__(report.Report))
    assert made == [1]


def test_a_report_older_than_the_setting_is_counted_again(builds, client, settings, monkeypatch):
    settings.EGOV_STATS_PUBLIC_KEEP = 60
    clock = [1000.0]
    monkeypatch.setattr(kept.time, "monotonic", lambda: clock[0])
    client.get(reverse("stats:public"), _year())
    clock[0] += 59
    client.get(reverse("stats:public"), _year())
    assert len(builds) == 1
    clock[0] += 2
    client.get(reverse("stats:public"), _year())
    assert len(builds) == 2


def test_zero_keeps_nothing(builds, client, settings):
    settings.EGOV_STATS_PUBLIC_KEEP = 0
    client.get(reverse("stats:public"), _year())
    client.get(reverse("stats:public"), _year())
    assert len(builds) == 2


def test_no_more_than_max_kept_reports_are_held(settings, monkeypatch):
    settings.EGOV_STATS_PUBLIC_KEEP = 60
    monkeypatch.setattr(kept, "MAX_KEPT", 3)
    for n in range(5):
        kept.report((n,), lambda: report.Report.__new__(report.Report))
    assert len(kept._kept) == 3
    made = []
    kept.report((0,), lambda: made.append(1) or report.Report.__new__(report.Report))  # the oldest went
    assert made == [1]


def test_the_page_says_how_fresh_its_figures_are(builds, client, settings):
    settings.EGOV_STATS_PUBLIC_KEEP = 60
    page = client.get(reverse("stats:public"), _year()).content.decode()
    assert "tối đa 60 giây một lần" in page
    settings.EGOV_STATS_PUBLIC_KEEP = 0
    assert "giây một lần" not in client.get(reverse("stats:public"), _year()).content.decode()


def test_a_signed_in_visitor_s_own_part_of_the_page_is_not_kept(builds, settings):
    settings.EGOV_STATS_PUBLIC_KEEP = 60
    citizen = make_citizen("kept.visitor", full_name="Lê Thị Riêng Tư")
    signed_in = Client()
    signed_in.force_login(citizen)
    assert "Lê Thị Riêng Tư" in signed_in.get(reverse("stats:public"), _year()).content.decode()
    anonymous = Client().get(reverse("stats:public"), _year()).content.decode()
    assert "Lê Thị Riêng Tư" not in anonymous
    assert len(builds) == 1


def test_an_agency_closed_leaves_the_public_page_at_once(cast, flows, settings) -> None:
    """The active agencies are kept per process under the catalogue's token: closing one replaces it."""
    settings.EGOV_STATS_PUBLIC_KEEP = 60
    commune = cast.province.commune_a
    option = f'<option value="{commune.pk}">'
    assert option in Client().get(reverse("stats:public")).content.decode()
    commune.is_active = False
    commune.save()
    assert option not in Client().get(reverse("stats:public")).content.decode()
