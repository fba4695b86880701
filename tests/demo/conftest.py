import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from egov.core.models import CalendarDay
from egov.demo import builders
from egov.demo.builders import DemoBuilder, bulk_insert, register


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    """What `manage.py demo` printed, with the province it built kept for the module's tests, each of which
    runs in a transaction rolled back at its end. Built once (`make test` sends a module's tests to one
    worker: `--dist loadfile`) and committed as `make demo` does, then the database is emptied as after a
    transactional test. Not inside one open transaction: on PostgreSQL the thousands of savepoints its
    services take would overflow the transaction's subtransaction cache, and every later read of those
    rows would consult pg_subtrans (the tests ran 15 times slower than the same reads outside)."""
    out = StringIO()
    with django_db_blocker.unblock():
        try:
            call_command("demo", stdout=out)
            yield out.getvalue()
        finally:
            call_command("flush", interactive=False, verbosity=0)


START = dt.date(2200, 1, 1)  # far from the shipped national calendar


def days(n):
    for i in range(n):
        yield CalendarDay(
            date=START + dt.timedelta(days=i),
            scope=CalendarDay.Scope.PROVINCE,
            kind="day_off",
            name=f"Ngày thử {i}",
        )


@pytest.fixture
def calendar_builder():
    @register
    class CalendarDemo(DemoBuilder):
        name = "test-calendar"
        order = 900
        bulk_kind = "calendar_days"

        def is_built(self, ctx):
            return True

        def bulk(self, ctx, n):
            return bulk_insert(ctx, CalendarDay, days(n), total=n, label="calendar days", batch_size=1000)

    yield CalendarDemo
    builders.unregister("test-calendar")
