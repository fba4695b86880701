"""Retrain the lateness forecast on the finished dossiers and print its accuracy on held-back dossiers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from egov.core.audit import SystemActor
from egov.insight.forecast import services


class Command(BaseCommand):
    help = "Train the lateness model on finished dossiers; store it as the next version with its metrics."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=50_000, help="most recent step visits to learn from")

    def handle(self, *args: Any, limit: int, **options: Any) -> None:
        from egov.insight.forecast import data

        try:
            model = services.train(
                actor=SystemActor("train_forecast"), snapshots=data.training_snapshots(limit)
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        m = model.metrics
        self.stdout.write(f"model v{model.version}: trained on {m['trained_on']}, held back {m['held_back']}")
        if "auc" in m:
            self.stdout.write(f"AUC {m['auc']:.3f}  Brier {m['brier']:.4f}  late share {m['late_share']:.3f}")
            self.stdout.write("forecast band   n      mean forecast  observed late")
            for row in m["calibration"]:
                self.stdout.write(
                    f"{row['from']:.1f}-{row['to']:.1f}    {row['n']:<6} "
                    f"{row['forecast']:<14.3f} {row['observed']:.3f}"
                )
        else:
            self.stdout.write("the held-back dossiers are all late or all not late: no AUC")
