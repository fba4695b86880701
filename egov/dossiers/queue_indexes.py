"""The indexes of the officers' work queues (docs/performance.md, "Indexes of the work queues").

`dossier_in_hand` holds every column a queue filters, sorts or counts on, over the dossiers not closed
only: a queue's count and its page of ids read this index alone (an index-only scan on PostgreSQL, which
needs the ids included), never the table, and its size follows the
dossiers in hand, not the years of closed ones. SQLite uses a partial index only for a query that repeats
its condition with the same constants in the SQL text (a bound parameter does not count, and Django binds
every value), so every queue but "returned today" filters with `status__in_literals=IN_HAND`, which writes
the values into the SQL (egov.dossiers.selectors.queue).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.lookups import In

#: Statuses not closed: every status but models.CLOSED (tests/dossiers/test_queue_speed.py keeps the two in
#: step). Plain values, because models.py builds its indexes from this module.
IN_HAND = ("submitted", "received", "processing", "supplement", "financial", "resolved")

QUEUE_INDEXES = [
    models.Index(
        fields=[
            "current_agency",
            "status",
            "current_role",
            "current_kind",
            "handler",
            "due_at",
            "correction_due_at",
            "paused_at",
            "received_at",
            "accept_due_at",
            "status_changed_at",
        ],
        condition=models.Q(status__in=IN_HAND),
        # The key as well, for PostgreSQL: a queue's query asks for the ids, and an index without them
        # sends it to the table for every dossier the filter keeps (2,300 table pages for the specialist's
        # "overdue" at a million dossiers: 4-5 ms, against 1.2 ms read from the index alone). SQLite's
        # indexes hold the row id anyway, and Django leaves `include` out there.
        include=["id"],
        name="dossier_in_hand",
    ),
    # The same dossiers in each agency's order of due moment (docs/performance.md, "A queue's page in the
    # index's order"): a queue's first page sorted by due moment reads its 25 entries in order and stops,
    # where `dossier_in_hand` gives every entry of the agency at that status to be sorted (4,500 entries
    # for a commune's "to process", 13,000 for its "overdue", at ten million dossiers). Every column the
    # queues filter on is a key column, not included, so that SQLite (which has no INCLUDE) filters from
    # the index too; `egov.dossiers.queue_pages` asks a viewer of several agencies agency by agency.
    models.Index(
        fields=[
            "current_agency",
            "due_at",
            "id",
            "status",
            "current_role",
            "current_kind",
            "handler",
            "correction_due_at",
            "paused_at",
            "received_at",
        ],
        condition=models.Q(status__in=IN_HAND),
        name="dossier_in_hand_by_due",
    ),
    # Online submissions waiting past their acceptance limit, per receiving agency (the panel of the queue
    # to receive, online_queue.online_limits): the agency's waiting ones only, not every dossier it received.
    models.Index(
        fields=["receiving_agency", "status", "accept_due_at"],
        condition=models.Q(status__in=IN_HAND),
        name="dossier_online_waiting",
    ),
    # Paper dossiers to send (Decree 118/2025 art. 20.1.a): few rows, found without a scan.
    models.Index(
        fields=["receiving_agency", "status", "due_at"],
        condition=models.Q(paper_forward_to__isnull=False, papers_sent_at__isnull=True),
        name="dossier_papers_to_send",
    ),
]


@models.CharField.register_lookup
class InLiterals(In):
    """`IN (...)` with the values written into the SQL, for constants of the code only (never user input):
    the form a partial index's condition must take for SQLite to use it."""

    lookup_name = "in_literals"

    def process_rhs(self, compiler: Any, connection: Any) -> tuple[str, tuple[()]]:
        values = list(self.rhs)
        if not values or not all(isinstance(v, str) and v.isidentifier() for v in values):
            raise ValueError(f"in_literals takes plain names written in the code, not {values!r}")
        return "(" + ", ".join(f"'{v}'" for v in values) + ")", ()
