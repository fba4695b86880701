"""A task's life: assigned by a leader (from a document's instruction, a meeting, or alone), progress with
files, an extension asked and answered, completion reported and confirmed or returned. Each move writes its
history row, its audit row and its emails in one transaction; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.documents import services as documents
from egov.tasks import services
from egov.tasks.models import Origin, Status, Task, TaskEvent, TaskFile
from tests.documents.conftest import MONDAY, received
from tests.tasks.conftest import DUE, assigned, pdf

LATER = MONDAY + dt.timedelta(days=2)


def _state(task: Task) -> tuple:
    task.refresh_from_db()
    return (
        task.status,
        task.due_on,
        task.progress,
        TaskEvent.objects.count(),
        AuditEntry.objects.count(),
        OutboxMessage.objects.count(),
        TaskFile.objects.count(),
    )


def test_a_task_from_a_leaders_instruction_takes_its_units_and_deadline_decree_30_art_24_1(office):
    """The instruction on an incoming document (lead unit, co-unit, person, deadline) becomes a task that
    links the document; the units' people are emailed, history and audit are written."""
    doc = received(office)
    documents.register(doc, actor=office.clerk.user, now=MONDAY)
    ins = documents.Instruction(
        text="Văn phòng chủ trì, Trung tâm phối hợp.",
        lead_unit=office.commune_office,
        co_units=[office.commune],
        lead_person=office.specialist.user,
        due_on=DUE,
    )
    doc = documents.instruct(doc, actor=office.leader.user, instruction=ins, now=MONDAY)
    before = OutboxMessage.objects.count()
    task = services.from_instruction(actor=office.leader.user, document=doc, now=MONDAY)
    assert task.origin == Origin.DOCUMENT and task.document == doc
    assert task.lead_unit == office.commune_office and list(task.co_units.all()) == [office.commune]
    assert list(task.people.all()) == [office.specialist.user]
    assert task.due_on == task.first_due_on == DUE and task.description == ins.text
    assert task.status == Status.ASSIGNED
    assert TaskEvent.objects.filter(task=task, action="assign").count() == 1
    assert AuditEntry.objects.filter(action="tasks.assign", object_id=str(task.pk)).count() == 1
    told = {m.payload["to"] for m in OutboxMessage.objects.all()[before:]}
    assert "soan@anbinh.example" in told


def test_a_task_from_a_meeting_or_alone_keeps_its_source(office):
    from_meeting = assigned(office)
    alone = assigned(office, meeting="")
    assert from_meeting.origin == Origin.MEETING and from_meeting.meeting == "Giao ban tuần 23"
    assert alone.origin == Origin.NONE


@pytest.mark.parametrize(
    "who, fields, error",
    [
        ("specialist", {}, PermissionDenied),
        ("leader", {"due_on": dt.date(2026, 5, 29)}, ValidationError),
        ("leader", {"title": "  "}, ValidationError),
    ],
)
def test_an_assignment_refused_keeps_nothing(office, cast, who, fields, error):
    """Only a leader of the agency assigns; a deadline in the past or no title is refused."""
    with pytest.raises(error):
        spec = services.Assignment(
            **{"title": "Việc", "lead_unit": office.commune_office, "due_on": DUE, **fields}
        )
        services.assign(actor=getattr(office, who).user, agency=office.commune, task=spec, now=MONDAY)
    assert not Task.objects.exists() and not AuditEntry.objects.filter(action="tasks.assign").exists()


def test_a_unit_of_another_agency_is_refused(office):
    with pytest.raises(ValidationError):
        assigned(office, lead_unit=office.justice)
    assert not Task.objects.exists()


def test_progress_is_reported_with_files_and_the_assigner_is_told(office, task):
    before = OutboxMessage.objects.count()
    done = services.report(
        task,
        actor=office.specialist.user,
        progress=40,
        text="Đã rà soát 12/30 thủ tục.",
        attachments=[pdf("bang-ra-soat.pdf")],
        now=LATER,
    )
    assert done.status == Status.IN_PROGRESS and done.progress == 40
    event = TaskEvent.objects.get(task=task, action="report")
    assert event.progress == 40 and event.note == "Đã rà soát 12/30 thủ tục."
    assert [f.name for f in event.files.all()] == ["bang-ra-soat.pdf"]
    assert [m.payload["to"] for m in OutboxMessage.objects.all()[before:]] == ["chutich@anbinh.example"]


