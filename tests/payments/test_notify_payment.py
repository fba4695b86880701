"""A credited payment sends the "payment_credited" template, by the channels the owner chose for payments."""

from __future__ import annotations

from egov.channels.models import OutboxMessage
from egov.citizens import notify_choices
from tests.payments.test_vnpay import _as_recorded, ipn, recorded, start


def _told(dossier):
    return OutboxMessage.objects.about(dossier).filter(payload__event="payment_credited")


def test_a_payment_credited_is_told_with_its_template_by_sms_and_email(client, dossier, owner):
    payment = _as_recorded(start(dossier, owner)[0])
    assert ipn(client, recorded("vnpay_ipn_paid.txt"))["RspCode"] == "00"
    sms = _told(dossier).get(topic="sms")
    assert sms.payload["text"].startswith("Đã nhận khoản thanh toán 70.000")
    assert payment.reference in sms.payload["text"] and dossier.code in sms.payload["text"]
    assert _told(dossier).filter(topic="email").count() == 1


def test_payments_by_email_only_when_the_owner_chose_so(client, dossier, owner):
    notify_choices.save_choices(
        actor=owner, choices={"progress": {"sms", "email"}, "results": {"sms"}, "payments": {"email"}}
    )
    _as_recorded(start(dossier, owner)[0])
    assert ipn(client, recorded("vnpay_ipn_paid.txt"))["RspCode"] == "00"
    assert list(_told(dossier).values_list("topic", flat=True)) == ["email"]
