"""The province's own days, written through the back office's services, change what the engine computes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from egov.backoffice.calendar import services
from egov.core import calendar
from egov.core.models import AuditEntry

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


def test_province_day_off_and_make_up_saturday(cast):
    admin = cast.province_admin.user
    assert calendar.due_at(at(2025, 2, 28, 10), 1) == at(2025, 3, 3, 10)
    services.create_province_day(admin, date=dt.date(2025, 3, 3), kind="day_off", name="Lễ hội tỉnh")
    assert not calendar.is_working_day(dt.date(2025, 3, 3))
    assert calendar.due_at(at(2025, 2, 28, 10), 1) == at(2025, 3, 4, 10)
    services.create_province_day(admin, date=dt.date(2025, 3, 8), kind="working_day", name="Làm bù")
    assert calendar.due_at(at(2025, 3, 7, 10), 1) == at(2025, 3, 8, 10)
    assert AuditEntry.objects.filter(action="calendar.create").count() == 2


def test_province_row_wins_over_the_national_row(cast):
    admin = cast.province_admin.user
    row = services.create_province_day(
        admin, date=dt.date(2025, 5, 2), kind="working_day", name="Tỉnh làm việc 02/05"
    )
    assert calendar.is_working_day(dt.date(2025, 5, 2))
    services.delete_province_day(admin, row)
    assert not calendar.is_working_day(dt.date(2025, 5, 2))


def test_national_sync_files_its_changes_under_the_province_root(cast):
    from egov.core.models import CalendarDay

    CalendarDay.objects.filter(scope="national", date="2025-09-02").update(name="tampered")
    assert services.sync_national_days().updated == 1
    entry = AuditEntry.objects.get(action="calendar.sync.update")
    assert entry.agency_path == cast.province.root.path


def test_a_change_rolled_back_is_not_kept_in_the_calendar(cast, monkeypatch):
    """The change's transaction reads its own new token; once it rolls back, the calendar built from its rows
    must go too, at once, not at the next request or recheck (a review found it kept, as the catalogue's
    token no longer is)."""
    monkeypatch.setattr(calendar, "RECHECK_SECONDS", 3600.0)  # a request's lifetime: no recheck by the clock
    admin = cast.province_admin.user
    monday = dt.date(2025, 3, 3)
    assert calendar.is_working_day(monday)

    class Broke(Exception):
        pass

    with pytest.raises(Broke), transaction.atomic():
        services.create_province_day(admin, date=monday, kind="day_off", name="Lễ hội tỉnh")
        assert not calendar.is_working_day(monday)  # its own change, seen inside its transaction
        raise Broke
    assert calendar.is_working_day(monday)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_change_is_read_once_and_then_kept(
    cast, monkeypatch, django_assert_num_queries
):
    """A command or worker that changed the calendar reads the version once its change is committed, then
    keeps its calendar as any process does (a review: it read the version at every use ever after)."""
    monkeypatch.setattr(calendar, "RECHECK_SECONDS", 3600.0)
    admin = cast.province_admin.user
    services.create_province_day(admin, date=dt.date(2025, 3, 3), kind="day_off", name="Lễ")
    assert not calendar.is_working_day(dt.date(2025, 3, 3))  # reads the committed version
    with django_assert_num_queries(0):
        calendar.is_working_day(dt.date(2025, 3, 4))
