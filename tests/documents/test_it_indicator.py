"""The IT-application indicator IT.DOC (docs/insight.md) is the share of documents exchanged electronically
(`documents.reports.electronic_share`, docs/tasks.md#reports) over the year."""

from __future__ import annotations

from decimal import Decimal

from egov.documents import outgoing, services
from egov.documents.models import Document
from egov.insight import it_indicators
from tests.documents.conftest import MONDAY, received, signed


def test_it_doc_is_the_share_of_documents_exchanged_electronically(office, ca, agency_certificates):
    """By hand, 2026, the commune An Bình: a decision issued to the Department of Justice (delivered inside
    the system: electronic) and the post office (waiting for the exchange: not electronic); an incoming
    scan registered (not electronic): 1 of 3 = 33.3 %. The Department of Justice registers the copy it
    received from the commune (electronic): 1 of 1 = 100 %. The province counts its subtree: 2 of 4 = 50 %;
    another year 0."""
    outgoing.issue(signed(office, ca), actor=office.clerk.user, now=MONDAY)
    services.register(received(office), actor=office.clerk.user, now=MONDAY)
    arrived = Document.objects.get(agency=office.justice)
    copy = services.register(arrived, actor=office.justice_clerk.user, now=MONDAY)
    assert copy.source is not None
    root = office.commune.parent
    assert it_indicators.documents_electronic(office.commune, 2026) == Decimal("33.3")
    assert it_indicators.documents_electronic(office.justice, 2026) == Decimal("100.0")
    assert it_indicators.documents_electronic(root, 2026) == Decimal("50.0")
    assert it_indicators.documents_electronic(root, 2025) == Decimal(0)
    grouped = it_indicators.grouped("IT.DOC", [root, office.commune, office.justice], [2025, 2026])
    assert grouped[(root.pk, 2026)] == Decimal("50.0") and grouped[(office.commune.pk, 2026)] == Decimal(
        "33.3"
    )
    assert grouped[(office.justice.pk, 2026)] == Decimal("100.0") and grouped[(root.pk, 2025)] == Decimal(0)
