"""The demo builders: realistic dossiers in every state through the services, and fast bulk generation."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from egov.core.audit import SystemActor
from egov.core.calendar import working_hours_between
from egov.dossiers import bulk_pipe, bulk_rows, deadlines, demo, demo_bulk, selectors
from egov.dossiers.models import CodeSequence, Dossier, DossierEvent, Status, StepVisit
from egov.procedures import places
from egov.procedures.models import StepKind, WorkflowStep
from egov.stats.services import rebuild
from tests.dossiers.conftest import receive
from tests.dossiers.test_local_unit_route import route  # noqa: F401  (a fixture)


def test_build_demo_covers_every_branch(cast, flows):
    made = demo.build_demo(cast.province.root)
    statuses = Counter(d.status for d in made)
    assert set(statuses) >= {
        Status.SUBMITTED,
        Status.RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT,
        Status.RESOLVED,
        Status.RETURNED,
        Status.WITHDRAWN,
        Status.STOPPED,
        Status.NOT_ACCEPTED,
    }
    actions = set(DossierEvent.objects.values_list("action", flat=True))
    assert actions >= {
        "receive",
        "submit",
        "accept",
        "reject",
        "forward",
        "assign",
        "submit_for_approval",
        "approve",
        "send_back",
        "request_supplement",
        "supplement_received",
        "apologise",
        "refuse",
        "withdraw",
        "stop",
        "return_result",
        "send_to_agency",
        "return_from_agency",
    }
    # Each history runs forward in time, and no step ends before it starts (a send-back was dated before
    # the submission for approval it answered).
    for d in made:
        moments = list(d.events.order_by("pk").values_list("at", flat=True))
        assert moments == sorted(moments), d.code
    assert not StepVisit.objects.filter(finished_at__lt=F("started_at")).exists()


def test_bulk_generate_writes_consistent_dossiers(cast, flows, login):
    d0 = receive(cast, flows.simple, now=timezone.now())
    assert demo_bulk.bulk_generate(300, chunk=120, days=60) == 300
    assert Dossier.objects.count() == 301
    assert DossierEvent.objects.count() > 301 and StepVisit.objects.count() > 300
    # Rows written straight to the tables read back as the ORM would have written them (bulk_rows).
    generated = Dossier.objects.exclude(received_at=None).order_by("-pk").first()
    assert generated.applicant_email == "" and generated.created_at is not None and generated.version == 1
    assert generated.received_at.tzinfo is not None and generated.events.order_by("pk").first().data == {}
    assert generated.visits.exists() and generated.visits.order_by("pk").first().paused_hours == 0
    # Each move names who made it: a counter receipt its receiving officer, a result handed over its officer.
    for action in ("receive", "return_result"):
        moves = DossierEvent.objects.filter(action=action, dossier__channel="counter").exclude(dossier=d0)
        assert moves.exists() and not moves.filter(actor__isnull=True).exists(), action
        assert not moves.filter(actor_name="").exists(), action
    returned = Dossier.objects.filter(status=Status.RETURNED)
    assert returned.exists() and not returned.filter(returned_at__isnull=True).exists()
    assert not returned.filter(timeliness="").exists()
    # The day's sequence at a counter continues after the generated codes.
    later = receive(cast, flows.simple, now=timezone.now())
    prefix = later.code.rsplit("-", 1)[0] + "-"
    earlier = (
        Dossier.objects.filter(code__startswith=prefix).exclude(pk=later.pk).values_list("code", flat=True)
    )
    assert int(later.code.rsplit("-", 1)[1]) == max(int(c.rsplit("-", 1)[1]) for c in earlier) + 1
    # The queues over generated data never show a dossier the viewer may not read.
    readable = set(Dossier.objects.visible_to(cast.leader.user).values_list("pk", flat=True))
    for key in ("to_process", "to_approve", "overdue", "supplement", "to_return"):
        assert set(selectors.queue(cast.leader.user, key).values_list("pk", flat=True)) <= readable, key
    open_one = Dossier.objects.filter(status=Status.PROCESSING).first()
    assert login(cast.leader).get(reverse("dossiers:detail", args=[open_one.pk])).status_code == 200


def test_build_demo_runs_whatever_the_order_of_flows(cast, flows):
    for seed in (7, 99, 12345):
        made = demo.build_demo(cast.province.root, seed=seed)
        assert len(made) == len(demo.SCENARIOS) + 3


def test_bulk_generate_takes_every_deadline_and_code_from_the_rules(cast, flows):
    """What the generator works out without the services is what they would have worked out: the
    appointment and each step's deadline from the calendar, the timeliness from `classify`, codes unique
    with one sequence per prefix and day, counted on from the day counters."""
    now = timezone.now()
    assert demo_bulk.bulk_generate(400, chunk=150, days=90, now=now) == 400
    received = Dossier.objects.exclude(received_at=None).select_related("procedure")
    assert received.count() > 300
    for d in received:
        assert d.due_at == deadlines.dossier_due(d.received_at, d.procedure) == d.original_due_at
        if d.status == Status.RETURNED:
            assert d.finished_at <= d.returned_at <= now
            assert d.timeliness == deadlines.classify(d.finished_at, d.due_at)
    steps = {s.pk: s for s in WorkflowStep.objects.all()}
    visits = StepVisit.objects.all()
    assert visits.count() > 1000
    for v in visits:
        step = steps[v.step_id]
        if step.kind == StepKind.RETURN:
            assert v.due_at is None
        else:
            assert v.due_at == deadlines.add_working_hours(v.started_at, step.allotted_hours)
        if v.spent_hours is not None:
            # Finished as planned, before now: no finish is moved to the clock's moment.
            assert v.finished_at == deadlines.add_working_hours(v.started_at, v.spent_hours) <= now
            assert v.timeliness == deadlines.classify(v.finished_at, v.due_at)
            assert v.spent_hours == working_hours_between(v.started_at, v.finished_at)
    codes = list(Dossier.objects.exclude(received_at=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    numbers: dict[str, list[int]] = {}
    for code in codes:
        head, number = code.rsplit("-", 1)
        numbers.setdefault(head, []).append(int(number))
    for head, taken in numbers.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), head
    last = {
        (p, f"{day:%y%m%d}"): n for p, day, n in CodeSequence.objects.values_list("prefix", "day", "last")
    }
    for head, taken in numbers.items():
        prefix, day = head.rsplit("-", 1)
        assert last[(prefix, day)] == len(taken)


def test_a_generated_row_pointing_at_no_row_is_refused(cast, flows):
    """The generator writes SQLite rows without a foreign-key look-up each and checks the new rows'
    references once at the end (bulk_rows.check_references)."""
    demo_bulk.bulk_generate(20, chunk=20, days=30)
    first = StepVisit.objects.order_by("pk").first()
    bulk_rows.check_references(StepVisit, first.pk)  # the generated rows point at rows that exist
    table = StepVisit._meta.db_table
    with connection.cursor() as cursor:
        # Deferred on SQLite and PostgreSQL alike: allowed until the end of the transaction.
        cursor.execute(f"UPDATE {table} SET step_id = 999999 WHERE id = %s", [first.pk])
    with pytest.raises(IntegrityError, match="step_id = 999999"):
        bulk_rows.check_references(StepVisit, first.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET step_id = %s WHERE id = %s", [first.step_id, first.pk])


def _generated_rows() -> list[tuple]:
    rows: list[tuple] = []
    for model in (Dossier, DossierEvent, StepVisit):
        rows += [(model.__name__, *r) for r in model.objects.order_by("pk").values_list()]
    return rows + sorted(CodeSequence.objects.values_list("prefix", "day", "last"))


@pytest.mark.django_db(transaction=True)
def test_the_writing_process_writes_what_one_process_writes(cast, flows):
    """bulk_pipe: a second process writing the chunks gives the same rows, counters included, as writing
    them in the generator's process (a fresh set both times: same seed, same clock, same first ids)."""
    if not bulk_pipe.usable():
        pytest.skip("another process cannot see this database (SQLite in memory): run on PostgreSQL")
    now = timezone.now()
    demo_bulk.bulk_generate(240, chunk=50, days=60, now=now, seed=5, writer_process=True)
    two = _generated_rows()
    Dossier.objects.all().delete()
    CodeSequence.objects.all().delete()
    demo_bulk.bulk_generate(240, chunk=50, days=60, now=now, seed=5, writer_process=False)
    assert _generated_rows() == two
    assert sum(1 for r in two if r[0] == "Dossier") == 240


