"""A visitor on a phone sends feedback to the commune's counter; its desk officer answers and publishes it;
the public page shows it with the name masked. Then the applicant rates the returned dossier through the
printed link. Screenshots in var/screenshots/feedback-*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401
from tests.dossiers.conftest import flows  # noqa: F401
from tests.feedback.conftest import ALL_SATISFIED, returned


def test_feedback_from_a_phone_answered_published_and_a_rating_by_link(
    cast,
    flows,  # noqa: F811
    as_staff,  # noqa: F811
    chromium,  # noqa: F811
    live_server,
):
    from egov.feedback import links
    from egov.feedback.models import Feedback, Rating

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone = chromium.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 390, "height": 800}
    )
    visitor = phone.new_page()
    visitor.goto("/phan-anh/gui/")
    visitor.click("button:has-text('Gửi') >> nth=-1")  # nothing filled in: the errors, the form kept
    visitor.wait_for_selector(".errorbox")
    visitor.screenshot(path=str(SCREENSHOTS / "feedback-new-errors-phone.png"), full_page=True)
    visitor.check("input[name=topic][value=agency]")
    visitor.select_option("select[name=agency]", label="UBND xã An Bình")
    visitor.fill("input[name=title]", "Quầy mở cửa muộn")
    visitor.fill("textarea[name=content]", "Tôi là Lê Văn Khách, sáng nay quầy chưa mở lúc 7 giờ 40.")
    visitor.fill("input[name=name]", "Lê Văn Khách")
    visitor.fill("input[name=phone]", "0987654321")
    visitor.click("button:has-text('Gửi') >> nth=-1")
    visitor.wait_for_url("**/phan-anh/da-gui/**")
    item = Feedback.objects.get()
    assert item.reference in visitor.inner_text("main") and item.agency == cast.province.commune_a
    visitor.screenshot(path=str(SCREENSHOTS / "feedback-sent-phone.png"), full_page=True)

    desk = as_staff(cast.desk_officer)
    desk.click("nav.menu >> text=Phản ánh, kiến nghị")
    desk.click(f"text={item.reference}")
    desk.fill("textarea[name=answer]", "Cảm ơn ông, trung tâm đã bố trí cán bộ trực từ 7 giờ 30.")
    desk.click("button:has-text('Gửi trả lời')")
    desk.wait_for_selector("textarea[name=public_content]")
    desk.fill("textarea[name=public_content]", "Sáng nay quầy chưa mở lúc 7 giờ 40.")
    desk.click("button:has-text('Công khai cùng nội dung trả lời')")
    desk.wait_for_selector("text=Gỡ khỏi trang công khai")
    desk.screenshot(path=str(SCREENSHOTS / "feedback-handled-desktop.png"), full_page=True)

    visitor.goto(f"/phan-anh/{item.pk}/")
    page = visitor.inner_text("main")
    assert "L*** K***" in page and "Lê Văn Khách" not in page and "bố trí cán bộ trực" in page
    visitor.screenshot(path=str(SCREENSHOTS / "feedback-public-phone.png"), full_page=True)

    d = returned(cast, flows.simple)
    visitor.goto(links.rating_link(d.pk).split("/phan-anh/", 1)[1].join(["/phan-anh/", ""]))
    for key, level in ALL_SATISFIED.items():
        visitor.check(f"input[name=c_{key}][value='{level}']")
    visitor.click("button:has-text('Gửi đánh giá')")
    visitor.wait_for_selector("text=đã được ghi nhận")
    visitor.screenshot(path=str(SCREENSHOTS / "feedback-rated-phone.png"), full_page=True)
    assert Rating.objects.get(dossier=d).channel == "link"
    phone.close()


def test_my_feedback_reads_on_a_phone_without_sideways_scrolling(cast, chromium, live_server):  # noqa: F811
    """'Phản ánh của tôi' was a five-column table that squeezed at 360 px: each item is a card now, with its
    answer under it."""
    from django.test import Client

    from egov.feedback import services
    from tests.factories import make_citizen
    from tests.feedback.conftest import send_about_agency

    citizen = make_citizen("phananh", verified=True)
    item = send_about_agency(
        citizen, cast.province.commune_a, title="Quầy mở muộn hơn giờ niêm yết buổi sáng"
    )
    services.answer(
        actor=cast.desk_officer.user, feedback=item, text="Trung tâm đã bố trí cán bộ trực từ 7 giờ 30."
    )
    send_about_agency(citizen, cast.province.commune_a, title="Thiếu ghế chờ")
    client = Client()
    client.force_login(citizen)
    phone = chromium.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 360, "height": 740}
    )
    phone.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = phone.new_page()
    page.goto("/phan-anh/cua-toi/")
    cards = page.locator("#my-feedback > li")
    expect(cards).to_have_count(2)
    assert "bố trí cán bộ trực" in cards.filter(has_text="Quầy mở muộn").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "feedback-mine-phone.png"), full_page=True)
    phone.close()
