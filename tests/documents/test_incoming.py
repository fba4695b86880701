"""Incoming documents (Decree 30/2020/NĐ-CP art. 20-24)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.documents import outgoing, services
from egov.documents.models import Assignment, DocumentEvent, Status
from tests.documents.conftest import MONDAY, pdf, personal_key, received


def test_receive_keeps_the_file_and_waits_for_registration_decree_30_art_21(office):
    doc = received(office)
    assert doc.status == Status.RECEIVED
    assert doc.register_number is None
    assert doc.files.count() == 1
    assert AuditEntry.objects.filter(action="documents.receive", object_id=str(doc.pk)).exists()


def test_registering_gives_consecutive_arrival_numbers_from_01_decree_30_art_22_2(office):
    docs = [received(office) for _ in range(3)]
    numbers = [services.register(d, actor=office.clerk.user, now=MONDAY).register_number for d in docs]
    assert numbers == [1, 2, 3]


def test_only_the_clerk_receives_and_registers(office):
    with pytest.raises(PermissionDenied):
        services.receive(
            actor=office.specialist.user,
            agency=office.commune,
            meta=services.Metadata(
                doc_type="CV", issuer_name="X", number_symbol="1/X", issued_on=None, summary="x"
            ),
            main=pdf(),
        )
    doc = received(office)
    with pytest.raises(PermissionDenied):
        services.register(doc, actor=office.leader.user)
    assert doc.events.count() == 1


def test_an_unknown_type_is_refused_with_nothing_kept_appendix_iii(office):
    with pytest.raises(ValidationError):
        received(office, doc_type="XYZ")
    assert not DocumentEvent.objects.exists()


def test_signed_electronic_original_shows_who_signed_decree_30_art_21_2_a(office, ca):
    from egov.core import signing

    data = signing.sign_pdf(pdf().read(), personal_key(ca, "Phạm Văn Tỉnh"), stamp=["UBND tỉnh"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = services.receive(
        actor=office.clerk.user,
        agency=office.commune,
        meta=services.Metadata(
            doc_type="CV", issuer_name="UBND tỉnh", number_symbol="1/UBND-VP", issued_on=None, summary="x"
        ),
        main=SimpleUploadedFile("ky-so.pdf", data, content_type="application/pdf"),
        now=MONDAY,
    )
    sigs = doc.files.get().signatures
    assert "Phạm Văn Tỉnh" in sigs and "NOT" not in sigs


def test_instruction_names_lead_and_co_units_and_a_deadline_decree_30_art_23_2(office):
    doc = services.register(received(office), actor=office.clerk.user, now=MONDAY)
    doc = services.submit(doc, actor=office.clerk.user, now=MONDAY)
    assert OutboxMessage.objects.filter(payload__to="chutich@anbinh.example").exists()
    ins = services.Instruction(
        text="Văn phòng chủ trì tham mưu",
        lead_unit=office.commune_office,
        co_units=[office.commune],
        due_on=dt.date(2026, 6, 10),
    )
    doc = services.instruct(doc, actor=office.leader.user, instruction=ins, now=MONDAY)
    assert doc.status == Status.ASSIGNED
    parts = sorted(doc.assignments.values_list("part", "unit_id"))
    assert parts == [("co", office.commune.pk), ("lead", office.commune_office.pk)]
    assert OutboxMessage.objects.filter(payload__to="soan@anbinh.example").exists()


def test_instruction_to_a_unit_of_another_agency_is_refused(office):
    doc = services.submit(
        services.register(received(office), actor=office.clerk.user), actor=office.clerk.user
    )
    ins = services.Instruction(text="x", lead_unit=office.justice)
    with pytest.raises(ValidationError):
        services.instruct(doc, actor=office.leader.user, instruction=ins)
    doc.refresh_from_db()
    assert doc.status == Status.SUBMITTED and not Assignment.objects.exists()


def assigned(office):
    doc = services.submit(
        services.register(received(office), actor=office.clerk.user, now=MONDAY),
        actor=office.clerk.user,
        now=MONDAY,
    )
    ins = services.Instruction(text="Xử lý", lead_unit=office.commune_office, due_on=dt.date(2026, 6, 10))
    return services.instruct(doc, actor=office.leader.user, instruction=ins, now=MONDAY)


def test_the_lead_unit_handles_and_completes_decree_30_art_24_2(office):
    doc = assigned(office)
    doc = services.start(doc, actor=office.specialist.user, now=MONDAY)
    assert doc.status == Status.IN_PROGRESS
    doc = services.complete(doc, actor=office.specialist.user, result="Đã triển khai", now=MONDAY)
    assert doc.status == Status.DONE
    assert not doc.assignments.filter(completed_at__isnull=True).exists()


def test_a_specialist_of_another_commune_cannot_handle(office):
    doc = assigned(office)
    with pytest.raises(PermissionDenied):
        services.start(doc, actor=office.outsider.user)
    with pytest.raises(PermissionDenied):
        services.complete(doc, actor=office.outsider.user, result="x")


def test_forwarding_names_the_person_of_the_lead_unit(office):
    doc = assigned(office)
    doc = services.forward(
        doc, actor=office.leader.user, person=office.specialist.user, note="Chị Soạn xử lý"
    )
    assert doc.assignments.get(part="lead").person == office.specialist.user


def test_the_sender_in_this_deployment_sees_the_receivers_status_appendix_vi_iii_1_o(
    office, ca, agency_certificates
):
    from tests.documents.conftest import signed

    doc = outgoing.issue(signed(office, ca), actor=office.clerk.user, now=MONDAY)
    copy = doc.recipients.get(agency=office.justice).delivered
    assert copy.status == Status.RECEIVED and copy.source == doc
    services.register(copy, actor=office.justice_clerk.user, now=MONDAY)
    seen = doc.deliveries.get(agency=office.justice)
    assert seen.status == Status.REGISTERED


def test_a_specialist_sees_an_incoming_document_once_their_unit_is_assigned(office):
    from egov.documents.models import Document

    doc = services.submit(
        services.register(received(office), actor=office.clerk.user), actor=office.clerk.user
    )
    assert not Document.objects.visible_to(office.specialist.user).filter(pk=doc.pk).exists()
    ins = services.Instruction(text="Xử lý", lead_unit=office.commune_office)
    services.instruct(doc, actor=office.leader.user, instruction=ins)
    assert Document.objects.visible_to(office.specialist.user).filter(pk=doc.pk).exists()
    assert not Document.objects.visible_to(office.outsider.user).filter(pk=doc.pk).exists()


def test_the_document_type_is_chosen_not_given_by_default():
    """The first type in force ("Nghị quyết") was selected by default (a newcomer's walk): now an empty choice
    comes first and a form without a type is refused."""
    from egov.documents.forms import type_choices

    choices = type_choices()
    assert choices[0] == ("", "—") and ("CV", "Công văn (CV)") in choices
