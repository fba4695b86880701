"""Review of the counter view, the step-agency month table and the handler recorded at close: what holds
(the keeping agrees with a recount when a stay's handler is set as it closes) and what a visitor can type
that answers 500."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from egov.dossiers.models import StepVisit
from egov.procedures.models import StepKind
from egov.stats import recount
from egov.stats.models import StepAgencyMonthFigure, StepFigure, StepMonthFigure
from tests.dossiers.conftest import MONDAY, hours, receive, step

pytestmark = pytest.mark.django_db


def test_a_stay_whose_handler_is_set_at_close_is_kept_as_a_rebuild_counts_it(cast, flows):
    # Nobody takes the processing, approval or return stays: each gets its handler as it closes.
    d = receive(cast, flows.simple)
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(2))
    d = step(d, "approve", cast.leader, MONDAY + hours(3))
    d = step(d, "return_result", cast.desk_officer, MONDAY + hours(4))
    approve = StepVisit.objects.get(dossier=d, step__kind=StepKind.APPROVE)
    assert approve.handler == cast.leader.user
    # The step rows carry the leader, not 0, in the day and per-handler month tables; the month without
    # the handler has the stay once.
    assert StepFigure.objects.get(step=approve.step_id, handler=cast.leader.user.pk).count == 1
    assert StepMonthFigure.objects.get(step=approve.step_id, handler=cast.leader.user.pk).count == 1
    assert not StepFigure.objects.filter(step=approve.step_id, handler=0).exclude(count=0).exists()
    assert StepAgencyMonthFigure.objects.get(step=approve.step_id).count == 1
    kept = recount.stored()
    assert recount.differences(recount.recount(), kept) == []
    call_command("rebuild_stats", stdout=io.StringIO())
    assert recount.stored() == kept


@pytest.mark.parametrize(
    "query",
    [
        "?measure=received&start=2020-01-01&end=9999-12-31",
        "?measure=received&start=0001-01-01&end=2020-01-01",
    ],
    ids=["last day of the calendar", "first day of the calendar"],
)
def test_the_dossier_list_refuses_a_date_it_cannot_count_to(cast, login, query):
    # The list answers 404 to a key that cannot be one (276670b) but 500 to a day at the calendar's edge:
    # `end + 1 day` overflows, and 0001-01-01 00:00 in Vietnam's time is before year 1 in UTC.
    client = login(cast.auditor)
    client.raise_request_exception = False
    assert client.get(reverse("stats:dossiers") + query).status_code == 404


@pytest.mark.parametrize("page", ["stats:dashboard", "stats:bottlenecks"])
@pytest.mark.parametrize(
    "query",
    ["?period=custom&start=9999-12-02&end=9999-12-31", "?period=custom&start=0001-01-01&end=0001-01-31"],
    ids=["end of the calendar", "start of the calendar"],
)
def test_a_custom_period_at_the_calendar_s_edge_is_not_a_500(cast, login, flows, page, query):
    client = login(cast.auditor)
    client.raise_request_exception = False
    assert client.get(reverse(page) + query).status_code in (200, 404)


@pytest.mark.parametrize(
    "query",
    ["?period=custom&start=9999-12-02&end=9999-12-31", "?period=custom&start=0001-01-01&end=0001-01-31"],
    ids=["end of the calendar", "start of the calendar"],
)
def test_the_public_page_at_the_calendar_s_edge_is_not_a_500(client, flows, query):
    client.raise_request_exception = False
    assert client.get(reverse("stats:public") + query).status_code in (200, 404)
