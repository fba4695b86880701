"""Development and benchmarks only: write N generated dossiers (with history and step visits) in chunks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from egov.dossiers.demo_bulk import bulk_generate


class Command(BaseCommand):
    help = "Generate N dossiers (needs published, staffed workflows: run `manage.py demo` first)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--days", type=int, default=730, help="spread receipts over this many past days")
        parser.add_argument("--chunk", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--writer-process",
            action="store_true",
            help="write in a second process while the first generates (pays only with a free core)",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="generate and write in N processes side by side (one core each, and the database's)",
        )
        parser.add_argument(
            "--indexes",
            choices=["auto", "aside", "kept"],
            default="auto",
            help="drop the secondary indexes for the load and build them after (aside), or not (kept); "
            "auto: aside for 100,000 dossiers or more that at least double the table",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()

        def progress(done: int) -> None:
            rate = done / max(time.perf_counter() - started, 1e-9)
            self.stdout.write(f"{done} dossiers ({rate:,.0f}/s)")

        try:
            bulk_generate(
                options["count"],
                days=options["days"],
                chunk=options["chunk"],
                seed=options["seed"],
                progress=progress,
                writer_process=options["writer_process"],
                processes=options["processes"],
                indexes_aside={"auto": None, "aside": True, "kept": False}[options["indexes"]],
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"done in {time.perf_counter() - started:.0f} s"))
