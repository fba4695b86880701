"""What a move tells the applicant leaves through the channels outbox, in Vietnamese, once."""

from __future__ import annotations

from io import StringIO

from django.core import mail
from django.core.management import call_command

from egov.channels.models import OutboxMessage
from egov.channels.transports import LogSMSTransport
from egov.dossiers import lookup
from tests.dossiers.conftest import receive


def test_a_receipt_is_told_to_the_applicant_by_sms_and_email_once(cast, flows):
    LogSMSTransport.sent.clear()
    d = receive(cast, flows.simple)
    assert {(m.topic, m.subject_type, m.subject_id) for m in OutboxMessage.objects.about(d)} == {
        ("sms", "dossiers.dossier", str(d.pk)),
        ("email", "dossiers.dossier", str(d.pk)),
    }
    out = StringIO()
    call_command("deliver_outbox", "--once", stdout=out)
    assert "sent 2, failed 0" in out.getvalue()
    assert len(mail.outbox) == 1 and d.code in mail.outbox[0].subject
    # The applicant's own link opens the details: it carries the signed token of this dossier.
    assert lookup.link(d.code) in mail.outbox[0].body
    assert f"/tra-cuu/{d.code}/?t={lookup.token_for(d.code)}" in mail.outbox[0].body
    # The email says what the SMS says, with the greeting and the link around it.
    assert len(LogSMSTransport.sent) == 1 and LogSMSTransport.sent[0][0] == "0912345678"
    assert LogSMSTransport.sent[0][1] in mail.outbox[0].body
    assert "Hồ sơ" in LogSMSTransport.sent[0][1]  # written in Vietnamese
    call_command("deliver_outbox", "--once", stdout=StringIO())
    assert len(mail.outbox) == 1 and len(LogSMSTransport.sent) == 1
