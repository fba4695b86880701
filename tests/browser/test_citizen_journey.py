"""The citizen's whole journey in a real Chromium (Debian's, driven by Playwright), against the live server.

A new citizen registers with an email address, verifies it with the code the outbox carried, logs in, finds
"Đăng ký khai sinh" by typing "dang ky khai sinh" (no diacritics) in the catalogue, files it online with two
papers (a PDF and a PNG), pays its fee in the sandbox bank, follows it in "my dossiers", supplies the paper
the specialist asks for, downloads the result signed by the Department of Justice and validates the signature
against the test CA's root, and rates the service. Officers work on the dossier meanwhile in browser contexts
of their own, through the staff pages. Every citizen screen is photographed at a phone's width (360 px) and a
desktop's (1280 px): var/screenshots/journey-*.png.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from egov.core import signing
from egov.core.audit import SystemActor
from egov.dossiers import fee_payments
from egov.dossiers.models import Attachment, Dossier, Status
from egov.feedback.models import Rating, RatingChannel
from egov.organizations import certificates
from egov.payments.models import LedgerEntry
from egov.procedures.services import catalogue
from tests.browser.test_dossier_journey import SCREENSHOTS, _act, as_staff, chromium  # noqa: F401
from tests.ca import CertificateAuthority
from tests.citizens.conftest import last_code
from tests.datastore.conftest import P12_PASSWORD, pdf
from tests.feedback.conftest import ALL_SATISFIED
from tests.filing.conftest import online_procedure, png_bytes

WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
EMAIL = "le.thi.hoa@example.vn"
PASSWORD = "mot-mat-khau-du-dai"
REASON = "Bản chụp giấy chứng sinh bị mờ, không đọc được số: gửi lại bản rõ"


def _shoot(page, name: str) -> None:
    """journey-<name>-phone.png and journey-<name>-desktop.png of the whole page; the phone never scrolls
    sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # A click that navigates may return once the new page is committed but not yet parsed.
    page.wait_for_load_state()
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        if label == "phone":
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= size["width"], f"{name} scrolls sideways on a phone ({wide}px)"
        page.screenshot(path=str(SCREENSHOTS / f"journey-{name}-{label}.png"), full_page=True)


def _file(name: str, mime: str, data: bytes) -> dict[str, object]:
    return {"name": name, "mimeType": mime, "buffer": data}