def test_a_refused_file_keeps_nothing(office, task):
    before = _state(task)
    script = SimpleUploadedFile("bao-cao.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.report(
            task, actor=office.specialist.user, progress=50, text="x", attachments=[script], now=LATER
        )
    assert _state(task) == before


def test_only_the_assignees_report_progress(office, task):
    before = _state(task)
    with pytest.raises(PermissionDenied):
        services.report(task, actor=office.outsider.user, progress=10, text="x", now=LATER)
    with pytest.raises(PermissionDenied):
        # the commune's leader assigned it to the office: not an assignee
        services.report(task, actor=office.leader.user, progress=10, text="x", now=LATER)
    assert _state(task) == before


def test_an_extension_granted_moves_the_deadline_and_restarts_the_reminders(office, task):
    asked = dt.date(2026, 6, 19)
    task = services.request_extension(
        task, actor=office.specialist.user, due_on=asked, reason="Chờ số liệu của Sở.", now=LATER
    )
    assert task.status == Status.EXTENSION_ASKED and task.asked_due_on == asked and task.due_on == DUE
    Task.objects.filter(pk=task.pk).update(reminded_before_on=MONDAY.date())
    task = services.grant_extension(task, actor=office.leader.user, now=LATER)
    assert task.status == Status.IN_PROGRESS and task.due_on == asked and task.first_due_on == DUE
    assert task.asked_due_on is None and task.reminded_before_on is None


def test_an_extension_refused_keeps_the_deadline_with_the_reason(office, task):
    task = services.request_extension(
        task, actor=office.specialist.user, due_on=dt.date(2026, 6, 19), reason="Bận.", now=LATER
    )
    with pytest.raises(ValidationError):
        services.refuse_extension(task, actor=office.leader.user, reason=" ", now=LATER)
    with pytest.raises(PermissionDenied):
        services.refuse_extension(task, actor=office.specialist.user, reason="Không", now=LATER)
    task = services.refuse_extension(task, actor=office.leader.user, reason="Việc gấp, giữ hạn.", now=LATER)
    assert task.status == Status.IN_PROGRESS and task.due_on == DUE and task.asked_due_on is None
    assert TaskEvent.objects.get(task=task, action="refuse_extension").note == "Việc gấp, giữ hạn."


def test_an_extension_to_an_earlier_day_is_refused(office, task):
    before = _state(task)
    with pytest.raises(ValidationError):
        services.request_extension(task, actor=office.specialist.user, due_on=DUE, reason="x", now=LATER)
    assert _state(task) == before


def test_completion_is_confirmed_by_the_leader_or_returned(office, task):
    task = services.complete(task, actor=office.specialist.user, text="Đã rà soát xong.", now=LATER)
    assert task.status == Status.REPORTED_DONE and task.progress == 100 and task.reported_done_at == LATER
    task = services.send_back(task, actor=office.leader.user, reason="Thiếu biểu mẫu.", now=LATER)
    assert task.status == Status.IN_PROGRESS and task.reported_done_at is None
    later = LATER + dt.timedelta(days=1)
    task = services.complete(task, actor=office.specialist.user, text="Đã bổ sung biểu mẫu.", now=later)
    with pytest.raises(PermissionDenied):
        services.confirm(task, actor=office.specialist.user, now=later)
    task = services.confirm(task, actor=office.leader.user, now=later)
    assert task.status == Status.DONE and task.done_at == later and task.reported_done_at == later
    actions = list(TaskEvent.objects.filter(task=task).values_list("action", flat=True))
    assert actions == ["assign", "complete", "send_back", "complete", "confirm"]
    assert AuditEntry.objects.filter(action__startswith="tasks.", object_id=str(task.pk)).count() == 5


def test_a_move_that_fails_keeps_no_history_no_audit_and_no_email(office, task, monkeypatch):
    """The move, its history row, its audit row and its emails commit together or not at all."""
    from egov.tasks import notices

    def broken(*args, **kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(notices, "tell", broken)
    before = _state(task)
    with pytest.raises(RuntimeError):
        services.complete(task, actor=office.specialist.user, text="Xong.", now=LATER)
    assert _state(task) == before
