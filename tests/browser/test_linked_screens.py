"""The linked groups' screens in a real Chromium (issue 10 item 7): the public page of the demo's birth
group at phone and desktop widths, and an officer's page of a part that waits for the birth
registration's result. Screenshots go to var/screenshots/linked-*.png. Skipped without Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401
from tests.dossiers.conftest import flows  # noqa: F401
from tests.dossiers.test_bundles import dossier, file_group, linked  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1280])
def test_public_page_of_the_birth_group(chromium, live_server, transactional_db, width):  # noqa: F811
    from egov.procedures.demo import load_demo_catalogue

    load_demo_catalogue()
    context = chromium.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto("/thu-tuc/lien-thong/")
    page.click("text=khai sinh, đăng ký thường trú")
    rows = page.locator("ol.group-parts > li")
    expect(rows).to_have_count(4)
    assert "Cấp thẻ căn cước" in rows.nth(3).inner_text() and "nếu bạn chọn" in rows.nth(3).inner_text()
    assert "3 ngày làm việc" in page.inner_text("dl.facts >> nth=0")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"linked-group-{width}.png"), full_page=True)
    context.close()


def test_officer_sees_the_waiting_part_and_its_bundle(as_staff, cast, linked):  # noqa: F811
    group, desk_b = linked
    bundle = file_group(cast, group, parts=(1, 2, 3))
    page = as_staff(desk_b)
    page.goto(f"/ho-so/{dossier(bundle, 2).pk}/")
    section = page.inner_text("#bundle")
    assert bundle.reference in section and dossier(bundle, 1).code in section
    assert page.locator("#bundle-held").is_visible()
    expect(page.locator("#action-accept")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "linked-officer-waiting-part.png"), full_page=True)
