"""The leader's dashboard and the public statistics page in Debian's Chromium, at 360 and 1280 px, with the
chart drawn and every table present. Screenshots in var/screenshots/ (stats-dashboard-*.png,
stats-public-*.png, stats-bottlenecks-1280.png)."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401
from tests.dossiers.conftest import flows  # noqa: F401


def test_the_dashboard_and_the_public_page_at_two_widths(cast, flows, as_staff):  # noqa: F811
    from egov.dossiers import demo

    demo.build_demo(cast.province.root, per_flow=2)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    query = f"?period=year&year={timezone.localdate().year}"
    page = as_staff(cast.auditor)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/bao-cao/" + query)
        expect(page.locator("svg.chart")).to_be_visible()
        expect(page.locator("table")).to_have_count(5)
        page.screenshot(path=str(SCREENSHOTS / f"stats-dashboard-{width}.png"), full_page=True)
        page.goto("/thong-ke/" + query)
        expect(page.locator("svg.chart")).to_have_count(1)
        page.screenshot(path=str(SCREENSHOTS / f"stats-public-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/bao-cao/diem-nghen/" + query)
    page.screenshot(path=str(SCREENSHOTS / "stats-bottlenecks-1280.png"), full_page=True)
    page.goto("/bao-cao/" + query)
    page.locator("table a").first.click()
    expect(page.locator("h1")).to_contain_text("(")
