"""The summary tables: counts kept current in each dossier move's transaction (egov.stats.keeping).

Ids are plain integers, not foreign keys: a row is a count, and a unique key on integers (0 for "none")
is what the upsert relies on; a NULL would be distinct from every other NULL in a PostgreSQL unique index.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Measure(models.TextChoices):
    """What a `DayFigure` counts, each on its own day (docs/stats.md, "What is counted")."""

    SUBMITTED = "submitted", pgettext_lazy("measure", "Submitted online")
    RECEIVED = "received", _("Received")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    EARLY = "early", _("Finished early")
    ON_TIME = "on_time", _("Finished on time")
    LATE = "late", _("Finished late")
    REFUSED = "refused", _("Refused")
    RETURNED = "returned", _("Result returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Processing stopped")
    ABANDONED = "abandoned", _("Closed: not supplemented")
    # For egov.insight's indicators (Decision 766 O1, P3; IT-application online dossiers).
    RECEIVED_ONLINE = "received_online", _("Received, filed online")
    # For the counter's view (docs/stats.md, "The counter's view"): received at the counter is the rest.
    RECEIVED_POST = "received_post", _("Received, by post")
    APOLOGISED = "apologised", _("Finished late, with a letter of apology")


class OpenState(models.TextChoices):
    RUNNING = "running", _("Being processed")
    WAITING = "waiting", _("Waiting for the applicant")
    SUBMITTED = "submitted", _("Waiting for the counter")
    #: The result is ready, not yet handed over (status resolved): kept for the counter that received the
    #: dossier (`counter`), which hands it back, and for the agency that resolved it.
    READY = "ready", _("Waiting to be returned")


class FlowCounts(models.Model):
    """What the day and month tables count: dossiers of one procedure at one agency that had `measure`.
    `agency` is the agency that resolves them, `counter` the agency whose one-stop counter received them
    (the receiving agency): a commune's own dossiers have the commune as both, a department's the provincial
    centre as counter, so a key rarely has more than one counter (docs/stats.md, "The counter's view")."""

    agency = models.IntegerField()
    counter = models.IntegerField(default=0)
    procedure = models.IntegerField()
    measure = models.CharField(max_length=15, choices=Measure.choices)
    count = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DayFigure(FlowCounts):
    """How many dossiers of one procedure at one agency had `measure` happen on `day` (local date)."""

    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure", "measure", "counter"], name="stats_day_key_counter"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "day"], name="stats_day_agency"),
            # The counter's view reads the edges of a period by counter.
            models.Index(fields=["counter", "day"], name="stats_day_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency} {self.counter} {self.procedure} {self.measure}: {self.count}"


class MonthFigure(FlowCounts):
    """The `DayFigure` rows of one month added up (`month`: its first day): a period of whole months reads
    these, only its ragged edges read the day rows (egov.stats.selectors)."""

    month = models.DateField()

    class Meta:
        constraints = [
            # Agency first, month last: no index starts with the month, so the planner takes the covering
            # index below for a period's read rather than a month range and a lookup per row.
            models.UniqueConstraint(
                fields=["agency", "procedure", "measure", "month", "counter"], name="stats_month_key_counter"
            )
        ]
        # Covering the dashboard's read (agency ∈ subtree, months in the period, grouped by agency,
        # procedure and measure): answered from the index alone, in its order, with no sort. The second
        # covers the counter's view the same way (counter ∈ subtree, grouped by counter, agency, ...).
        indexes = [
            models.Index(
                fields=["agency", "procedure", "measure", "month", "count"], name="stats_month_cover"
            ),
            models.Index(
                fields=["counter", "agency", "procedure", "measure", "month", "count"],
                name="stats_month_counter_cover",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.month:%Y-%m} {self.agency} {self.counter} {self.procedure} {self.measure}: {self.count}"
        )


#: The due hour of a figure that has none (waiting or submitted dossiers): a moment no dossier is due at.
NO_DUE = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


class OpenFigure(models.Model):
    """How many open dossiers sit now at `agency` with `handler` (0: none), by state and the hour their
    counting due moment falls in (`due_hour`: the moment with minutes and seconds cut off), so "overdue now"
    is a sum over these rows up to the current hour (egov.stats.selectors.open_now). `counter`: 0, but for
    the results waiting to be returned (`ready`), kept at the agency that resolved them and for the counter
    that received them (the counter's view)."""

    agency = models.IntegerField()
    procedure = models.IntegerField()
    handler = models.IntegerField(default=0)
    state = models.CharField(max_length=10, choices=OpenState.choices)
    due_hour = models.DateTimeField(default=NO_DUE)
    counter = models.IntegerField(default=0)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "handler", "state", "due_hour", "counter"],
                name="stats_open_key_counter",
            )
        ]
        # Only the `ready` rows name a counter: a partial index, which the other rows' upserts never touch.
        indexes = [
            models.Index(
                fields=["counter", "agency", "procedure"],
                condition=models.Q(counter__gt=0),
                name="stats_open_counter",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.agency} {self.procedure} {self.handler} {self.state} {self.due_hour} {self.counter}: "
            f"{self.count}"
        )


