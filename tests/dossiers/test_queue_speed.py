"""What the work queues do to stay fast at a million dossiers, and that nothing they show is lost by it
(issue 14, docs/performance.md): counts that stop at a bound, pages read ids first, the filter form's
cached option lists and its selects written in Python. No rule of law is involved."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from egov.core import paging
from egov.core.paging import BoundedPaginator
from egov.dossiers import selectors
from egov.dossiers.models import CLOSED, Dossier, Status
from egov.dossiers.queue_filter import (
    PlainDateInput,
    PlainInput,
    PlainSelect,
    QueueFilterForm,
    filter_options,
)
from egov.dossiers.queue_indexes import IN_HAND
from egov.organizations.roles import Role
from egov.procedures.models import Procedure, PublicationStatus
from tests.dossiers.conftest import receive
from tests.markup import tags

pytestmark = pytest.mark.django_db


def test_a_count_stops_one_past_the_bound() -> None:
    paginator = BoundedPaginator(list(range(10)), 2, bound=4)
    assert (paginator.count, paginator.more) == (5, True)
    exact = BoundedPaginator(list(range(4)), 2, bound=4)
    assert (exact.count, exact.more) == (4, False)


def test_a_deep_page_counts_far_enough_to_reach_it_and_the_next() -> None:
    paginator = BoundedPaginator(list(range(100)), 2, page="30", bound=4)
    page = paginator.get_page("30")
    assert list(page) == [58, 59]
    assert page.has_next()


@pytest.fixture
def five(cast, flows) -> list[Dossier]:
    return [receive(cast, flows.simple) for _ in range(5)]


def test_the_queue_says_more_than_the_bound_and_every_dossier_stays_reachable(
    five, cast, login, monkeypatch
) -> None:
    monkeypatch.setattr(paging, "COUNT_BOUND", 2)
    monkeypatch.setattr("egov.dossiers.views.queues.PAGE_SIZE", 1)
    client = login(cast.desk_officer)
    url = reverse("dossiers:queue", args=["to_process"])
    first = client.get(url)
    assert first.context["page_obj"].paginator.more
    assert "hơn 2" in re.sub(r"\s+", " ", first.content.decode())
    seen, page = [], 1
    while True:
        response = client.get(url, {"page": page})
        seen += [d.pk for d in response.context["page_obj"]]
        if not response.context["page_obj"].has_next():
            break
        page += 1
    assert sorted(seen) == sorted(d.pk for d in five)


@pytest.mark.parametrize(("page", "bound", "expected_count"), [(1, 1000, 5), (1, 2, 3), (2, 2, 4), (4, 2, 5)])
def test_the_count_and_the_page_come_from_one_filtered_query(five, page, bound, expected_count) -> None:
    """With `fetch`, the sorted ids up to the bound are read once: their number is the count, the page a
    slice of them; then one query for the page's rows (the filter no longer runs twice)."""
    ordered = Dossier.objects.order_by("-pk")
    fetched: list[list[int]] = []

    def fetch(ids: list[int]) -> list[Dossier]:
        fetched.append(ids)
        return list(Dossier.objects.filter(pk__in=ids))

    with CaptureQueriesContext(connection) as log:
        paginator = BoundedPaginator(ordered, 1, page=page, bound=bound, fetch=fetch)
        rows = [d.pk for d in paginator.get_page(page)]
    everything = list(ordered.values_list("pk", flat=True))
    assert rows == everything[page - 1 : page]
    assert paginator.count == expected_count
    assert paginator.more == (expected_count > paginator.bound)
    assert fetched == [rows]
    assert len(log.captured_queries) == 2, [q["sql"] for q in log.captured_queries]


@pytest.mark.parametrize("sort", ["received", "-received"])
def test_a_page_keeps_the_queue_order_and_shows_the_whole_row(five, cast, login, sort) -> None:
    client = login(cast.desk_officer)
    response = client.get(reverse("dossiers:queue", args=["to_process"]), {"sort": sort})
    rows = list(response.context["page_obj"])
    expected = selectors.filter_dossiers(selectors.queue(cast.desk_officer.user, "to_process"), sort=sort)
    assert [d.pk for d in rows] == list(expected.values_list("pk", flat=True))
    assert all(d.procedure.name and d.code in response.content.decode() for d in rows)


