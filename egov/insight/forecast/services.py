"""Train the lateness model and score the open dossiers: each a service with its audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from egov.core.audit import Actor, record
from egov.insight.forecast import data
from egov.insight.forecast.model import Snapshot, fit, probability
from egov.insight.models import ForecastModel, ForecastScore

#: Reasons kept per dossier (the features that pushed its probability up most).
REASONS = 3


def train(
    *, actor: Actor, snapshots: list[Snapshot] | None = None, now: dt.datetime | None = None
) -> ForecastModel:
    """Fit a new model on the finished dossiers (or the given snapshots) and store it as the next version."""
    rows = data.training_snapshots() if snapshots is None else snapshots
    if len(rows) < 20:
        raise ValueError("too few finished dossiers to learn from")
    parameters, metrics = fit(rows)
    with transaction.atomic():
        latest = ForecastModel.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        model = ForecastModel.objects.create(
            version=latest + 1, trained_at=now or timezone.now(), parameters=parameters, metrics=metrics
        )
        record(actor, "insight.train", model, after={"version": model.version, **_headline(metrics)})
    return model


def _headline(metrics: dict[str, Any]) -> dict[str, Any]:
    return {k: metrics[k] for k in ("auc", "brier", "trained_on", "held_back") if k in metrics}


def current_model() -> ForecastModel | None:
    return ForecastModel.objects.order_by("-version").first()


def score_open(*, now: dt.datetime | None = None, model: ForecastModel | None = None) -> int:
    """Score every open dossier with the latest model; replace their stored scores. Returns how many."""
    model = model or current_model()
    if model is None:
        raise LookupError("no forecast model: run manage.py train_forecast first")
    now = now or timezone.now()
    scores = []
    for pk, snapshot in data.open_snapshots(now):
        p, pushes = probability(model.parameters, snapshot)
        reasons = [
            {"feature": name, "push": round(push, 3), "value": _value(snapshot, name)}
            for name, push in pushes[:REASONS]
            if push > 0
        ]
        scores.append(
            ForecastScore(
                dossier_id=pk,
                probability=round(p, 4),
                reasons=reasons,
                model_version=model.version,
                scored_at=now,
            )
        )
    with transaction.atomic():
        ForecastScore.objects.bulk_create(
            scores,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["dossier"],
            update_fields=["probability", "reasons", "model_version", "scored_at"],
        )
        # Dossiers no longer open were not scored again: they lose their score, so the queue sorts only
        # what still runs.
        ForecastScore.objects.filter(scored_at__lt=now).delete()
    return len(scores)


def _value(snapshot: Snapshot, feature: str) -> float | str:
    if "=" in feature:
        return feature.split("=", 1)[1]
    return round(float(getattr(snapshot, feature)), 1)
