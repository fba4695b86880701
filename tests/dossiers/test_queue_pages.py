"""A queue's page asked agency by agency (egov.dossiers.queue_pages, docs/performance.md "A queue's page in
the index's order"): for a viewer of several agencies the page is the union of each agency's first
dossiers, merged in the sort's order. These tests hold it to the one query it stands for: the same ids in
the same order, ties and missing due moments included, on every page. No rule of law is involved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.core import kept_sql, paging
from egov.core.paging import BoundedPaginator, bounded_count
from egov.dossiers import online_queue, queue_pages, selectors
from egov.dossiers.models import Dossier, Status
from egov.organizations.roles import Role
from egov.procedures.models import StepKind
from tests.dossiers.conftest import MONDAY, receive

pytestmark = pytest.mark.django_db

NOW = MONDAY + dt.timedelta(days=10)
#: Each dossier's due moment, in hours from NOW: ties between two agencies (0 and 6 under the leader, 5 and
#: 7 under the auditor), one without a due moment (11: waiting for the applicant in the leader's office).
HOURS = [-5, 3, -2, -7, 1, -4, -5, -4, -1, 2, -6, None, -3, 4]


@pytest.fixture
def spread(cast, flows) -> list[Dossier]:
    """Fourteen dossiers in hand over five agencies, due before and after NOW, two sharing a due moment,
    one without a due moment, some waiting for the applicant, some at the leader's step."""
    p = cast.province
    agencies = [p.justice, p.justice_office, p.commune_a, p.commune_b, p.center]
    made = [receive(cast, flows.simple) for _ in range(14)]
    for n, dossier in enumerate(made):
        approve = n % 3 == 0
        Dossier.objects.filter(pk=dossier.pk).update(
            current_agency=agencies[n % len(agencies)],
            status=Status.SUPPLEMENT if n % 4 == 1 or HOURS[n] is None else Status.PROCESSING,
            current_role=Role.LEADER if approve else Role.SPECIALIST,
            current_kind=StepKind.APPROVE if approve else StepKind.PROCESS,
            handler=None,
            correction_due_at=None,
            paused_at=None,
            due_at=None if HOURS[n] is None else NOW + dt.timedelta(hours=HOURS[n]),
        )
    return made


def the_one_query(user, key: str, sort: str, limit: int) -> list[int]:
    rows = selectors.filter_dossiers(selectors.queue(user, key, NOW), sort=sort, now=NOW)
    return list(rows.values_list("pk", flat=True)[:limit])


@pytest.mark.parametrize("persona", ["auditor", "leader"])
@pytest.mark.parametrize("sort", ["due", "-due"])
@pytest.mark.parametrize("limit", [1, 3, 25])
def test_each_page_is_the_one_query_s_page(spread, cast, persona, sort, limit) -> None:
    user = getattr(cast, persona).user
    asked = 0
    for queue in selectors.queues_for(user):
        if queue.key not in queue_pages.QUEUES:
            continue
        expected = the_one_query(user, queue.key, sort, limit)
        with CaptureQueriesContext(connection) as log:
            found = selectors.queue_ids(user, queue.key, limit, sort=sort, now=NOW)
        assert found == expected, queue.key
        # Asked agency by agency indeed, not by the one query the comparison runs.
        assert "UNION ALL" in log.captured_queries[-1]["sql"]
        asked += bool(expected)
    assert asked  # the cast's queues held something to compare


def test_the_spread_reaches_several_agencies_and_the_edge_cases(spread, cast) -> None:
    """The fixture is what the comparison needs: the auditor's overdue queue spans agencies, holds a
    tie and the dossier without a due moment sits in a queue sorted by it."""
    user = cast.auditor.user
    rows = selectors.queue(user, "overdue", NOW)
    assert rows.values("current_agency").distinct().count() > 2
    leader = selectors.queue(cast.leader.user, "supplement", NOW)
    assert leader.exists()
    dues = list(Dossier.objects.filter(pk__in=[d.pk for d in spread]).values_list("due_at", flat=True))
    assert None in dues
    # The one without a due moment sits on a page the comparison makes, beside dossiers that have one.
    waiting = selectors.queue_ids(cast.leader.user, "supplement", 25, now=NOW)
    assert spread[11].pk in waiting and len(waiting) > 1
    assert len({d for d in dues if d}) < len([d for d in dues if d])


