"""From the filing confirmation to a paid fee: the confirmation links to the payments app's pay page while
fees are owed (`payments:pay`), the sandbox bank's callback marks the fee paid, and the confirmation then
asks for nothing more."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from egov.dossiers.models import DossierEvent, DossierFee
from egov.payments.models import LedgerEntry
from tests.filing.conftest import filled_draft


def test_from_submit_to_the_sandbox_payment_marking_the_fee_paid(client, online, citizen, settings):
    settings.EGOV_PAYMENT_GATEWAYS = ["sandbox"]
    draft = filled_draft(online, citizen)
    client.force_login(citizen)
    response = client.post(reverse("filing:check", args=(draft.pk,)))
    assert response.status_code == 302 and response.url == reverse("filing:submitted", args=(draft.pk,))
    draft.refresh_from_db()
    fee = DossierFee.objects.get(dossier=draft.dossier)
    assert fee.amount == Decimal(8000) and fee.paid_at is None

    confirmation = client.get(response.url).content.decode()
    pay_url = reverse("payments:pay", args=(draft.dossier_id,))
    assert f'href="{pay_url}" id="pay-link"' in confirmation and "8.000" in confirmation

    pay_page = client.get(pay_url)
    assert pay_page.status_code == 200 and "Lệ phí đăng ký khai sinh" in pay_page.content.decode()
    to_bank = client.post(pay_url, {"gateway": "sandbox"})
    assert to_bank.status_code == 302 and to_bank.url.startswith(reverse("payments:sandbox"))
    back = client.post(to_bank.url, {"pay": "1"})
    assert back.status_code == 302 and back.url.startswith("/thanh-toan/ket-qua/sandbox/")

    fee.refresh_from_db()
    assert fee.paid_at is not None
    assert LedgerEntry.objects.filter(dossier=draft.dossier, kind=LedgerEntry.Kind.PAYMENT).count() == 1
    assert DossierEvent.objects.filter(dossier=draft.dossier, action="fee_paid").exists()
    after = client.get(response.url).content.decode()
    assert 'id="pay-link"' not in after and 'id="fees-paid"' in after
