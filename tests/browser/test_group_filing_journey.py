"""A citizen files a linked group once (Decree 63/2024/NĐ-CP) in a real Chromium, without help: from the
group's public page through the applicant, the optional part, each part's form, the papers (one asked by two
parts given once), the counter and the one check page, to the confirmation, the one payment in the sandbox
bank and the bundle in "My dossiers". Every page is checked by axe-core for WCAG 2.1 A and AA at 360 px and
1280 px, must not scroll sideways on the phone, and is photographed at both widths:
var/screenshots/group-*.png."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from egov.dossiers.bundle_models import DossierBundle
from egov.dossiers.models import Status
from tests.factories import make_citizen
from tests.filing.conftest import online_procedure, png_bytes
from tests.filing.groups import linked_group

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PHONE, DESKTOP = (360, 740), (1280, 800)


@pytest.fixture
def accessible(browser_page, screenshot):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(name: str) -> None:
        browser_page.wait_for_load_state()
        for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
            browser_page.set_viewport_size({"width": width, "height": height})
            results = axe.run(browser_page, options=WCAG_21_AA)
            assert results.violations_count == 0, f"{name} at {width}px:\n{results.generate_report()}"
            if label == "phone":
                scroll = browser_page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width, f"{name} scrolls sideways at {width}px ({scroll}px wide)"
            screenshot(f"group-{name}-{label}")

    return check


def _file(page, name: str) -> None:
    page.set_input_files(
        "#id_file", files=[{"name": name, "mimeType": "image/png", "buffer": png_bytes(name)}]
    )


def test_a_citizen_files_a_linked_group_once_and_pays_once(
    cast, browser_page, accessible, live_server, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EGOV_PAYMENT_GATEWAYS = ["sandbox"]
    p = cast.province
    online = online_procedure(root=p.root, justice=p.justice, office=p.justice_office, counter=p.commune_a)
    linked = linked_group(online, p)
    citizen = make_citizen(
        "congdan", full_name="Trần Thị Công Dân", id_number="001090012345", phone="0912345678", verified=True
    )
    client = Client()
    client.force_login(citizen)
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = browser_page
    page.goto(f"/thu-tuc/lien-thong/{linked.group.code}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    accessible("start")
    page.get_by_role("button", name="Bắt đầu").click()

    # The applicant once, prefilled; an error first.
    assert page.get_by_label("Số định danh cá nhân").input_value() == "001090012345"
    page.get_by_label("Họ và tên").fill("")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page).to_have_title(re.compile(r"^Lỗi:"))
    accessible("applicant-error")
    page.get_by_label("Họ và tên").fill("Trần Thị Công Dân")
    page.get_by_label("Địa chỉ", exact=True).fill("Thôn 3, xã An Bình")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # The optional part, "if you choose it".
    page.get_by_label("Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi").check()
    accessible("parts")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    page.get_by_label("Họ tên người cha").fill("Nguyễn Văn Bố")
    page.get_by_label("Ngày sinh của con").fill("2026-10-01")
    accessible("form-birth")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Họ tên").fill("Lê Văn Chứng")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Nơi đăng ký thường trú").fill("Xã Bắc Sơn")
    accessible("form-residence")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # Papers: the birth certificate (two parts) once; the proxy (optional, two parts); the proof of
    # residence. Not the declarations (the online forms) nor the identity paper (the population database).
    page.get_by_role("button", name="Lưu và tiếp tục").click()  # the birth certificate, with no file yet
    expect(page.locator("#error-summary")).to_be_visible()
    accessible("paper-error")
    _file(page, "giay-chung-sinh.png")
    page.get_by_role("button", name="Tải lên tệp này").click()
    assert "giay-chung-sinh.png" in page.locator(".papers-given").inner_text()
    accessible("paper-shared")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("button", name="Lưu và tiếp tục").click()  # the proxy: none
    _file(page, "cho-o.png")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    page.get_by_label("UBND xã An Bình").check()
    accessible("place")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    main = page.inner_text("main")
    assert "Xã Bắc Sơn" in main and "18.000" in main and "Giấy chứng sinh" in main
    assert "Tờ khai đăng ký khai sinh" in page.inner_text("ul.not-asked")
    accessible("check")
    page.get_by_role("button", name="Gửi hồ sơ").click()

    reference = page.inner_text("#submission-ref")
    bundle = DossierBundle.objects.get(owner=citizen)
    assert reference == bundle.reference and bundle.parts.count() == 3
    accessible("submitted")

    page.get_by_role("link", name="Thanh toán trực tuyến").click()
    accessible("pay")
    page.get_by_role("button", name="Tiếp tục thanh toán").click()
    page.locator("#sandbox-pay").click()
    expect(page.locator("#return-outcome")).to_be_visible()
    accessible("paid")

    page.goto("/ca-nhan/ho-so/")
    expect(page.locator("#my-bundles")).to_contain_text(reference)
    accessible("my-dossiers")
    page.get_by_role("link", name=linked.group.name).click()
    expect(page.locator("#bundle-parts li")).to_have_count(3)
    expect(page.locator("#fees-paid")).to_be_visible()
    accessible("bundle")
    assert {part.dossier.status for part in bundle.parts.all()} == {Status.SUBMITTED}
