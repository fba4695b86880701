"""Packages built, signed, verified and read back (QCVN 102:2016 layout, docs/legal-notes/edxml.md): a
package whose bytes were changed after signing, an unsigned one, or one signed by a certificate the peer is
not trusted for, is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization

from egov.core import signing
from egov.exchange import edxml, signature
from tests.ca import CertificateAuthority

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def ca() -> CertificateAuthority:
    return CertificateAuthority.create("egov TEST root CA")


@pytest.fixture(scope="module")
def key(ca) -> signing.SigningKey:
    return signing.load_pkcs12(ca.pkcs12("UBND xã An Bình", b"pw"), b"pw")


def pem(cert) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


PACKAGE = edxml.Edoc(
    message_id="0b6f4c1e-1111-4a4a-9c9c-000000000001",
    sender=edxml.Party("000.31.00.H99", "UBND xã An Bình"),
    to=(edxml.Party("000.05.00.H99", "Sở Tư pháp"),),
    number="01",
    notation="QĐ-UBND",
    place="An Bình",
    promulgation_date=dt.date(2026, 6, 1),
    type_code="QĐ",
    type_name="Quyết định",
    subject="Quyết định về việc thành lập tổ công tác",
    signer_name="Nguyễn Văn Chủ",
    signer_position="Chủ tịch",
    due_date=dt.date(2026, 6, 15),
    priority="1",
    to_places=("Sở Tư pháp", "Lưu: VT"),
    page_amount=2,
    attachments=(edxml.Attachment("quyet-dinh.pdf", "application/pdf", b"%PDF-1.7 signed bytes"),),
)


def test_document_package_round_trip_qcvn_102_2016_message_header(key):
    data = signature.sign(edxml.build_edoc(PACKAGE, NOW), key)
    root = signature.verify(data, pem(key.certificate))
    assert edxml.kind(root) == "edoc"
    assert edxml.read_edoc(root) == PACKAGE
    assert PACKAGE.document_id == "000.31.00.H99,2026/06/01,01/QĐ-UBND"


def test_status_package_round_trip(key):
    status = edxml.Status(
        message_id="s-1",
        sender=edxml.Party("000.05.00.H99", "Sở Tư pháp"),
        to=edxml.Party("000.31.00.H99"),
        document_id=PACKAGE.document_id,
        code="06",
        description="Hoàn thành",
        timestamp=NOW,
        staff="Trần Văn Thư",
        department="Sở Tư pháp",
    )
    root = signature.verify(signature.sign(edxml.build_status(status, NOW), key), pem(key.certificate))
    assert edxml.kind(root) == "status" and edxml.read_status(root) == status


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Quyết định về việc".encode(), "Quyết định hủy việc".encode()),  # the summary
        (b"<CodeNumber>01<", b"<CodeNumber>02<"),  # the number
        (b"JVBERi0xLjcgc2lnbmVkIGJ5dGVz", b"JVBERi0xLjcgc2lnbmVkIGJ5dGVa"),  # the attached PDF
    ],
    ids=["summary", "number", "attachment"],
)
def test_tampered_package_refused(key, before, after):
    data = signature.sign(edxml.build_edoc(PACKAGE, NOW), key)
    assert before in data
    with pytest.raises(signature.Unsigned):
        signature.verify(data.replace(before, after), pem(key.certificate))


def test_unsigned_package_refused(key):
    with pytest.raises(signature.Unsigned):
        signature.verify(edxml.to_bytes(edxml.build_edoc(PACKAGE, NOW)), pem(key.certificate))


def test_signature_of_another_certificate_refused_when_pinned(ca, key):
    other = signing.load_pkcs12(ca.pkcs12("Kẻ mạo danh", b"pw"), b"pw")
    data = signature.sign(edxml.build_edoc(PACKAGE, NOW), other)
    with pytest.raises(signature.Unsigned):
        signature.verify(data, pem(key.certificate))


def test_ca_root_as_trust_anchor_accepts_its_certificates_only(ca, key):
    data = signature.sign(edxml.build_edoc(PACKAGE, NOW), key)
    assert edxml.read_edoc(signature.verify(data, pem(ca.cert))) == PACKAGE
    stranger = CertificateAuthority.create("another CA")
    with pytest.raises(signature.Unsigned):
        signature.verify(data, pem(stranger.cert))


@pytest.mark.parametrize(
    "data",
    [b"", b"not xml", b"<edXML/>", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'],
    ids=["empty", "text", "no namespace", "entities"],
)
def test_malformed_package_says_so(data):
    with pytest.raises(edxml.Malformed):
        edxml.parse_xml(data)


def test_package_without_file_or_subject_is_malformed(key):
    bare = edxml.Edoc(**{**vars(PACKAGE), "attachments": ()})
    with pytest.raises(edxml.Malformed, match="no attached file"):
        edxml.read_edoc(edxml.build_edoc(bare, NOW))
    nameless = edxml.Edoc(**{**vars(PACKAGE), "subject": ""})
    with pytest.raises(edxml.Malformed, match="Subject"):
        edxml.read_edoc(edxml.build_edoc(nameless, NOW))
