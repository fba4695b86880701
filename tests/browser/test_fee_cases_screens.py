"""The fee a case selects, in a real Chromium: the citizen's "your case" page and the check page saying why
each fee applies (phone width), and the desk officer's page correcting the case (desktop width).
Screenshots: var/screenshots/fee-cases-*.png."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings as django_settings
from django.test import Client

from egov.payments.fees import fees_due
from egov.procedures.models import Channel, Fee
from tests.filing.conftest import citizen, filled_draft, online  # noqa: F401  (fixtures)
from tests.payments.conftest import file_online


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_case_is_asked_shown_and_corrected(
    cast,
    online,  # noqa: F811
    citizen,  # noqa: F811
    browser_page,
    screenshot,
    live_server,
    transactional_db,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    procedure = online.procedure
    procedure.fees.update(amount=0)
    late = Fee.objects.create(
        procedure=procedure,
        name="Lệ phí đăng ký khai sinh quá hạn",
        amount=Decimal(5000),
        applies=Fee.Applies.CHOSEN,
        case="Đăng ký quá hạn: trẻ đã sinh quá 60 ngày",
        case_basis="Luật Hộ tịch 2014 Điều 11",
        replaces=["Lệ phí đăng ký khai sinh"],
        sort_order=5,
    )
    Fee.objects.create(
        procedure=procedure,
        name="Lệ phí (trường hợp miễn)",
        amount=0,
        applies=Fee.Applies.CONFIRMED,
        case="Người thuộc hộ nghèo",
        case_basis="Thông tư 85/2019/TT-BTC",
        replaces=["Lệ phí đăng ký khai sinh quá hạn"],
        sort_order=6,
    )
    draft = filled_draft(online, citizen)
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    _login(page, live_server, citizen)
    page.goto(f"/nop-truc-tuyen/{draft.pk}/phi-le-phi/")
    assert "60 ngày" in page.inner_text("main")
    screenshot("fee-cases-1-your-case-phone")
    page.check(f"input[value='{late.pk}']")
    page.click("button[name=action][value=continue]")
    page.goto(f"/nop-truc-tuyen/{draft.pk}/kiem-tra/")
    assert "Vì bạn đã chọn" in page.inner_text("main")
    screenshot("fee-cases-2-check-phone")
    dossier = file_online(
        cast, procedure, citizen, fees=fees_due(procedure, Channel.ONLINE, chosen={late.pk})
    )
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    _login(page, live_server, cast.desk_officer.user)
    page.goto(f"/thanh-toan/can-bo/ho-so/{dossier.pk}/")
    screenshot("fee-cases-3-officer-desktop")
    assert "60 ngày" in page.inner_text("main")
