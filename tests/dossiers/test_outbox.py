"""Notifications leave through the outbox: written with the move, sent once, retried on failure."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command

from egov.dossiers import outbox
from egov.dossiers.models import OutboxMessage
from tests.dossiers.conftest import MONDAY, receive


class FlakySMS:
    calls = 0

    def send(self, to: str, text: str) -> None:
        FlakySMS.calls += 1
        raise ConnectionError("gateway down")


def test_deliver_outbox_sends_email_and_sms_once(cast, flows):
    outbox.LogSMSTransport.sent.clear()
    d = receive(cast, flows.simple)
    out = StringIO()
    call_command("deliver_outbox", stdout=out)
    assert "sent 2, failed 0" in out.getvalue()
    assert len(mail.outbox) == 1 and d.code in mail.outbox[0].subject
    assert f"/tra-cuu/{d.code}" in mail.outbox[0].body
    assert list(outbox.LogSMSTransport.sent) == [("0912345678", mail.outbox[0].body.split("\n")[0])]
    assert "Hồ sơ" in outbox.LogSMSTransport.sent[0][1]  # written in Vietnamese
    call_command("deliver_outbox", stdout=StringIO())
    assert len(mail.outbox) == 1 and len(outbox.LogSMSTransport.sent) == 1
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def test_a_failing_transport_is_retried_with_backoff_then_given_up(cast, flows, settings):
    settings.EGOV_SMS_TRANSPORT = "tests.dossiers.test_outbox.FlakySMS"
    receive(cast, flows.simple)
    sms = OutboxMessage.objects.get(topic="sms")
    now = MONDAY
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        outbox.deliver_due(now=now)
        sms.refresh_from_db()
        assert sms.attempts == attempt and sms.sent_at is None
        assert "gateway down" in sms.last_error
        if attempt < outbox.MAX_ATTEMPTS:
            assert sms.failed_at is None
            # Not retried before its backoff has passed.
            outbox.deliver_due(now=now)
            sms.refresh_from_db()
            assert sms.attempts == attempt
            now = sms.available_at + dt.timedelta(seconds=1)
    assert sms.failed_at is not None
    assert OutboxMessage.objects.get(topic="email").sent_at is not None
