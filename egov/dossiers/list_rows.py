"""The rows of a work queue's page: what each row shows, read as plain values, not as model instances.

A page of 25 rows made 75-125 model instances (the dossier, its procedure, agency, step and handler, each
with Django's deferred-field machinery for the columns `only` left out): building them was an eighth of a
queue page's CPU (docs/performance.md, "A queue's rows as plain values"). A row here holds the same values
under the same names — `d.procedure.name`, `d.current_agency.short_name`, `d.handler.get_full_name`,
`d.get_status_display` — so the row writer (`templatetags/dossier_rows.queue_rows`) and the template it
replaced read it as they read a Dossier (`tests/dossiers/test_queue_speed.py` holds the two to the same
cells)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.db.models import QuerySet

from egov.core import statements
from egov.dossiers import deadlines, online_queue
from egov.dossiers.models import Dossier, Status, Timeliness

#: The columns a row shows, in the statement's order (`QueueRow.__init__` takes them in this order).
COLUMNS = (
    "id",
    "code",
    "status",
    "applicant_name",
    "received_at",
    "due_at",
    "alert_due_at",
    "accept_due_at",
    "timeliness",
    "channel",
    "status_changed_at",
    "paper_forward_to_id",
    "paper_forward_due_at",
    "papers_sent_at",
    "procedure__name",
    "current_agency__name",
    "current_agency__short_name",
    "current_step_id",
    "current_step__name",
    "handler_id",
    "handler__full_name",
    "handler__username",
    "paused_at",
    "correction_due_at",
)

_STATUS_WORDS = dict(Status.choices)
_TIMELINESS_WORDS = dict(Timeliness.choices)


class Named(NamedTuple):
    """A procedure or a step as a row shows it: its name."""

    name: str


class AgencyName(NamedTuple):
    name: str
    short_name: str


class Person(NamedTuple):
    full_name: str
    username: str

    def get_full_name(self) -> str:
        """As `accounts.User.get_full_name`: the full name, else the username."""
        return self.full_name or self.username


class QueueRow:
    """One dossier of a queue's page: the values of `COLUMNS`, and what the view adds (`url`, `limits`, and
    for the queue to receive `alert_sent_at`)."""

    __slots__ = (
        "accept_due_at",
        "alert_due_at",
        "alert_sent_at",
        "applicant_name",
        "channel",
        "code",
        "correction_due_at",
        "current_agency",
        "current_step",
        "current_step_id",
        "due_at",
        "handler",
        "handler_id",
        "limits",
        "overdue",
        "paper_forward_due_at",
        "paper_forward_to_id",
        "papers_sent_at",
        "paused_at",
        "pk",
        "procedure",
        "received_at",
        "status",
        "status_changed_at",
        "timeliness",
        "url",
    )

    def __init__(self, row: tuple[Any, ...]) -> None:
        (
            self.pk,
            self.code,
            self.status,
            self.applicant_name,
            self.received_at,
            self.due_at,
            self.alert_due_at,
            self.accept_due_at,
            self.timeliness,
            self.channel,
            self.status_changed_at,
            self.paper_forward_to_id,
            self.paper_forward_due_at,
            self.papers_sent_at,
            procedure,
            agency,
            short_name,
            self.current_step_id,
            step,
            self.handler_id,
            full_name,
            username,
            self.paused_at,
            self.correction_due_at,
        ) = row
        self.procedure = Named(procedure)
        # The joins are outer: a dossier without an agency or a step has None there, as the model says.
        self.current_agency = AgencyName(agency, short_name or "") if agency is not None else None
        self.current_step = Named(step) if self.current_step_id is not None else None
        self.handler = Person(full_name, username) if self.handler_id is not None else None
        self.url = ""
        self.limits: dict[str, bool] = {}
        self.alert_sent_at = None
        #: Set by the view for its moment (`is_overdue`): the row's "overdue" mark.
        self.overdue = False

    def is_overdue(self, now: dt.datetime) -> bool:
        """`deadlines.overdue`'s rule on the row's columns."""
        return deadlines.runs_past_due(self, now)

    def get_status_display(self) -> str:
        """As Django's `get_status_display`: the status's label in the current language."""
        return str(_STATUS_WORDS.get(self.status, self.status))

    def get_timeliness_display(self) -> str:
        return str(_TIMELINESS_WORDS.get(self.timeliness, self.timeliness))


def list_rows(ids: list[int], *, online: bool = False) -> list[QueueRow]:
    """The list rows of these dossiers (a page of a queue, its ids found first from the index alone), in
    no particular order (the paginator puts them in the ids' order)."""
    if not ids:  # an empty page: `IN ()` is no SQL
        return []
    # Built once per process and number of rows (`core.statements`): the columns and joins every row
    # shows made most of the page's query building.
    rows = [QueueRow(row) for row in statements.select(_rows_of, *ids)]
    return online_queue.with_online_alert(rows) if online else rows


def _rows_of(*ids: int) -> QuerySet[Any]:
    return Dossier.objects.filter(pk__in=ids).order_by().values_list(*COLUMNS)
