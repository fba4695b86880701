"""The offline sandbox bank: its own pages, its own key, the same callback path as a real IPN."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.utils import timezone

from egov.dossiers.models import DossierEvent
from egov.payments.models import LedgerEntry, Payment
from tests.payments.conftest import query

ROOT = Path(__file__).resolve().parents[2]


def go_to_bank(client, dossier, owner) -> str:
    client.force_login(owner)
    response = client.post(f"/thanh-toan/ho-so/{dossier.pk}/", {"gateway": "sandbox"})
    assert response.status_code == 302
    assert response.url.startswith("/thanh-toan/sandbox/?")
    return response.url


def test_pay_in_the_sandbox_credits_through_the_callback_and_comes_back_paid(client, dossier, owner) -> None:
    bank = go_to_bank(client, dossier, owner)
    page = client.get(bank).content.decode()
    assert "70.000" in page and 'id="sandbox-merchant"' in page
    response = client.post(bank, {"pay": "1"})
    assert response.status_code == 302 and response.url.startswith("/thanh-toan/ket-qua/sandbox/?")
    payment = Payment.objects.get()
    assert payment.state == Payment.State.PAID
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT, gateway="sandbox").count() == 1
    assert DossierEvent.objects.filter(dossier=dossier, action="fee_paid").exists()
    assert 'id="return-paid"' in client.get(response.url).content.decode()
    receipt = client.get(f"/thanh-toan/bien-nhan/{payment.reference}/").content.decode()
    assert payment.reference in receipt and "70.000" in receipt


def test_cancel_in_the_sandbox_leaves_the_fees_unpaid(client, dossier, owner) -> None:
    bank = go_to_bank(client, dossier, owner)
    response = client.post(bank, {"cancel": "1"})
    assert Payment.objects.get().state == Payment.State.FAILED
    assert 'id="return-failed"' in client.get(response.url).content.decode()
    assert dossier.fees.filter(paid_at__isnull=True).count() == 2


def test_a_tampered_order_is_refused_by_the_bank_page(client, dossier, owner) -> None:
    bank = go_to_bank(client, dossier, owner)
    params = {**query(bank), "amount": "1000"}
    tampered = f"{urlsplit(bank).path}?{urlencode(params)}"
    assert client.get(tampered).status_code == 400
    assert client.post(tampered, {"pay": "1"}).status_code == 400
    assert Payment.objects.get().state == Payment.State.PENDING


def test_an_expired_order_cannot_be_paid(client, dossier, owner) -> None:
    bank = go_to_bank(client, dossier, owner)
    Payment.objects.update(expires_at=timezone.now())
    signed_expiry = int(query(bank)["expires"])
    assert signed_expiry <= (timezone.now() + timezone.timedelta(minutes=16)).timestamp()
    later = timezone.now() + timezone.timedelta(minutes=20)
    from unittest import mock

    with mock.patch("egov.payments.sandbox.timezone.now", return_value=later):
        page = client.post(bank, {"pay": "1"}).content.decode()
    assert 'id="sandbox-expired"' in page
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).exists()


def test_the_sandbox_is_refused_outside_the_demo_debug_and_tests() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("EGOV_")},
        "EGOV_SECRET_KEY": "x" * 40,
        "EGOV_PAYMENT_GATEWAYS": "sandbox",
    }
    run = subprocess.run(
        [sys.executable, "-c", "import egov.settings"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode != 0 and "the sandbox takes no money" in run.stderr
    env["EGOV_PAYMENT_GATEWAYS"] = "vnpay"
    run = subprocess.run(
        [sys.executable, "-c", "import egov.settings"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode != 0 and "EGOV_VNPAY_TMN_CODE" in run.stderr


def test_the_audit_log_names_every_payment_action_and_the_fee_paid_row(client, dossier, owner) -> None:
    from django.utils import translation

    from egov.backoffice import audit_labels
    from egov.core.models import AuditEntry

    client.post(go_to_bank(client, dossier, owner), {"pay": "1"})
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"payment.start", "payment.paid", "dossier.fee_paid"} <= codes
    with translation.override("vi"):
        assert all(audit_labels.label_of(code) != "Thay đổi khác" for code in codes)


def test_the_officer_sees_the_fees_paid_on_the_dossier_page(client, cast, dossier, owner) -> None:
    client.post(go_to_bank(client, dossier, owner), {"pay": "1"})
    client.force_login(cast.desk_officer.user)
    page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    fees = page.split('id="dossier-fees">', 1)[1].split("</dd>", 1)[0]
    assert fees.count("đã nộp") == 2
    assert "Đã nộp phí, lệ phí trực tuyến" in page  # the history row


def test_the_confirmation_pdf_prints_the_payment_and_a_name_as_typed(client, cast, procedure, owner) -> None:
    import io

    from pypdf import PdfReader

    from egov.dossiers import intake
    from tests.dossiers.conftest import APPLICANT, MONDAY
    from tests.payments.conftest import FEES

    applicant = intake.Applicant(**{**APPLICANT.__dict__, "name": 'Lê #eval("1+1") *Văn* ]'})
    d = intake.submit_online(
        procedure=procedure,
        agency=cast.province.commune_a,
        applicant=applicant,
        owner=owner,
        fees=FEES,
        now=MONDAY,
    )
    client.post(go_to_bank(client, d, owner), {"pay": "1"})
    payment = Payment.objects.get()
    response = client.get(f"/thanh-toan/bien-nhan/{payment.reference}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert payment.reference in text and "70.000" in text and d.code in text
    assert 'Lê #eval("1+1") *Văn* ]' in text
    client.force_login(cast.desk_officer.user)
    assert client.get(f"/thanh-toan/bien-nhan/{payment.reference}/pdf/").status_code == 403