def test_the_filter_lists_come_from_the_cache_until_the_catalogue_changes(five, flows) -> None:
    filter_options()
    with CaptureQueriesContext(connection) as queries:
        QueueFilterForm().as_div()
    assert not [q for q in queries.captured_queries if "procedures_" in q["sql"]]
    flows.simple.name = "Tên mới của thủ tục"
    flows.simple.save()
    assert "Tên mới của thủ tục" in QueueFilterForm().as_div()


def test_an_unpublished_procedure_is_not_offered(five, flows) -> None:
    Procedure.objects.filter(pk=flows.simple.pk).update(status=PublicationStatus.DRAFT)
    procedure = Procedure.objects.get(pk=flows.simple.pk)
    procedure.save()  # the save that clears the cached lists
    values = [v for v, _ in filter_options()["procedure"]]
    assert str(procedure.pk) not in values


@pytest.mark.parametrize("value", [None, "2", ["2"]])
def test_the_plain_select_writes_what_django_s_select_writes(value) -> None:
    choices = [("", "---------"), ("1", "Khai sinh <a & b>"), ("2", "Kết hôn")]
    attrs = {"id": "id_x", "class": "wide"}
    ours = PlainSelect(choices=choices).render("x", value, attrs)
    django = forms.Select(choices=choices).render("x", value, attrs)
    assert parse_html(ours) == parse_html(django)


def test_the_queue_index_covers_every_status_not_closed() -> None:
    """The partial index's condition names the statuses as plain values (queue_indexes.py): a new status
    must land on one side or the other, or a queue would miss it."""
    assert set(IN_HAND) == {s.value for s in Status} - set(CLOSED)


def test_more_than_a_thousand_is_written_the_vietnamese_way() -> None:
    from django.template import Context, Template

    text = Template("{% load money %}{{ n|thousands }}").render(Context({"n": 1000}))
    assert text == "1.000"


def test_the_procedure_and_field_filters_offer_all_in_words_not_dashes(cast, login) -> None:
    page = login(cast.desk_officer).get(reverse("dossiers:queue", args=["to_process"])).content.decode()
    for name in ("procedure", "field"):
        select = page[page.index(f'name="{name}"') :]
        select = select[: select.index("</select>")]
        assert '<option value="" selected>Tất cả</option>' in select, name
        assert "---------" not in select, name


@pytest.mark.parametrize("value", [None, "", "Nguyễn <Văn> & A"])
@pytest.mark.parametrize("plain, django_widget", [("text", forms.TextInput), ("date", forms.DateInput)])
def test_the_plain_inputs_write_what_django_s_inputs_write(value, plain, django_widget) -> None:
    widget = {"text": PlainInput(), "date": PlainDateInput(attrs={"type": "date"})}[plain]
    reference = django_widget(attrs={"type": "date"}) if plain == "date" else django_widget()
    attrs = {"id": "id_x", "required": True}
    assert parse_html(widget.render("x", value, attrs)) == parse_html(reference.render("x", value, attrs))


def test_a_date_typed_back_is_shown_as_django_shows_it() -> None:
    day = dt.date(2026, 3, 9)
    ours = PlainDateInput(attrs={"type": "date"}).render("x", day)
    assert parse_html(ours) == parse_html(forms.DateInput(attrs={"type": "date"}).render("x", day))


def test_the_kept_options_mark_the_chosen_value_on_each_page(five, flows) -> None:
    """The options are written once and kept (PlainSelect.keep): each form still marks its own choice."""
    pk = str(flows.simple.pk)
    first = QueueFilterForm({"procedure": pk, "sort": "code"}).as_div()
    assert f'<option value="{pk}" selected>' in first
    assert '<option value="code" selected>' in first
    again = QueueFilterForm().as_div()
    assert f'<option value="{pk}">' in again
    assert '<option value="" selected>' in again
    assert " selected>" not in again.replace('<option value="" selected>', "")


FIELDS_BEFORE = (
    '{% for field in form %}<div class="field"><label for="{{ field.id_for_label }}">'
    "{{ field.label }}</label>{{ field }}</div>{% endfor %}"
)


