"""The queue to receive's reads of online submissions against their two limits (Decree 118/2025 art.
17.2): the panel of answers on time and late and of submissions waiting past the limit, per receiving
agency, and each listed submission's first alert (docs/performance.md, "The queue to receive").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.core import kept_sql, statements
from egov.dossiers import online
from egov.dossiers.models import Dossier, DossierEvent, Status
from egov.dossiers.queue_indexes import IN_HAND
from egov.organizations.models import Agency

#: The counter's answers to an online submission (Decree 118 art. 17.2.a-c); each history row keeps the
#: acceptance limit it answered and whether it came after it (moves.answer_online), in its data and in the
#: columns `answer_agency` and `accept_late` (steps.write_event).
ONLINE_ANSWERS = ("accept", "ask_to_complete", "reject")


@dataclass(frozen=True)
class OnlineLimits:
    """One receiving agency's record against the acceptance limit of online submissions."""

    agency_id: int
    agency_name: str
    #: Answers (accepted, asked to complete, refused) given within the limit, and after it.
    on_time: int
    late: int
    #: Submissions still waiting for an answer whose limit has passed.
    pending_late: int


def online_limits(
    agency_ids: list[int],
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> list[OnlineLimits]:
    """Per receiving agency: online submissions answered on time and late (answers between `since` and
    `until`, when given), and those pending past their acceptance limit at `now`. Agencies with nothing to
    count are left out."""
    now = now or timezone.now()
    if any(timezone.is_naive(m) for m in (now, since, until) if m is not None):
        # Kept statements put the moments in as given (`core.kept_sql`), not as a field would convert them.
        raise ValueError("online_limits takes aware moments")
    named = {name: m for name, m in (("since", since), ("until", until)) if m is not None}

    def compile(now: dt.datetime, *period: dt.datetime) -> tuple[str, list[Any]]:
        return _online_limits_sql(agency_ids, now, **dict(zip(named, period, strict=True)))

    # One statement for both counts, compiled once per agencies and kind of period (`core.kept_sql`): the
    # ORM built the two grouped queries anew for every view of the queue to receive.
    key = ("dossiers.online_limits", tuple(agency_ids), since is not None, until is not None)
    rows: dict[int, dict[str, int]] = {}
    for kind, agency, first, second in kept_sql.rows(key, compile, now, *named.values()):
        if kind == 0:
            rows.setdefault(agency, {}).update(on_time=first, late=second)
        else:
            rows.setdefault(agency, {})["pending_late"] = first
    names = dict(Agency.objects.filter(pk__in=rows).values_list("pk", "name"))
    return [
        OnlineLimits(
            agency_id=pk,
            agency_name=names[pk],
            on_time=counts.get("on_time", 0),
            late=counts.get("late", 0),
            pending_late=counts.get("pending_late", 0),
        )
        for pk, counts in sorted(rows.items(), key=lambda item: names[item[0]])
    ]


def _online_limits_sql(
    agency_ids: list[int],
    now: dt.datetime,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> tuple[str, list[Any]]:
    """`online_limits`' two counts as one statement: (0, agency, on time, late) per agency with answers,
    (1, agency, waiting past the limit, 0) per agency with such submissions."""
    # Both counts are read from indexes of their own, so they follow the agency's answers and waiting
    # submissions, not the size of the history (docs/performance.md, "The queue to receive").
    answers = DossierEvent.objects.filter(answer_agency_id__in=agency_ids)
    if since is not None:
        answers = answers.filter(at__gte=since)
    if until is not None:
        answers = answers.filter(at__lt=until)
    counted = (
        answers.order_by()
        .values("answer_agency_id")
        .annotate(
            on_time=Count("pk", filter=Q(accept_late=False)),
            late=Count("pk", filter=Q(accept_late=True)),
        )
    )
    pending = (
        Dossier.objects.filter(
            # IN_HAND repeats the condition of the partial index dossier_online_waiting in the SQL text,
            # which SQLite needs to use it (egov.dossiers.queue_indexes).
            status__in_literals=IN_HAND,
            status=Status.SUBMITTED,
            accept_due_at__lt=now,
            receiving_agency_id__in=agency_ids,
        )
        .order_by()
        .values("receiving_agency_id")
        .annotate(n=Count("pk"))
    )
    try:
        first, first_params = counted.query.sql_with_params()
        second, second_params = pending.query.sql_with_params()
    except EmptyResultSet:  # no agency to count for
        return "SELECT 0, 0, 0, 0 WHERE 1 = 0", []
    sql = (
        f"SELECT 0, answered.* FROM ({first}) answered "
        f"UNION ALL SELECT 1, waiting.*, 0 FROM ({second}) waiting"
    )
    return sql, [*first_params, *second_params]


def with_online_alert(rows: list[Any]) -> list[Any]:
    """Submissions with `alert_sent_at`: when the first alert to the counter about the current submission
    (one sent since the dossier's last change of status) was sent, None while none is, from the outbox
    (egov.dossiers.online). One statement for the page, built once per number of rows (`core.statements`,
    as the rows' own); the alert's mark is read from each message's payload here, since a JSON key's
    lookup binds a value of its own."""
    if not rows:
        return rows
    messages = statements.select(_sent_messages_of, subject_key_of_dossiers(), *(str(d.pk) for d in rows))
    alerts: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for subject, created, sent, payload in messages:
        if isinstance(payload, dict) and payload.get(online.PURPOSE_KEY) == online.ALERT:
            alerts[subject].append((created, sent))
    for d in rows:
        since = d.status_changed_at
        d.alert_sent_at = min((sent for created, sent in alerts[str(d.pk)] if created >= since), default=None)
    return rows


def _sent_messages_of(subject_type: str, *subject_ids: str) -> QuerySet[Any]:
    # One filter after the other: the parameters in the SQL follow the arguments' order.
    messages = OutboxMessage.objects.filter(subject_type=subject_type).filter(subject_id__in=subject_ids)
    return (
        messages.filter(sent_at__isnull=False)
        .order_by()
        .values_list("subject_id", "created_at", "sent_at", "payload")
    )


def subject_key_of_dossiers() -> str:
    return f"{Dossier._meta.app_label}.{Dossier._meta.model_name}"


def online_limit_marks(d: Any, now: dt.datetime) -> dict[str, bool]:
    """Whether a waiting submission missed its limits: the alert (not sent by its limit, or sent after it)
    and the acceptance (its limit has passed)."""
    alert_sent = getattr(d, "alert_sent_at", None)
    alert_late = d.alert_due_at is not None and (alert_sent or now) > d.alert_due_at
    accept_late = d.accept_due_at is not None and now > d.accept_due_at
    return {"alert_late": alert_late, "accept_late": accept_late}
