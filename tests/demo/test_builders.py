"""The builder registry and the bulk path, proved with a builder registered only for the test."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov.core.models import CalendarDay
from egov.demo import builders
from egov.demo.builders import DemoBuilder, DemoContext, bulk_insert, register
from tests.demo.conftest import START, days

pytestmark = pytest.mark.django_db


def test_bulk_insert_commits_in_batches_and_reports_the_rate():
    lines = []
    ctx = DemoContext(seed=1, write=lines.append)
    with CaptureQueriesContext(connection) as queries:
        made = bulk_insert(ctx, CalendarDay, days(2_500), total=2_500, batch_size=1_000)
    assert made == 2_500
    assert CalendarDay.objects.filter(date__gte=START).count() == 2_500
    savepoints = [q for q in queries.captured_queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) == 3  # one transaction per batch of 1,000
    assert lines[-1].startswith("Đã tạo 2.500 ") and "bản ghi/giây" in lines[-1]


def test_the_error_lists_the_kinds_that_exist(calendar_builder):
    with pytest.raises(CommandError, match="calendar_days"):
        call_command("demo", "--bulk", "documents=10", stdout=StringIO())


def test_names_and_bulk_kinds_are_unique(calendar_builder):
    with pytest.raises(ValueError, match="bulk kind"):

        @register
        class Other(DemoBuilder):
            name = "another"
            order = 1
            bulk_kind = "calendar_days"

    assert "another" not in {b.name for b in builders.load_builders()}
    with pytest.raises(ValueError, match="named 'test-calendar'"):

        @register
        class SameName(DemoBuilder):
            name = "test-calendar"
            order = 2

    assert type(builders._REGISTRY["test-calendar"]) is calendar_builder


@pytest.fixture
def out_of_order():
    """Two builders registered after the apps' ones, in the reverse of their order."""

    @register
    class Late(DemoBuilder):
        name = "aa-late"
        order = 10**6

    @register
    class Early(DemoBuilder):
        name = "zz-early"
        order = -1

    yield
    builders.unregister("aa-late")
    builders.unregister("zz-early")


def test_builders_run_in_order_not_in_the_order_they_registered(out_of_order):
    loaded = builders.load_builders()
    names = [b.name for b in loaded]
    assert names[0] == "zz-early" and names[-1] == "aa-late"
    assert names[1] == "organizations", "the agency tree comes before everything that refers to it"
    assert [b.order for b in loaded] == sorted(b.order for b in loaded)