class StepCounts(models.Model):
    """What the step tables count: finished stays at a workflow step, by agency and handler, in buckets of
    working hours spent (`BUCKETS` in egov.stats.keeping), so medians and percentiles come from counts."""

    step = models.IntegerField()
    agency = models.IntegerField()
    handler = models.IntegerField(default=0)
    bucket = models.SmallIntegerField()
    late = models.BooleanField(default=False)
    count = models.IntegerField(default=0)

    class Meta:
        abstract = True


class StepFigure(StepCounts):
    """Finished stays that ended on `day`."""

    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "step", "agency", "handler", "bucket", "late"], name="stats_step_key"
            )
        ]
        indexes = [models.Index(fields=["agency", "day"], name="stats_step_agency")]

    def __str__(self) -> str:
        return f"{self.day} {self.step} {self.agency} {self.handler} {self.bucket}: {self.count}"


class StepMonthFigure(StepCounts):
    """The `StepFigure` rows of one month added up: the duration histogram per month × step × agency ×
    handler that the bottleneck page reads for whole months (medians and 90th percentiles to the bucket)."""

    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "step", "bucket", "late", "handler", "month"], name="stats_step_month_key"
            )
        ]
        # Covering the bottleneck page's read (grouped by agency, step, bucket, late; per handler too).
        indexes = [
            models.Index(
                fields=["agency", "step", "bucket", "late", "handler", "month", "count"],
                name="stats_step_month_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.step} {self.agency} {self.handler} {self.bucket}: {self.count}"


class StepAgencyMonthFigure(models.Model):
    """The `StepMonthFigure` rows of one month added up over the handlers: the histogram per month × step ×
    agency that the bottleneck page's step table reads. Kept beside the per-handler rows because a
    province's year reads one row per step, agency, bucket and month here instead of one per handler too
    (at a million dossiers 488,893 rows into 20,912 groups: docs/performance.md, "Statistics")."""

    month = models.DateField()
    step = models.IntegerField()
    agency = models.IntegerField()
    bucket = models.SmallIntegerField()
    late = models.BooleanField(default=False)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "step", "bucket", "late", "month"], name="stats_step_agency_month_key"
            )
        ]
        # Covering the step table's read (agency in the scope, months of the period; grouped as keyed).
        indexes = [
            models.Index(
                fields=["agency", "step", "bucket", "late", "month", "count"], name="stats_step_agency_cover"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.step} {self.agency} {self.bucket}: {self.count}"


class StatsState(models.Model):
    """One row (pk 1, made by the migration): when the summaries were last rebuilt, and when a move last
    wrote them, to the minute. `written_at` is written by the first move of each minute only (a conditional
    UPDATE that matches nothing otherwise), so it is not a hot row every move waits for."""

    rebuilt_at = models.DateTimeField(null=True)
    written_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"rebuilt {self.rebuilt_at}"
