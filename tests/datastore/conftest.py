"""The citizen's store: a citizen who files online, the dossier's way to a returned result, real PDFs, and
an agency certificate from a CA the tests make."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from egov.citizens.models import Membership, Organisation
from egov.core.audit import SystemActor
from egov.dossiers import intake
from egov.dossiers.models import Dossier
from egov.organizations import certificates
from egov.procedures.models import ApplicantType, RequiredDocument
from tests.ca import CertificateAuthority
from tests.dossiers.conftest import APPLICANT, MONDAY, flows, hours, step  # noqa: F401
from tests.factories import make_citizen

P12_PASSWORD = "mat-khau-p12"


def pdf(name: str = "ket-qua.pdf", pages: int = 1) -> SimpleUploadedFile:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def png(name: str = "anh.png") -> SimpleUploadedFile:
    data = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
        b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.EGOV_KEYS_DIR = tmp_path / "keys"
    settings.EGOV_SIGNING_TIMESTAMP_URL = ""


@pytest.fixture
def citizen(db) -> Any:
    return make_citizen("congdan.an", full_name="Nguyễn Văn An", id_number="001090012345")


@pytest.fixture
def other_citizen(db) -> Any:
    return make_citizen("congdan.binh", full_name="Lê Thị Bình")


@pytest.fixture
def organisation(citizen, other_citizen) -> Organisation:
    org = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH An Bình")
    Membership.objects.create(organisation=org, user=citizen, is_admin=True)
    return org


@pytest.fixture
def coded(flows):  # noqa: F811
    """The simple procedure with a result-type code (results get a document code) and two checklist lines."""
    flows.simple.result_type_code = "TEST.KQ01"
    flows.simple.result = "Bản sao trích lục hộ tịch\nCấp cho người yêu cầu"
    flows.simple.save(update_fields=["result_type_code", "result"])
    RequiredDocument.objects.create(procedure=flows.simple, name="Tờ khai đề nghị cấp bản sao", sort_order=1)
    RequiredDocument.objects.create(
        procedure=flows.simple, name="Giấy ủy quyền", sort_order=2, required=False
    )
    return flows


@pytest.fixture
def ca() -> CertificateAuthority:
    return CertificateAuthority.create("egov TEST root CA")


@pytest.fixture
def justice_certificate(cast, ca):
    """The Department of Justice (where the result is approved) holds a certificate of the test CA."""
    return certificates.import_certificate(
        actor=SystemActor("test"),
        agency=cast.province.justice,
        data=ca.pkcs12("Sở Tư pháp tỉnh Hòa Bình Xanh", P12_PASSWORD.encode()),
        password=P12_PASSWORD,
    )


def submit(cast, procedure, owner, *, files=(), organisation=None, now: dt.datetime = MONDAY) -> Dossier:
    applicant = APPLICANT
    if organisation is not None:
        applicant = intake.Applicant(
            name=organisation.name, type=ApplicantType.BUSINESS, id_number=organisation.tax_code
        )
    return intake.submit_online(
        actor=owner,
        owner=owner,
        organisation=organisation,
        procedure=procedure,
        agency=cast.province.commune_a,
        applicant=applicant,
        files=list(files),
        now=now,
    )


def accept(cast, d: Dossier, at: dt.datetime | None = None) -> Dossier:
    return step(d, "accept", cast.desk_officer, at or MONDAY + hours(1))


def returned(cast, d: Dossier, result_files, at: dt.datetime | None = None) -> Dossier:
    """Accepted → processed → approved with `result_files` → returned."""
    at = at or MONDAY + hours(2)
    d = step(d, "forward", cast.desk_officer, at)
    d = step(d, "submit_for_approval", cast.specialist, at + hours(1))
    d = step(d, "approve", cast.leader, at + hours(2), files=list(result_files))
    return step(d, "return_result", cast.desk_officer, at + hours(3))
