"""The demo builders of tasks and schedules run through the services on a small province: the Department
of Justice (the cast's leader and specialist, tests/documents' clerk) gets tasks in every state and a
published week with a marked change."""

from __future__ import annotations

from egov.schedule import demo as schedule_demo
from egov.schedule.models import Entry, Week
from egov.tasks import demo as tasks_demo
from egov.tasks.models import Status, Task
from egov.tasks.selectors import overdue_by_unit
from tests.documents.conftest import MONDAY


def test_demo_tasks_cover_every_state_and_one_is_overdue(office, cast):
    assert tasks_demo.build(MONDAY) == 5
    assert set(Task.objects.values_list("status", flat=True)) == {
        Status.IN_PROGRESS,
        Status.EXTENSION_ASKED,
        Status.REPORTED_DONE,
        Status.DONE,
        Status.ASSIGNED,
    }
    assert [r["n"] for r in overdue_by_unit(cast.leader.user, MONDAY.date())] == [1]


def test_demo_schedule_publishes_this_week_and_drafts_the_next(office):
    assert schedule_demo.build(MONDAY) == 12
    published = Week.objects.get(published_at__isnull=False)
    assert published.monday == MONDAY.date() and published.agency == office.justice
    assert Week.objects.filter(published_at__isnull=True).count() == 1
    assert Entry.objects.filter(week=published, changed=True).count() == 1
