"""The documents demo (egov/documents/demo.py): a year of documents in the incoming and the outgoing register
of every agency that has a clerk and a leader, numbered from 1 without a gap (Decree 30/2020 art. 15.1 and
22.2: numbers from 01 on 1 January, consecutive), more where the personas work, there in every state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from egov.documents import demo
from egov.documents.models import Direction, Document, Register, Status

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0))


def _numbers(register: Register) -> list[int]:
    return sorted(Document.objects.filter(register=register).values_list("register_number", flat=True))


def test_every_agency_fills_both_registers_without_a_gap_decree_30_art_15_1(office, agency_certificates):
    made_in, made_out = demo.build(seed=7, now=NOW)
    assert made_in > 0 and made_out > 0
    for agency in (office.commune, office.justice):
        for direction in (Direction.INCOMING, Direction.OUTGOING):
            register = Register.objects.get(agency=agency, year=2026, direction=direction, series="main")
            numbers = _numbers(register)
            assert numbers, (agency.name, direction)
            assert numbers == list(range(1, register.last + 1)), (agency.name, direction)


def test_where_the_personas_work_outgoing_documents_wait_in_review_and_for_the_signature(
    office, agency_certificates
):
    demo.build(seed=7, now=NOW)
    states = set(
        Document.objects.filter(agency=office.justice, direction=Direction.OUTGOING).values_list(
            "status", flat=True
        )
    )
    assert {Status.IN_REVIEW, Status.APPROVED, Status.ISSUED} <= states
    waiting = (Status.IN_REVIEW, Status.APPROVED)
    unnumbered = Document.objects.filter(agency=office.justice, status__in=waiting)
    assert not unnumbered.exclude(register_number=None).exists()  # numbers are given at signing (art. 15)


def test_issued_documents_arrive_in_the_recipients_incoming_register(office, agency_certificates):
    demo.build(seed=7, now=NOW)
    issued = Document.objects.filter(
        agency=office.commune, direction=Direction.OUTGOING, status=Status.ISSUED
    )
    assert issued.exists()
    for doc in issued:
        for recipient in doc.recipients.exclude(agency=None):
            assert recipient.delivered is not None
            assert recipient.delivered.agency == recipient.agency
            assert recipient.delivered.number_symbol == doc.number_symbol
