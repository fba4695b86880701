"""Reminders before and after an incoming document's deadline (Decree 30/2020 art. 24), by the daily
command, each sent once."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.documents import reminders, services
from egov.documents.models import DocumentEvent
from tests.documents.conftest import MONDAY, received

DUE = dt.date(2026, 6, 10)  # a Wednesday


def assigned(office):
    doc = services.submit(
        services.register(received(office), actor=office.clerk.user, now=MONDAY),
        actor=office.clerk.user,
        now=MONDAY,
    )
    ins = services.Instruction(
        text="Xử lý", lead_unit=office.commune_office, lead_person=office.specialist.user, due_on=DUE
    )
    return services.instruct(doc, actor=office.leader.user, instruction=ins, now=MONDAY)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(7, 0)))


def _sent() -> int:
    return OutboxMessage.objects.filter(payload__to="soan@anbinh.example").count()


def test_one_reminder_two_working_days_before_the_deadline_decree_30_art_24(office):
    assigned(office)
    base = _sent()
    assert reminders.send_due(at(dt.date(2026, 6, 5))) == {
        "soon": 0,
        "late": 0,
    }  # Friday: 3 working days left
    assert reminders.send_due(at(dt.date(2026, 6, 8))) == {"soon": 1, "late": 0}  # Monday: 2 left
    assert reminders.send_due(at(dt.date(2026, 6, 9))) == {"soon": 0, "late": 0}  # already reminded
    assert _sent() == base + 1


def test_a_late_document_is_reminded_once_a_day(office):
    assigned(office)
    base = _sent()
    assert reminders.send_due(at(dt.date(2026, 6, 11)))["late"] == 1
    assert reminders.send_due(at(dt.date(2026, 6, 11)))["late"] == 0
    assert reminders.send_due(at(dt.date(2026, 6, 12)))["late"] == 1
    assert _sent() == base + 2  # no "due soon" once the deadline has passed
    assert DocumentEvent.objects.filter(action="remind").count() == 2


def test_a_completed_document_is_not_reminded(office):
    doc = assigned(office)
    services.complete(doc, actor=office.specialist.user, result="Xong", now=MONDAY)
    assert reminders.send_due(at(dt.date(2026, 6, 11))) == {"soon": 0, "late": 0}


def test_the_daily_command_runs(office, capsys):
    assigned(office)
    call_command("document_reminders")
    assert "due soon" in capsys.readouterr().out