@pytest.mark.parametrize(
    "data", [None, {"procedure": "", "applicant": "Lê <Thị> & Bé", "sort": "code", "received_from": "x"}]
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_fields_written_in_python_are_the_template_s(five, flows, data, language) -> None:
    """`fields_html` writes what the page's loop over the form wrote (kept for the unbound form, per
    language), and a form typed back shows what was typed."""
    from django.template import Context, Engine

    from egov.dossiers.queue_filter import fields_html

    if data is not None:
        data = {**data, "procedure": str(flows.simple.pk)}
    with translation.override(language):
        before = (
            Engine.get_default().from_string(FIELDS_BEFORE).render(Context({"form": QueueFilterForm(data)}))
        )
        after = fields_html(QueueFilterForm(data))
        again = fields_html(QueueFilterForm(data))
    assert parse_html(after) == parse_html(before) and again == after
    if data is not None:
        assert "Lê &lt;Thị&gt; &amp; Bé" in after and f'<option value="{flows.simple.pk}" selected>' in after


def test_the_kept_options_follow_the_language(five) -> None:
    with translation.override("vi"):
        vietnamese = QueueFilterForm().as_div()
    with translation.override("en"):
        english = QueueFilterForm().as_div()
    assert "Tất cả" in vietnamese and "Hạn gần trước" in vietnamese
    assert "Tất cả" not in english and ">All</option>" in english and "Due first" in english


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 31, 20, 59, tzinfo=dt.UTC),  # the next day in Vietnam
        dt.datetime(999, 7, 8, 9, 5, tzinfo=dt.UTC),
        None,
        "",
    ],
)
def test_the_moment_filter_writes_what_the_date_filter_writes(moment) -> None:
    from django.template import Context, Template

    context = Context({"v": moment})
    ours = Template("{% load dossier_rows %}{{ v|moment|default:'—' }}").render(context)
    django = Template("{{ v|date:'H:i d/m/Y'|default:'—' }}").render(context)
    assert ours == django


def test_each_row_and_tab_links_where_reverse_says(five, cast, login) -> None:
    page = login(cast.desk_officer).get(reverse("dossiers:queue", args=["to_process"])).content.decode()
    for d in five:
        assert f'<a href="{reverse("dossiers:detail", args=[d.pk])}">{d.code}</a>' in page
    for q in selectors.queues_for(cast.desk_officer.user):
        assert f'href="{reverse("dossiers:queue", args=[q.key])}"' in page, q.key


def test_the_home_page_counts_every_queue_in_one_statement_as_the_orm_counts(five, cast) -> None:
    """`queue_counts` puts the queues' bounded counts in one statement: each equals the queue's own count,
    for every persona, and a queue that can match nothing (no agency for its role) counts 0."""
    for staff in (cast.desk_officer, cast.specialist, cast.leader, cast.commune_b_specialist):
        user = staff.user
        with CaptureQueriesContext(connection) as log:
            counted = selectors.queue_counts(user)
        expected = [paging.bounded_count(selectors.queue(user, q.key)) for q, _n, _more in counted]
        assert [n for _q, n, _more in counted] == expected, staff.user.username
        assert len([q for q in log.captured_queries if "COUNT(" in q["sql"]]) == 1
    assert any(n for _q, n, _more in selectors.queue_counts(cast.desk_officer.user))


def test_the_counts_kept_compiled_follow_the_clock(five, cast) -> None:
    """The home's counts are compiled once per viewer (egov.core.kept_sql): a later moment, with the same
    statement, counts what the queues hold then (nothing overdue now, all five overdue a year on)."""
    user = cast.desk_officer.user
    later = max(d.due_at for d in five) + dt.timedelta(days=365)
    for now in (five[0].received_at, later, five[0].received_at):
        counted = {q.key: n for q, n, _more in selectors.queue_counts(user, now=now)}
        assert counted == {k: paging.bounded_count(selectors.queue(user, k, now=now)) for k in counted}
        assert counted["overdue"] == (5 if now == later else 0)