def test_a_new_citizen_files_pays_supplements_gets_a_signed_result_and_rates_it(
    cast,
    chromium,  # noqa: F811
    as_staff,  # noqa: F811
    live_server,
    settings,
    tmp_path,
):
    settings.EGOV_PAYMENT_GATEWAYS = ["sandbox"]
    settings.EGOV_KEYS_DIR = tmp_path / "keys"
    settings.EGOV_SIGNING_TIMESTAMP_URL = ""
    p = cast.province
    # The catalogue's procedure, filed online, with an 8.000 đ fee (tests/filing/conftest.py).
    online = online_procedure(root=p.root, justice=p.justice, office=p.justice_office, counter=p.commune_a)
    catalogue.reindex(online.procedure)  # the search key, as the catalogue editor saves it
    online.procedure.save(update_fields=["name_folded", "search_text"])
    # The Department of Justice approves, so it signs the result: a certificate of a CA made for this test.
    ca = CertificateAuthority.create("egov TEST root CA")
    certificates.import_certificate(
        actor=SystemActor("test"),
        agency=p.justice,
        data=ca.pkcs12("Sở Tư pháp tỉnh Hòa Bình Xanh", P12_PASSWORD.encode()),
        password=P12_PASSWORD,
    )

    context = chromium.new_context(base_url=live_server.url, locale="vi-VN", viewport=WIDTHS["desktop"])
    context.set_default_timeout(15_000)
    citizen = context.new_page()

    # 1. Register with an email address, verify it with the code, log out and log in again.
    citizen.goto("/cong-dan/dang-ky/")
    _shoot(citizen, "01-register")
    citizen.fill("input[name=full_name]", "Lê Thị Hoa")
    citizen.fill("input[name=identifier]", EMAIL)
    citizen.fill("input[name=password]", PASSWORD)
    citizen.fill("input[name=password2]", PASSWORD)
    citizen.click("main form button[type=submit]")
    citizen.wait_for_url("**/cong-dan/xac-minh/")
    _shoot(citizen, "02-verify")
    citizen.fill("input[name=code]", last_code(EMAIL))
    citizen.click("main form button:has-text('Xác minh')")
    citizen.wait_for_url(lambda url: "/xac-minh/" not in url)
    citizen.click("header button:has-text('Đăng xuất')")
    citizen.wait_for_url("**/cong-dan/dang-nhap/")
    citizen.fill("input[name=identifier]", EMAIL)
    citizen.fill("input[name=password]", PASSWORD)
    _shoot(citizen, "03-login")
    citizen.click("main form[method=post] button[type=submit]")
    citizen.wait_for_url("**/ca-nhan/ho-so/")
    _shoot(citizen, "04-my-dossiers-empty")

    # 2. Find the procedure typed without diacritics, open it, "Nộp hồ sơ trực tuyến".
    citizen.locator("nav.citizen-menu").get_by_role("link", name="Thủ tục").click()
    citizen.fill("#q", "dang ky khai sinh")
    citizen.click("form[role=search] button[type=submit]")
    citizen.wait_for_url("**/thu-tuc/?q=*")
    found = citizen.locator(".proc-list a", has_text="Đăng ký khai sinh")
    expect(found).to_have_count(1)
    _shoot(citizen, "05-search")
    found.click()
    citizen.wait_for_url(f"**/thu-tuc/{online.procedure.code}/")
    _shoot(citizen, "06-procedure")
    citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()

    # 3. File it through every step, with two papers (a PDF and a PNG), check, submit.
    _shoot(citizen, "07-filing-start")
    citizen.get_by_role("button", name="Bắt đầu").click()
    assert citizen.get_by_label("Họ và tên").input_value() == "Lê Thị Hoa"  # prefilled from the account
    assert citizen.locator("input[name=email]").input_value() == EMAIL
    citizen.get_by_label("Số định danh cá nhân").fill("001190012345")
    citizen.get_by_label("Địa chỉ", exact=True).fill("Thôn Đông, xã An Bình")
    _shoot(citizen, "08-applicant")
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.get_by_label("Họ tên người cha").fill("Nguyễn Văn Bố")
    citizen.get_by_label("Ngày sinh của con").fill("2026-10-01")
    _shoot(citizen, "09-form-1")
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.get_by_label("Họ tên").fill("Lê Văn Chứng")
    _shoot(citizen, "10-form-2")
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.set_input_files("#id_file", files=[_file("chung-sinh.pdf", "application/pdf", pdf().read())])
    citizen.get_by_role("button", name="Tải lên tệp này").click()
    assert "chung-sinh.pdf" in citizen.locator(".papers-given").inner_text()
    _shoot(citizen, "11-paper-pdf")
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.set_input_files("#id_file", files=[_file("uy-quyen.png", "image/png", png_bytes("uy quyen"))])
    citizen.get_by_role("button", name="Tải lên tệp này").click()
    assert "uy-quyen.png" in citizen.locator(".papers-given").inner_text()
    _shoot(citizen, "12-paper-png")
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.get_by_label("UBND xã An Bình").check()
    _shoot(citizen, "13-place")
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    check = citizen.inner_text("main")
    assert "Nguyễn Văn Bố" in check and "chung-sinh.pdf" in check and "uy-quyen.png" in check
    # Not uploaded: the declaration is the online form, the identity paper is read from the database.
    assert "Tờ khai đăng ký khai sinh" in citizen.inner_text("ul.not-asked")
    assert "8.000" in check
    _shoot(citizen, "14-check")
    citizen.get_by_role("button", name="Gửi hồ sơ").click()
    reference = citizen.inner_text("#submission-ref")
    dossier = Dossier.objects.get(owner__email=EMAIL)
    assert reference == dossier.submission_ref and dossier.status == Status.SUBMITTED
    assert dossier.attachments.filter(kind=Attachment.Kind.PAPER).count() == 2
    _shoot(citizen, "15-submitted")

    # 4. Pay the fee in the sandbox bank.
    citizen.get_by_role("link", name="Thanh toán trực tuyến").click()
    assert "8.000" in citizen.inner_text("#pay-total")
    _shoot(citizen, "16-pay")
    citizen.click("#pay-form button[type=submit]")
    assert "8.000" in citizen.inner_text("#sandbox-amount")
    _shoot(citizen, "17-sandbox-bank")
    citizen.click("#sandbox-pay")
    assert citizen.inner_text("#return-outcome") == "Đã nhận thanh toán"
    _shoot(citizen, "18-paid")
    assert dossier.fees.get().paid_at is not None
    assert LedgerEntry.objects.filter(dossier=dossier, kind=LedgerEntry.Kind.PAYMENT).count() == 1

    # 5. The desk officer accepts it and passes it on; the specialist asks for a supplement with a reason.
    desk = as_staff(cast.desk_officer)
    desk.goto("/ho-so/hang-doi/to_receive/")
    desk.click(f"text={reference}")
    _act(desk, "accept")
    code = desk.inner_text("#dossier-code")
    assert code != reference and desk.inner_text("#dossier-status") == "Được tiếp nhận"
    _act(desk, "forward")
    specialist = as_staff(cast.specialist)
    specialist.goto("/ho-so/hang-doi/to_process/")
    specialist.click(f"text={code}")
    _act(specialist, "assign", handler="Đỗ Minh Đức")
    _act(specialist, "request_supplement", fill={"reason": REASON})
    assert Dossier.objects.get(pk=dossier.pk).status == Status.SUPPLEMENT

    # 6. The citizen sees the reason in "my dossiers" and sends the missing paper online.
    citizen.locator("nav.citizen-menu").get_by_role("link", name="Hồ sơ của tôi").click()
    assert code in citizen.inner_text("main")
    _shoot(citizen, "19-my-dossiers")
    citizen.locator("#my-dossiers > li", has_text=code).get_by_role("link", name="Đăng ký khai sinh").click()
    assert REASON in citizen.inner_text("#ask-reason")
    _shoot(citizen, "20-supplement-asked")
    citizen.set_input_files(
        "#supplement-form input[type=file]",
        files=[_file("giay-chung-sinh-ro.pdf", "application/pdf", pdf("giay-chung-sinh-ro.pdf").read())],
    )
    citizen.fill("#supplement-form textarea", "Gửi lại bản chụp rõ giấy chứng sinh")
    citizen.click("#supplement-form button[type=submit]")
    citizen.wait_for_selector(".messages li")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING
    _shoot(citizen, "21-supplement-sent")

    # 7. The specialist submits it, the leader approves with the result PDF, the desk officer returns it.
    specialist.reload()
    _act(specialist, "submit_for_approval")
    leader = as_staff(cast.leader)
    leader.goto("/ho-so/hang-doi/to_approve/")
    leader.click(f"text={code}")
    _act(leader, "approve", files=[_file("trich-luc-khai-sinh.pdf", "application/pdf", pdf().read())])
    desk.goto("/ho-so/hang-doi/to_return/")
    desk.click(f"text={code}")
    _act(desk, "return_result")
    assert desk.inner_text("#dossier-status") == "Đã trả kết quả"

    # 8. The citizen downloads the result; its signature validates against the test CA's root.
    citizen.reload()
    _shoot(citizen, "22-result")
    with citizen.expect_download() as download:
        citizen.locator("#results a").first.click()
    signed = Path(download.value.path()).read_bytes()
    [report] = signing.validate_pdf(signed, [ca.der])
    assert report.ok, report.summary
    assert "Sở Tư pháp tỉnh Hòa Bình Xanh" in report.signer

    # The accepted papers, the supplement and the signed result are kept in the citizen's store.
    citizen.locator("nav.citizen-menu").get_by_role("link", name="Kho giấy tờ của tôi").click()
    citizen.wait_for_url("**/kho-du-lieu/")
    _shoot(citizen, "23-store")
    kept = citizen.locator("main h3").all_inner_texts()
    assert sorted(kept) == sorted(
        ["trich-luc-khai-sinh.pdf", "giay-chung-sinh-ro", "Văn bản ủy quyền", "Giấy chứng sinh"]
    )
    assert "có chữ ký số của cơ quan" in citizen.inner_text("main")

    # 9. Rate the service from "my feedback".
    citizen.locator("nav.citizen-menu").get_by_role("link", name="Phản ánh của tôi").click()
    _shoot(citizen, "24-my-feedback")
    citizen.click(f"a:has-text('{code}')")
    for key, level in ALL_SATISFIED.items():
        citizen.check(f"input[name=c_{key}][value='{level}']")
    _shoot(citizen, "25-rate")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.wait_for_selector("text=đã được ghi nhận")
    _shoot(citizen, "26-rated")
    context.close()

    d = Dossier.objects.get(pk=dossier.pk)
    assert d.status == Status.RETURNED
    rating = Rating.objects.get(dossier=d)
    assert rating.rated_by == d.owner and rating.channel == RatingChannel.ONLINE
    assert list(d.events.values_list("action", flat=True)) == [
        "submit",
        fee_payments.ACTION,
        "accept",
        "forward",
        "assign",
        "request_supplement",
        "supplement_online",
        "submit_for_approval",
        "approve",
        "return_result",
    ]
