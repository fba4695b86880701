"""The exchange in Chromium (issue 13 items 5 and 12): the commune's clerk issues a signed document to an
agency reached by the exchange, the worker sends it, the Department of Justice's clerk finds it "arrived
from the exchange" and registers it, and the commune's page shows each status with its time; an
administrator sees the deliveries. Both agencies are peers at this deployment's own endpoint (served in
process). Screenshots (1280 and 360 px): var/screenshots/documents-exchange-*.png."""

from __future__ import annotations

from tests.browser.test_documents_journey import _shot
from tests.browser.test_dossier_journey import as_staff, chromium  # noqa: F401
from tests.documents.conftest import _signing, agency_certificates, ca, office  # noqa: F401
from tests.exchange.conftest import loopback, peers  # noqa: F401


def test_document_sent_through_the_exchange_and_its_status_seen(
    office,  # noqa: F811
    ca,  # noqa: F811
    agency_certificates,  # noqa: F811
    peers,  # noqa: F811
    loopback,  # noqa: F811
    as_staff,  # noqa: F811
    cast,
):
    from egov.channels import outbox
    from egov.core.audit import SystemActor
    from egov.documents.models import Document
    from egov.exchange import dispatch, statuses
    from tests.documents.conftest import signed

    system = SystemActor("worker")
    doc = signed(office, ca, internal=[], external=["Sở Tư pháp"])
    clerk = as_staff(office.clerk)
    clerk.goto(f"/van-ban/{doc.pk}/")
    clerk.click("section.card a.button:has-text('Phát hành')")
    clerk.click("main form button[type=submit]:has-text('Phát hành')")
    clerk.wait_for_selector("#doc-status")
    assert "Chờ gửi qua trục liên thông" in clerk.inner_text("#exchange")

    dispatch.dispatch(actor=system)  # what `manage.py exchange_sync` and `deliver_outbox` do
    outbox.deliver_due(topic="exchange")
    outbox.deliver_due(topic="exchange")

    justice = as_staff(office.justice_clerk)
    copy = Document.objects.get(direction="incoming", agency=office.justice)
    justice.goto(f"/van-ban/{copy.pk}/")
    assert "Đến qua trục liên thông" in justice.inner_text("#exchange")
    justice.click("section.card a.button:has-text('Vào sổ')")
    justice.click("main form button[type=submit]:has-text('Vào sổ')")
    justice.wait_for_selector("#doc-status")
    _shot(justice, "exchange-arrived")

    statuses.sync(actor=system)
    outbox.deliver_due(topic="exchange")
    clerk.goto(f"/van-ban/{doc.pk}/")
    shown = clerk.inner_text("#exchange")
    assert "Nơi nhận đã xác nhận" in shown and "Đã đến" in shown and "Đã tiếp nhận, vào sổ" in shown
    _shot(clerk, "exchange-sender-sees-status")

    admin = as_staff(cast.province_admin)
    admin.goto("/lien-thong/")
    assert "Sở Tư pháp" in admin.inner_text("#deliveries")
    _shot(admin, "exchange-deliveries")
