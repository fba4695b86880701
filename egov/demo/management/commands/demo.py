"""manage.py demo: build the fictional province, and bulk rows for benchmarks. Never needed in production.

manage.py demo                      build what is missing (running it twice changes nothing)
manage.py demo --reset              remove the demo province and build it again
manage.py demo --dossiers 1000000   also bulk-create dossiers (once a builder provides them)
manage.py demo --bulk KIND=N        the same for any bulk kind a builder registers
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from egov.citizens.demo import USERNAME as CITIZEN
from egov.core.audit import SystemActor
from egov.demo.builders import DemoBuilder, DemoContext, bulk_kinds, load_builders, seconds
from egov.demo.province import DEFAULT_SEED, DEMO_PASSWORD
from egov.dossiers.demo_bulk import bulk_generate
from egov.dossiers.models import Dossier, Status
from egov.insight.forecast import services as forecast
from egov.organizations.demo import foreign_agencies, persona_rows
from egov.stats.services import rebuild


def _count(value: str) -> int:
    try:
        number = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        number = -1
    if number < 0:
        raise CommandError(_("%(value)s is not a number of rows.") % {"value": value})
    return number


class Command(BaseCommand):
    help = "Build the fictional demo province (agencies, staff, personas) and optional bulk data."
    leave_locale_alone = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="seed for names (default %(default)s)"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="remove the demo data first (only on an empty or demo database)",
        )
        parser.add_argument(
            "--dossiers", metavar="N", help="bulk-create N dossiers (same as --bulk dossiers=N)"
        )
        parser.add_argument(
            "--history",
            metavar="N",
            help="the province's past: top the dossiers up to N with generated ones over the last two years, "
            "then recount the statistics and train the lateness forecast (make demo: 8000)",
        )
        parser.add_argument(
            "--bulk", metavar="KIND=N", action="append", default=[], help="bulk-create N rows of KIND"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        builders = load_builders()
        requests = self._bulk_requests(options)
        history = None if options["history"] is None else _count(options["history"])
        if foreign_agencies().exists():
            raise CommandError(
                _(
                    "This database already holds agencies that are not the demo province. "
                    "The demo command only runs on an empty database or one it built itself."
                )
            )
        ctx = DemoContext(seed=options["seed"], write=self.stdout.write, verbosity=options["verbosity"])
        if options["reset"]:
            # The removal is whole or nothing: a failure leaves the province as it was.
            with transaction.atomic():
                for builder in reversed(builders):
                    builder.reset(ctx)
        for builder in builders:
            self._build(ctx, builder)
        providers = bulk_kinds()
        for kind, count in requests.items():
            providers[kind].bulk(ctx, count)
        if history is not None:
            self._history(ctx, history)
        self._print_personas(options["seed"])

    def _build(self, ctx: DemoContext, builder: DemoBuilder) -> None:
        """One builder in a transaction of its own, committed when it ends.

        Not all builders in one: on PostgreSQL the services' thousands of savepoints overflow the
        transaction's subtransaction cache (64 per backend) until it ends, and snapshots that see it running
        consult pg_subtrans meanwhile; a build that fails late no longer throws the earlier parts away
        either (docs/demo.md, "One transaction per part", with what was measured: no speed-up). A builder
        that fails leaves nothing of its own; running the command again builds what is missing."""
        if builder.is_built(ctx):
            ctx.say(_("%(part)s: already present, skipped.") % {"part": builder.name})
            return
        started = time.perf_counter()
        try:
            with transaction.atomic():
                builder.build(ctx)
        except Exception as error:
            raise CommandError(
                _(
                    "%(part)s: not built (%(error)s), nothing of it was kept. The parts built before it "
                    "are kept: run the command again to build what is missing (--traceback shows where "
                    "it failed)."
                )
                % {"part": builder.name, "error": f"{type(error).__name__}: {error}"}
            ) from error
        ctx.say(
            _("%(part)s: built in %(seconds)s s.")
            % {"part": builder.name, "seconds": seconds(time.perf_counter() - started)}
        )

    def _history(self, ctx: DemoContext, target: int) -> None:
        """Dashboards, bottlenecks, trends against last year and the forecast need a past: the demo's own
        dossiers are a few dozen, moved through the services. The bulk generator adds the rest, received
        steadily up to now, with the seasons, slow agencies and lateness a real year has
        (egov.dossiers.demo_bulk), once: a database
        already holding `target` dossiers is left as it is, so `make demo` can run again."""
        have = Dossier.objects.count()
        if have >= target:
            ctx.say(_("Past dossiers: already present, skipped."))
            return
        started = time.perf_counter()
        try:
            # No backlog (the benches keep 13 % open): the open dossiers are those received in the last
            # days and weeks whose steps have not ended, as in an office at work.
            bulk_generate(target - have, seed=ctx.seed, open_share=None)
        except LookupError as exc:
            raise CommandError(f"Dossiers: {exc}") from exc
        rebuild(actor=ctx.actor)
        try:
            forecast.train(actor=SystemActor("demo"))
            forecast.score_open()
        except (ValueError, LookupError) as error:
            ctx.say(_("Lateness forecast not trained: %(why)s") % {"why": error})
        ctx.say(
            _("Past dossiers: %(count)s built in %(seconds)s s.")
            % {"count": target - have, "seconds": seconds(time.perf_counter() - started)}
        )

    def _bulk_requests(self, options: dict[str, Any]) -> dict[str, int]:
        """Parse and check every bulk request before anything is written."""
        requests: dict[str, int] = {}
        if options["dossiers"] is not None:
            requests["dossiers"] = _count(options["dossiers"])
        for item in options["bulk"]:
            kind, sep, value = item.partition("=")
            if not sep or not kind.strip():
                raise CommandError(_("Write --bulk as KIND=N, for example --bulk dossiers=100000."))
            requests[kind.strip()] = _count(value)
        providers = bulk_kinds()
        for kind in requests:
            if kind not in providers:
                available = ", ".join(sorted(providers)) or _("none yet")
                raise CommandError(
                    _(
                        "No demo builder can bulk-create %(kind)s yet, so nothing was done. "
                        "Bulk kinds available: %(available)s."
                    )
                    % {"kind": kind, "available": available}
                )
        return requests

    def _print_personas(self, seed: int) -> None:
        header = (_("Role"), _("Username"), _("Password"), _("Agency"))
        rows = [header, *persona_rows(seed)]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write(
            _("Demo accounts (every one uses the password %(password)s):") % {"password": DEMO_PASSWORD}
        )
        for number, row in enumerate(rows):
            self.stdout.write(
                ("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))).rstrip()
            )
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write(
            _("Citizen: %(username)s, same password, signs in at /cong-dan/dang-nhap/.")
            % {"username": CITIZEN}
        )
        found = (
            Dossier.objects.filter(status=Status.PROCESSING)
            .exclude(code="")
            .order_by("pk")
            .values_list("code", "applicant_phone", "applicant_id_number")
            .first()
        )
        if found:
            code, phone, id_number = found
            digits = "".join(c for c in (phone or id_number) if c.isdigit())[-4:]
            self.stdout.write(
                _(
                    "A dossier to look up at /tra-cuu/: %(code)s (its details open with the last four digits "
                    "of the applicant's phone or ID number: %(digits)s)."
                )
                % {"code": code, "digits": digits}
            )
