"""A citizen pays a dossier's fees in the sandbox bank, in a real Chromium, at phone and desktop widths:
the pay page, the bank's page, the return page, the confirmation. Screenshots:
var/screenshots/payment-*-{phone,desktop}.png."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from egov.payments.models import LedgerEntry, Payment
from tests.payments.conftest import file_online, owner, procedure  # noqa: F401  (fixtures)

WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_a_citizen_pays_in_the_sandbox_and_sees_it_received(
    cast,
    procedure,  # noqa: F811
    owner,  # noqa: F811
    browser_page,
    screenshot,
    live_server,
    transactional_db,
    settings,
    tmp_path,
    width,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EGOV_PAYMENT_GATEWAYS = ["sandbox", "vnpay"]
    settings.EGOV_VNPAY_TMN_CODE, settings.EGOV_VNPAY_HASH_SECRET = "EGOVTEST", "secret"
    dossier = file_online(cast, procedure, owner)
    client = Client()
    client.force_login(owner)
    page = browser_page
    page.set_viewport_size(WIDTHS[width])
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"/thanh-toan/ho-so/{dossier.pk}/")
    assert "70.000" in page.inner_text("#pay-total")
    screenshot(f"payment-1-fees-{width}")
    page.click("#pay-form button[type=submit]")
    assert "70.000" in page.inner_text("#sandbox-amount")
    screenshot(f"payment-2-sandbox-bank-{width}")
    page.click("#sandbox-pay")
    assert page.inner_text("#return-outcome") == "Đã nhận thanh toán"
    screenshot(f"payment-3-received-{width}")
    page.click("text=Xem xác nhận thanh toán")
    assert Payment.objects.get().reference in page.inner_text("#receipt")
    screenshot(f"payment-4-confirmation-{width}")
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).count() == 1
