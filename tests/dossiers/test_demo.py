"""The demo builders: realistic dossiers in every state through the services, and fast bulk generation."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from egov.dossiers import bulk_pipe, bulk_rows, deadlines, demo, demo_bulk, selectors
from egov.dossiers.models import CodeSequence, Dossier, DossierEvent, Status, StepVisit
from egov.procedures.models import StepKind, WorkflowStep
from tests.dossiers.conftest import receive


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


def test_bulk_generate_writes_consistent_dossiers(cast, flows, login):
    receive(cast, flows.simple, now=timezone.now())
    assert demo_bulk.bulk_generate(300, chunk=120, days=60) == 300
    assert Dossier.objects.count() == 301
    assert DossierEvent.objects.count() > 301 and StepVisit.objects.count() > 300
    # Rows written straight to the tables read back as the ORM would have written them (bulk_rows).
    generated = Dossier.objects.exclude(received_at=None).order_by("-pk").first()
    assert generated.applicant_email == "" and generated.created_at is not None and generated.version == 1
    assert generated.received_at.tzinfo is not None and generated.events.order_by("pk").first().data == {}
    assert generated.visits.exists() and generated.visits.order_by("pk").first().paused_hours == 0
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
        if v.spent_hours is not None and step.kind != StepKind.RETURN:
            assert v.finished_at == min(deadlines.add_working_hours(v.started_at, v.spent_hours), now)
            assert v.timeliness == deadlines.classify(v.finished_at, v.due_at)
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
