"""The demo builders: realistic dossiers in every state through the services, and fast bulk generation."""

from __future__ import annotations

from collections import Counter

from django.urls import reverse
from django.utils import timezone

from egov.dossiers import demo, demo_bulk, selectors
from egov.dossiers.models import Dossier, DossierEvent, Status, StepVisit
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
