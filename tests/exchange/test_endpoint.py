"""The endpoint peers POST packages to (/lien-thong/edxml/): a package kept answers 200 with a status
"arrived"; a malformed, unsigned, tampered or unknown sender's package answers 4xx with a status "rejected"
(02) and the reason, and changes nothing; GET is refused; nothing a peer sends answers 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from egov.core.audit import SystemActor
from egov.core.models import AuditEntry
from egov.documents.models import Document
from egov.exchange import dispatch, edxml
from egov.exchange.models import Message
from tests.documents.conftest import MONDAY
from tests.exchange.conftest import issued_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(office, ca, agency_certificates, peers) -> bytes:
    issued_to(office, ca, ["Sở Tư pháp"])
    dispatch.dispatch(actor=SystemActor("test"), now=MONDAY)
    return Message.objects.get(direction="out", kind="edoc").body.encode()


def state() -> tuple[Any, ...]:
    return (
        Document.objects.filter(direction="incoming").count(),
        Message.objects.filter(direction="in").count(),
        AuditEntry.objects.filter(action__startswith="exchange.receive").count(),
    )


def post(client, data: bytes) -> tuple[int, str, str]:
    answer = client.post(reverse("exchange:endpoint"), data=data, content_type="application/xml")
    return answer.status_code, *edxml.answer_of(answer.content)


def test_signed_package_kept_and_answered_arrived(client, package):
    code, status, reason_given = post(client, package)
    assert code == 200 and status == "01"
    assert state()[:2] == (1, 1)
    code, status, reason_given = post(client, package)  # the sender retries: lands once
    assert code == 200 and reason_given == "already received" and state()[:2] == (1, 1)


@pytest.mark.parametrize(
    ("change", "http", "reason"),
    [
        (lambda p: b"not xml at all", 400, "malformed package"),
        (lambda p: p.replace(b"<CodeNumber>01<", b"<CodeNumber>99<"), 403, "signature not valid"),
        (lambda p: p.split(b"<ds:Signature")[0] + p.split(b"</ds:Signature>")[1], 403, "signature not valid"),
        (lambda p: p.replace(b"<OrganId>000.00.31", b"<OrganId>999.00.31", 1), 403, "unknown sender"),
    ],
    ids=["malformed", "tampered", "unsigned", "unknown sender"],
)
def test_bad_package_rejected_with_reason_and_nothing_changed(client, package, change, http, reason):
    before = state()
    code, status, reason_given = post(client, change(package))
    assert code == http and status == "02" and reason in reason_given
    assert state() == before


def test_package_for_an_agency_not_here_rejected(client, package, office):
    office.justice.code = "000.77.00.H77"
    office.justice.save(update_fields=["code"])
    before = state()
    code, status, reason_given = post(client, package)
    assert code == 400 and status == "02" and "not addressed to an agency of this system" in reason_given
    assert state() == before


def test_get_refused(client, db):
    assert client.get(reverse("exchange:endpoint")).status_code == 405


def test_package_larger_than_a_form_is_read_not_refused_by_size(client, db):
    """Django refuses form bodies over 2.5 MB; a package with its PDF may be larger, and is read."""
    code, status, reason_given = post(client, b"<x>" + b"A" * 3_000_000 + b"</x>")
    assert code == 400 and status == "02" and "malformed package" in reason_given
