"""Documents in Chromium: the clerk receives and registers an incoming document, the leader instructs, the
specialist handles it to completion; a specialist drafts, the leader approves and signs (uploading their
certificate), the clerk issues, and the document arrives in the Department of Justice's incoming list,
whose registration the commune then sees. Screenshots (1280 and 360 px): var/screenshots/documents-*.png."""

from __future__ import annotations

from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401
from tests.documents.conftest import (  # noqa: F401
    P12_PASSWORD,
    _signing,
    agency_certificates,
    ca,
    office,
    pdf,
)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"documents-{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(SCREENSHOTS / f"documents-{name}-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _act(page, label: str) -> None:
    page.click(f"section.card a.button:has-text('{label}')")
    page.click(f"main form button[type=submit]:has-text('{label}')")
    page.wait_for_selector("#doc-status")


def test_incoming_to_done_and_outgoing_to_another_agency(office, ca, agency_certificates, as_staff, tmp_path):  # noqa: F811
    from egov.documents.models import Document, Status

    scan = tmp_path / "cong-van-den.pdf"
    scan.write_bytes(pdf().read())

    clerk = as_staff(office.clerk)
    clerk.goto("/van-ban/")
    clerk.click("a.button:has-text('Tiếp nhận văn bản đến')")
    clerk.select_option("select[name=doc_type]", "CV")
    clerk.fill("input[name=issuer_name]", "UBND tỉnh Hòa Bình Xanh")
    clerk.fill("input[name=number_symbol]", "1565/UBND-VX")
    clerk.fill("input[name=issued_on]", "2026-05-28")
    clerk.fill("textarea[name=summary]", "V/v triển khai quản lý văn bản điện tử")
    clerk.set_input_files("input[name=main]", str(scan))
    _shot(clerk, "receive")
    clerk.click("main form button[type=submit]")
    clerk.wait_for_selector("#doc-status")
    _act(clerk, "Vào sổ")
    doc = Document.objects.get(number_symbol="1565/UBND-VX")
    assert doc.status == Status.REGISTERED and doc.register_number == 1
    _act(clerk, "Trình lãnh đạo")
    _shot(clerk, "incoming-submitted")

    leader = as_staff(office.leader)
    leader.goto(f"/van-ban/{doc.pk}/")
    leader.click("a.button:has-text('Cho ý kiến chỉ đạo')")
    leader.fill("textarea[name=text]", "Văn phòng chủ trì tham mưu triển khai.")
    leader.select_option("select[name=lead_unit]", str(office.commune_office.pk))
    leader.fill("input[name=due_on]", "2030-06-10")
    leader.click("main form button[type=submit]")
    leader.wait_for_selector("#doc-status")
    _shot(leader, "incoming-instructed")

    specialist = as_staff(office.specialist)
    specialist.goto(f"/van-ban/{doc.pk}/")
    _act(specialist, "Bắt đầu xử lý")
    specialist.click("a.button:has-text('Hoàn thành')")
    specialist.fill("textarea[name=text]", "Đã triển khai tại xã.")
    specialist.click("main form button[type=submit]")
    specialist.wait_for_selector("#doc-status")
    assert specialist.inner_text("#doc-status") == "Đã hoàn thành"
    _shot(specialist, "incoming-done")

    # outgoing: the reply drafted from the incoming document → approved → signed and numbered → issued →
    # arrives at the Department of Justice
    specialist.goto(f"/van-ban/{doc.pk}/")
    specialist.click("#draft-reply")
    assert "1565/UBND-VX" in specialist.input_value("textarea[name=summary]")  # the reply's summary prefilled
    specialist.select_option("select[name=doc_type]", "QĐ")
    specialist.fill("textarea[name=summary]", "Quyết định thành lập tổ công tác chuyển đổi số")
    specialist.check(f"input[name=internal][value='{office.justice.pk}']")
    specialist.set_input_files("input[name=main]", str(scan))
    specialist.click("main form button[type=submit]")
    specialist.wait_for_selector("#doc-status")
    specialist.click("a.button:has-text('Trình duyệt')")
    specialist.select_option("select[name=approver]", str(office.leader.user.pk))
    specialist.click("main form button[type=submit]")
    specialist.wait_for_selector("#doc-status")
    out = Document.objects.get(summary="Quyết định thành lập tổ công tác chuyển đổi số")
    assert out.answers == doc  # the reply is linked to the document it answers

    leader.goto(f"/van-ban/{out.pk}/")
    _act(leader, "Duyệt")
    key = tmp_path / "chu-tich.p12"
    key.write_bytes(ca.pkcs12("Nguyễn Văn Chủ", P12_PASSWORD.encode()))
    leader.click("a.button:has-text('Ký số và cấp số')")
    leader.set_input_files("input[name=certificate]", str(key))
    leader.fill("input[name=password]", P12_PASSWORD)
    leader.fill("input[name=position]", "Chủ tịch")
    _shot(leader, "sign")
    leader.click("main form button[type=submit]")
    leader.wait_for_selector("#doc-status")
    assert "01/QĐ-UBND" in leader.inner_text("h1")
    _shot(leader, "signed")

    clerk.goto(f"/van-ban/{out.pk}/")
    _act(clerk, "Phát hành")
    assert clerk.inner_text("#doc-status") == "Đã phát hành"

    justice = as_staff(office.justice_clerk)
    justice.goto("/van-ban/")
    justice.click("text=01/QĐ-UBND")
    justice.wait_for_selector("#doc-status")
    assert "UBND xã An Bình" in justice.inner_text(".signatures")
    _act(justice, "Vào sổ")
    _shot(justice, "arrived")

    clerk.goto(f"/van-ban/{out.pk}/")
    assert "Đã vào sổ" in clerk.inner_text("#recipients")
    assert "1565/UBND-VX" in clerk.inner_text("#answers")
    _shot(clerk, "sender-sees-status")
