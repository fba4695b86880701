"""The administrators' outbox screens: who opens each over GET and POST (province administrators only; a
refused POST changes nothing), what they show (counts per channel, filters, a masked recipient), and
retries through the service with their audit row."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.channels import outbox
from egov.channels.models import DeliveryStatus, OutboxMessage
from egov.core.models import AuditEntry
from tests.conftest import PERSONAS
from tests.factories import make_citizen

pytestmark = pytest.mark.django_db

ALLOWED = ("province_admin",)


@pytest.fixture
def citizen(db) -> Any:
    return make_citizen("congdan.hangdoi", id_number="001090099999", verified=True)


@pytest.fixture
def queue() -> dict[str, OutboxMessage]:
    now = timezone.now()
    failed = outbox.enqueue("sms", {"to": "0912345678", "text": "Hồ sơ của Nguyễn Văn An"}, now=now)
    OutboxMessage.objects.filter(pk=failed.pk).update(
        failed_at=now, attempts=5, last_error="PermanentFailure: x"
    )
    delivered = outbox.enqueue("sms", {"to": "0912000111", "text": "Đã trả kết quả"}, now=now)
    OutboxMessage.objects.filter(pk=delivered.pk).update(
        sent_at=now, delivery_status=DeliveryStatus.DELIVERED
    )
    mail = outbox.enqueue(
        "email", {"to": "an@example.vn", "subject": "Hồ sơ", "body": "Kính gửi ông An"}, now=now
    )
    return {"failed": failed, "delivered": delivered, "mail": mail}


def _state() -> tuple[Any, ...]:
    rows = OutboxMessage.objects.order_by("id").values_list("failed_at", "attempts", "available_at")
    return tuple(rows), AuditEntry.objects.filter(action="channels.retry").count()


CASES = [
    ("list", "get", lambda q: reverse("channels:outbox_list")),
    ("detail", "get", lambda q: reverse("channels:outbox_detail", args=[q["failed"].pk])),
    ("retry one", "post", lambda q: reverse("channels:outbox_retry", args=[q["failed"].pk])),
    ("retry all", "post", lambda q: reverse("channels:outbox_retry_failed")),
]


@pytest.mark.parametrize(("name", "method", "url"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("persona", ("anonymous", "citizen", *PERSONAS))
def test_access_matrix_province_administrators_only(client, cast, citizen, queue, name, method, url, persona):
    user = None if persona == "anonymous" else citizen if persona == "citizen" else cast.all()[persona].user
    if user is not None:
        client.force_login(user)
    before = _state()

    answer = getattr(client, method)(url(queue))

    if persona == "anonymous":
        assert answer.status_code == 302 and "login" in answer["Location"]
    elif persona in ALLOWED:
        assert answer.status_code == (200 if method == "get" else 302)
    else:
        assert answer.status_code == 403
    if method == "post" and persona not in ALLOWED:
        assert _state() == before


@pytest.mark.parametrize("url_name", ["channels:outbox_list"])
def test_read_screens_refuse_post(client, cast, queue, url_name):
    client.force_login(cast.province_admin.user)
    assert client.post(reverse(url_name)).status_code == 405


def test_counts_per_channel_and_filters(client, cast, queue):
    client.force_login(cast.province_admin.user)
    page = client.get(reverse("channels:outbox_list")).content.decode()
    counts = page.split('id="outbox-counts"')[1].split("</table>")[0]
    # SMS: 0 pending, 1 failed, 1 sent, 1 delivered; email: 1 pending.
    rows = [row.split("<td>")[2:6] for row in counts.split("<tr>")[2:]]
    numbers = [[cell.split("<")[0] for cell in row] for row in rows]
    assert numbers == [["1", "0", "0", "0"], ["0", "1", "1", "1"]]  # email, then SMS

    failed_sms = client.get(
        reverse("channels:outbox_list"), {"topic": "sms", "state": "failed"}
    ).content.decode()
    listed = failed_sms.split('id="outbox-messages"')[1]
    assert f">{queue['failed'].pk}</a>" in listed and f">{queue['delivered'].pk}</a>" not in listed
    assert "*******678" in listed and "0912345678" not in listed


def test_detail_masks_the_recipient_and_hides_the_text(client, cast, queue):
    client.force_login(cast.province_admin.user)
    page = client.get(reverse("channels:outbox_detail", args=[queue["mail"].pk])).content.decode()
    assert "a***@example.vn" in page and "an@example.vn" not in page and "Kính gửi" not in page
    sms = client.get(reverse("channels:outbox_detail", args=[queue["failed"].pk])).content.decode()
    assert "Nguyễn" not in sms and "0912345678" not in sms


def test_odd_filters_and_unknown_messages_never_answer_500(client, cast, queue):
    client.force_login(cast.province_admin.user)
    assert (
        client.get(
            reverse("channels:outbox_list"), {"topic": "x\x00", "state": "'", "page": "-1"}
        ).status_code
        == 200
    )
    assert client.get(reverse("channels:outbox_detail", args=[999999])).status_code == 404
    assert client.post(reverse("channels:outbox_retry", args=[999999])).status_code == 404


def test_retry_one_puts_the_failed_message_back_due_now_with_an_audit_row(client, cast, queue):
    client.force_login(cast.province_admin.user)
    client.post(reverse("channels:outbox_retry", args=[queue["failed"].pk]))

    message = OutboxMessage.objects.get(pk=queue["failed"].pk)
    assert message.failed_at is None and message.attempts == 0
    assert OutboxMessage.objects.due(timezone.now()).filter(pk=message.pk).exists()
    (entry,) = AuditEntry.objects.filter(action="channels.retry")
    assert entry.object_id == str(message.pk) and entry.actor_id == cast.province_admin.user.pk


def test_retry_of_a_message_that_did_not_fail_changes_nothing(client, cast, queue):
    client.force_login(cast.province_admin.user)
    before = _state()
    client.post(reverse("channels:outbox_retry", args=[queue["delivered"].pk]))
    assert _state() == before


def test_retry_all_failed_of_one_channel(client, cast, queue):
    OutboxMessage.objects.filter(pk=queue["mail"].pk).update(failed_at=timezone.now())
    client.force_login(cast.province_admin.user)

    client.post(reverse("channels:outbox_retry_failed"), {"topic": "sms"})

    assert OutboxMessage.objects.get(pk=queue["failed"].pk).failed_at is None
    assert OutboxMessage.objects.get(pk=queue["mail"].pk).failed_at is not None
    assert AuditEntry.objects.filter(action="channels.retry").count() == 1
