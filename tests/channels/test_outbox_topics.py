"""Topics other apps register with the outbox (`outbox.register_topic`, the exchange's "exchange"): their
payload checked at enqueue, their sender called by the worker, their failure hook told when the outbox gives
a message up; and a batch of one topic only (`deliver_due(topic=...)`) leaves the others queued."""

from __future__ import annotations

import pytest

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.channels.transports import PermanentFailure

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcels(monkeypatch):
    seen: dict[str, list] = {"sent": [], "failed": []}

    def send(message: OutboxMessage) -> None:
        if message.payload["what"] == "broken":
            raise PermanentFailure("never deliverable")
        seen["sent"].append(message.payload["what"])

    monkeypatch.setitem(
        outbox._TOPICS, "parcel", outbox.Topic(("what",), send, lambda m, e: seen["failed"].append(e))
    )
    monkeypatch.setitem(outbox._REQUIRED, "parcel", ("what",))
    return seen


def test_registered_topic_sent_by_its_sender_and_failures_told(parcels):
    outbox.enqueue("parcel", {"what": "a"})
    outbox.enqueue("parcel", {"what": "broken"})
    with pytest.raises(ValueError):
        outbox.enqueue("parcel", {"other": "x"})

    tally = outbox.deliver_due()

    assert tally.sent == 1 and tally.failed == 1
    assert parcels["sent"] == ["a"] and "never deliverable" in parcels["failed"][0]


def test_batch_of_one_topic_leaves_the_others_queued(parcels):
    outbox.enqueue("parcel", {"what": "a"})
    mail = outbox.enqueue("email", {"to": "a@example.vn", "subject": "s", "body": "b"})

    assert outbox.deliver_due(topic="parcel").sent == 1

    mail.refresh_from_db()
    assert mail.sent_at is None and mail.failed_at is None and mail.attempts == 0
