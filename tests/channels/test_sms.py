"""SMS without a gateway: segment counting, the segment limit, keyword parsing, Kannel's callbacks (who may
call, odd input, delivery reports in any order) and the answers to an inbound look-up."""

from __future__ import annotations

import http.server
import threading
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from egov.channels import inbound, outbox, segments
from egov.channels.gateways import kannel
from egov.channels.models import DeliveryStatus, OutboxMessage
from egov.channels.transports import LogSMSTransport, PermanentFailure
from egov.dossiers import status_words
from tests.dossiers.conftest import _media, flows, receive  # noqa: F401

SECRET = "a-callback-secret"


@pytest.fixture
def kannel_settings(settings):
    settings.EGOV_KANNEL_CALLBACK_SECRET = SECRET
    settings.EGOV_KANNEL_ALLOWED_IPS = ("127.0.0.1",)
    settings.EGOV_SMS_MAX_SEGMENTS = 2
    return settings


@pytest.mark.parametrize(
    ("text", "encoding", "segments_"),
    [
        ("", segments.GSM7, 0),
        ("a" * 160, segments.GSM7, 1),
        ("a" * 161, segments.GSM7, 2),
        ("a" * 306, segments.GSM7, 2),
        ("a" * 307, segments.GSM7, 3),
        ("€" * 80, segments.GSM7, 1),  # an extension character takes two septets
        ("€" * 81, segments.GSM7, 2),
        ("ệ" * 70, segments.UCS2, 1),
        ("ệ" * 71, segments.UCS2, 2),
        ("ệ" * 134, segments.UCS2, 2),
        ("ệ" * 135, segments.UCS2, 3),
    ],
)
def test_segments_gsm7_160_153_and_ucs2_70_67(text, encoding, segments_):
    counted = segments.count_segments(text)
    assert (counted.encoding, counted.segments) == (encoding, segments_)


@pytest.mark.django_db
def test_sms_over_the_segment_limit_fails_permanently_unless_the_payload_allows_it(kannel_settings):
    LogSMSTransport.sent.clear()
    too_long = outbox.enqueue("sms", {"to": "0912345678", "text": "ệ" * 135})
    allowed = outbox.enqueue("sms", {"to": "0912345679", "text": "ệ" * 135, "max_segments": "3"})

    tally = outbox.deliver_due()

    assert (tally.sent, tally.failed, tally.retried) == (1, 1, 0)
    refused = OutboxMessage.objects.get(pk=too_long.pk)
    assert refused.failed_at is not None and "3 segments" in refused.last_error
    assert OutboxMessage.objects.get(pk=allowed.pk).sent_at is not None
    assert [to for to, _text in LogSMSTransport.sent] == ["0912345679"]


@pytest.mark.parametrize(
    "text",
    [
        "TRACUU ABC-1",
        "tracuu abc-1",
        "Tra cứu ABC-1",
        "TRACỨU  abc-1",
        "  t r a c u u   ABC-1 ",
        "TRA CỨU\nabc-1",
    ],
)
def test_keyword_in_any_case_with_or_without_marks_and_spaces(settings, text):
    assert inbound.parse(text) == ("TRACUU", "ABC-1")


@pytest.mark.parametrize("text", ["", "TRACUUX ABC", "HELLO", "tra", "🙂"])
def test_other_texts_are_no_keyword(settings, text):
    assert inbound.parse(text) is None


def test_sendsms_query_asks_ucs2_only_when_needed_and_a_signed_delivery_report(kannel_settings):
    plain = parse_qs(kannel.sendsms_query("0912345678", "Ho so da tiep nhan", "41"))
    marked = parse_qs(kannel.sendsms_query("0912345678", "Hồ sơ đã tiếp nhận", "41"))

    assert "coding" not in plain and marked["coding"] == ["2"] and marked["charset"] == ["UTF-8"]
    assert marked["text"] == ["Hồ sơ đã tiếp nhận"] and marked["dlr-mask"] == ["31"]
    report = parse_qs(urlsplit(marked["dlr-url"][0]).query)
    assert report["id"] == ["41"] and kannel.token_matches("41", report["t"][0])
    assert not kannel.token_matches("42", report["t"][0])


def _dlr(client, message_id, status_type, *, token=None, secret=SECRET, address="127.0.0.1"):
    query = {
        "id": message_id,
        "t": token or kannel.token_for(str(message_id)),
        "s": secret,
        "type": status_type,
    }
    return client.get(reverse("channels:kannel_dlr"), query, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_delivery_reports_are_recorded_and_a_late_buffered_one_does_not_undo_delivered(
    client, kannel_settings
):
    message = outbox.enqueue("sms", {"to": "0912345678", "text": "x"})

    assert _dlr(client, message.pk, 8).status_code == 200
    assert OutboxMessage.objects.get(pk=message.pk).delivery_status == DeliveryStatus.BUFFERED
    assert _dlr(client, message.pk, 1).status_code == 200
    assert _dlr(client, message.pk, 4).status_code == 200

    stored = OutboxMessage.objects.get(pk=message.pk)
    assert stored.delivery_status == DeliveryStatus.DELIVERED and stored.delivery_reported_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"secret": "wrong"}, 403),
        ({"secret": ""}, 403),
        ({"address": "203.0.113.9"}, 403),
        ({"token": "forged"}, 400),
        ({"status_type": "x"}, 400),
        ({"status_type": "3"}, 400),
    ],
)
def test_a_delivery_report_not_from_kannel_or_odd_changes_nothing(client, kannel_settings, change, status):
    message = outbox.enqueue("sms", {"to": "0912345678", "text": "x"})
    kwargs = {"status_type": 1, **change}
    assert _dlr(client, message.pk, kwargs.pop("status_type"), **kwargs).status_code == status
    assert OutboxMessage.objects.get(pk=message.pk).delivery_status == ""


