"""The indexes of the officers' work queues (docs/performance.md, "Indexes of the work queues").

`dossier_in_hand` holds every column a queue filters, sorts or counts on, over the dossiers not closed
only: a queue's count and its page of ids read this index alone, never the table, and its size follows the
dossiers in hand, not the years of closed ones. SQLite uses a partial index only for a query that repeats
its condition, so every queue but "returned today" filters on IN_HAND too (egov.dossiers.selectors.queue).
"""

from __future__ import annotations

from django.db import models

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
        name="dossier_in_hand",
    ),
    # Paper dossiers to send (Decree 118/2025 art. 20.1.a): few rows, found without a scan.
    models.Index(
        fields=["receiving_agency", "status", "due_at"],
        condition=models.Q(paper_forward_to__isnull=False, papers_sent_at__isnull=True),
        name="dossier_papers_to_send",
    ),
]
