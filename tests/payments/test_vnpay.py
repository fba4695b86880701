"""VNPAY version 2.1.0 against its published integration guide, and the IPN against recorded callbacks:
a valid one, a forged signature, a wrong amount, a replay (credits once), a late one after the citizen
closed the tab, an unknown vnp_TxnRef, an expired attempt."""

from __future__ import annotations

import hashlib
import hmac
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from django.test import Client
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.dossiers.models import DossierEvent
from egov.payments import services
from egov.payments.gateways import signing
from egov.payments.gateways.base import Outcome
from egov.payments.models import LedgerEntry, Payment
from tests.payments.conftest import SECRET, TMN_CODE, TOTAL, query, vnpay_callback

RECORDED = Path(__file__).parent / "recorded"
IPN = "/thanh-toan/ipn/vnpay/"


def recorded(name: str) -> dict[str, str]:
    return dict(parse_qsl((RECORDED / name).read_text().strip(), keep_blank_values=True))


def start(dossier: Any, owner: Any, **kw: Any) -> tuple[Payment, str]:
    return services.start_payment(
        actor=owner,
        dossier=dossier,
        gateway="vnpay",
        return_url="https://dichvucong.example.vn/thanh-toan/ket-qua/vnpay/",
        client_ip="203.0.113.5",
        **kw,
    )


def ipn(client: Client, params: dict[str, str]) -> dict[str, str]:
    response = client.get(IPN, params)
    assert response.status_code == 200
    return response.json()


def test_signed_text_is_the_guides_example_query() -> None:
    """The guide's example payment URL lists the parameters sorted, form-encoded, joined by "&"; the text we
    sign is exactly that query (sandbox.vnpayment.vn/apis/docs/huong-dan-tich-hop/)."""
    example = {
        "vnp_Amount": "1806000",
        "vnp_Command": "pay",
        "vnp_CreateDate": "20210801153333",
        "vnp_CurrCode": "VND",
        "vnp_IpAddr": "127.0.0.1",
        "vnp_Locale": "vn",
        "vnp_OrderInfo": "Thanh toan don hang :5",
        "vnp_OrderType": "other",
        "vnp_ReturnUrl": "https://domainmerchant.vn/ReturnUrl",
        "vnp_TmnCode": "DEMOV210",
        "vnp_TxnRef": "5",
        "vnp_Version": "2.1.0",
    }
    assert signing.canonical(dict(reversed(list(example.items())))) == (
        "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND"
        "&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other"
        "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5"
        "&vnp_Version=2.1.0"
    )


def test_payment_url_carries_the_vnp_parameters_amount_times_100_signed_hmac_sha512(dossier, owner) -> None:
    payment, url = start(dossier, owner)
    assert url.startswith("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?")
    params = query(url)
    assert params["vnp_Amount"] == "7000000"  # 70,000 đ × 100
    assert params["vnp_TmnCode"] == TMN_CODE
    assert params["vnp_TxnRef"] == payment.reference
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay"
    assert params["vnp_CurrCode"] == "VND" and params["vnp_IpAddr"] == "203.0.113.5"
    assert params["vnp_ReturnUrl"] == "https://dichvucong.example.vn/thanh-toan/ket-qua/vnpay/"
    assert params["vnp_OrderInfo"].isascii()
    # The signature, recomputed here without egov's code: HMAC-SHA512 of the query before vnp_SecureHash.
    signed_text = url.split("?", 1)[1].rsplit("&vnp_SecureHash=", 1)[0]
    expected = hmac.new(SECRET.encode(), signed_text.encode(), hashlib.sha512).hexdigest()
    assert params["vnp_SecureHash"] == expected
    assert payment.state == Payment.State.PENDING and payment.amount == TOTAL


def _as_recorded(payment: Payment) -> Payment:
    """Give the attempt the reference of the recorded callbacks."""
    Payment.objects.filter(pk=payment.pk).update(reference="P261116REC0000001")
    payment.refresh_from_db()
    return payment


def test_recorded_valid_ipn_credits_marks_fees_paid_with_history_and_tells_the_applicant(
    client, dossier, owner
) -> None:
    payment = _as_recorded(start(dossier, owner)[0])
    assert ipn(client, recorded("vnpay_ipn_paid.txt")) == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.gateway_transaction == "14422574"
    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.PAYMENT)
    assert (entry.amount, entry.gateway, entry.dossier_id) == (TOTAL, "vnpay", dossier.pk)
    assert entry.payload["vnp_SecureHash"]  # the callback as it came
    assert not dossier.fees.filter(paid_at__isnull=True).exists()
    event = DossierEvent.objects.get(dossier=dossier, action="fee_paid")
    assert event.from_status == event.to_status == dossier.status
    texts = [m.payload.get("text") or m.payload.get("body") for m in OutboxMessage.objects.all()]
    assert any("70.000" in t and payment.reference in t for t in texts)
    assert AuditEntry.objects.filter(action="payment.paid", object_id=str(payment.pk)).exists()


def test_recorded_cancelled_ipn_closes_the_attempt_and_credits_nothing(client, dossier, owner) -> None:
    payment = _as_recorded(start(dossier, owner)[0])
    assert ipn(client, recorded("vnpay_ipn_cancelled.txt"))["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.state == Payment.State.FAILED and "24" in payment.failure
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).exists()
    assert dossier.fees.filter(paid_at__isnull=True).count() == 2


