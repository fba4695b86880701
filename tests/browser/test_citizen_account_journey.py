"""A citizen creates an account in Chromium, verifies it with the code, fills the profile and registers a
company; screenshots of each screen at phone and desktop widths (var/screenshots/citizen-*)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from egov.citizens.models import Citizen, Organisation
from tests.citizens.conftest import last_code

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 800}}


def _shoot(page, screenshot, name: str) -> None:
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        assert screenshot(f"citizen-{name}-{label}").stat().st_size > 5_000


def test_a_citizen_registers_verifies_fills_the_profile_and_registers_a_company(browser_page, screenshot):
    page = browser_page
    page.goto("/cong-dan/dang-ky/")
    _shoot(page, screenshot, "register")

    page.fill("input[name=full_name]", "Lê Thị Hoa")
    page.fill("input[name=identifier]", "0912 345 678")
    page.fill("input[name=password]", "mot-mat-khau-du-dai")
    page.fill("input[name=password2]", "mot-mat-khau-khac")
    page.click("main form button[type=submit]")
    summary = page.locator(".error-summary")
    assert "Có lỗi cần sửa" in summary.inner_text()
    assert "Hai mật khẩu không giống nhau" in page.locator(".has-error").inner_text()
    _shoot(page, screenshot, "register-error")

    page.fill("input[name=password]", "mot-mat-khau-du-dai")
    page.fill("input[name=password2]", "mot-mat-khau-du-dai")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/cong-dan/xac-minh/")
    _shoot(page, screenshot, "verify")
    page.fill("input[name=code]", last_code("0912345678"))
    page.click("main form button:has-text('Xác minh')")
    page.wait_for_url(lambda url: "/xac-minh/" not in url)
    assert Citizen.objects.get(user__phone="0912345678").phone_verified_at is not None

    page.goto("/cong-dan/tai-khoan/")
    page.fill("input[name=id_number]", "001190012345")
    page.fill("input[name=birth_date]", "25/04/1990")
    page.fill("input[name=address]", "Thôn Đông, xã An Bình")
    page.click("main form button:has-text('Lưu')")
    assert "Đã lưu thông tin" in page.locator(".messages").inner_text()
    _shoot(page, screenshot, "profile")

    page.goto("/cong-dan/to-chuc/")
    page.fill("input[name=tax_code]", "0101234567")
    page.fill("input[name=name]", "Hợp tác xã Nông nghiệp An Bình")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/cong-dan/to-chuc/*/")
    assert Organisation.objects.filter(tax_code="0101234567").exists()
    _shoot(page, screenshot, "organisation")
    page.set_viewport_size(WIDTHS["phone"])  # the members' table scrolls in its box, not the page
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]["width"]

    page.goto("/ho-so/")
    assert "Trang này dành cho cán bộ" in page.locator("main").inner_text()
    _shoot(page, screenshot, "staff-page-refused")

    page.click("header button:has-text('Đăng xuất')")
    page.wait_for_url("**/cong-dan/dang-nhap/")
    _shoot(page, screenshot, "login")


def test_the_login_page_offers_the_e_identity_button_when_configured(browser_page, screenshot, settings):
    settings.EGOV_OIDC_ENABLED = True
    settings.EGOV_OIDC_BUTTON_LABEL = "Đăng nhập bằng VNeID"
    page = browser_page
    page.goto("/cong-dan/dang-nhap/")
    expect(page.locator("main button:has-text('Đăng nhập bằng VNeID')")).to_have_count(1)
    _shoot(page, screenshot, "login-vneid")