#: A fixed clock for the generator's past (a Saturday morning in Vietnam: out of hours, as now often is).
NOW = dt.datetime(2026, 12, 5, 2, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def _count(field: str, start: dt.datetime, end: dt.datetime) -> int:
    return Dossier.objects.filter(**{f"{field}__gte": start, f"{field}__lt": end}).count()


def _assert_like_any_other_month(field: str, now: dt.datetime) -> None:
    """The last 30 days against the same 30 days a year earlier and against the mean month of the two
    years (24 months of the 730 days)."""
    last = _count(field, now - 30 * DAY, now + DAY)
    year_before = _count(field, now - 395 * DAY, now - 365 * DAY)
    mean = _count(field, now - 730 * DAY, now + DAY) * 30 / 730
    assert 0.6 <= last / year_before <= 1.6, (field, last, year_before)
    assert 0.6 <= last / mean <= 1.6, (field, last, mean)


def _assert_open_ones_stand_where_their_history_ends(now: dt.datetime) -> None:
    """Each open dossier's step, place, handler, limits and pause are those its last history row and its
    last step visit say; none of its rows is later than now."""
    open_ones = Dossier.objects.filter(status__in=demo_bulk.OPEN)
    assert open_ones.exists()
    for d in open_ones:
        event = d.events.order_by("-pk").first()
        assert (event.to_step_id, event.at) == (d.current_step_id, d.status_changed_at)
        if d.status == Status.SUBMITTED:
            assert d.visits.count() == 0 and d.received_at is None
            continue
        visit = d.visits.order_by("-pk").first()
        assert visit.step_id == d.current_step_id and visit.agency_id == d.current_agency_id
        assert visit.finished_at is None and visit.started_at == d.step_started_at <= now
        assert visit.due_at == d.step_due_at and event.to_agency_id == d.current_agency_id
        assert d.handler_id in (None, visit.handler_id) and d.finished_at is None
        assert d.current_kind == d.current_step.kind and d.current_role == d.current_step.role
        if d.status == Status.SUPPLEMENT:
            assert d.paused_at == d.step_started_at and d.paused_from in (Status.RECEIVED, Status.PROCESSING)
        else:
            assert d.paused_at is None and d.status == (
                Status.RECEIVED if d.current_kind == StepKind.RECEIVE else Status.PROCESSING
            )


def _assert_nothing_after(now: dt.datetime) -> None:
    for field in ("finished_at", "returned_at", "status_changed_at", "received_at"):
        assert not Dossier.objects.filter(**{f"{field}__gt": now}).exists(), field
    assert not StepVisit.objects.filter(finished_at__gt=now).exists()
    assert not DossierEvent.objects.filter(at__gt=now).exists()
    # No pile of moments at the clock's own: a step is finished only when its planned end has come.
    assert not Dossier.objects.filter(finished_at=now).exists()
    assert not StepVisit.objects.filter(finished_at=now).exists()


def test_the_generated_past_runs_on_up_to_now(cast, flows):
    """The demo's past (no backlog): the last 30 days receive and finish as many dossiers as the same days
    a year earlier and as the mean month; nothing is finished after now; the open dossiers are the ones
    received recently whose steps have not ended, each standing where its history ends; and the summary
    tables rebuilt from it equal a recount."""
    assert demo_bulk.bulk_generate(3000, now=NOW, seed=3, open_share=None) == 3000
    _assert_like_any_other_month("received_at", NOW)
    _assert_like_any_other_month("finished_at", NOW)
    _assert_nothing_after(NOW)
    _assert_open_ones_stand_where_their_history_ends(NOW)
    open_ones = Dossier.objects.filter(status__in=demo_bulk.OPEN)
    # What a steady flow leaves open: a few weeks' receipts at most (the test procedures take 5 and 10
    # working days), all of them recent.
    assert 0.003 * 3000 <= open_ones.count() <= 0.04 * 3000
    assert not open_ones.filter(submitted_at__lt=NOW - 60 * DAY).exists()
    # Spread over the working time: Monday's opening does not take the weekend's share.
    weekdays = Counter(
        timezone.localtime(r).weekday() for r in Dossier.objects.values_list("received_at", flat=True) if r
    )
    assert weekdays[0] < 1.4 * weekdays[2] and weekdays[5] + weekdays[6] < 0.02 * 3000  # make-up days
    # Finished ones include those received in the last days whose steps ended in time.
    assert Dossier.objects.filter(status=Status.RETURNED, received_at__gte=NOW - 10 * DAY).exists()
    assert Dossier.objects.filter(status=Status.RESOLVED, received_at__gte=NOW - 30 * DAY).exists()
    rebuild(actor=SystemActor("test"))
    call_command("check_stats", stdout=io.StringIO())  # exits 1 when the tables differ from a recount


def test_a_bench_backlog_is_spread_over_the_period(cast, flows):
    """The benches' 13 % open: the backlog is held at steps of dossiers received all over the two years,
    so the receipts of the last month stay those of any other month."""
    demo_bulk.bulk_generate(2000, now=NOW, seed=4)
    made = Dossier.objects.count()
    open_ones = Dossier.objects.filter(status__in=demo_bulk.OPEN)
    assert 0.12 * made <= open_ones.count() <= 0.14 * made
    assert set(open_ones.values_list("status", flat=True)) == {
        Status.SUBMITTED,
        Status.RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT,
    }
    assert open_ones.filter(submitted_at__lt=NOW - 365 * DAY).count() > 0.3 * open_ones.count()
    _assert_like_any_other_month("received_at", NOW)
    _assert_nothing_after(NOW)
    _assert_open_ones_stand_where_their_history_ends(NOW)


def test_a_seed_gives_the_same_data_set_twice(cast, flows):
    demo_bulk.bulk_generate(300, chunk=120, now=NOW, seed=8)
    first = _generated_rows()
    Dossier.objects.all().delete()
    CodeSequence.objects.all().delete()
    demo_bulk.bulk_generate(300, chunk=120, now=NOW, seed=8)
    assert _generated_rows() == first
    Dossier.objects.all().delete()
    CodeSequence.objects.all().delete()
    demo_bulk.bulk_generate(300, chunk=120, now=NOW, seed=9)
    assert _generated_rows() != first


def test_generated_steps_happen_where_the_services_place_them(cast, route):  # noqa: F811
    """A step marked `local_unit` (the police "at its unit serving the commune") happens, for a generated
    dossier as for one moved by the services, at the unit serving the receiving commune
    (places.step_place), and its holders are that unit's."""
    demo_bulk.bulk_generate(300, now=NOW, seed=5, open_share=None)
    steps = {s.pk: s for s in WorkflowStep.objects.select_related("agency")}
    agencies: dict[int, int] = {}
    for d in Dossier.objects.exclude(received_at=None).select_related("receiving_agency"):
        for v in d.visits.all():
            assert v.agency_id == places.step_place(steps[v.step_id], d.receiving_agency).pk, d.code
            agencies[v.agency_id] = agencies.get(v.agency_id, 0) + 1
        for e in d.events.exclude(to_step=None):
            assert e.to_agency_id == (
                d.receiving_agency_id if e.action in ("receive", "submit")
                else places.step_place(steps[e.to_step_id], d.receiving_agency).pk
            )  # fmt: skip
        if d.status in demo_bulk.OPEN:
            assert d.current_agency_id == places.step_place(steps[d.current_step_id], d.receiving_agency).pk
    assert agencies.get(route["station_a"].pk) and not agencies.get(route["police"].pk)
    handlers = set(
        StepVisit.objects.filter(agency=route["station_a"])
        .exclude(handler=None)
        .values_list("handler", flat=True)
    )
    assert handlers == {route["cuutru_a"].user.pk}
