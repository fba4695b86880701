"""Reads about dossiers: the officers' work queues, the dossier page, the public look-up.

Each queue is one indexed filter on the step pointer (current_agency, status,
due_at): the agencies come from the viewer's role grants (egov.dossiers.permissions),
so a queue never shows a dossier the viewer may not act on or see. "Overdue" and
"due soon" are the clock's own filters (egov.dossiers.deadlines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.core import kept_sql, statements
from egov.core.paging import COUNT_BOUND
from egov.core.text import words_condition
from egov.dossiers import codes, deadlines, permissions, queue_pages
from egov.dossiers.models import CLOSED, PAUSED, RUNNING, Dossier, DossierEvent, Status, StepVisit
from egov.dossiers.queue_indexes import IN_HAND
from egov.dossiers.transitions import label_of
from egov.organizations.roles import Role
from egov.procedures.models import StepKind


@dataclass(frozen=True)
class Queue:
    key: str
    label: str | Promise
    roles: tuple[str, ...]


QUEUES: tuple[Queue, ...] = (
    Queue("to_receive", _("To receive"), (Role.DESK_OFFICER,)),
    Queue("to_process", _("To process"), (Role.DESK_OFFICER, Role.SPECIALIST, Role.CLERK)),
    Queue("to_approve", _("To approve"), (Role.LEADER,)),
    Queue("due_soon", _("Due within one working day"), (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER)),
    Queue("overdue", _("Overdue"), (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.AUDITOR)),
    Queue("supplement", _("Waiting for the applicant"), (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER)),
    Queue("to_return", _("Results to return"), (Role.DESK_OFFICER,)),
    Queue("returned_today", _("Returned today"), (Role.DESK_OFFICER, Role.LEADER)),
    Queue("papers_to_send", _("Paper dossiers to send"), (Role.DESK_OFFICER,)),
)
QUEUE_BY_KEY = {q.key: q for q in QUEUES}
WORK_KINDS = (StepKind.RECEIVE, StepKind.PROCESS, StepKind.INTER_AGENCY)


def queues_for(user: Any) -> list[Queue]:
    return [q for q in QUEUES if permissions.holds_any(user, q.roles)]


def queue(user: Any, key: str, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers of one work queue, for this user."""
    return _queue(user, key, *queue_moments(now or timezone.now()))