def test_forged_signature_answers_97_and_changes_nothing(client, dossier, owner) -> None:
    payment = _as_recorded(start(dossier, owner)[0])
    forged = recorded("vnpay_ipn_paid.txt")
    forged["vnp_Amount"] = "100"  # someone lowers the amount and keeps the old signature
    assert ipn(client, forged) == {"RspCode": "97", "Message": "Invalid signature"}
    signed_with_another_key = vnpay_callback(payment.reference, TOTAL)
    signed_with_another_key["vnp_SecureHash"] = signing.sign(
        {k: v for k, v in signed_with_another_key.items() if k != "vnp_SecureHash"}, "NOT-THE-SECRET"
    )
    assert ipn(client, signed_with_another_key)["RspCode"] == "97"
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).exists()


def test_wrong_amount_answers_04_and_credits_nothing(client, dossier, owner) -> None:
    payment = start(dossier, owner)[0]
    assert ipn(client, vnpay_callback(payment.reference, Decimal("50000")))["RspCode"] == "04"
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).exists()
    assert AuditEntry.objects.filter(action="payment.wrong_amount").exists()


def test_replayed_callback_credits_once_and_answers_02(client, dossier, owner) -> None:
    payment = _as_recorded(start(dossier, owner)[0])
    params = recorded("vnpay_ipn_paid.txt")
    assert ipn(client, params)["RspCode"] == "00"
    assert ipn(client, params) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).count() == 1
    assert DossierEvent.objects.filter(dossier=dossier, action="fee_paid").count() == 1
    assert Payment.objects.get(pk=payment.pk).state == Payment.State.PAID


def test_the_ledger_key_credits_once_even_if_the_attempt_looked_unpaid(dossier, owner) -> None:
    """Two callbacks racing past the state check: the idempotency key of the gateway transaction stops the
    second (simulated by reopening the attempt between them)."""
    payment = start(dossier, owner)[0]
    params = vnpay_callback(payment.reference, TOTAL)
    assert services.receive_callback("vnpay", params) == Outcome.CONFIRMED
    Payment.objects.filter(pk=payment.pk).update(state=Payment.State.PENDING)
    assert services.receive_callback("vnpay", params) == Outcome.ALREADY_DONE
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).count() == 1


def test_late_callback_after_the_citizen_closed_the_tab_still_lands_on_the_dossier(
    client, dossier, owner
) -> None:
    """Nobody comes back to the return page; VNPAY's IPN alone, minutes later, marks the fees paid."""
    payment = start(dossier, owner)[0]
    later = timezone.now() + timezone.timedelta(minutes=10)
    outcome = services.receive_callback("vnpay", vnpay_callback(payment.reference, TOTAL), now=later)
    assert outcome == Outcome.CONFIRMED
    assert set(dossier.fees.values_list("paid_at", flat=True)) == {later}
    # The citizen opens "my dossiers" the next day: the pay page says nothing is left to pay.
    client.force_login(owner)
    page = client.get(f"/thanh-toan/ho-so/{dossier.pk}/").content.decode()
    assert 'id="nothing-to-pay"' in page


def test_unknown_txnref_answers_01(client, dossier, owner) -> None:
    start(dossier, owner)
    assert ipn(client, vnpay_callback("P261116NOSUCHREF", TOTAL)) == {
        "RspCode": "01",
        "Message": "Order not found",
    }
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).exists()


def test_unreadable_callback_answers_99(client, dossier, owner) -> None:
    payment = start(dossier, owner)[0]
    params = vnpay_callback(payment.reference, TOTAL)
    del params["vnp_SecureHash"]
    bad = {**params, "vnp_Amount": "70.000"}
    bad["vnp_SecureHash"] = signing.sign(bad, SECRET)
    assert ipn(client, bad)["RspCode"] == "99"


def test_expired_attempt_is_closed_when_a_new_one_starts_and_its_late_payment_still_credits(
    dossier, owner
) -> None:
    first = start(dossier, owner)[0]
    after_expiry = first.expires_at + timezone.timedelta(minutes=1)
    second = start(dossier, owner, now=after_expiry)[0]
    first.refresh_from_db()
    assert first.state == Payment.State.EXPIRED and second.state == Payment.State.PENDING
    # The bank took the money before the expiry but its notice comes late: it is credited, never lost.
    outcome = services.receive_callback("vnpay", vnpay_callback(first.reference, TOTAL), now=after_expiry)
    assert outcome == Outcome.CONFIRMED
    assert not dossier.fees.filter(paid_at__isnull=True).exists()
    # A failure notice for an attempt already closed changes nothing.
    failed = vnpay_callback(second.reference, TOTAL, code="11")
    Payment.objects.filter(pk=second.pk).update(state=Payment.State.EXPIRED)
    assert services.receive_callback("vnpay", failed) == Outcome.ALREADY_DONE
    assert Payment.objects.get(pk=second.pk).state == Payment.State.EXPIRED


def test_unknown_gateway_callback_is_404(client) -> None:
    assert client.get("/thanh-toan/ipn/nosuchbank/").status_code == 404


@pytest.mark.parametrize("name", ["vnpay_ipn_paid.txt"])
def test_return_page_shows_what_is_stored_and_never_credits(client, dossier, owner, name) -> None:
    payment = _as_recorded(start(dossier, owner)[0])
    client.force_login(owner)
    page = client.get("/thanh-toan/ket-qua/vnpay/", recorded(name)).content.decode()
    assert 'id="return-pending"' in page  # the bank says paid; the IPN has not come yet
    assert Payment.objects.get(pk=payment.pk).state == Payment.State.PENDING
    ipn(client, recorded(name))
    page = client.get("/thanh-toan/ket-qua/vnpay/", recorded(name)).content.decode()
    assert 'id="return-paid"' in page
    forged = {**recorded(name), "vnp_ResponseCode": "24"}
    assert client.get("/thanh-toan/ket-qua/vnpay/", forged).status_code == 400
