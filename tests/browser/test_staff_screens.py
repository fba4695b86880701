"""The staff shell on a phone and on a wide screen, in Debian's Chromium: the menu never hides an entry off
screen (a bar that wraps at 1280 px, a <details> list at 360 px, no JavaScript), and label/value lists put
the label above its value at 360 px. Screenshots in var/screenshots/ (staff-home-*.png, staff-menu-360.png,
documents-*-1280.png)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401


def _outside(page, selector: str, width: int) -> list[str]:
    """The texts of the elements that end beyond the window's width or are not shown at all."""
    return page.eval_on_selector_all(
        selector,
        f"""els => els.filter(e => {{ const r = e.getBoundingClientRect();
            return r.width === 0 || r.right > {width} + 0.5; }}).map(e => e.textContent.trim())""",
    )


def test_the_menu_shows_every_entry_at_both_widths(cast, as_staff):  # noqa: F811
    """The auditor has the longest menu (twelve entries)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = as_staff(cast.auditor)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    entries = page.locator(".menu-bar a").count()
    assert entries >= 8
    assert _outside(page, ".menu-bar a", 1280) == []
    expect(page.locator(".menu-fold")).to_be_hidden()
    page.screenshot(path=str(SCREENSHOTS / "staff-home-1280.png"), full_page=True)

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/")
    expect(page.locator(".menu-bar")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(".menu-fold summary").click()  # <details> opens without any script
    assert page.locator(".menu-fold a").count() == entries
    assert _outside(page, ".menu-fold a", 360) == []
    page.screenshot(path=str(SCREENSHOTS / "staff-menu-360.png"), full_page=True)


def test_a_label_sits_above_its_value_on_a_phone(cast, as_staff):  # noqa: F811
    page = as_staff(cast.clerk)
    for width, stacked in ((360, True), (1280, False)):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/")
        dt = page.locator("dl.facts dt").first.bounding_box()
        dd = page.locator("dl.facts dd").first.bounding_box()
        assert dt and dd
        if stacked:
            assert dd["y"] >= dt["y"] + dt["height"] - 1 and abs(dd["x"] - dt["x"]) < 2
        else:
            assert abs(dd["y"] - dt["y"]) < 4 and dd["x"] > dt["x"] + dt["width"]
        page.screenshot(path=str(SCREENSHOTS / f"staff-home-clerk-{width}.png"), full_page=True)


def _boxes(page, selector: str) -> list[dict]:
    return [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]


def test_the_document_forms_line_up_at_1280_px(cast, as_staff):  # noqa: F811
    """The search form's fields in columns whose boxes share a line; the list's filter boxes end on a line."""
    page = as_staff(cast.clerk)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/van-ban/tim-kiem/")
    boxes = _boxes(page, ".search-form .field input, .search-form .field select")
    assert len({round(b["x"]) for b in boxes}) >= 3  # columns, not one narrow column
    rows: dict[int, list[float]] = {}
    for b in boxes:
        rows.setdefault(round(b["x"]), []).append(b["y"] + b["height"])
    first_row = [bottoms[0] for bottoms in rows.values()]
    assert max(first_row) - min(first_row) < 2, first_row
    page.screenshot(path=str(SCREENSHOTS / "documents-search-1280.png"), full_page=True)
    page.goto("/van-ban/")
    controls = _boxes(page, ".doc-filters input[type=search], .doc-filters select, .doc-filters button")
    bottoms = [b["y"] + b["height"] for b in controls]
    assert len(controls) == 4 and max(bottoms) - min(bottoms) < 2, bottoms
    page.screenshot(path=str(SCREENSHOTS / "documents-list-1280.png"), full_page=True)
