"""A dossier's life through the services: codes, history, step pointer, outbox, idempotency, conflicts."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.dossiers import files, services
from egov.dossiers.models import (
    Attachment,
    Dossier,
    DossierEvent,
    Outcome,
    Status,
    StepVisit,
    Timeliness,
)
from egov.procedures.models import StepKind
from tests.dossiers.conftest import MONDAY, TZ, hours, receive, step


def test_counter_receipt_gives_code_appointment_history_and_notifications(cast, flows):
    upload = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 to khai", content_type="application/pdf")
    d = receive(cast, flows.simple, files=[upload], fees=[("Lệ phí", 8000)])
    # The Department of Justice decides the procedure: its identifier begins the code (Decree 118 art. 28).
    assert d.code == "000.00.01.H99-261116-0001"
    assert d.status == Status.RECEIVED
    assert d.rules_version == "nd118-2025"
    # 5 working days = 40 office hours from Monday 08:00 → Monday 23 November 08:00... counted in sessions:
    # each day 07:30-11:30, 13:00-17:00; Monday 08:00 + 40h ends the next Monday at 08:00.
    assert d.due_at == dt.datetime(2026, 11, 23, 8, 0, tzinfo=TZ)
    assert d.current_kind == StepKind.RECEIVE and d.handler == cast.desk_officer.user
    second = receive(cast, flows.simple)
    assert second.code.endswith("-0002")
    event = DossierEvent.objects.get(dossier=d)
    assert (event.action, event.to_status, event.actor) == (
        "receive",
        Status.RECEIVED,
        cast.desk_officer.user,
    )
    attachment = Attachment.objects.get(dossier=d)
    assert attachment.sha256 == hashlib.sha256(b"%PDF-1.4 to khai").hexdigest()
    assert files.verify_attachment(attachment)
    assert set(OutboxMessage.objects.about(d).values_list("topic", flat=True)) == {"sms", "email"}
    assert AuditEntry.objects.filter(action="dossier.receive", object_id=str(d.pk)).exists()
    assert d.fees.get().amount == 8000


def test_happy_path_to_return(cast, flows):
    d = receive(cast, flows.simple)
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    assert (d.status, d.current_kind, d.current_agency, d.handler) == (
        Status.PROCESSING,
        StepKind.PROCESS,
        cast.province.justice_office,
        None,
    )
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(3))
    assert d.current_kind == StepKind.APPROVE
    d = step(d, "approve", cast.leader, MONDAY + hours(4))
    assert (d.status, d.outcome, d.current_kind) == (Status.RESOLVED, Outcome.GRANTED, StepKind.RETURN)
    assert d.timeliness == Timeliness.EARLY
    d = step(d, "return_result", cast.desk_officer, MONDAY + hours(5))
    assert d.status == Status.RETURNED and d.returned_at == MONDAY + hours(5)
    actions = list(DossierEvent.objects.filter(dossier=d).values_list("action", flat=True))
    assert actions == ["receive", "forward", "assign", "submit_for_approval", "approve", "return_result"]
    visits = list(StepVisit.objects.filter(dossier=d).order_by("started_at", "id"))
    assert [v.step.kind for v in visits] == ["receive", "process", "approve", "return"]
    assert all(v.finished_at is not None for v in visits)
    # The receiving step had 4 hours the same morning and used one: on time (same day, before its moment).
    assert visits[0].spent_hours == 1 and visits[0].timeliness == Timeliness.ON_TIME
    # Every stay records its handler: the one who took it, else the official whose action finished it (the
    # leader approved and the desk officer handed back without taking the dossier first).
    assert [v.handler for v in visits] == [
        cast.desk_officer.user,
        cast.specialist.user,
        cast.leader.user,
        cast.desk_officer.user,
    ]


def test_a_stay_taken_by_one_officer_keeps_its_handler_when_another_finishes_it(cast, flows):
    d = receive(cast, flows.simple)
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(3))
    d = step(d, "send_back", cast.leader, MONDAY + hours(4), reason="Thiếu căn cứ")
    approve = StepVisit.objects.filter(dossier=d, step__kind=StepKind.APPROVE).get()
    assert approve.handler == cast.leader.user  # not taken: the leader who sent it back did the step
    process = StepVisit.objects.filter(dossier=d, step__kind=StepKind.PROCESS).order_by("started_at")
    assert [v.handler for v in process] == [cast.specialist.user, cast.specialist.user]  # back to its handler


def test_a_withdrawal_at_the_counter_makes_nobody_the_handler_of_the_stay_it_ends(cast, flows):
    d = receive(cast, flows.simple)
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "withdraw", cast.desk_officer, MONDAY + hours(2), reason="Người nộp xin rút")
    process = StepVisit.objects.filter(dossier=d, step__kind=StepKind.PROCESS).get()
    assert process.finished_at is not None and process.handler is None


def test_repeated_request_makes_one_transition(cast, flows):
    d = receive(cast, flows.simple, idempotency_key="rcv-1")
    again = receive(cast, flows.simple, idempotency_key="rcv-1")
    assert again.pk == d.pk and Dossier.objects.count() == 1
    first = services.transition(
        d.pk, "forward", actor=cast.desk_officer.user, idempotency_key="k1", now=MONDAY
    )
    second = services.transition(
        d.pk, "forward", actor=cast.desk_officer.user, idempotency_key="k1", now=MONDAY
    )
    assert first.version == second.version == 2
    assert DossierEvent.objects.filter(dossier=d, action="forward").count() == 1


def test_stale_form_changes_nothing(cast, flows):
    d = receive(cast, flows.simple)
    services.transition(d.pk, "forward", actor=cast.desk_officer.user, expected_version=1, now=MONDAY)
    before = Dossier.objects.values().get(pk=d.pk)
    with pytest.raises(services.StaleDossier):
        services.transition(
            d.pk, "withdraw", actor=cast.desk_officer.user, expected_version=1, reason="x", now=MONDAY
        )
    assert Dossier.objects.values().get(pk=d.pk) == before


def test_missing_reason_is_refused(cast, flows):
    d = receive(cast, flows.simple)
    with pytest.raises(ValidationError) as excinfo:
        services.transition(d.pk, "request_supplement", actor=cast.desk_officer.user, now=MONDAY)
    assert "reason" in excinfo.value.message_dict
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED
