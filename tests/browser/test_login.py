"""A person signs in with a real browser and lands on the home page of their agency."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from egov.organizations.models import AgencyKind, Role
from tests.factories import make_agency, make_staff

pytestmark = pytest.mark.browser


def test_desk_officer_signs_in_and_sees_her_agency(browser_page, screenshot):
    province = make_agency("UBND tỉnh Hòa Bình Xanh", AgencyKind.PROVINCE, code="000.00.00.H99")
    commune = make_agency(
        "UBND xã An Bình", AgencyKind.COMMUNE, province, code="000.00.31.H99", has_counter=True
    )
    make_staff("demo.motcua", commune, (Role.DESK_OFFICER,), "Phạm Thu Hà", password="egov-demo-2026")
    page = browser_page

    page.goto("/")
    # A visitor at the site's address gets the public services, the officials' sign-in last.
    screenshot("front-page-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot("front-page-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Cán bộ, công chức: đăng nhập").click()
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "demo.motcua")
    page.fill("input[name=password]", "egov-demo-2026")
    page.click("main button[type=submit]")  # the header has a language button too

    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    main = page.locator("main")
    assert "Phạm Thu Hà" in main.locator("h1").inner_text()
    assert "UBND xã An Bình" in main.inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"
    shot = screenshot("login-desk-officer-home")
    assert shot.stat().st_size > 5_000


def test_wrong_password_keeps_the_visitor_out(browser_page):
    province = make_agency("UBND tỉnh Hòa Bình Xanh", AgencyKind.PROVINCE, code="000.00.00.H99")
    make_staff("demo.quantri", province, (Role.PROVINCE_ADMIN,), password="egov-demo-2026")
    page = browser_page

    page.goto("/accounts/login/")
    page.fill("input[name=username]", "demo.quantri")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("main button[type=submit]")  # the header has a language button too

    assert "/accounts/login/" in page.url
    expect(page.locator("main form")).to_have_count(1)
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("dịch vụ công")  # still a visitor: the public front page