@pytest.mark.django_db
def test_callbacks_refuse_everyone_while_no_secret_is_set(client, settings):
    settings.EGOV_KANNEL_CALLBACK_SECRET = ""
    answer = client.get(reverse("channels:kannel_inbound"), {"s": "", "from": "0912", "text": "TRACUU X"})
    assert answer.status_code == 403 and not OutboxMessage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "s=a-callback-secret&from=%FF%FE&text=TRACUU",
        "s=a-callback-secret&from=0912&text=%FF%00%D8&charset=UTF-16BE",
        "s=a-callback-secret&from=0912&text=x&charset=no-such-charset",
        "s=a-callback-secret&text=TRACUU+X",
        "s=a-callback-secret&from=0912&text=TRACUU+%00%00%00",
        "s=a-callback-secret&from=0912&text=TRACUU+" + "A" * 5000,
        "id=1&type=1&s=a-callback-secret&from=0912&text=TRACUU+%27%3B--",
    ],
)
def test_odd_inbound_input_never_answers_500(client, kannel_settings, query):
    answer = client.get(reverse("channels:kannel_inbound") + "?" + query)
    assert answer.status_code in (200, 400)


@pytest.mark.django_db
def test_unknown_keyword_gets_the_help_text(client, kannel_settings):
    answer = client.get(
        reverse("channels:kannel_inbound"), {"s": SECRET, "from": "0912000111", "text": "XIN CHAO"}
    )
    assert answer.status_code == 200
    (reply,) = OutboxMessage.objects.filter(payload__to="0912000111")
    assert "TRACUU" in reply.payload["text"] and "Không" in reply.payload["text"]


@pytest.mark.django_db
def test_tracuu_answers_the_bare_status_and_with_a_second_factor_the_masked_name(cast, flows):  # noqa: F811
    dossier = receive(cast, flows.simple)

    bare = inbound.receive("0987000111", f"tracuu {dossier.code}")
    proven = inbound.receive("0987000111", f"TRA CỨU {dossier.code} 5678")  # the applicant's phone ends 5678
    unknown = inbound.receive("0987000111", "TRACUU KHONG-CO")

    assert bare is not None and dossier.code in bare.payload["text"]
    assert status_words.of(dossier) in bare.payload["text"]  # the words every channel uses
    assert "N***" not in bare.payload["text"]
    assert (
        proven is not None
        and "N*** A***" in proven.payload["text"]
        and "Nguyễn" not in proven.payload["text"]
    )
    assert unknown is not None and "KHONG-CO" in unknown.payload["text"]


@pytest.mark.django_db
def test_a_phone_over_its_limit_gets_no_more_answers(settings):
    settings.EGOV_SMS_INBOUND_LIMIT = 2
    answers = [inbound.receive("0912000222", "HELLO") for _ in range(3)]
    other = inbound.receive("0912000333", "HELLO")
    assert [a is not None for a in answers] == [True, True, False] and other is not None


class _Answering(http.server.BaseHTTPRequestHandler):
    answers: ClassVar[list[tuple[int, bytes]]] = []

    def do_GET(self) -> None:
        code, body = self.answers.pop(0)
        self.send_response(code)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_sendsms(settings):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Answering)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EGOV_KANNEL_SENDSMS_URL = f"http://127.0.0.1:{server.server_port}/cgi-bin/sendsms"
    yield _Answering.answers
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("code", "body", "outcome"),
    [
        (202, b"0: Accepted for delivery", None),
        (202, b"3: Queued for later delivery", None),
        (400, b"Missing receiver number", PermanentFailure),
        (403, b"Authorization failed for sendsms", ConnectionError),
        (503, b"Queue full", ConnectionError),
        (200, b"something else", ConnectionError),
    ],
)
def test_kannel_answers_decide_sent_retried_or_failed(fake_sendsms, kannel_settings, code, body, outcome):
    fake_sendsms.append((code, body))
    send = lambda: kannel.KannelGateway().send("0912345678", "Xin chào", timeout=5, reference="1")  # noqa: E731
    if outcome is None:
        send()
    else:
        with pytest.raises(outcome):
            send()


def test_kannel_refuses_a_recipient_that_is_no_phone_number_without_calling(kannel_settings):
    with pytest.raises(PermanentFailure):
        kannel.KannelGateway().send("0912 OR 1=1", "x", timeout=5)
