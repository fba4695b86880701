"""The lateness model: a logistic regression over documented features, fitted with scikit-learn, kept as
plain numbers and scored by our own few lines (no pickle, no scikit-learn needed to score).

Features of a snapshot (a dossier at one step, at one moment):
- ``procedure=<id>``, ``agency=<id>`` (the agency of the step), ``step=<kind>``: one-hot categories;
- ``hours_left``: working hours from the moment to the dossier's due moment (negative when overdue),
  counted with the working calendar (egov.core.calendar);
- ``load``: step visits the handler started in the 7 days before the moment (0 without a handler);
- ``allotted``: the step's allotted working hours.
The numeric ones are standardised (mean and scale kept with the model).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

NUMERIC = ("hours_left", "load", "allotted")


@dataclass(frozen=True)
class Snapshot:
    procedure: int
    agency: int
    step: str
    hours_left: float
    load: float
    allotted: float
    late: bool = False
    at: float = 0.0  # a timestamp, to hold back the most recent dossiers


def features(s: Snapshot) -> dict[str, float]:
    return {
        f"procedure={s.procedure}": 1.0,
        f"agency={s.agency}": 1.0,
        f"step={s.step}": 1.0,
        "hours_left": s.hours_left,
        "load": s.load,
        "allotted": s.allotted,
    }


def _scaled(row: dict[str, float], scaling: dict[str, list[float]]) -> dict[str, float]:
    out = dict(row)
    for name, (mean, scale) in scaling.items():
        out[name] = (row.get(name, 0.0) - mean) / (scale or 1.0)
    return out


def fit(snapshots: Sequence[Snapshot], *, held_back: float = 0.2) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit on the older snapshots, measure on the most recent `held_back` share: (parameters, metrics)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import brier_score_loss, roc_auc_score

    ordered = sorted(snapshots, key=lambda s: s.at)
    cut = max(1, int(len(ordered) * (1 - held_back)))
    train, test = ordered[:cut], ordered[cut:]
    if len({s.late for s in train}) < 2:
        raise ValueError("the training set needs late and not-late dossiers")
    scaling: dict[str, list[float]] = {}
    for name in NUMERIC:
        values = [getattr(s, name) for s in train]
        mean = sum(values) / len(values)
        scale = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) or 1.0
        scaling[name] = [mean, scale]
    vectorizer = DictVectorizer(sparse=True)
    x_train = vectorizer.fit_transform([_scaled(features(s), scaling) for s in train])
    y_train = [int(s.late) for s in train]
    regression = LogisticRegression(C=1.0, max_iter=1000)
    regression.fit(x_train, y_train)
    parameters = {
        "kind": "logistic",
        "intercept": float(regression.intercept_[0]),
        "weights": {
            name: float(w)
            for name, w in zip(vectorizer.get_feature_names_out(), regression.coef_[0], strict=True)
        },
        "scaling": scaling,
    }
    metrics: dict[str, Any] = {"trained_on": len(train), "held_back": len(test)}
    if test and len({s.late for s in test}) == 2:
        predicted = [probability(parameters, s)[0] for s in test]
        actual = [int(s.late) for s in test]
        metrics["auc"] = round(float(roc_auc_score(actual, predicted)), 4)
        metrics["brier"] = round(float(brier_score_loss(actual, predicted)), 4)
        metrics["calibration"] = calibration(predicted, actual)
        metrics["late_share"] = round(sum(actual) / len(actual), 4)
    return parameters, metrics


def calibration(predicted: Sequence[float], actual: Sequence[int], bins: int = 10) -> list[dict[str, Any]]:
    """Per tenth of probability: how many dossiers, the mean forecast and the share that were late."""
    rows = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [
            (p, a)
            for p, a in zip(predicted, actual, strict=True)
            if low <= p < high or (b == bins - 1 and p == 1)
        ]
        if not members:
            continue
        rows.append(
            {
                "from": round(low, 1),
                "to": round(high, 1),
                "n": len(members),
                "forecast": round(sum(p for p, _ in members) / len(members), 3),
                "observed": round(sum(a for _, a in members) / len(members), 3),
            }
        )
    return rows


def probability(parameters: dict[str, Any], s: Snapshot) -> tuple[float, list[tuple[str, float]]]:
    """The probability that the dossier ends late, and each feature's push on the log-odds (largest first)."""
    row = _scaled(features(s), parameters["scaling"])
    weights = parameters["weights"]
    pushes = [(name, weights[name] * value) for name, value in row.items() if name in weights]
    z = parameters["intercept"] + sum(push for _, push in pushes)
    p = 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z))))
    pushes.sort(key=lambda item: item[1], reverse=True)
    return p, pushes


def rule_data_set(n: int, seed: int = 7) -> list[Snapshot]:
    """A hand-made data set where lateness follows a rule: late when under 8 working hours are left, or when
    the step is at agency 2 (a slow one) and the handler holds more than 20 visits a week."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        agency = rng.choice([1, 2, 3])
        hours_left = rng.uniform(-16, 80)
        load = rng.uniform(0, 40)
        late = hours_left < 8 or (agency == 2 and load > 20)
        rows.append(
            Snapshot(
                rng.choice([10, 11]),
                agency,
                rng.choice(["process", "approve"]),
                hours_left,
                load,
                rng.choice([8.0, 24.0]),
                late,
                float(i),
            )
        )
    return rows
