"""Two agencies of the documents tests (commune An Bình sends, the Department of Justice receives), each
the other's peer of the exchange with the test CA's root as trust anchor. `loopback` makes both peers this
deployment's own endpoint, which the outbox serves in process (the HTTP path is tested through the endpoint
and, between two processes, in test_two_deployments.py)."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from egov.exchange.models import Peer
from tests.documents.conftest import _signing, agency_certificates, ca, office  # noqa: F401


@pytest.fixture
def peers(office, ca) -> dict[str, Peer]:  # noqa: F811
    root = ca.cert.public_bytes(serialization.Encoding.PEM).decode()
    return {
        "justice": Peer.objects.create(
            organ_id=office.justice.code,
            name="Sở Tư pháp",
            endpoint="http://127.0.0.1:9/lien-thong/edxml/",
            trust_pem=root,
        ),
        "commune": Peer.objects.create(
            organ_id=office.commune.code,
            name="UBND xã An Bình",
            endpoint="http://127.0.0.1:9/lien-thong/edxml/",
            trust_pem=root,
        ),
    }


@pytest.fixture
def loopback(peers, settings) -> None:
    """Both peers are agencies of this deployment: their endpoint is its own, served in process."""
    Peer.objects.update(endpoint=f"{settings.EGOV_PUBLIC_URL}/lien-thong/edxml/")


def issued_to(office: Any, ca: Any, external: list[str], **fields: Any) -> Any:  # noqa: F811
    """A document of the commune, signed and issued to `external` recipients only."""
    from egov.documents import outgoing
    from tests.documents.conftest import MONDAY, signed

    doc = signed(office, ca, internal=[], external=external, **fields)
    return outgoing.issue(doc, actor=office.clerk.user, now=MONDAY)
