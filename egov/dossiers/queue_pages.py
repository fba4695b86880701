"""A queue's page of ids read in the page's order, agency by agency (docs/performance.md, "A queue's page
in the index's order").

The index `dossier_in_hand_by_due` holds an agency's dossiers in hand in the order of their due moment, so
the first page of one agency's queue reads about as many index entries as it shows, whatever the number
of dossiers the agency holds. A viewer whose queue spans several agencies (a department and the offices
under it) asks `current_agency_id IN (…)`, which an index cannot return in one order: the database read
every dossier in hand of those agencies and sorted them for the first 25 (19 ms at ten million dossiers
against 0.4 ms this way). So the page is asked of each agency apart, each in the index's order and cut at
the page's end, and the parts are merged: the same ids in the same order as the one query.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

#: The sorts the index serves (selectors.SORTS): due moment, then key, ascending or descending.
ORDERS = {"due": "ASC", "-due": "DESC"}
#: The queues read through `dossier_in_hand_by_due` by current agency; "to receive" sorts by the
#: acceptance limit, "papers to send" filters on the receiving agency and "returned today" on closed ones,
#: "due within a day" on an OR of two moments that no ordered scan serves. A queue listed here must keep
#: its dossiers within the agencies `selectors._queue_agencies` gives it: a branch per agency reads no
#: other (tests/dossiers/test_queue_pages.py compares every one of them with the one query).
QUEUES = frozenset({"to_process", "to_approve", "overdue", "supplement", "to_return"})
#: Past this many agencies (a province-wide viewer) one branch per agency costs more to plan than the
#: sort saves; the single query is kept.
MOST_AGENCIES = 16


def merged(key: str, sort: str, agencies: list[int]) -> bool:
    """Whether a page of queue `key` in `sort` is asked agency by agency."""
    return key in QUEUES and sort in ORDERS and 1 < len(agencies) <= MOST_AGENCIES


def page_sql(rows: QuerySet[Any], sort: str, agencies: list[int], limit: int) -> tuple[str, list[Any]]:
    """The first `limit` keys of `rows` (already filtered and sorted by `sort`) as one statement: each
    agency's first `limit` in the sort's order, then the first `limit` of their union in the same order.
    Agencies outside the queue's own condition add an empty branch; NULL due moments sort as the database
    sorts them in `rows`, since both orders are written the same way."""
    direction = ORDERS[sort]
    parts: list[str] = []
    params: list[Any] = []
    for n, agency in enumerate(agencies):
        branch = rows.filter(current_agency_id=agency).values_list("pk", "due_at")[:limit]
        sql, values = branch.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part_{n}")
        params += values
    union = " UNION ALL ".join(parts)
    order = f"merged.due_at {direction}, merged.pk {direction}"
    return f"SELECT merged.pk FROM ({union}) AS merged ORDER BY {order} LIMIT {int(limit)}", params
