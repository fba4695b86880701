"""Two agencies that exchange documents: commune An Bình (the cast's clerk, plus a leader, a specialist and
an office) and the Department of Justice (the cast's leader and specialist, plus a clerk). PDFs made with
pypdf; signing keys from a CA the tests make (tests/ca.py), trusted through EGOV_SIGNING_TRUST_ROOTS."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from egov.core import signing
from egov.core.audit import SystemActor
from egov.documents import outgoing, services
from egov.documents.models import Document
from egov.organizations import certificates
from egov.organizations.models import Agency, AgencyKind, Role, Staff
from tests.ca import CertificateAuthority
from tests.factories import make_agency, make_staff

P12_PASSWORD = "mat-khau-p12"
#: A Monday in the middle of the year, 09:00 in Vietnam.
MONDAY = timezone.make_aware(dt.datetime(2026, 6, 1, 9, 0))


def pdf(name: str = "van-ban.pdf", pages: int = 1) -> SimpleUploadedFile:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


@dataclass
class Office:
    commune: Agency
    commune_office: Agency
    justice: Agency
    clerk: Staff  # commune
    leader: Staff  # commune
    specialist: Staff  # commune office
    justice_clerk: Staff
    justice_leader: Staff
    justice_specialist: Staff
    outsider: Staff  # a specialist of another commune


@pytest.fixture
def office(cast) -> Office:
    p = cast.province
    commune_office = make_agency(
        "Văn phòng HĐND và UBND xã", AgencyKind.OFFICE, p.commune_a, code="000.31.01.H99", short_name="VP"
    )
    for staff, email in ((cast.clerk, "vanthu@anbinh.example"), (cast.leader, "lanhdao@stp.example")):
        staff.user.email = email
        staff.user.save(update_fields=["email"])
    return Office(
        commune=p.commune_a,
        commune_office=commune_office,
        justice=p.justice,
        clerk=cast.clerk,
        leader=make_staff(
            "lanhdao.anbinh", p.commune_a, (Role.LEADER,), "Nguyễn Văn Chủ", email="chutich@anbinh.example"
        ),
        specialist=make_staff(
            "chuyenvien.anbinh",
            commune_office,
            (Role.SPECIALIST,),
            "Lê Thị Soạn",
            email="soan@anbinh.example",
        ),
        justice_clerk=make_staff(
            "vanthu.stp", p.justice, (Role.CLERK,), "Trần Văn Thư", email="vanthu@stp.example"
        ),
        justice_leader=cast.leader,
        justice_specialist=cast.specialist,
        outsider=cast.commune_b_specialist,
    )


@pytest.fixture
def ca() -> CertificateAuthority:
    return CertificateAuthority.create("egov TEST root CA")


@pytest.fixture(autouse=True)
def _signing(settings, tmp_path, ca):
    root = tmp_path / "root.pem"
    root.write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    settings.EGOV_KEYS_DIR = tmp_path / "keys"
    settings.EGOV_SIGNING_TIMESTAMP_URL = ""
    settings.EGOV_SIGNING_TRUST_ROOTS = [str(root)]


@pytest.fixture
def agency_certificates(office, ca):
    """Both agencies hold a certificate of the test CA."""
    for agency, name in ((office.commune, "UBND xã An Bình"), (office.justice, "Sở Tư pháp")):
        certificates.import_certificate(
            actor=SystemActor("test"),
            agency=agency,
            data=ca.pkcs12(name, P12_PASSWORD.encode()),
            password=P12_PASSWORD,
        )


def personal_key(ca: CertificateAuthority, name: str) -> signing.SigningKey:
    return signing.load_pkcs12(ca.pkcs12(name, P12_PASSWORD.encode()), P12_PASSWORD.encode())


META = services.Metadata(
    doc_type="CV",
    issuer_name="UBND tỉnh Hòa Bình Xanh",
    number_symbol="1565/UBND-VX",
    issued_on=dt.date(2026, 5, 28),
    summary="V/v triển khai quản lý văn bản điện tử",
    signer_name="Phạm Văn Tỉnh",
)


def received(office: Office, now: dt.datetime = MONDAY, **meta: Any) -> Document:
    m = services.Metadata(**{**vars(META), **meta})
    return services.receive(actor=office.clerk.user, agency=office.commune, meta=m, main=pdf(), now=now)


def draft(office: Office, now: dt.datetime = MONDAY, **fields: Any) -> Document:
    d = outgoing.Draft(
        **{
            "doc_type": "QĐ",
            "summary": "Quyết định về việc thành lập tổ công tác",
            "drafting_unit": office.commune_office,
            "internal": [office.justice],
            "external": ["Bưu điện tỉnh"],
            **fields,
        }
    )
    return outgoing.create_draft(
        actor=office.specialist.user, agency=office.commune, draft=d, main=pdf(), now=now
    )


def signed(office: Office, ca: CertificateAuthority, now: dt.datetime = MONDAY, **fields: Any) -> Document:
    doc = draft(office, now, **fields)
    doc = outgoing.send_for_review(doc, actor=office.specialist.user, approver=office.leader.user, now=now)
    doc = outgoing.approve(doc, actor=office.leader.user, now=now)
    key = personal_key(ca, "Nguyễn Văn Chủ")
    return outgoing.sign(doc, actor=office.leader.user, key=key, position="Chủ tịch", now=now)
