"""The bulk generator in several processes (egov.dossiers.bulk_parallel): the flows dealt out so that no two
processes count the same code sequence, each process its share of the volumes, and the rows as consistent as
one process's: unique, gap-free codes the day counters continue, every reference to a row that exists."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from egov.dossiers import bulk_parallel, bulk_pipe, bulk_rows, demo_bulk
from egov.dossiers.demo_data import usable_flows
from egov.dossiers.models import CodeSequence, Dossier, DossierEvent, StepVisit
from egov.dossiers.rules import rules_for
from tests.dossiers.test_demo import _generated_rows

NOW = dt.datetime(2026, 12, 5, 2, 0, tzinfo=dt.UTC)


def _world() -> demo_bulk._World:
    # two years back: the 2018 rules (before 1 July 2025) and the 2025 ones both give prefixes
    return demo_bulk._World(usable_flows(), NOW, 730, demo_bulk._Tables(NOW), demo_bulk.BENCH_OPEN_SHARE)


def _prefixes(world: demo_bulk._World, indexes: list[int]) -> set[str]:
    """Every prefix these flows can give, worked out apart from the module: each channel a dossier may come
    by, each rules version in force on a day of the period."""
    versions = set()
    day = NOW.date() - dt.timedelta(days=731)
    while day <= NOW.date():
        versions.add(rules_for(day).version)
        day += dt.timedelta(days=1)
    assert len(versions) >= 2
    return {
        world.prefix(world.flows[i], channel, version)
        for i in indexes
        for channel in ("counter", "online", "post")
        for version in versions
    }


@pytest.mark.django_db
def test_no_two_parts_can_give_the_same_code_prefix_and_the_volumes_add_up(cast, flows):
    world = _world()
    plan = bulk_parallel.shares(world, 1001, 3, demo_bulk.CHANNELS)
    assert sum(count for _, count in plan) == 1001
    seen = [i for part, _ in plan for i in part]
    assert sorted(seen) == list(range(len(world.flows)))  # every flow in one part
    prefixes = [_prefixes(world, part) for part, _ in plan]
    for a in range(len(prefixes)):
        for b in range(a + 1, len(prefixes)):
            assert not prefixes[a] & prefixes[b]
    # each part's count is its flows' share of the volumes
    cum = world.flow_cum_weights
    weights = [y - x for x, y in zip([0.0, *cum[:-1]], cum, strict=True)]
    for part, count in plan:
        assert abs(count - 1001 * sum(weights[i] for i in part) / cum[-1]) < 1


@pytest.mark.django_db(transaction=True)
def test_two_processes_write_consistent_dossiers_and_the_same_rows_twice(cast, flows):
    if not bulk_pipe.usable():
        pytest.skip("another process cannot see this database (SQLite in memory): run on PostgreSQL")
    now = timezone.now()
    assert demo_bulk.bulk_generate(600, chunk=100, days=60, now=now, seed=5, processes=2) == 600
    assert Dossier.objects.count() == 600
    codes = list(Dossier.objects.exclude(received_at=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) > 400
    numbers: dict[str, list[int]] = {}
    for code in codes:
        head, number = code.rsplit("-", 1)
        numbers.setdefault(head, []).append(int(number))
    last = {
        (p, f"{day:%y%m%d}"): n for p, day, n in CodeSequence.objects.values_list("prefix", "day", "last")
    }
    for head, taken in numbers.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), head
        prefix, day = head.rsplit("-", 1)
        assert last[(prefix, day)] == len(taken)
    for model in (Dossier, DossierEvent, StepVisit):
        bulk_rows.check_references(model, 1)
    # the history's id sequence continues after the blocks the processes took
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT last_value FROM dossiers_dossierevent_id_seq")
            assert cursor.fetchone()[0] >= DossierEvent.objects.order_by("-pk").first().pk
    spread = Counter(Dossier.objects.values_list("status", flat=True))
    assert spread["returned"] > 300 and len(spread) >= 5
    rows = _generated_rows()
    Dossier.objects.all().delete()
    CodeSequence.objects.all().delete()
    demo_bulk.bulk_generate(600, chunk=100, days=60, now=now, seed=5, processes=2)
    assert _generated_rows() == rows


@pytest.mark.django_db(transaction=True)
def test_a_top_up_in_processes_draws_other_references(cast, flows):
    """The same seed on tables that already hold dossiers draws other streams, as one process does: the
    same stream drew the same submission references again, refused by their unique key (a review)."""
    if not bulk_pipe.usable():
        pytest.skip("another process cannot see this database (SQLite in memory): run on PostgreSQL")
    now = timezone.now()
    demo_bulk.bulk_generate(300, chunk=100, days=30, now=now, seed=5, processes=2)
    demo_bulk.bulk_generate(300, chunk=100, days=30, now=now, seed=5, processes=2)
    assert Dossier.objects.count() == 600
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))


def test_a_process_that_dies_without_an_answer_ends_the_wait():
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    quiet = context.Process(target=os._exit, args=(3,))
    quiet.start()
    with pytest.raises(RuntimeError, match="without an answer"):
        bulk_parallel.collect(results, [quiet], every=0.1)
