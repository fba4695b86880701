"""Outgoing documents (Decree 30/2020/NĐ-CP art. 14-19)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core import signing
from egov.documents import files, outgoing, services
from egov.documents.models import Comment, Document, Status
from egov.organizations import certificates
from tests.documents.conftest import MONDAY, draft, pdf, personal_key, signed


def test_a_draft_keeps_its_versions_and_comments_appendix_vi_iii_5_a(office):
    doc = draft(office)
    doc = outgoing.new_version(doc, actor=office.specialist.user, main=pdf("v2.pdf"), now=MONDAY)
    doc = outgoing.comment(doc, actor=office.leader.user, text="Sửa điều 2", now=MONDAY)
    assert list(doc.files.values_list("version", flat=True)) == [1, 2]
    assert Comment.objects.get().version == 2


def test_only_the_drafter_uploads_versions(office):
    doc = draft(office)
    with pytest.raises(PermissionDenied):
        outgoing.new_version(doc, actor=office.outsider.user, main=pdf())
    assert doc.files.count() == 1


def test_signing_numbers_the_document_with_its_symbol_decree_30_art_15_3(office, ca):
    doc = signed(office, ca)
    assert doc.status == Status.SIGNED
    assert doc.number_symbol == "01/QĐ-UBND"
    assert doc.register_number == 1 and doc.year == 2026
    assert doc.issued_on == MONDAY.date()
    main = outgoing.latest(doc)
    assert "Nguyễn Văn Chủ" in main.signatures


def test_a_letter_carries_the_drafting_units_abbreviation_appendix_iii_form_1_5(office, ca):
    signed(office, ca)
    letter = signed(office, ca, doc_type="CV")
    assert letter.number_symbol == "02/UBND-VP"


def test_a_docx_version_cannot_be_signed(office, ca):
    doc = draft(office)
    docx = SimpleUploadedFile(
        "du-thao.docx",
        _docx(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    doc = outgoing.new_version(doc, actor=office.specialist.user, main=docx)
    doc = outgoing.send_for_review(doc, actor=office.specialist.user, approver=office.leader.user)
    doc = outgoing.approve(doc, actor=office.leader.user)
    with pytest.raises(ValidationError):
        outgoing.sign(doc, actor=office.leader.user, key=personal_key(ca, "X"))
    doc.refresh_from_db()
    assert doc.status == Status.APPROVED and doc.register_number is None


CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _docx() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_only_a_leader_approves_and_signs(office, ca):
    doc = draft(office)
    doc = outgoing.send_for_review(doc, actor=office.specialist.user, approver=office.leader.user)
    with pytest.raises(PermissionDenied):
        outgoing.approve(doc, actor=office.specialist.user)
    with pytest.raises(PermissionDenied):
        outgoing.approve(doc, actor=office.justice_leader.user)


def test_issuing_adds_the_agency_signature_and_delivers_inside_the_deployment_decree_30_art_17_2(
    office, ca, agency_certificates
):
    doc = outgoing.issue(signed(office, ca), actor=office.clerk.user, now=MONDAY)
    assert doc.status == Status.ISSUED
    reports = signing.validate_pdf(files.content(outgoing.latest(doc)), certificates.trust_roots())
    first, agency = reports
    assert first.intact and first.valid and first.trusted and "Nguyễn Văn Chủ" in first.signer
    assert agency.ok and "UBND xã An Bình" in agency.signer
    assert "NOT" not in outgoing.latest(doc).signatures
    copy = Document.objects.get(source=doc)
    assert copy.agency == office.justice and copy.number_symbol == "01/QĐ-UBND"
    assert copy.files.get().sha256 == outgoing.latest(doc).sha256
    external = doc.recipients.get(agency=None)
    assert external.exchange_status == "pending"


def test_issuing_without_an_agency_certificate_is_refused(office, ca):
    doc = signed(office, ca)
    with pytest.raises(ValidationError):
        outgoing.issue(doc, actor=office.clerk.user)
    doc.refresh_from_db()
    assert doc.status == Status.SIGNED and not Document.objects.filter(source=doc).exists()


def test_recall_cancels_the_copies_in_this_deployment_decree_30_art_18_4_b(office, ca, agency_certificates):
    doc = outgoing.issue(signed(office, ca), actor=office.clerk.user, now=MONDAY)
    with pytest.raises(ValidationError):
        outgoing.recall(doc, actor=office.leader.user, reason="")
    doc = outgoing.recall(doc, actor=office.leader.user, reason="Sai thẩm quyền", now=MONDAY)
    assert doc.status == Status.RECALLED
    assert Document.objects.get(source=doc).status == Status.RECALLED


def test_a_replacement_marks_the_replaced_document_decree_30_art_18_3(office, ca, agency_certificates):
    old = outgoing.issue(signed(office, ca), actor=office.clerk.user, now=MONDAY)
    new = outgoing.start_replacement(old, actor=office.specialist.user, main=pdf(), now=MONDAY)
    new = outgoing.send_for_review(new, actor=office.specialist.user, approver=office.leader.user)
    new = outgoing.approve(new, actor=office.leader.user)
    new = outgoing.sign(new, actor=office.leader.user, key=personal_key(ca, "Nguyễn Văn Chủ"), now=MONDAY)
    new = outgoing.issue(new, actor=office.clerk.user, now=MONDAY)
    old.refresh_from_db()
    assert new.replaces == old and new.number_symbol == "02/QĐ-UBND"
    assert old.status == Status.REPLACED
    assert Document.objects.get(source=old).status == Status.REPLACED


def test_a_move_from_the_wrong_status_changes_nothing(office, ca):
    doc = draft(office)
    with pytest.raises(ValidationError):
        services.move(doc, "issue", actor=office.clerk.user)
    doc.refresh_from_db()
    assert doc.status == Status.DRAFT and doc.events.count() == 1


def test_a_secret_document_numbered_in_its_own_series_can_be_signed_decree_30_art_15_2(office, ca):
    plain = signed(office, ca)
    secret = signed(office, ca, confidentiality="secret")
    assert plain.number_symbol == secret.number_symbol == "01/QĐ-UBND"
    assert plain.register != secret.register