def test_one_agency_or_too_many_keep_the_one_query(spread, cast, monkeypatch, request) -> None:
    desk = cast.desk_officer.user  # one commune
    with CaptureQueriesContext(connection) as log:
        selectors.queue_ids(desk, "to_process", 25, now=NOW)
    assert "UNION ALL" not in log.captured_queries[-1]["sql"]
    monkeypatch.setattr(queue_pages, "MOST_AGENCIES", 3)  # the auditor sees all six
    # The statements kept compiled under the same key stood for the merged page, before and after this test.
    kept_sql.forget()
    request.addfinalizer(kept_sql.forget)
    user = cast.auditor.user
    with CaptureQueriesContext(connection) as log:
        found = selectors.queue_ids(user, "overdue", 25, now=NOW)
    assert "UNION ALL" not in log.captured_queries[-1]["sql"]
    assert found == the_one_query(user, "overdue", "due", 25)


def test_another_sort_keeps_the_one_query(spread, cast) -> None:
    user = cast.auditor.user
    with CaptureQueriesContext(connection) as log:
        found = selectors.queue_ids(user, "overdue", 25, sort="received", now=NOW)
    assert "UNION ALL" not in log.captured_queries[-1]["sql"]
    assert found == the_one_query(user, "overdue", "received", 25)


@pytest.mark.parametrize("persona", ["auditor", "leader", "desk_officer", "specialist"])
def test_the_queue_s_count_is_the_bounded_count_of_its_rows(spread, cast, persona) -> None:
    user = getattr(cast, persona).user
    for queue in selectors.queues_for(user):
        rows = selectors.filter_dossiers(selectors.queue(user, queue.key, NOW), now=NOW)
        for bound in (2, paging.COUNT_BOUND):
            assert selectors.queue_count(user, queue.key, bound, now=NOW) == bounded_count(rows, bound)
        chosen = selectors.filter_dossiers(selectors.queue(user, queue.key, NOW), now=NOW, applicant="Nguyễn")
        counted = selectors.queue_count(user, queue.key, paging.COUNT_BOUND, now=NOW, applicant="Nguyễn")
        assert counted == bounded_count(chosen)


@pytest.mark.parametrize(
    ("page", "per_page", "count", "asked"), [(1, 3, 10, [3]), (3, 3, 10, [9]), (4, 3, 10, [12])]
)
def test_a_page_counted_apart_reads_the_keys_to_its_end_only(page, per_page, count, asked) -> None:
    keys = list(range(100, 100 + count))
    calls: dict[str, list[int]] = {"find": [], "count": []}

    def find_ids(n: int) -> list[int]:
        calls["find"].append(n)
        return keys[:n]

    def count_ids(bound: int) -> int:
        calls["count"].append(bound)
        return min(count, bound + 1)

    paginator = BoundedPaginator(
        [],
        per_page,
        page=page,
        bound=4,
        fetch=lambda ids: [Row(k) for k in ids],
        find_ids=find_ids,
        count_ids=count_ids,
    )
    shown = [row.pk for row in paginator.get_page(page)]
    assert shown == keys[(page - 1) * per_page : page * per_page]
    assert calls["find"] == asked
    # Counted once, far enough to reach the page asked for and the next.
    assert calls["count"] == [max(4, (page + 1) * per_page)]
    assert paginator.count == min(count, max(4, (page + 1) * per_page) + 1)


@dataclass
class Row:
    pk: int


def test_the_queue_page_counts_and_reads_the_page_apart(spread, cast, login) -> None:
    client = login(cast.auditor)
    url = reverse("dossiers:queue", args=["overdue"])
    with CaptureQueriesContext(connection) as log:
        response = client.get(url)
    statements = [q["sql"] for q in log.captured_queries]
    assert any("COUNT(*)" in sql and "LIMIT 1001" in sql for sql in statements)
    assert any("UNION ALL" in sql and "LIMIT 25" in sql for sql in statements)
    now = response.context["now"]
    rows = selectors.filter_dossiers(selectors.queue(cast.auditor.user, "overdue", now), now=now)
    expected = list(rows.values_list("pk", flat=True)[:25])
    assert [d.pk for d in response.context["page_obj"]] == expected
    assert response.context["page_obj"].paginator.count == len(expected)


