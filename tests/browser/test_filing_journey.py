"""A citizen files a procedure online in a real Chromium, without help: from the procedure's page through
every step to the confirmation, with an error corrected on the way. Every filing page is checked by axe-core
(the copy bundled in the axe-playwright-python package, never a CDN) for WCAG 2.1 A and AA at a phone's
width (360 px) and a desktop's, must not scroll sideways on the phone, and is photographed at both widths:
var/screenshots/filing-*.png."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from egov.citizens.models import Membership, Organisation
from egov.datastore.models import StoredPaper
from egov.dossiers import intake, selectors
from egov.dossiers.models import Dossier, Status
from tests.factories import make_citizen
from tests.filing.conftest import online_procedure, png_bytes, upload

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PHONE, DESKTOP = (360, 740), (1280, 800)


@pytest.fixture
def accessible(browser_page, screenshot):
    """accessible("who"): axe finds no WCAG 2.1 A/AA violation at either width, and the phone does not scroll
    sideways; screenshots filing-who-phone.png and filing-who-desktop.png."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(name: str) -> None:
        # A click returns once the next page is committed, before it has loaded: axe must see that page whole.
        browser_page.wait_for_load_state()
        for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
            browser_page.set_viewport_size({"width": width, "height": height})
            results = axe.run(browser_page, options=WCAG_21_AA)
            assert results.violations_count == 0, f"{name} at {width}px:\n{results.generate_report()}"
            if label == "phone":
                scroll = browser_page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width, f"{name} scrolls sideways at {width}px ({scroll}px wide)"
            screenshot(f"filing-{name}-{label}")

    return check


#: A phone's camera names files so; once it widened the paper page to 1,800 px at 390 px.
LONG_NAME = "IMG_20261001_giay_chung_sinh_benh_vien_da_khoa_tinh_hoa_binh_xanh_ban_chup_ngay_01_10_2026.png"


def test_a_citizen_files_online_through_every_page(
    cast, browser_page, accessible, live_server, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    p = cast.province
    online = online_procedure(root=p.root, justice=p.justice, office=p.justice_office, counter=p.commune_a)
    citizen = make_citizen(
        "congdan",
        full_name="Trần Thị Công Dân",
        id_number="001090012345",
        phone="0912345678",
        verified=True,
    )
    # A paper of her store, filed for this line with an earlier dossier.
    earlier = intake.receive(
        actor=cast.desk_officer.user,
        procedure=online.procedure,
        agency=p.commune_a,
        applicant=intake.Applicant(name="Trần Thị Công Dân"),
        files=[upload("chung-sinh-cu.png")],
    )
    StoredPaper.objects.create(
        owner=citizen,
        kind=StoredPaper.Kind.PAPER,
        name="Giấy chứng sinh",
        requirement=online.certificate,
        attachment=earlier.attachments.get(),
        stored_at=timezone.now(),
    )
    organisation = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH Ánh Dương")
    Membership.objects.create(organisation=organisation, user=citizen)
    client = Client()
    client.force_login(citizen)
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = browser_page
    page.goto(f"/thu-tuc/{online.procedure.code}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    # The declaration is the online form; the identity paper is read from the population database.
    not_asked = page.locator("ul.not-asked").inner_text()
    assert "Tờ khai đăng ký khai sinh" in not_asked and "Giấy tờ tùy thân để xuất trình" in not_asked
    accessible("start")
    page.get_by_role("button", name="Bắt đầu").click()

    # A member of an organisation: for it, or for herself.
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    assert "Chọn nộp hồ sơ cho bản thân bạn hay cho tổ chức nào." in page.inner_text("#error-summary")
    accessible("who-error")
    page.get_by_label("Cho bản thân tôi").check()
    accessible("who")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    # The applicant, prefilled from the profile.
    assert page.get_by_label("Số định danh cá nhân").input_value() == "001090012345"
    page.get_by_label("Họ và tên").fill("")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page).to_have_title(re.compile(r"^Lỗi:"))
    summary = page.locator("#error-summary")
    assert "Nhập họ và tên người nộp hồ sơ." in summary.inner_text()
    accessible("applicant-error")
    summary.get_by_role("link", name="Nhập họ và tên người nộp hồ sơ.").click()
    page.keyboard.type("Trần Thị Công Dân")  # the link put the cursor in the field
    page.get_by_label("Địa chỉ", exact=True).fill("Thôn 3, xã An Bình")
    accessible("applicant")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # The check page before the end lists what is missing, each with its link.
    page.wait_for_url(re.compile(r"/to-khai/1/"))
    form_url = page.url
    page.goto(form_url.replace("to-khai/1/", "kiem-tra/"))
    assert "Trả lời phần: Tờ khai (phần 1/2)" in page.inner_text("#error-summary")
    accessible("check-incomplete")
    page.goto(form_url)
    page.get_by_label("Họ tên người cha").fill("Nguyễn Văn Bố")
    page.get_by_label("Ngày sinh của con").fill("2026-10-01")
    accessible("form-1")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Họ tên").fill("Lê Văn Chứng")
    accessible("form-2")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    accessible("paper-offer")
    page.get_by_role("button", name="Dùng giấy tờ này").click()
    assert "từ kho dữ liệu của bạn" in page.locator(".papers-given").inner_text()
    page.set_input_files(
        "#id_file", files=[{"name": LONG_NAME, "mimeType": "image/png", "buffer": png_bytes("cs")}]
    )
    page.get_by_role("button", name="Tải lên tệp này").click()
    assert LONG_NAME in page.locator(".papers-given").inner_text()  # and the phone page does not widen
    accessible("paper")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    accessible("paper-optional")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    page.get_by_label("UBND xã An Bình").check()
    accessible("place")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    assert "Nguyễn Văn Bố" in page.inner_text("main") and "8.000" in page.inner_text("main")
    accessible("check")
    page.get_by_role("button", name="Gửi hồ sơ").click()

    reference = page.inner_text("#submission-ref")  # waits for the confirmation, so the dossier exists
    dossier = Dossier.objects.get(owner=citizen)
    assert reference == dossier.submission_ref
    accessible("submitted")
    assert dossier.status == Status.SUBMITTED
    assert dossier in selectors.queue(cast.desk_officer.user, "to_receive")


def test_the_drafts_list_and_the_delete_page_are_accessible(
    cast, browser_page, accessible, live_server, transactional_db, settings, tmp_path
):
    from egov.filing import services

    settings.MEDIA_ROOT = tmp_path / "media"
    p = cast.province
    online = online_procedure(root=p.root, justice=p.justice, office=p.justice_office, counter=p.commune_a)
    citizen = make_citizen("congdan", id_number="001090012345", verified=True)
    draft = services.start(actor=citizen, procedure=online.procedure)
    client = Client()
    client.force_login(citizen)
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    browser_page.goto("/nop-truc-tuyen/")
    accessible("drafts")
    browser_page.goto(f"/nop-truc-tuyen/{draft.pk}/xoa/")
    accessible("delete")
    browser_page.get_by_role("button", name="Có, xóa bản nháp").click()
    assert "Đã xóa bản nháp." in browser_page.inner_text(".messages")
