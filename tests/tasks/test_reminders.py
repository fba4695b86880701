"""The daily `task_reminders`: one "due soon" email within the lead time (working days of the calendar),
one "late" email a day after the deadline, each with its history and audit rows, nothing twice a day."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.tasks import reminders, services
from egov.tasks.models import TaskEvent
from tests.tasks.conftest import DUE


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 7, 0))


def test_due_soon_once_within_two_working_days_and_late_once_a_day_decree_30_art_24_1(office, task):
    """DUE is Friday 12/06/2026: on Tuesday 09/06 it is three working days away (nothing), on Wednesday
    10/06 two (one reminder, and none on a second run), on Monday 15/06 it is late (one a day)."""
    assert reminders.send_due(at(dt.date(2026, 6, 9))) == {"soon": 0, "late": 0}
    assert reminders.send_due(at(dt.date(2026, 6, 10))) == {"soon": 1, "late": 0}
    assert reminders.send_due(at(dt.date(2026, 6, 11))) == {"soon": 0, "late": 0}
    assert reminders.send_due(at(dt.date(2026, 6, 15))) == {"soon": 0, "late": 1}
    assert reminders.send_due(at(dt.date(2026, 6, 15))) == {"soon": 0, "late": 0}
    assert reminders.send_due(at(dt.date(2026, 6, 16))) == {"soon": 0, "late": 1}
    assert TaskEvent.objects.filter(task=task, action="remind").count() == 3
    assert AuditEntry.objects.filter(action="tasks.remind").count() == 3


def test_a_late_reminder_also_tells_the_assigning_leader(office, task):
    before = OutboxMessage.objects.count()
    reminders.send_due(at(dt.date(2026, 6, 15)))
    told = {m.payload["to"] for m in OutboxMessage.objects.all()[before:]}
    assert told == {"soan@anbinh.example", "chutich@anbinh.example"}


def test_a_task_reported_done_gets_no_reminder(office, task):
    services.complete(task, actor=office.specialist.user, text="Xong.", now=at(dt.date(2026, 6, 3)))
    assert reminders.send_due(at(dt.date(2026, 6, 15))) == {"soon": 0, "late": 0}


def test_the_command_prints_what_it_sent(office, task, capsys):
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=at(DUE)):
        call_command("task_reminders")
    assert "due soon: 1, late: 0" in capsys.readouterr().out
