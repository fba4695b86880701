"""The notification templates' screens and the citizen's choices in a real Chromium, without JavaScript
needs: the province administrator previews an SMS (segments counted), is refused a too long one, saves a
short one; the citizen ticks their channels. Screenshots: var/screenshots/notify-*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401


def test_notification_template_screens(cast, as_staff, settings):  # noqa: F811
    from egov.channels.notifications.models import NotificationTemplate

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    settings.EGOV_SMS_MAX_SEGMENTS = 2
    admin = as_staff(cast.province_admin)
    admin.goto("/quan-tri/thong-bao/")
    expect(admin.locator("#event-receive")).to_be_visible()
    admin.screenshot(path=str(SCREENSHOTS / "notify-list.png"), full_page=True)

    admin.click("#event-receive td:nth-child(4) a")
    admin.fill("textarea[name=body]", "Ho so {{ code }} da duoc tiep nhan. Hen tra ket qua: {{ due }}.")
    admin.click("button[value=preview]")
    expect(admin.locator("#preview-segments")).to_contain_text("GSM-7")
    admin.screenshot(path=str(SCREENSHOTS / "notify-sms-preview.png"), full_page=True)

    admin.fill("textarea[name=body]", "Hồ sơ {{ code }} " + "đã được tiếp nhận, " * 10)
    admin.click("button[value=save]")
    expect(admin.locator(".field.has-error .error")).to_contain_text("tối đa 2")
    admin.screenshot(path=str(SCREENSHOTS / "notify-sms-too-long.png"), full_page=True)
    assert not NotificationTemplate.objects.exists()

    admin.fill("textarea[name=body]", "Hồ sơ {{ code }} đã được tiếp nhận, hẹn trả {{ due }}.")
    admin.click("button[value=save]")
    expect(admin.locator(".messages")).to_contain_text("Đã lưu mẫu thông báo")
    assert NotificationTemplate.objects.get().body.startswith("Hồ sơ {{ code }}")

    admin.goto("/quan-tri/thong-bao/receive/email/")
    admin.screenshot(path=str(SCREENSHOTS / "notify-email.png"), full_page=True)


def test_citizen_notification_choices_screen(chromium, live_server, transactional_db, settings):  # noqa: F811
    from django.test import Client

    from egov.citizens import notify_choices
    from tests.factories import make_citizen

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    citizen = make_citizen("cd.chon", email="chon@example.vn", phone="0912000009", verified=True)
    client = Client()
    client.force_login(citizen)
    context = chromium.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto("/cong-dan/tai-khoan/")
        page.click("a[href='/cong-dan/tai-khoan/thong-bao/']")
        page.uncheck("#choice-progress input[value=email]")
        page.uncheck("#choice-results input[value=email]")
        page.uncheck("#choice-results input[value=sms]")
        page.click("#save-choices")
        expect(page.locator("#choice-results .error")).to_contain_text("ít nhất một")
        page.screenshot(path=str(SCREENSHOTS / "notify-citizen-choices-refused.png"), full_page=True)
        page.check("#choice-results input[value=email]")
        page.click("#save-choices")
        expect(page.locator(".messages")).to_contain_text("Đã lưu")
        page.screenshot(path=str(SCREENSHOTS / "notify-citizen-choices.png"), full_page=True)
        assert notify_choices.choices_of(citizen) == {
            "progress": {"sms"},
            "results": {"email"},
            "payments": {"email", "sms"},
        }
    finally:
        context.close()
