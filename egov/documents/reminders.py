"""Reminders about incoming documents' deadlines (Decree 30/2020 art. 24: following up and urging), sent by
email through the outbox by the daily command `document_reminders`.

An open assignment whose deadline is within the rule set's lead time (working days, from
egov.core.calendar) gets one "due soon" reminder; once the deadline has passed, one "late" reminder a day.
Each is written with its history and audit rows in one transaction per assignment, and the day it went out
is kept on the assignment, so running the command twice a day sends nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit, calendar
from egov.core.audit import SystemActor
from egov.documents import notices
from egov.documents.models import Assignment, DocumentEvent, Status
from egov.documents.rules import rules_for
from egov.organizations.roles import Role

OPEN = (Status.ASSIGNED, Status.IN_PROGRESS)


def _working_days_until(today: dt.date, due: dt.date) -> int:
    """How many working days lie after today up to and including the due day."""
    count, day = 0, today
    while day < due:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def send_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Send today's reminders; returns how many of each kind were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    lead = rules_for(today).remind_before_working_days
    actor = SystemActor("reminders")
    sent = {"soon": 0, "late": 0}
    candidates = Assignment.objects.filter(
        completed_at__isnull=True, due_on__isnull=False, document__status__in=OPEN
    ).select_related("document__agency", "unit", "person")
    for a in candidates:
        if a.due_on is None:
            continue
        if a.due_on < today:
            if a.reminded_late_on == today:
                continue
            kind, field = "late", "reminded_late_on"
            what = _("the deadline %(due)s has passed") % {"due": f"{a.due_on:%d/%m/%Y}"}
        elif _working_days_until(today, a.due_on) <= lead and a.reminded_before_on is None:
            kind, field = "soon", "reminded_before_on"
            what = _("due on %(due)s") % {"due": f"{a.due_on:%d/%m/%Y}"}
        else:
            continue
        with transaction.atomic():
            locked = Assignment.objects.select_for_update().get(pk=a.pk)
            if getattr(locked, field) == today or (kind == "soon" and locked.reminded_before_on):
                continue
            setattr(locked, field, today)
            locked.save(update_fields=[field])
            doc = a.document
            people = [a.person] if a.person else notices.people(a.unit, (Role.LEADER, Role.SPECIALIST))
            notices.tell(people, doc, what)
            DocumentEvent.objects.create(
                document=doc,
                action="remind",
                actor_name="system",
                from_status=doc.status,
                to_status=doc.status,
                note=f"{a.unit.name}: {what}",
                at=now,
            )
            audit.record(
                actor,
                "documents.remind",
                doc,
                after={"unit": a.unit_id, "kind": kind},
                agency_path=doc.agency.path,
            )
        sent[kind] += 1
    return sent
