"""A recall across systems (Decree 30/2020 art. 18.4; statuses "recall requested/accepted/refused" of
rules/edxml-status.json): the issuer's recall reaches the receiver, whose clerk gives the document back or
keeps it with a reason, and the issuer sees the answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.channels import outbox
from egov.core.audit import SystemActor
from egov.documents import outgoing
from egov.documents.models import Document, Status
from egov.exchange import dispatch, statuses
from egov.exchange.models import Message
from tests.documents.conftest import MONDAY
from tests.exchange.conftest import issued_to

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")


@pytest.fixture
def recalled(office, ca, agency_certificates, peers, loopback) -> tuple[Document, Document]:
    doc = issued_to(office, ca, ["Sở Tư pháp"])
    dispatch.dispatch(actor=SYSTEM, now=MONDAY)
    outbox.deliver_due()
    outbox.deliver_due()
    outgoing.recall(doc, actor=office.leader.user, reason="Sai thẩm quyền ban hành", now=MONDAY)
    assert statuses.sync(actor=SYSTEM) == 1
    assert statuses.sync(actor=SYSTEM) == 0  # asked once
    outbox.deliver_due()
    return doc, Document.objects.get(direction="incoming", agency=office.justice)


def answers_seen_by_the_issuer(doc: Document) -> list[str]:
    rows = Message.objects.filter(direction="in", kind="status", recipient__document=doc).order_by("id")
    return list(rows.values_list("status_code", flat=True))


def test_receiving_clerk_gives_the_document_back_decree_30_art_18_4_b(client, office, recalled):
    doc, copy = recalled
    client.force_login(office.justice_clerk.user)
    page = client.get(reverse("documents:detail", args=[copy.pk])).content.decode()
    assert "Sai thẩm quyền ban hành" in page.split('id="recall-request"')[1]

    client.post(reverse("exchange:answer_recall", args=[copy.pk]), {"answer": "accept"})
    copy.refresh_from_db()
    assert copy.status == Status.RECALLED
    statuses.sync(actor=SYSTEM)
    outbox.deliver_due()
    assert answers_seen_by_the_issuer(doc) == ["01", "15"]


def test_receiving_clerk_keeps_it_with_a_reason(client, office, recalled):
    doc, copy = recalled
    client.force_login(office.justice_clerk.user)
    url = reverse("exchange:answer_recall", args=[copy.pk])
    client.post(url, {"answer": "refuse", "note": ""})  # a refusal needs its reason: nothing happens
    assert not copy.events.filter(action="refuse_recall").exists()
    client.post(url, {"answer": "refuse", "note": "Đã triển khai thực hiện"})
    copy.refresh_from_db()
    assert copy.status == Status.RECEIVED
    statuses.sync(actor=SYSTEM)
    outbox.deliver_due()
    assert answers_seen_by_the_issuer(doc) == ["01", "16"]
    client.post(url, {"answer": "accept"})  # answered: no second answer
    copy.refresh_from_db()
    assert copy.status == Status.RECEIVED


def test_only_the_receiving_clerk_answers(client, office, recalled):
    _doc, copy = recalled
    client.force_login(office.justice_leader.user)
    answer = client.post(reverse("exchange:answer_recall", args=[copy.pk]), {"answer": "accept"})
    assert answer.status_code == 403
    copy.refresh_from_db()
    assert copy.status == Status.RECEIVED
