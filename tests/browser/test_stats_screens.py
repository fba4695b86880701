"""The leader's dashboard and the public statistics page in Debian's Chromium, at 360 and 1280 px, with the
chart drawn and every table present. Screenshots in var/screenshots/ (stats-dashboard-*.png,
stats-public-*.png, stats-bottlenecks-1280.png)."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401
from tests.dossiers.conftest import flows  # noqa: F401


def _auditor_on_a_demo_year(cast, as_staff):  # noqa: F811
    """The demo's dossiers built, the screenshots' folder made: the auditor's page and this year's filter."""
    from egov.dossiers import demo

    demo.build_demo(cast.province.root, per_flow=2)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return as_staff(cast.auditor), f"?period=year&year={timezone.localdate().year}"


def test_the_dashboard_and_the_public_page_at_two_widths(cast, flows, as_staff):  # noqa: F811
    page, query = _auditor_on_a_demo_year(cast, as_staff)
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


# What a box shows of each chart's text and bars: every <text> and bar ends inside the drawing, and the
# drawing inside its box (which does not scroll). Returns the faults found.
CHART_FAULTS = """() => {
  const svg = document.querySelector("svg.chart"), box = svg.parentElement;
  const edge = svg.getBoundingClientRect(), faults = [];
  if (box.scrollWidth > box.clientWidth + 1) faults.push(`box scrolls: ${box.scrollWidth}`);
  if (edge.right > box.getBoundingClientRect().right + 1) faults.push("drawing wider than its box");
  for (const el of svg.querySelectorAll(":scope > text, :scope > rect")) {
    const r = el.getBoundingClientRect(), what = el.textContent || "bar";
    if (r.right > edge.right + 0.5 || r.left < edge.left - 0.5) faults.push(`cut: ${what}`);
  }
  return faults;
}"""

# The first table with row names whose box scrolls: its caption inside the visible box, the names a readable
# width, and a shadow on the side where columns are hidden.
TABLE_FACTS = """() => {
  const wrap = [...document.querySelectorAll(".table-wrap")].find(
    w => w.querySelector("tbody th[scope=row]") && w.scrollWidth > w.clientWidth);
  if (!wrap) return null;
  const box = wrap.getBoundingClientRect(), cap = wrap.querySelector("caption").getBoundingClientRect();
  return {
    captionInside: cap.left >= box.left - 1 && cap.right <= box.right + 1,
    nameWidth: wrap.querySelector("tbody th[scope=row]").getBoundingClientRect().width,
    shadow: getComputedStyle(wrap).backgroundImage.includes("radial-gradient"),
  };
}"""


def test_the_chart_fits_its_box_and_the_tables_show_they_scroll_on_a_phone(cast, flows, as_staff):  # noqa: F811
    page, query = _auditor_on_a_demo_year(cast, as_staff)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in [
            ("dashboard", "/bao-cao/" + query),
            ("counter", "/bao-cao/" + query + "&view=counter"),
            ("public", "/thong-ke/" + query),
        ]:
            page.goto(url)
            expect(page.locator("svg.chart")).to_be_visible()
            assert page.evaluate(CHART_FAULTS) == [], (name, width)
            if width == 390:
                page.locator("figure").first.screenshot(path=str(SCREENSHOTS / f"stats-chart-{name}-390.png"))
                facts = page.evaluate(TABLE_FACTS)
                assert facts is not None, name  # the per-agency table is wider than a phone
                assert facts["captionInside"], name
                assert facts["nameWidth"] >= 150, name  # not one word per line
                assert facts["shadow"], name