def queue_moments(now: dt.datetime, keys: Iterable[str] = ("due_soon",)) -> tuple[dt.datetime, ...]:
    """The moments the queues of `keys` compare with: now, the end of "due soon", the start of today. The
    end of "due soon" (a reckoning on the working calendar) only when "due soon" is one of them; the other
    queues do not read it, and take `now` in its place."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return now, deadlines.due_soon_by(now) if "due_soon" in keys else now, start


#: The queues of actionable steps (`permissions.actionable_q`) and the step kinds each asks.
ACTIONABLE_KINDS: dict[str, tuple[str, ...]] = {
    "to_process": WORK_KINDS,
    "to_approve": (StepKind.APPROVE,),
    "due_soon": (*WORK_KINDS, StepKind.APPROVE),
}


def _queue(
    user: Any,
    key: str,
    now: dt.datetime,
    soon: dt.datetime,
    start: dt.datetime,
    *,
    mine: Q | None = None,
) -> QuerySet[Dossier]:
    """The queue `key` of `user`; for a queue of actionable steps, `mine` in place of `actionable_q` (one
    of `actionable_parts`: `_count_parts`)."""
    # Redundant for each queue below but "returned today", and said on purpose: it is the condition of the
    # partial index dossier_in_hand, which SQLite uses only when the query repeats it, values in the SQL.
    base = Dossier.objects.filter(status__in_literals=IN_HAND)
    roles = QUEUE_BY_KEY[key].roles
    if key == "to_receive":
        return base.filter(status=Status.SUBMITTED, current_agency_id__in=permissions.agency_ids(user, roles))
    if key in ACTIONABLE_KINDS and mine is None:
        mine = permissions.actionable_q(user, ACTIONABLE_KINDS[key])
    if key == "to_process":
        return base.filter(mine, status__in=RUNNING)
    if key == "to_approve":
        return base.filter(mine, status=Status.PROCESSING)
    if key == "due_soon":
        return base.filter(mine, deadlines.due_soon_q(now, soon))
    if key == "overdue":
        return base.filter(
            deadlines.overdue_q(now), current_agency_id__in=permissions.agency_ids(user, roles)
        )
    if key == "supplement":
        return base.filter(status__in=PAUSED, current_agency_id__in=permissions.agency_ids(user, roles))
    if key == "to_return":
        return base.filter(status=Status.RESOLVED, current_agency_id__in=permissions.agency_ids(user, roles))
    if key == "returned_today":
        return Dossier.objects.filter(
            status=Status.RETURNED,
            current_agency_id__in=permissions.agency_ids(user, roles),
            status_changed_at__gte=start,
        )
    if key == "papers_to_send":
        # Decree 118/2025 art. 20.1.a: received here for another agency, papers not yet sent (closed ones
        # need none); the receiving counter's queue, most urgent first.
        # Not closed: `base` (IN_HAND is every status but CLOSED).
        return base.filter(
            paper_forward_to__isnull=False,
            papers_sent_at__isnull=True,
            receiving_agency_id__in=permissions.agency_ids(user, roles),
        )
    raise KeyError(key)


def queue_counts(user: Any, now: dt.datetime | None = None) -> list[tuple[Queue, int, bool]]:
    """Each queue of the user with its count, counted up to COUNT_BOUND (True: "more than COUNT_BOUND").

    One statement, compiled once per viewer and grants (`core.kept_sql`): the filters' SQL depends on the
    moments only through its parameters."""
    mine = queues_for(user)
    if not mine:
        return []
    keys = tuple(q.key for q in mine)

    def compile(*moments: dt.datetime) -> tuple[str, list[Any]]:
        return _bounded_counts_sql([_count_parts(user, k, *moments) for k in keys])

    key = ("dossiers.queue_counts", COUNT_BOUND, keys, permissions.scope_key(user))
    (found,) = kept_sql.rows(key, compile, *queue_moments(now or timezone.now(), keys))
    counts = [int(n) for n in found]
    return [(q, min(n, COUNT_BOUND), n > COUNT_BOUND) for q, n in zip(mine, counts, strict=True)]


def _count_parts(
    user: Any, key: str, now: dt.datetime, soon: dt.datetime, start: dt.datetime
) -> list[QuerySet[Dossier]]:
    """The queue `key` as querysets no dossier is in two of, whose counts add up to the queue's: a queue of
    actionable steps in its free and its given dossiers (`permissions.actionable_parts`), each of which the
    queue index reads as ranges of its handler column; any other queue whole."""
    if key not in COUNTED_BY_HANDLER:
        return [_queue(user, key, now, soon, start)]
    parts = permissions.actionable_parts(user, ACTIONABLE_KINDS[key])
    return [_queue(user, key, now, soon, start, mine=part) for part in parts]


#: The queues counted in their free and their given dossiers. Not "due within a day": its moments, not its
#: handlers, narrow it (a few dozen dossiers), and split, PostgreSQL read the viewer's given dossiers by the
#: handler index and filtered their moments in the table (4.9 ms at ten million dossiers, against 1.0 whole).
COUNTED_BY_HANDLER = ("to_process", "to_approve")


def _bounded_counts_sql(groups: list[list[QuerySet[Any]]], bound: int | None = None) -> tuple[str, list[Any]]:
    """`bounded_count` of each group of querysets, all in one statement (`SELECT (SELECT COUNT(*) FROM (…
    LIMIT n)), …`): the same bounded subqueries, which the queue index answers alone, in one round trip and
    without the ORM's aggregate query built around each (the home page counts up to eight queues).

    A group of several querysets no row is in two of (`_count_parts`) counts as one count of their union
    would: up to the bound + 1 in all. On PostgreSQL each part reads only what the parts before it left to
    the bound (its LIMIT is the bound + 1 less their count), so the group reads no more entries than the
    union's count; SQLite refuses a column of the query in a LIMIT, and adds the parts' bounded counts."""
    bound = COUNT_BOUND if bound is None else bound
    counts: list[str] = []
    params: list[Any] = []
    for n, group in enumerate(groups):
        terms: list[tuple[str, list[Any]]] = []
        for rows in group:
            try:
                sql, found = rows.order_by().values("pk").query.sql_with_params()
            except EmptyResultSet:  # a filter that can match nothing (no agency to look at), as count() says
                continue
            terms.append((sql, list(found)))
        if not terms:
            counts.append("0")
            continue
        cap = str(bound + 1)
        if len(terms) > 1 and connection.vendor == "sqlite":
            # Each part bounded on its own (`_capped_count` of one), their sum capped.
            leaves = [_capped_count([term], cap, f"counted_{n}_{m}") for m, term in enumerate(terms)]
            count = f"MIN({cap}, {' + '.join(sql for sql, _values in leaves)})"
            values = [v for _sql, leaf_values in leaves for v in leaf_values]
        else:
            count, values = _capped_count(terms, cap, f"counted_{n}")
        counts.append(count)
        params += values
    return f"SELECT {', '.join(counts)}", params


def _capped_count(terms: list[tuple[str, list[Any]]], cap: str, name: str) -> tuple[str, list[Any]]:
    """The rows of the first statement up to `cap`, plus those of the next ones up to what is left of it:
    `(SELECT f.n + (the rest, capped at cap - f.n) FROM (SELECT COUNT(*) AS n FROM (first LIMIT cap)) f)`."""
    (sql, values), rest = terms[0], terms[1:]
    first = f"(SELECT COUNT(*) AS n FROM ({sql} LIMIT {cap}) {name}_rows)"
    if not rest:
        return first, values
    others, other_values = _capped_count(rest, f"{cap} - {name}.n", f"{name}_")
    # The statement's text puts the rest before the first part: so do its parameters.
    return f"(SELECT {name}.n + {others} FROM {first} {name})", other_values + values


SORTS: dict[str, tuple[Any, ...]] = {
    "due": ("due_at", "id"),
    "-due": ("-due_at", "-id"),
    "received": ("received_at", "id"),
    "-received": ("-received_at", "-id"),
    "code": ("code",),
    "-changed": ("-status_changed_at", "-id"),
    # New online submissions: the acceptance limit is their due moment.
    "accept": ("accept_due_at", "id"),
    "-accept": ("-accept_due_at", "-id"),
    # The lateness forecast (egov.insight, manage.py forecast): the likeliest to be late first, unscored last;
    # dossiers already overdue come before them all (see `_risk_order`).
    "risk": (F("forecast__probability").desc(nulls_last=True), "due_at", "id"),
}


def _risk_order(now: dt.datetime) -> tuple[Any, ...]:
    """The sort "most likely late first": a dossier already overdue is late, whatever its forecast said when
    it was scored (the scores are kept from the last run of manage.py forecast), so the overdue come first,
    the earliest due first; then the others by their forecast, the unscored last."""
    late = deadlines.overdue_q(now)
    return (
        Case(When(late, then=Value(0)), default=Value(1), output_field=IntegerField()),
        Case(
            When(late, then=Value(None)), default=F("forecast__probability"), output_field=FloatField()
        ).desc(nulls_last=True),
        "due_at",
        "id",
    )


def filter_dossiers(
    qs: QuerySet[Dossier],
    *,
    procedure: int | None = None,
    field: int | None = None,
    applicant: str = "",
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    code: str = "",
    sort: str = "due",
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    if procedure:
        qs = qs.filter(procedure_id=procedure)
    if field:
        qs = qs.filter(procedure__field_id=field)
    if applicant.strip():
        text = applicant.strip()
        if text.replace(" ", "").isdigit():
            qs = qs.filter(applicant_id_number=text.replace(" ", ""))
        else:
            # Whole words of the name, folded as every search box folds (egov.core.text): "Lí Thị Mĩ"
            # finds "Lý Thị Mỹ", "an" does not find "Lan"; a name of punctuation alone finds nothing.
            condition = words_condition("applicant_folded", text)
            qs = qs.filter(condition) if condition is not None else qs.none()
    tz = timezone.get_current_timezone()
    if received_from:
        qs = qs.filter(received_at__gte=dt.datetime.combine(received_from, dt.time.min, tz))
    if received_to:
        qs = qs.filter(
            received_at__lt=dt.datetime.combine(received_to + dt.timedelta(days=1), dt.time.min, tz)
        )
    if code.strip():
        # A range on the unique index instead of LIKE, which SQLite cannot serve from an index.
        prefix = code.strip().upper()
        # A submission's reference finds it after acceptance too (egov.dossiers.codes).
        column = "submission_ref" if prefix.startswith(codes.REFERENCE_PREFIX + "-") else "code"
        qs = qs.filter(**{f"{column}__gte": prefix, f"{column}__lt": prefix + "\U0010ffff"})
    if sort == "risk":
        return qs.order_by(*_risk_order(now or timezone.now()))
    return qs.order_by(*SORTS.get(sort, SORTS["due"]))


def queue_ids(
    user: Any, key: str, limit: int, *, sort: str = "due", now: dt.datetime | None = None, **criteria: Any
) -> list[int]:
    """The keys of the first `limit` dossiers of a queue with `filter_dossiers`' criteria and sort, in the
    list's order: the page's keys up to its end (the count is `queue_count`'s). One statement, compiled once
    per viewer, queue, choices, sort and depth (`core.kept_sql`); the moments are its parameters. A search
    typed in (a name, a code, dates) or a page past the first two is seldom asked twice: compiled for the
    request alone, so that paging through a queue does not push the plain queues out of the kept (and, on
    PostgreSQL, prepared) statements."""

    compile = _page_compiler(user, key, limit, sort, criteria)
    shape = ("dossiers.queue_ids", key, sort, limit)
    rows = _queue_rows(user, key, shape, compile, criteria, keep=limit <= KEPT_DEPTH, now=now)
    return [row[0] for row in rows]


#: The deepest page end whose statement is kept: the first two pages of 25.
KEPT_DEPTH = 50


def queue_count(user: Any, key: str, bound: int, *, now: dt.datetime | None = None, **criteria: Any) -> int:
    """The dossiers of a queue with `filter_dossiers`' criteria, counted up to bound + 1 (bound + 1: "more
    than bound"): the queue page's count, apart from its page so that neither sorts what it does not show
    (`core.paging`, `count_ids`). Kept compiled as `queue_ids` is, on the same terms."""
    compile = _count_compiler(user, key, bound, criteria)
    shape = ("dossiers.queue_count", key, bound)
    ((found,),) = _queue_rows(user, key, shape, compile, criteria, keep=bound == COUNT_BOUND, now=now)
    return int(found)


def count_statement(
    user: Any, key: str, bound: int, *, now: dt.datetime | None = None, **criteria: Any
) -> tuple[str, Any]:
    """The statement `queue_count` runs, with its parameters (bench/explain_queues.py explains it)."""
    return _count_compiler(user, key, bound, criteria)(*queue_moments(now or timezone.now(), (key,)))


def _count_compiler(
    user: Any, key: str, bound: int, criteria: dict[str, Any]
) -> Callable[[dt.datetime, dt.datetime, dt.datetime], tuple[str, Any]]:
    def compile(now: dt.datetime, soon: dt.datetime, start: dt.datetime) -> tuple[str, list[Any]]:
        parts = [
            filter_dossiers(rows, now=now, **criteria) for rows in _count_parts(user, key, now, soon, start)
        ]
        return _bounded_counts_sql([parts], bound)

    return compile


def _queue_rows(
    user: Any,
    key: str,
    shape: tuple[Any, ...],
    compile: Callable[[dt.datetime, dt.datetime, dt.datetime], tuple[str, Any]],
    criteria: dict[str, Any],
    *,
    keep: bool,
    now: dt.datetime | None,
) -> list[Any]:
    """The rows of a queue's statement at the queue's moments: kept compiled per viewer (`core.kept_sql`)
    when `keep` and nothing was typed into the filter, else compiled for this request alone."""
    moments = queue_moments(now or timezone.now(), (key,))
    if not keep or any(criteria.get(name) for name in TYPED):
        sql, params = compile(*moments)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    full = (*shape, tuple(sorted(criteria.items())), permissions.scope_key(user))
    return kept_sql.rows(full, compile, *moments)


def page_statement(
    user: Any, key: str, limit: int, *, sort: str = "due", now: dt.datetime | None = None, **criteria: Any
) -> tuple[str, Any]:
    """The statement `queue_ids` runs, with its parameters (bench/explain_queues.py explains it)."""
    compile = _page_compiler(user, key, limit, sort, criteria)
    return compile(*queue_moments(now or timezone.now(), (key,)))


def _page_compiler(
    user: Any, key: str, limit: int, sort: str, criteria: dict[str, Any]
) -> Callable[[dt.datetime, dt.datetime, dt.datetime], tuple[str, Any]]:
    agencies = _queue_agencies(user, key)

    def compile(now: dt.datetime, soon: dt.datetime, start: dt.datetime) -> tuple[str, Any]:
        rows = filter_dossiers(_queue(user, key, now, soon, start), sort=sort, now=now, **criteria)
        try:
            if queue_pages.merged(key, sort, agencies):
                return queue_pages.page_sql(rows, sort, agencies, limit)
            return rows.values_list("pk", flat=True)[:limit].query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (no agency for the role, a name of commas)
            return "SELECT 1 WHERE 1 = 0", []

    return compile


def _queue_agencies(user: Any, key: str) -> list[int]:
    """The agencies a queue's condition names (`_queue`): those of the queue's roles, or for the queues of
    actionable steps every agency where the user holds any role (`permissions.actionable_q`). A branch per
    agency outside them would be empty, but would still read that agency's entries to find out."""
    every_role = key in ACTIONABLE_KINDS
    return permissions.agency_ids(user, None if every_role else QUEUE_BY_KEY[key].roles)


#: The queue filter's criteria typed in, not chosen from a list.
TYPED = ("applicant", "code", "received_from", "received_to")


def dossier_for(user: Any, pk: int) -> Dossier:
    """The dossier if the user may read it (`permissions.may_read`, the rule of `visible_to`); else
    Dossier.DoesNotExist, as for a dossier that does not exist.

    Read with a statement built once per process (`core.statements`), prepared on PostgreSQL: the server
    planned this seven-table join in 3-4 ms on every request, for well under a millisecond of execution
    (docs/performance.md, "The dossier page's planning")."""
    found = statements.select_objects(_dossier_with_names, int(pk))
    if not found or not permissions.may_read(user, found[0]):
        raise Dossier.DoesNotExist
    dossier: Dossier = found[0]
    return dossier


def page_reads(pk: int) -> list[statements.Read]:
    """The reads of the dossier page this module runs (`dossier_for`, `timeline`, `visits`), for
    `statements.ahead`."""
    return [
        statements.Read(_dossier_with_names, (pk,)),
        statements.Read(_events_of, (pk,)),
        statements.Read(_visits_of, (pk,)),
    ]


def _dossier_with_names(pk: int) -> QuerySet[Dossier]:
    return Dossier.objects.filter(pk=pk).select_related(
        "procedure",
        "procedure__field",
        "workflow",
        "receiving_agency",
        "current_agency",
        "current_step",
        "handler",
    )


#: What the dossier page shows of the people, steps and agencies a history row or a step visit names: the
#: joined rows are read with these columns only (their whole rows made most of the page's query building).
NAMES = ("full_name", "username")


def timeline(dossier: Dossier) -> list[DossierEvent]:
    """The history rows, oldest first, each with the label of its move."""
    rows: list[DossierEvent] = statements.select_objects(_events_of, dossier.pk)
    for row in rows:
        row.dossier = dossier  # as `dossier.events` would have set it
        row.label = label_of(row.action)  # type: ignore[attr-defined]
    return rows


def _events_of(pk: int) -> QuerySet[DossierEvent]:
    # Built once per process (egov.core.statements): compiling this five-join SELECT cost more CPU than
    # running it, on every view of a dossier.
    return (
        DossierEvent.objects.filter(dossier_id=pk)
        .select_related("from_step", "to_step", "from_agency", "to_agency", "handler")
        .only(
            *(f.attname for f in DossierEvent._meta.concrete_fields),
            "from_step__name",
            "to_step__name",
            "from_agency__name",
            "to_agency__name",
            *(f"handler__{name}" for name in NAMES),
        )
    )


def visits(dossier: Dossier) -> list[StepVisit]:
    now = timezone.now()
    rows: list[StepVisit] = statements.select_objects(_visits_of, dossier.pk)
    for visit in rows:
        visit.dossier = dossier
        if visit.finished_at is None:
            visit.spent_hours = deadlines.visit_spent(visit, now)
            visit.timeliness = "late" if visit.due_at and visit.due_at < now else ""
    return rows


def _visits_of(pk: int) -> QuerySet[StepVisit]:
    return (
        StepVisit.objects.filter(dossier_id=pk)
        .select_related("step", "agency", "handler")
        .only(
            *(f.attname for f in StepVisit._meta.concrete_fields),
            "step__name",
            "step__allotted_hours",
            "agency__name",
            *(f"handler__{name}" for name in NAMES),
        )
    )


def is_closed(dossier: Dossier) -> bool:
    return dossier.status in CLOSED