def test_the_home_page_says_more_past_the_bound(five, cast, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "COUNT_BOUND", 2)
    with CaptureQueriesContext(connection) as log:
        counted = {q.key: (n, more) for q, n, more in selectors.queue_counts(cast.desk_officer.user)}
    assert counted["to_process"] == (2, True)
    # Each count stops one row past the bound: it never reads a whole queue.
    (statement,) = [q["sql"] for q in log.captured_queries if "COUNT(" in q["sql"]]
    # A queue of actionable steps counts its free and its given dossiers apart, each up to the bound.
    parts = sum(2 if key in selectors.COUNTED_BY_HANDLER else 1 for key in counted)
    assert statement.count("LIMIT 3") == parts


@pytest.fixture
def handled(five, cast) -> Any:
    """The desk officer's dossiers in hand, one free, two given to them (one at a step of a role that reads
    no dossiers: a clerk's, which they hold too), one given to another officer, one at a clerk's step free
    (not theirs: a clerk takes only what is given)."""
    from egov.organizations.models import RoleGrant

    user = cast.desk_officer.user
    RoleGrant.objects.create(user=user, role=Role.CLERK, agency=cast.province.commune_a)
    Dossier.objects.filter(pk__in=[d.pk for d in five]).update(handler=None)  # received: given to the officer
    Dossier.objects.filter(pk__in=[five[1].pk, five[2].pk]).update(handler=user)
    Dossier.objects.filter(pk=five[2].pk).update(current_role=Role.CLERK)
    Dossier.objects.filter(pk=five[3].pk).update(handler=cast.specialist.user)
    Dossier.objects.filter(pk=five[4].pk).update(current_role=Role.CLERK)
    return type(user).objects.get(pk=user.pk)  # grants are kept on the user object: read it afresh


@pytest.mark.parametrize("bound", [1, 2, 3, 1000])
def test_a_queue_of_actionable_steps_counts_its_free_and_its_given_dossiers_as_one_count(
    handled, five, monkeypatch, bound
) -> None:
    """The home and the queue page count "to process" and "to approve" as the sum of two counts (no handler;
    given to the viewer: `permissions.actionable_parts`), each read from the queue index as ranges: at every
    bound the figure and the "more than" of one bounded count of the queue. "Due within a day" is counted
    whole (`selectors.COUNTED_BY_HANDLER`), and stays right beside them."""
    from egov.procedures import catalogue_version

    catalogue_version.request_started()
    monkeypatch.setattr(selectors, "COUNT_BOUND", bound)
    now = five[0].due_at - dt.timedelta(hours=1)  # every dossier due within a day
    counted = {q.key: (n, more) for q, n, more in selectors.queue_counts(handled, now=now)}
    for key in ("to_process", "due_soon"):
        whole = selectors.queue(handled, key, now=now).count()
        assert counted[key] == (min(whole, bound), whole > bound), key
        assert selectors.queue_count(handled, key, bound, now=now) == min(whole, bound + 1), key
    # Free five[0], given five[1] and five[2] (a clerk's step); not five[3] (another's), nor five[4].
    assert selectors.queue(handled, "to_process", now=now).count() == 3


@pytest.mark.parametrize("bound", [1, 2, 3, 4, 1000])
def test_the_leaders_dossiers_to_approve_count_free_and_given_as_one_count(five, cast, monkeypatch, bound):
    """The case the split is for: a leader's dossiers to approve, two free, two given to the leader, one to
    another leader (read by one count, the others' entries were skipped one by one)."""
    from egov.dossiers import permissions
    from egov.procedures import catalogue_version
    from egov.procedures.models import StepKind

    leader = cast.leader.user
    (agency, *_rest) = permissions.subtree_ids(leader)["leader"]
    Dossier.objects.filter(pk__in=[d.pk for d in five]).update(
        status=Status.PROCESSING,
        current_kind=StepKind.APPROVE,
        current_role=Role.LEADER,
        current_agency_id=agency,
        handler=None,
    )
    Dossier.objects.filter(pk__in=[five[2].pk, five[3].pk]).update(handler=leader)
    Dossier.objects.filter(pk=five[4].pk).update(handler=cast.specialist.user)
    catalogue_version.request_started()
    monkeypatch.setattr(selectors, "COUNT_BOUND", bound)
    counted = {q.key: (n, more) for q, n, more in selectors.queue_counts(leader)}
    assert selectors.queue(leader, "to_approve").count() == 4
    assert counted["to_approve"] == (min(4, bound), bound < 4)
    assert selectors.queue_count(leader, "to_approve", bound) == min(4, bound + 1)