@pytest.mark.parametrize(
    ("key", "persona"),
    [
        ("to_receive", "desk_officer"),
        ("to_process", "specialist"),
        ("overdue", "auditor"),
        ("to_return", "desk_officer"),
    ],
)
@pytest.mark.parametrize("page", [str(10**18), str(10**40), "10001", "-3"])
def test_a_page_number_typed_beyond_any_queue_shows_a_page_not_a_500(
    spread, cast, login, key, persona, page
) -> None:
    """The bound counted towards grew with the page asked for: page=10**18 made a LIMIT too large for the
    database's integers (SQLite: a 500, found by a newcomer's walk)."""
    client = login(getattr(cast, persona))
    response = client.get(reverse("dossiers:queue", args=[key]), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number >= 1


def test_the_orders_merged_are_the_queue_s_sorts() -> None:
    """The outer ORDER BY is written by hand in the direction of `ORDERS`: it must be the sort the branches
    are given (selectors.SORTS), without a NULLS clause on either side."""
    assert {sort: selectors.SORTS[sort] for sort in queue_pages.ORDERS} == {
        "due": ("due_at", "id"),
        "-due": ("-due_at", "-id"),
    }


@pytest.mark.parametrize(
    "criteria",
    [{"applicant": "Nguyễn"}, {"code": "third"}, {"received_from": MONDAY.date()}, {"field": "HT"}],
)
@pytest.mark.parametrize("limit", [25, 1002])
def test_a_filtered_or_deep_page_is_the_one_query_s_page(spread, cast, criteria, limit) -> None:
    """A search typed in and a page past the kept depth are compiled per request: still agency by agency."""
    from egov.procedures.models import Field

    if "field" in criteria:
        criteria = {"field": Field.objects.get(code=criteria["field"]).pk}
    if "code" in criteria:  # one dossier's code: the filter narrows the queue to it
        criteria = {"code": Dossier.objects.get(pk=spread[3].pk).code}
    user = cast.auditor.user
    rows = selectors.filter_dossiers(selectors.queue(user, "overdue", NOW), now=NOW, **criteria)
    expected = list(rows.values_list("pk", flat=True)[:limit])
    with CaptureQueriesContext(connection) as log:
        found = selectors.queue_ids(user, "overdue", limit, now=NOW, **criteria)
    assert found == expected
    assert "UNION ALL" in log.captured_queries[-1]["sql"]
    assert expected


def test_each_queue_asks_only_the_agencies_its_condition_names(cast) -> None:
    """A leader of the department who also audits a commune: the queues of the leader's roles ask the
    department's two agencies, not the commune, whose branch would read its entries to find nothing."""
    from egov.organizations.models import RoleGrant

    p = cast.province
    user = cast.leader.user
    RoleGrant.objects.create(user=user, agency=p.commune_b, role=Role.AUDITOR)
    user = type(user).objects.get(pk=user.pk)  # the grants read afresh
    department = sorted([p.justice.pk, p.justice_office.pk])
    assert selectors._queue_agencies(user, "supplement") == department
    assert selectors._queue_agencies(user, "overdue") == sorted([*department, p.commune_b.pk])
    assert selectors._queue_agencies(user, "to_approve") == sorted([*department, p.commune_b.pk])


@pytest.mark.parametrize("persona", ["auditor", "leader"])
def test_the_count_apart_counts_what_the_pages_show(spread, cast, persona) -> None:
    user = getattr(cast, persona).user
    for queue in selectors.queues_for(user):
        for bound in (2, 5):
            shown = selectors.queue_ids(user, queue.key, bound + 1, now=NOW)
            assert selectors.queue_count(user, queue.key, bound, now=NOW) == len(shown), queue.key


@pytest.mark.parametrize("page", ["3", "-1", "x", "0"])
def test_an_empty_queue_counted_apart_shows_an_empty_first_page(page) -> None:
    asked: list[int] = []

    def find_ids(n: int) -> list[int]:
        asked.append(n)
        return []

    paginator = BoundedPaginator(
        [], 25, page=page, fetch=lambda ids: [], find_ids=find_ids, count_ids=lambda b: 0
    )
    shown = paginator.get_page(page)
    assert (shown.number, list(shown), paginator.count, asked) == (1, [], 0, [])


def test_a_submission_s_alert_is_the_first_sent_since_its_last_change(cast, flows) -> None:
    """`online_queue.with_online_alert` reads the page's messages in one statement and picks, per dossier,
    the earliest sent alert created since its status last changed: not an older alert, not another
    message, not an unsent alert, not another dossier's."""
    from egov.channels.models import OutboxMessage
    from egov.dossiers import online

    mine, other = receive(cast, flows.simple), receive(cast, flows.simple)
    changed = MONDAY + dt.timedelta(hours=2)
    Dossier.objects.filter(pk__in=[mine.pk, other.pk]).update(status_changed_at=changed)
    alert = {"to": "x@example.org", online.PURPOSE_KEY: online.ALERT}

    def message(dossier, created, sent, payload=alert):
        OutboxMessage.objects.create(
            topic="email",
            payload=payload,
            subject_type=online_queue.subject_key_of_dossiers(),
            subject_id=str(dossier.pk),
            created_at=created,
            available_at=created,
            sent_at=sent,
        )

    hour = dt.timedelta(hours=1)
    message(mine, changed - hour, changed - hour / 2)  # an alert of the submission before
    message(mine, changed, changed + 3 * hour)  # the alert, sent late
    message(mine, changed + hour, changed + 2 * hour)  # another alert, sent first: this one
    message(mine, changed, changed + hour / 2, {"to": "x@example.org"})  # not an alert
    message(mine, changed, None)  # not sent
    message(other, changed, changed + hour / 4)  # another dossier's
    rows = online_queue.with_online_alert(
        list(Dossier.objects.filter(pk__in=[mine.pk, other.pk]).order_by("pk"))
    )
    assert [d.alert_sent_at for d in rows] == [changed + 2 * hour, changed + hour / 4]
    Dossier.objects.filter(pk=mine.pk).update(status_changed_at=changed + 5 * hour)
    (again,) = online_queue.with_online_alert(list(Dossier.objects.filter(pk=mine.pk)))
    assert again.alert_sent_at is None


def test_no_agency_to_count_for_counts_nothing(cast) -> None:
    assert online_queue.online_limits([], now=NOW) == []
    with pytest.raises(ValueError):
        online_queue.online_limits([cast.province.commune_a.pk], now=NOW.replace(tzinfo=None))


def test_a_row_past_its_due_moment_is_marked_overdue_and_a_paused_one_is_not(cast, flows, login) -> None:
    """The officers' rows say "Quá hạn" as the citizen's list and the dossier page do (deadlines.overdue's
    rule: the clock runs and the due moment has passed); a dossier waiting for the applicant is not (a
    newcomer's walk: the queues showed only "Đang xử lý")."""
    from egov.dossiers import deadlines
    from egov.dossiers.list_rows import list_rows

    late = receive(cast, flows.simple, now=MONDAY)  # due long before today
    waiting = receive(cast, flows.simple, now=MONDAY)
    Dossier.objects.filter(pk=waiting.pk).update(status=Status.SUPPLEMENT, paused_at=MONDAY)
    fresh = receive(cast, flows.simple, now=dt.datetime.now(dt.UTC))
    now = dt.datetime.now(dt.UTC)
    rows = {r.pk: r for r in list_rows([late.pk, waiting.pk, fresh.pk])}
    for d in (late, waiting, fresh):
        assert rows[d.pk].is_overdue(now) == deadlines.overdue(Dossier.objects.get(pk=d.pk), now), d.code
    assert rows[late.pk].is_overdue(now) and not rows[waiting.pk].is_overdue(now)
    client = login(cast.desk_officer)
    html = client.get(reverse("dossiers:queue", args=["overdue"])).content.decode()
    row = html[html.index(late.code) :].split("</tr>", 1)[0]
    assert "Quá hạn" in row
