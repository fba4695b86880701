"""The outbox screens in a real Chromium, without JavaScript: the counts and list at phone and desktop
widths, a failed message's detail, and sending it again with the button. Screenshots go to
var/screenshots/outbox-*.png. Skipped when /usr/bin/chromium is absent."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from egov.channels import outbox
from egov.channels.models import DeliveryStatus, OutboxMessage
from tests.browser.test_dossier_journey import SCREENSHOTS, chromium  # noqa: F401
from tests.browser.test_store_screens import _signed_in


def test_outbox_screens(chromium, live_server, transactional_db, cast):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    failed = outbox.enqueue("sms", {"to": "0912345678", "text": "Hồ sơ đã có kết quả"}, now=now)
    error = "PermanentFailure: SMS too long: 4 segments (240 ucs2 characters), at most 3 allowed"
    OutboxMessage.objects.filter(pk=failed.pk).update(failed_at=now, attempts=1, last_error=error)
    sent = outbox.enqueue("sms", {"to": "0912000111", "text": "Đã tiếp nhận"}, now=now)
    OutboxMessage.objects.filter(pk=sent.pk).update(sent_at=now, delivery_status=DeliveryStatus.DELIVERED)
    outbox.enqueue("email", {"to": "an@example.vn", "subject": "Hồ sơ", "body": "Kính gửi"}, now=now)

    for name, width in (("phone", 390), ("desktop", 1280)):
        context = _signed_in(chromium, live_server, cast.province_admin.user, width)
        page = context.new_page()
        page.goto("/kenh/hang-doi/")
        expect(page.locator("h1")).to_have_text("Tin nhắn gửi đi")
        expect(page.locator("#outbox-messages tbody tr")).to_have_count(3)
        page.screenshot(path=str(SCREENSHOTS / f"outbox-list-{name}.png"), full_page=True)
        context.close()

    context = _signed_in(chromium, live_server, cast.province_admin.user, 1280)
    page = context.new_page()
    page.goto(f"/kenh/hang-doi/{failed.pk}/")
    expect(page.locator("#outbox-to")).to_have_text("*******678")
    page.screenshot(path=str(SCREENSHOTS / "outbox-detail.png"), full_page=True)
    page.get_by_role("button", name="Gửi lại").click()
    expect(page.locator("#outbox-state")).to_have_text("Đang chờ gửi")
    context.close()
    assert OutboxMessage.objects.get(pk=failed.pk).failed_at is None
