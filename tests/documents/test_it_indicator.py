"""The IT-application indicator IT.DOC (docs/insight.md) counted from the documents' registers: the share of
documents entered in the year's registers whose main file is an electronic original (digitally signed)."""

from __future__ import annotations

from decimal import Decimal

from egov.documents import services
from egov.insight import it_indicators
from tests.documents.conftest import MONDAY, pdf, received, signed


def test_share_of_registered_documents_that_are_electronic_originals(office, ca, agency_certificates):
    """By hand, 2026, the commune An Bình: an incoming scan registered (not electronic), an outgoing
    decision signed and numbered (electronic), an incoming scan received but not registered (not counted):
    1 electronic of 2 entered = 50.0 %. The province counts its subtree: the same 50.0 %; another year 0."""
    scan = received(office)
    services.register(scan, actor=office.clerk.user, now=MONDAY)
    signed(office, ca)
    services.receive(
        actor=office.clerk.user,
        agency=office.commune,
        meta=services.Metadata(
            doc_type="CV",
            issuer_name="Sở Y tế",
            number_symbol="12/SYT-VP",
            issued_on=MONDAY.date(),
            summary="Không vào sổ",
            signer_name="A",
        ),
        main=pdf(),
        now=MONDAY,
    )
    root = office.commune.parent
    assert it_indicators.documents_electronic(office.commune, 2026) == Decimal("50.0")
    assert it_indicators.documents_electronic(root, 2026) == Decimal("50.0")
    assert it_indicators.documents_electronic(root, 2025) == Decimal(0)
    grouped = it_indicators.grouped("IT.DOC", [root, office.commune, office.justice], [2025, 2026])
    assert grouped[(root.pk, 2026)] == grouped[(office.commune.pk, 2026)] == Decimal("50.0")
    assert grouped[(office.justice.pk, 2026)] == Decimal(0) and grouped[(root.pk, 2025)] == Decimal(0)
