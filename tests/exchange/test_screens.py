"""The exchange screen (/lien-thong/): who opens it and sends a failed delivery again, over GET and POST
(province administrators only; a refused POST changes nothing); and the peers' endpoint answers any visitor
without a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from egov.channels.models import OutboxMessage
from egov.core.audit import SystemActor
from egov.core.models import AuditEntry
from egov.documents.models import Recipient
from egov.exchange import dispatch
from egov.exchange.models import Message
from tests.conftest import PERSONAS
from tests.documents.conftest import MONDAY
from tests.exchange.conftest import issued_to

pytestmark = pytest.mark.django_db
ALLOWED = ("province_admin",)


@pytest.fixture
def failed(office, ca, agency_certificates, peers) -> dict[str, Any]:
    issued_to(office, ca, ["Sở Tư pháp"])
    unrouted = issued_to(office, ca, ["Bưu điện tỉnh"], summary="Công văn gửi nơi chưa có hệ thống")
    dispatch.dispatch(actor=SystemActor("test"), now=MONDAY)
    message = Message.objects.get(direction="out", kind="edoc")
    message.state = Message.State.FAILED
    message.save()
    OutboxMessage.objects.filter(topic="exchange").update(failed_at=MONDAY, attempts=5, last_error="x")
    return {"message": message, "recipient": unrouted.recipients.get()}


def _state() -> tuple[Any, ...]:
    return (
        tuple(Message.objects.order_by("id").values_list("state", flat=True)),
        tuple(Recipient.objects.order_by("id").values_list("exchange_status", flat=True)),
        tuple(OutboxMessage.objects.filter(topic="exchange").values_list("failed_at", "attempts")),
        AuditEntry.objects.filter(action="exchange.retry").count(),
    )


CASES = [
    ("list", "get", lambda f: reverse("exchange:list")),
    ("retry", "post", lambda f: reverse("exchange:retry", args=[f["message"].pk])),
    ("retry unrouted", "post", lambda f: reverse("exchange:retry_recipient", args=[f["recipient"].pk])),
]


@pytest.mark.parametrize(("name", "method", "url"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("persona", ("anonymous", *PERSONAS))
def test_access_matrix_province_administrators_only(client, cast, failed, name, method, url, persona):
    if persona != "anonymous":
        client.force_login(cast.all()[persona].user)
    before = _state()

    answer = getattr(client, method)(url(failed))

    if persona == "anonymous":
        assert answer.status_code == 302 and "login" in answer["Location"]
    elif persona in ALLOWED:
        assert answer.status_code == (200 if method == "get" else 302)
        if method == "post":
            assert _state() != before
    else:
        assert answer.status_code == 403
    if method == "post" and persona not in ALLOWED:
        assert _state() == before


def test_list_shows_failed_deliveries_and_unreachable_recipients(client, cast, failed):
    client.force_login(cast.province_admin.user)
    page = client.get(reverse("exchange:list")).content.decode()
    assert "Bưu điện tỉnh" in page.split('id="unrouted"')[1]
    assert "Sở Tư pháp" in page.split('id="deliveries"')[1]


def test_unrouted_recipient_retried_when_its_peer_exists(client, cast, failed):
    client.force_login(cast.province_admin.user)
    client.post(reverse("exchange:retry_recipient", args=[failed["recipient"].pk]))
    failed["recipient"].refresh_from_db()
    assert failed["recipient"].exchange_status == Recipient.ExchangeStatus.PENDING


@pytest.mark.parametrize("query", ["?state=x", "?page=abc", "?page=999", "?state=failed&page=-1"])
def test_odd_queries_never_answer_500(client, cast, failed, query):
    client.force_login(cast.province_admin.user)
    assert client.get(reverse("exchange:list") + query).status_code == 200


def test_read_screen_refuses_post(client, cast, failed):
    client.force_login(cast.province_admin.user)
    assert client.post(reverse("exchange:list")).status_code == 405
