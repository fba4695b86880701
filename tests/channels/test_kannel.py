"""SMS through a real Kannel (bearerbox + smsbox + the fake SMSC of kannel-extras) started on 127.0.0.1:
egov's outbox sends through sendsms, Kannel's delivery reports and inbound messages reach egov's callbacks
over HTTP (pytest-django's live server), and the answer to "TRACUU <code>" arrives back at the fake SMSC."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.urls import reverse

from egov.channels import outbox
from egov.channels.models import DeliveryStatus, OutboxMessage
from egov.dossiers import status_words
from tests.dossiers.conftest import _media, flows, receive  # noqa: F401

from . import kannel as kannel_kit

pytestmark = [
    pytest.mark.skipif(bool(kannel_kit.missing()), reason=kannel_kit.missing() or "Kannel present"),
    pytest.mark.django_db(transaction=True),
]
PHONE = "0912345678"


@pytest.fixture
def kannel(tmp_path, live_server, settings) -> Iterator[kannel_kit.Kannel]:
    running = kannel_kit.start_kannel(tmp_path, live_server.url)
    settings.EGOV_SMS_TRANSPORT = "egov.channels.gateways.kannel.KannelGateway"
    settings.EGOV_KANNEL_SENDSMS_URL = running.sendsms_url
    settings.EGOV_KANNEL_USERNAME = kannel_kit.USERNAME
    settings.EGOV_KANNEL_PASSWORD = kannel_kit.PASSWORD
    settings.EGOV_KANNEL_SENDER = kannel_kit.SHORT_NUMBER
    settings.EGOV_KANNEL_CALLBACK_SECRET = kannel_kit.SECRET
    settings.EGOV_KANNEL_CALLBACK_URL = live_server.url
    settings.EGOV_SMS_TIMEOUT = 5
    yield running
    running.stop()


class Served:
    """The live server's requests, seen from the test thread through Django's request signals. The test reads
    the database only when no request is being served: with SQLite's in-memory test database both threads
    share one database, and a read from the test thread while a callback writes made the callback answer 500
    "database table is locked" (once in four CI runs); Kannel does not send a delivery report again. For the
    same reason the requests are served one at a time, and not while the test thread holds `gate` to write
    (the two delivery reports of one message came together, or while the outbox still marked it sent:
    once more in CI, 6 December 2026); a server of a province uses a file or PostgreSQL, where a writer
    waits for the other."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.gate = threading.Lock()
        self.running: dict[int, str] = {}
        self.gated: dict[int, bool] = {}
        self.done: list[str] = []

    def started(self, environ: dict[str, Any], **_: Any) -> None:
        # Running from the moment it arrives, so a request waiting at the gate is not "settled".
        with self.lock:
            self.running[threading.get_ident()] = f"{environ['PATH_INFO']}?{environ.get('QUERY_STRING', '')}"
        gated = self.gate.acquire(timeout=30)  # never hang the suite: past it, served ungated
        with self.lock:
            self.gated[threading.get_ident()] = gated

    def finished(self, **_: Any) -> None:
        with self.lock:
            seen = self.running.pop(threading.get_ident(), None)
            if seen is not None:
                self.done.append(seen)
            gated = self.gated.pop(threading.get_ident(), False)
        if gated:
            self.gate.release()

    def settled_after(self, path: str, query_part: str = "") -> bool:
        """Whether a request to `path` (`query_part` in its query) has been served and none is running."""
        with self.lock:
            return not self.running and any(
                seen.startswith(path + "?") and query_part in seen for seen in self.done
            )


@pytest.fixture
def served() -> Iterator[Served]:
    seen = Served()
    request_started.connect(seen.started, dispatch_uid="test-kannel-started")
    request_finished.connect(seen.finished, dispatch_uid="test-kannel-finished")
    yield seen
    # The delivery reports of the test's last messages may still be on their way: let them finish before
    # the test's database is emptied.
    _wait(lambda: not seen.running, timeout=10)
    request_started.disconnect(dispatch_uid="test-kannel-started")
    request_finished.disconnect(dispatch_uid="test-kannel-finished")


def _wait(predicate: Any, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_outbox_sms_reaches_the_smsc_with_vietnamese_intact_and_its_delivery_report_is_recorded(
    kannel, served
):
    text = "Hồ sơ 000.00.01.H01-261116-0001 đã được tiếp nhận; hẹn trả ngày 20/11/2026."
    message = outbox.enqueue("sms", {"to": PHONE, "text": text})

    with served.gate:  # the delivery reports wait until the outbox has written its own
        tally = outbox.deliver_due()

    assert tally.sent == 1, OutboxMessage.objects.get().last_error
    assert kannel.wait_received(1) == [(kannel_kit.SHORT_NUMBER, PHONE, text)]
    # The fake SMSC reports "accepted" (8) and then "delivered" (1); the final one stays.
    assert _wait(lambda: served.settled_after(reverse("channels:kannel_dlr"), "type=1&")), kannel.logs()
    assert OutboxMessage.objects.get(pk=message.pk).delivery_status == DeliveryStatus.DELIVERED
    stored = OutboxMessage.objects.get(pk=message.pk)
    assert stored.delivery_reported_at is not None


def test_tracuu_from_the_smsc_is_answered_with_the_dossier_status_through_kannel(kannel, served, cast, flows):  # noqa: F811
    dossier = receive(cast, flows.simple)
    asker = "0987000111"  # not the applicant's phone, which gets the receipt notice
    kannel.send_mo(asker, f"  Tra cứu   {dossier.code.lower()} ")

    assert _wait(lambda: served.settled_after(reverse("channels:kannel_inbound"))), kannel.logs()
    assert OutboxMessage.objects.filter(payload__to=asker).exists()
    with served.gate:  # the delivery reports wait until the outbox has written its own
        outbox.deliver_due()

    assert _wait(lambda: any(to == asker for _from, to, _text in kannel.received())), kannel.logs()
    (reply,) = [(sender, to, text) for sender, to, text in kannel.received() if to == asker]
    assert reply[:2] == (kannel_kit.SHORT_NUMBER, asker)
    assert dossier.code in reply[2]
    assert status_words.of(dossier) in reply[2]  # the words every channel uses
    assert "Nguyễn" not in reply[2]  # no second factor: the bare status only


def test_kannel_down_never_blocks_the_transition_and_its_sms_is_retried_with_backoff(kannel, cast, flows):  # noqa: F811
    kannel.stop()
    dossier = receive(cast, flows.simple)  # the receipt notice goes to the applicant's phone
    (message,) = OutboxMessage.objects.about(dossier).filter(topic="sms")

    tally = outbox.deliver_due()

    stored = OutboxMessage.objects.get(pk=message.pk)
    assert (tally.retried, tally.failed) == (1, 0)
    assert stored.failed_at is None and stored.sent_at is None
    assert stored.claimed_at is not None and stored.available_at > stored.claimed_at
    assert "refused" in stored.last_error.lower()
    dossier.refresh_from_db()
    assert dossier.received_at is not None
