"""The lateness forecast: it learns a rule, stores its scores, and the queue sorts by them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.core.audit import SystemActor
from egov.core.models import AuditEntry
from egov.dossiers import deadlines
from egov.dossiers.models import Dossier, Status
from egov.insight.forecast import services
from egov.insight.forecast.model import fit, probability, rule_data_set
from egov.insight.models import ForecastModel, ForecastScore
from tests.dossiers.conftest import MONDAY, receive


def test_model_finds_a_rule_of_lateness_auc_above_0_9():
    """Late when under 8 working hours are left, or at the slow agency 2 with a handler over 20 visits a
    week: on the most recent fifth, held back, the model separates late from not late (AUC > 0.9)."""
    parameters, metrics = fit(rule_data_set(3000))
    assert metrics["auc"] > 0.9
    assert metrics["brier"] < 0.15
    assert sum(row["n"] for row in metrics["calibration"]) == metrics["held_back"] == 600
    # The slow agency pushes towards lateness, and so does little time left.
    assert parameters["weights"]["agency=2"] > parameters["weights"]["agency=1"]
    assert parameters["weights"]["hours_left"] < 0


def test_reasons_name_what_pushed_the_probability_up():
    parameters, _ = fit(rule_data_set(3000))
    late_looking = rule_data_set(1)[0].__class__(10, 2, "process", -4.0, 35.0, 24.0)
    p, pushes = probability(parameters, late_looking)
    assert p > 0.8
    assert pushes[0][0] in {"hours_left", "agency=2", "load"}


@pytest.mark.django_db
def test_open_dossiers_scored_and_stored_with_model_version_and_time(cast, flows):
    open_one = receive(cast, flows.simple)
    closed = receive(cast, flows.simple)
    Dossier.objects.filter(pk=closed.pk).update(status=Status.RETURNED)
    model = services.train(actor=SystemActor("test"), snapshots=rule_data_set(500))
    assert model.version == 1
    assert AuditEntry.objects.filter(action="insight.train").count() == 1
    at = MONDAY + dt.timedelta(hours=2)
    assert services.score_open(now=at) == 1
    score = ForecastScore.objects.get()
    assert score.dossier_id == open_one.pk
    assert score.model_version == 1 and score.scored_at == at
    assert 0 <= score.probability <= 1
    # Once the dossier is finished, scoring again drops its score.
    Dossier.objects.filter(pk=open_one.pk).update(status=Status.RETURNED)
    assert services.score_open(now=at + dt.timedelta(hours=1)) == 0
    assert not ForecastScore.objects.exists()


@pytest.mark.django_db
def test_scoring_without_a_model_says_to_train_first(cast, flows):
    receive(cast, flows.simple)
    with pytest.raises(LookupError):
        services.score_open()
    assert not ForecastModel.objects.exists()


@pytest.mark.django_db
def test_queue_sorts_likeliest_late_first_unscored_last(cast, flows, login):
    # Received now: due in some working days, none overdue (an overdue dossier comes first, see below).
    a, b, c = (receive(cast, flows.simple, now=timezone.now()) for _ in range(3))
    assert _listed_by_risk(cast, login, {a: 0.2, b: 0.9}) == [b, a, c]


def _listed_by_risk(cast, login, scores: dict) -> list:
    """The desk officer's queue sorted by the forecast, after scoring `scores` (dossier: probability)."""
    for d, score in scores.items():
        ForecastScore.objects.create(dossier=d, probability=score, model_version=1, scored_at=MONDAY)
    page = login(cast.desk_officer).get(reverse("dossiers:queue", args=["to_process"]), {"sort": "risk"})
    html = page.content.decode()
    return sorted((d for d in Dossier.objects.all() if d.code in html), key=lambda d: html.index(d.code))


@pytest.mark.django_db
def test_dossier_page_shows_probability_and_reasons(cast, flows, login):
    d = receive(cast, flows.simple, now=timezone.now())
    ForecastScore.objects.create(
        dossier=d,
        probability=0.83,
        model_version=4,
        scored_at=MONDAY,
        reasons=[
            {"feature": "hours_left", "push": 1.2, "value": 3.5},
            {"feature": "load", "push": 0.8, "value": 6.0},
            {"feature": "allotted", "push": 0.1, "value": 24.0},
        ],
    )
    page = login(cast.desk_officer).get(f"/ho-so/{d.pk}/").content.decode()
    assert "83%" in page and 'id="forecast-reasons"' in page
    # Figures as Vietnamese writes them, as the table of steps beside them: "3,5", "6" (not "3.5", "6.0").
    assert "Số giờ làm việc còn lại: 3,5<" in page
    assert "Người xử lý đã nhận 6 bước trong 7 ngày qua" in page
    assert "Số giờ quy định cho bước: 24<" in page
    assert "3.5" not in page and "6.0" not in page


def _overdue_and_fresh(cast, flows):
    """One dossier received on 16/11/2026, due 23/11, overdue when the test runs (the clock runs on real
    time); one received now, due days later."""
    late = receive(cast, flows.simple)
    fresh = receive(cast, flows.simple, now=timezone.now())
    assert Dossier.objects.filter(deadlines.overdue_q(timezone.now())).get() == late
    return late, fresh


@pytest.mark.django_db
def test_an_overdue_dossier_is_said_late_not_given_a_probability(cast, flows, login):
    late, _fresh = _overdue_and_fresh(cast, flows)
    ForecastScore.objects.create(
        dossier=late,
        probability=0.41,
        model_version=4,
        scored_at=MONDAY,
        reasons=[{"feature": "hours_left", "push": 1.2, "value": -20.8}],
    )
    page = login(cast.desk_officer).get(f"/ho-so/{late.pk}/").content.decode()
    assert 'id="dossier-overdue"' in page
    assert "Đã trễ hạn" in page
    assert "41%" not in page and 'id="forecast-reasons"' not in page


@pytest.mark.django_db
def test_queue_by_forecast_puts_overdue_dossiers_first_whatever_their_score(cast, flows, login):
    late, fresh = _overdue_and_fresh(cast, flows)
    unscored_late = receive(cast, flows.simple)
    listed = _listed_by_risk(cast, login, {late: 0.2, fresh: 0.9})
    assert [d for d in listed if d in (late, unscored_late, fresh)] == [late, unscored_late, fresh]