def test_the_free_and_the_given_dossiers_are_apart_and_together_the_actionable_ones(handled, five) -> None:
    from egov.dossiers import permissions

    kinds = selectors.ACTIONABLE_KINDS["to_process"]
    free, given = (
        set(Dossier.objects.filter(q).values_list("pk", flat=True))
        for q in permissions.actionable_parts(handled, kinds)
    )
    whole = set(Dossier.objects.filter(permissions.actionable_q(handled, kinds)).values_list("pk", flat=True))
    assert (free, given) == ({five[0].pk}, {five[1].pk, five[2].pk})
    assert free | given == whole


def test_a_queue_that_can_match_nothing_counts_zero_beside_the_others(five) -> None:
    sql, params = selectors._bounded_counts_sql(
        [[Dossier.objects.filter(pk__in=[])], [Dossier.objects.all()]]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert list(cursor.fetchone()) == [0, 5]


@pytest.mark.parametrize("bound", [0, 1, 2, 3, 4, 5, 9])
def test_a_group_of_disjoint_parts_counts_as_their_union(five, bound) -> None:
    """Three parts (one that can match nothing among them): each reads what the ones before it left to the
    bound (PostgreSQL) or adds its bounded count (SQLite); either way the union's bounded count."""
    ids = sorted(d.pk for d in five)
    parts = [ids[:2], [], ids[2:3], ids[3:]]
    group = [Dossier.objects.filter(pk__in=p) for p in parts]
    sql, params = selectors._bounded_counts_sql([group, [Dossier.objects.all()]], bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert list(cursor.fetchone()) == [min(5, bound + 1)] * 2


def test_the_subtrees_of_every_grant_come_from_the_agencies_kept_per_process(cast):
    from egov.organizations.models import RoleGrant
    from egov.procedures import catalogue_version

    p = cast.province
    user = cast.leader.user  # a leader of the department; now also a desk officer of a commune
    RoleGrant.objects.create(user=user, role="desk_officer", agency=p.commune_a)
    user = type(user).objects.get(pk=user.pk)  # grants are kept on the user object: read it afresh
    catalogue_version.request_started()
    try:
        _subtrees_within_a_request(user, p)
    finally:
        catalogue_version.request_finished()


def _subtrees_within_a_request(user, p):
    from egov.dossiers import permissions
    from egov.organizations.models import Agency, AgencyKind
    from tests.factories import make_agency

    with CaptureQueriesContext(connection) as queries:
        found = permissions.subtree_ids(user)
    assert len(queries) == 3  # the grants, the catalogue's token, then the province's agencies once
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert permissions.subtree_ids(user) == found
    assert len(queries) == 1  # the grants: the agencies are kept, the token read once per request
    under = {
        a: list(Agency.objects.filter(path__startswith=a.path).values_list("id", flat=True))
        for a in (p.justice, p.commune_a)
    }
    assert found == {"leader": under[p.justice], "desk_officer": under[p.commune_a]}
    assert p.justice_office.pk in found["leader"] and p.commune_a.pk not in found["leader"]
    # A new agency under the department is in its leader's subtree at once (its save replaces the token).
    unit = make_agency("Phòng mới", AgencyKind.OFFICE, p.justice, code="000.09.01.H99")
    user = type(user).objects.get(pk=user.pk)
    assert unit.pk in permissions.subtree_ids(user)["leader"]


#: The row loop dossiers/queue.html had before the rows were written in Python (dossier_rows.queue_rows).
ROWS_BEFORE = Path(__file__).parent / "data" / "queue_rows_before.html"


@pytest.mark.parametrize("key,persona", [("to_process", "desk_officer"), ("to_receive", "desk_officer")])
def test_the_rows_written_in_python_are_the_template_s_rows(five, cast, flows, login, key, persona) -> None:
    from django.template import Context, Engine
    from django.utils import timezone

    # Every kind of cell: a handler, a late and an on-time finish, papers to send (one overdue), and online
    # submissions not accepted yet (their code is the submission's reference) in the counter's queue.
    first, second, third = five[:3]
    now = timezone.now()
    Dossier.objects.filter(pk=first.pk).update(handler=cast.specialist.user, timeliness="late")
    Dossier.objects.filter(pk=second.pk).update(
        timeliness="on_time",
        paper_forward_to=cast.province.justice,
        paper_forward_due_at=now - dt.timedelta(hours=1),
    )
    Dossier.objects.filter(pk=third.pk).update(
        paper_forward_to=cast.province.justice, paper_forward_due_at=now + dt.timedelta(days=2)
    )
    Dossier.objects.filter(pk=five[3].pk).update(status=Status.SUBMITTED, channel="online", received_at=None)
    response = login(getattr(cast, persona)).get(reverse("dossiers:queue", args=[key]))
    page, online = response.context["page_obj"], key == "to_receive"
    assert list(page), key
    engine = Engine.get_default()
    with translation.override("vi"):
        before = engine.from_string(ROWS_BEFORE.read_text(encoding="utf-8")).render(
            Context(
                {"page_obj": page, "now": response.context["now"], "online_limits": [] if online else None}
            )
        )
        from egov.dossiers.templatetags.dossier_rows import queue_rows

        after = queue_rows(page, online, response.context["now"])
    assert tags(after) == tags(before)
    assert tags(after)[0] == "<tr>" and str(after) in response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_queue_row_holds_what_the_dossier_holds(five, cast, flows, language) -> None:
    """The page's rows are plain values (egov.dossiers.list_rows), read under the names a Dossier gives
    them: each the model's own value, label and related name, with and without a handler and a step."""
    from egov.dossiers.list_rows import COLUMNS, list_rows

    first, second = five[:2]
    Dossier.objects.filter(pk=first.pk).update(handler=cast.specialist.user, timeliness="late")
    Dossier.objects.filter(pk=second.pk).update(
        handler=None, current_step=None, paper_forward_to=cast.province.justice, status=Status.SUBMITTED
    )
    rows = {row.pk: row for row in list_rows([d.pk for d in five])}
    assert sorted(rows) == sorted(d.pk for d in five)
    plain = [c for c in COLUMNS if "__" not in c and c != "id"]
    with translation.override(language):
        for d in Dossier.objects.filter(pk__in=rows).select_related(
            "procedure", "current_agency", "current_step", "handler"
        ):
            row = rows[d.pk]
            assert [getattr(row, c) for c in plain] == [getattr(d, c) for c in plain]
            assert (row.pk, row.procedure.name) == (d.pk, d.procedure.name)
            assert (row.current_agency.name, row.current_agency.short_name) == (
                d.current_agency.name,
                d.current_agency.short_name,
            )
            assert (row.current_step and row.current_step.name) == (d.current_step and d.current_step.name)
            assert (row.handler and row.handler.get_full_name()) == (d.handler and d.handler.get_full_name())
            assert row.get_status_display() == d.get_status_display()
            assert row.get_timeliness_display() == d.get_timeliness_display()
    assert rows[first.pk].handler and rows[first.pk].current_step
    assert rows[second.pk].handler is None and rows[second.pk].current_step is None
    assert list_rows([]) == []


def test_a_typed_search_or_a_deep_page_is_not_kept(five, cast) -> None:
    """Seldom asked twice: compiled for the request alone, so the plain queues stay kept
    (egov.core.kept_sql)."""
    from egov.core import kept_sql

    kept_sql.forget()
    user = cast.desk_officer.user
    plain = selectors.queue_ids(user, "to_process", 25)
    assert len(kept_sql._table) == 1 and len(plain) == 5
    assert selectors.queue_ids(user, "to_process", 25, code=five[0].code) == [five[0].pk]
    # A page past the first two (selectors.KEPT_DEPTH): paging through a queue keeps nothing more.
    assert sorted(selectors.queue_ids(user, "to_process", selectors.KEPT_DEPTH + 25)) == sorted(plain)
    assert len(kept_sql._table) == 1
    selectors.queue_ids(user, "to_process", selectors.KEPT_DEPTH)
    assert len(kept_sql._table) == 2
