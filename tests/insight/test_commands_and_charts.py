"""The commands around the forecast, the model's storage as numbers, and charts readable without colour."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from egov.core.audit import SystemActor
from egov.insight import charts
from egov.insight.forecast import services
from egov.insight.forecast.model import rule_data_set
from egov.insight.models import ForecastModel


@pytest.mark.django_db
def test_train_forecast_refuses_without_finished_dossiers():
    with pytest.raises(CommandError, match="too few"):
        call_command("train_forecast")
    assert not ForecastModel.objects.exists()


@pytest.mark.django_db
def test_forecast_command_asks_for_a_model_first():
    with pytest.raises(CommandError, match="train_forecast"):
        call_command("forecast")


@pytest.mark.django_db
def test_a_stored_model_is_plain_json_numbers_with_its_metrics():
    model = services.train(actor=SystemActor("test"), snapshots=rule_data_set(400))
    stored = ForecastModel.objects.get(pk=model.pk)
    # Round-trips through JSON text: nothing but names and numbers, nothing to unpickle.
    assert json.loads(json.dumps(stored.parameters)) == stored.parameters
    assert set(stored.parameters) == {"kind", "intercept", "weights", "scaling"}
    assert stored.metrics["held_back"] == 80 and 0 <= stored.metrics["auc"] <= 1
    out = StringIO()
    call_command("forecast", stdout=out)
    assert "0 open dossiers scored" in out.getvalue()


def test_chart_writes_every_value_and_tells_series_apart_by_pattern():
    svg = str(
        charts.bars(
            "Tỷ lệ",
            ["Sở Tư pháp", "Xã <An Bình>"],
            [("2025", [Decimal("71.5"), None]), ("2026", [Decimal("80"), Decimal("12.3")])],
            maximum=100,
        )
    )
    assert ">71,5<" in svg and ">80<" in svg and ">12,3<" in svg
    assert "–" in svg  # a missing figure is written, not drawn as zero
    assert 'fill="#333"' in svg and 'fill="url(#hatch)"' in svg  # solid and hatched, not two colours
    assert "&lt;An Bình&gt;" in svg  # names are escaped
    assert "<script" not in svg
