"""Electronic results signed by the agency that issues them (PAdES), kept and served signed; validated with
pyHanko's validator against the test CA's root."""

from __future__ import annotations

from egov.core import signing
from egov.core.audit import SystemActor
from egov.datastore.models import StoredPaper
from egov.dossiers.models import Attachment
from egov.organizations import certificates
from tests.datastore.conftest import P12_PASSWORD, accept, pdf, png, returned, submit
from tests.dossiers.conftest import MONDAY, hours, step
from tests.pdftext import pdf_text


def _result(d) -> Attachment:
    [result] = Attachment.objects.filter(dossier=d, kind=Attachment.Kind.RESULT)
    return result


def _bytes(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def test_a_pdf_result_is_signed_by_the_approving_agency_and_validates(
    cast, coded, citizen, ca, justice_certificate
):
    d = returned(cast, accept(cast, submit(cast, coded.simple, citizen)), [pdf("ket-qua.pdf")])
    result = _result(d)
    data = _bytes(result)
    [report] = signing.validate_pdf(data, [ca.der])
    assert report.ok, report.summary
    assert "Sở Tư pháp tỉnh Hòa Bình Xanh" in report.signer
    assert result.signed_by == justice_certificate.subject
    # The signed file is the one recorded: its checksum and size are those of the signed bytes.
    import hashlib

    assert result.sha256 == hashlib.sha256(data).hexdigest() and result.size == len(data)


def test_the_visible_block_names_the_agency_the_date_and_the_document_code(
    cast, coded, citizen, ca, justice_certificate
):
    d = returned(cast, accept(cast, submit(cast, coded.simple, citizen)), [pdf("ket-qua.pdf")])
    lines = pdf_text(_bytes(_result(d)))
    assert "Ký bởi: Sở Tư pháp" in lines
    assert "Mã số giấy tờ: 001090012345.TEST.KQ01" in lines
    assert f"Hồ sơ: {d.code}" in lines
    assert "16/11/2026" in lines  # approved on Monday 16 November 2026


def test_the_store_serves_the_signed_result(client, cast, coded, citizen, ca, justice_certificate):
    d = returned(cast, accept(cast, submit(cast, coded.simple, citizen)), [pdf("ket-qua.pdf")])
    [kept] = StoredPaper.objects.filter(kind=StoredPaper.Kind.RESULT)
    client.force_login(citizen)
    response = client.get(f"/kho-du-lieu/{kept.pk}/tai-ve/")
    served = b"".join(response.streaming_content)
    assert served == _bytes(_result(d))
    [report] = signing.validate_pdf(served, [ca.der])
    assert report.ok


def test_a_result_that_is_not_a_pdf_is_kept_unsigned(cast, coded, citizen, ca, justice_certificate):
    upload = png("ket-qua.png")
    original = upload.read()
    upload.seek(0)
    d = returned(cast, accept(cast, submit(cast, coded.simple, citizen)), [upload])
    result = _result(d)
    assert result.signed_by == ""
    assert _bytes(result) == original


def test_without_a_certificate_the_result_is_kept_unsigned(cast, coded, citizen, ca):
    d = returned(cast, accept(cast, submit(cast, coded.simple, citizen)), [pdf("ket-qua.pdf")])
    result = _result(d)
    assert result.signed_by == ""
    assert signing.validate_pdf(_bytes(result), [ca.der]) == []


def test_an_agency_without_a_certificate_signs_with_its_parents(cast, coded, citizen, ca):
    # The approving step is at the Department of Justice; only the province's People's Committee has one.
    cert = certificates.import_certificate(
        actor=SystemActor("test"),
        agency=cast.province.root,
        data=ca.pkcs12("UBND tỉnh Hòa Bình Xanh", P12_PASSWORD.encode()),
        password=P12_PASSWORD,
    )
    d = returned(cast, accept(cast, submit(cast, coded.simple, citizen)), [pdf("ket-qua.pdf")])
    assert _result(d).signed_by == cert.subject


def test_a_working_document_is_never_signed(cast, coded, citizen, ca, justice_certificate):
    d = accept(cast, submit(cast, coded.simple, citizen))
    step(d, "forward", cast.desk_officer, MONDAY + hours(2), files=[pdf("to-trinh.pdf")])
    [working] = Attachment.objects.filter(dossier=d, kind=Attachment.Kind.WORKING)
    assert working.signed_by == "" and signing.validate_pdf(_bytes(working), [ca.der]) == []


def test_a_result_signed_by_another_cas_certificate_is_not_trusted(cast, coded, citizen, ca):
    from tests.ca import CertificateAuthority

    stranger = CertificateAuthority.create("Not our CA")
    certificates.import_certificate(
        actor=SystemActor("test"),
        agency=cast.province.justice,
        data=stranger.pkcs12("Sở Tư pháp giả", P12_PASSWORD.encode()),
        password=P12_PASSWORD,
    )
    d = returned(cast, accept(cast, submit(cast, coded.simple, citizen)), [pdf("ket-qua.pdf")])
    [report] = signing.validate_pdf(_bytes(_result(d)), [ca.der])
    assert report.intact and not report.trusted


def test_a_timestamp_server_that_fails_still_leaves_the_result_signed(
    cast, coded, citizen, ca, justice_certificate, settings
):
    settings.EGOV_SIGNING_TIMESTAMP_URL = "http://127.0.0.1:9/"  # nothing listens there
    d = returned(cast, accept(cast, submit(cast, coded.simple, citizen)), [pdf("ket-qua.pdf")])
    [report] = signing.validate_pdf(_bytes(_result(d)), [ca.der])
    assert report.ok and not report.timestamped
