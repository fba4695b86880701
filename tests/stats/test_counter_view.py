"""The counter's view of the dashboard (docs/stats.md, "The counter's view"): each dossier counted for the
one-stop counter that received it, whichever agency resolves it, from the same summary rows as the default
view (their `counter` column). A hand-made example: two dossiers of the Department of Justice received at
the provincial centre (one by post, its result waiting to be returned; one at the desk, returned), a
commune's own dossier received and resolved at the commune, and a Justice dossier received at the commune."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from egov.dossiers import intake
from egov.dossiers.models import Dossier, Status
from egov.organizations.models import Role, Staff
from egov.procedures.models import StepKind
from egov.stats import recount
from egov.stats.models import MonthFigure
from tests.dossiers.conftest import APPLICANT, hours, make_procedure, step
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="(/bao-cao/ho-so/\?[^"]+)">([\d.,]+)</a>')


@dataclass
class Example:
    centre_desk: Staff
    centre_leader: Staff
    commune_leader: Staff
    post: Dossier  # Justice, received at the centre by post: result ready, not returned
    desk: Dossier  # Justice, received at the centre's desk: returned
    own: Dossier  # the commune's own procedure, received and resolved at commune A: returned
    justice_at_commune: Dossier  # Justice, received at commune A: still being processed


def _period() -> str:
    today = timezone.localdate()
    return f"period=custom&start={today - dt.timedelta(days=20)}&end={today}"


def _through_justice(cast, d: Dossier, desk: Staff, at: dt.datetime) -> Dossier:
    d = step(d, "forward", desk, at)
    d = step(d, "submit_for_approval", cast.specialist, at + hours(1))
    return step(d, "approve", cast.leader, at + hours(2))


@pytest.fixture
def example(cast, flows) -> Example:
    p = cast.province
    centre_desk = make_staff("motcua.trungtam", p.center, (Role.DESK_OFFICER,), "Lý Thu Trang")
    centre_leader = make_staff("lanhdao.trungtam", p.center, (Role.LEADER,), "Trịnh Văn Tâm")
    commune_leader = make_staff("lanhdao.anbinh", p.commune_a, (Role.LEADER,), "Mai Văn Bình")
    commune_specialist = make_staff("chuyenvien.anbinh", p.commune_a, (Role.SPECIALIST,), "Tạ Thị Hồng")
    own_procedure = make_procedure(
        "1.000002",
        "Chứng thực bản sao từ bản chính",
        "2",
        [
            (StepKind.RECEIVE, Role.DESK_OFFICER, None, "4"),
            (StepKind.PROCESS, Role.SPECIALIST, None, "8"),
            (StepKind.APPROVE, Role.LEADER, None, "8"),
            (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
        ],
        flows.simple.field,
    )
    at = timezone.now() - dt.timedelta(days=3)

    def received(procedure, agency, desk: Staff, channel: str = "counter") -> Dossier:
        return intake.receive(
            actor=desk.user, procedure=procedure, agency=agency, applicant=APPLICANT, channel=channel, now=at
        )

    post = _through_justice(cast, received(flows.simple, p.center, centre_desk, "post"), centre_desk, at)
    desk = _through_justice(cast, received(flows.simple, p.center, centre_desk), centre_desk, at)
    desk = step(desk, "return_result", centre_desk, at + hours(3))
    own = received(own_procedure, p.commune_a, cast.desk_officer)
    own = step(own, "forward", cast.desk_officer, at)
    own = step(own, "submit_for_approval", commune_specialist, at + hours(1))
    own = step(own, "approve", commune_leader, at + hours(1))
    own = step(own, "return_result", cast.desk_officer, at + hours(2))
    justice_at_commune = received(flows.simple, p.commune_a, cast.desk_officer)
    assert (post.status, desk.status, own.status) == (Status.RESOLVED, Status.RETURNED, Status.RETURNED)
    assert {post.competent_agency, desk.competent_agency, justice_at_commune.competent_agency} == {p.justice}
    assert own.competent_agency == own.receiving_agency == p.commune_a
    return Example(centre_desk, centre_leader, commune_leader, post, desk, own, justice_at_commune)


def _dashboard(client, counter: bool, extra: str = ""):
    view = "&view=counter" if counter else "&view="  # "": the agency that resolves, chosen
    page = client.get(reverse("stats:dashboard") + f"?{_period()}{view}{extra}")
    assert page.status_code == 200
    return page


def _rows(rows) -> dict[int, dict[str, int]]:
    return {row.key: dict(row.cells()) for row in rows}


def test_the_centre_sees_what_its_counter_received_per_department(example, cast, login):
    p = cast.province
    report = _dashboard(login(example.centre_leader), counter=True).context["report"]
    centre = {
        "received": 2,
        "received_online": 0,
        "received_counter": 1,
        "received_post": 1,
        "finished": 2,
        "early": report.total.value("early"),
        "on_time": report.total.value("on_time"),
        "late": report.total.value("late"),
        "returned": 1,
        "ready": 1,
    }
    assert report.total.value("early") + report.total.value("on_time") + report.total.value("late") == 2
    assert dict(report.total.cells()) == centre
    assert _rows(report.by_agency) == {p.center.pk: centre}  # per counter: the centre's own
    assert _rows(report.by_resolver) == {p.justice.pk: centre}  # both resolved by the Department of Justice


def test_the_default_view_counts_the_centres_dossiers_for_the_department(example, cast, login):
    p = cast.province
    # The centre decides nothing: by the agency that resolves, it has no dossier.
    assert (
        _dashboard(login(example.centre_leader), counter=False).context["report"].total.value("received") == 0
    )
    report = _dashboard(login(cast.leader), counter=False).context["report"]  # the department's leader
    assert report.total.value("received") == 3
    assert {row.key for row in report.by_agency} == {p.justice.pk}
    # The department's counter received nothing: its counter's view is empty.
    page = _dashboard(login(cast.leader), counter=True)
    assert page.context["report"].total.value("received") == 0
    assert 'id="no-counter"' not in page.content.decode()  # it has a counter: the period is the reason


def test_the_counters_view_of_a_scope_without_a_counter_says_why_it_is_empty(cast, login):
    from egov.organizations.roles import Role
    from tests.factories import make_staff

    office_leader = make_staff("lanhdao.phong", cast.province.justice_office, (Role.LEADER,), "Vũ Văn Phòng")
    page = _dashboard(login(office_leader), counter=True)
    assert 'id="no-counter"' in page.content.decode()
    assert "Không cơ quan nào trong phạm vi theo dõi của bạn có bộ phận một cửa" in page.content.decode()


def test_a_communes_own_dossier_counts_the_same_in_both_views(example, cast, login):
    p = cast.province
    client = login(example.commune_leader)
    default = _dashboard(client, counter=False).context["report"]
    by_counter = _dashboard(client, counter=True).context["report"]
    assert _rows(default.by_agency)[p.commune_a.pk]["received"] == 1  # its own procedure only
    assert _rows(default.by_agency)[p.commune_a.pk]["finished"] == 1
    # Its counter also received a Justice dossier: counted there, and for Justice among the resolvers.
    assert _rows(by_counter.by_agency)[p.commune_a.pk]["received"] == 2
    resolvers = _rows(by_counter.by_resolver)
    assert resolvers[p.commune_a.pk]["received"] == resolvers[p.justice.pk]["received"] == 1
    assert resolvers[p.commune_a.pk]["finished"] == 1 and resolvers[p.commune_a.pk]["returned"] == 1


def test_both_views_of_the_province_add_up_to_the_same_dossiers(example, cast, login):
    client = login(cast.auditor)
    default = _dashboard(client, counter=False).context["report"]
    by_counter = _dashboard(client, counter=True).context["report"]
    for name in ("received", "finished", "early", "on_time", "late", "returned"):
        assert default.total.figures.get(name) == by_counter.total.figures.get(name), name
    p = cast.province
    assert {row.key: row.value("received") for row in by_counter.by_agency} == {
        p.center.pk: 2,
        p.commune_a.pk: 2,
    }


@pytest.mark.parametrize("who", ["auditor", "centre_leader", "commune_leader"])
def test_every_figure_of_the_counters_view_links_to_as_many_dossiers(example, cast, login, who):
    staff = cast.auditor if who == "auditor" else getattr(example, who)
    client = login(staff)
    page = _dashboard(client, counter=True)
    links = LINK.findall(page.content.decode())
    assert len(links) > 10
    measures = set()
    for url, figure in links:
        url = unescape(url)
        assert "view=counter" in url
        measures.add(re.search(r"measure=(\w+)", url).group(1))
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert listed.context["page_obj"].paginator.count == int(figure.replace(".", "").replace(",", "")), (
            url
        )
    assert measures >= {"received", "received_counter", "finished", "returned"}
    if who != "commune_leader":
        assert {"received_post", "ready"} <= measures


def test_a_departments_row_lists_the_centres_dossiers_it_resolves(example, cast, login):
    p = cast.province
    client = login(example.centre_leader)
    query = f"?measure=received&start=2020-01-01&end=2030-12-31&view=counter&resolver={p.justice.pk}"
    listed = client.get(reverse("stats:dossiers") + query)
    assert {d.pk for d in listed.context["page_obj"]} == {example.post.pk, example.desk.pk}
    for d in listed.context["page_obj"]:  # received at the centre's counter: its leader opens each one
        assert client.get(reverse("dossiers:detail", args=[d.pk])).status_code == 200, d.code
    ready = client.get(reverse("stats:dossiers") + query.replace("received", "ready"))
    assert [d.pk for d in ready.context["page_obj"]] == [example.post.pk]


def test_a_commune_leader_cannot_see_the_centres_counter(example, cast, login):
    p = cast.province
    client = login(example.commune_leader)
    page = _dashboard(client, counter=True, extra=f"&agency={p.center.pk}")
    assert page.context["form"].errors  # not offered: the page shows the leader's own scope
    assert p.center.pk not in {row.key for row in page.context["report"].by_agency}
    assert page.context["report"].total.value("received_post") == 0
    base = reverse("stats:dossiers") + "?measure=received&start=2020-01-01&end=2030-12-31&view=counter"
    assert client.get(base + f"&at={p.center.pk}").status_code == 404
    assert client.get(base + f"&in={p.center.pk}").status_code == 404
    # Without a counter named: only the commune's own counter's dossiers.
    listed = client.get(base)
    assert {d.pk for d in listed.context["page_obj"]} == {example.own.pk, example.justice_at_commune.pk}


def test_the_keeping_equals_the_recount_and_survives_a_rebuild(example, cast, login):
    assert recount.differences(recount.recount(), recount.stored()) == []
    client = login(cast.auditor)
    before = _dashboard(client, counter=True).context["report"]
    call_command("rebuild_stats", stdout=io.StringIO())
    call_command("check_stats", stdout=io.StringIO())  # exits 1 on a difference
    after = _dashboard(client, counter=True).context["report"]
    assert _rows(after.by_agency) == _rows(before.by_agency)
    assert _rows(after.by_resolver) == _rows(before.by_resolver)


def test_a_summary_row_per_agency_procedure_and_counter(example, cast):
    """The counter is in the key, not a second set of rows: one month row per agency, procedure and measure
    for a procedure received at one counter, one per counter for a procedure received at several."""
    p = cast.province
    received = MonthFigure.objects.filter(measure="received", count__gt=0)
    own = received.filter(agency=p.commune_a.pk)
    assert list(own.values_list("counter", "count")) == [(p.commune_a.pk, 1)]
    justice = dict(received.filter(agency=p.justice.pk).values_list("counter", "count"))
    assert justice == {p.center.pk: 2, p.commune_a.pk: 1}


def test_the_counters_view_reads_no_dossier(example, cast, login):
    client = login(cast.auditor)
    with CaptureQueriesContext(connection) as queries:
        _dashboard(client, counter=True)
    assert not [q["sql"] for q in queries.captured_queries if 'FROM "dossiers_dossier"' in q["sql"]]


@pytest.mark.parametrize("counter", [False, True], ids=["default view", "counter view"])
def test_with_a_procedure_chosen_every_link_lists_as_many_dossiers(example, cast, login, flows, counter):
    # A field row's link carried the field, not the chosen procedure, and listed the field's other
    # procedures' dossiers too.
    client = login(cast.auditor)
    page = _dashboard(client, counter=counter, extra=f"&procedure={flows.simple.pk}")
    links = LINK.findall(page.content.decode())
    assert links
    for url, figure in links:
        url = unescape(url)
        assert f"procedure={flows.simple.pk}" in url and "field=" not in url, url
        listed = client.get(url).context["page_obj"].paginator.count
        assert listed == int(figure.replace(".", "").replace(",", "")), url


@pytest.mark.parametrize(
    "bad", ["resolver=99999999999999999999", "resolver=²", "at=99999999999999999999", "in=x", "procedure=1e3"]
)
def test_a_key_that_cannot_be_one_is_not_found(example, cast, login, bad):
    query = f"?measure=received&start=2020-01-01&end=2030-12-31&view=counter&{bad}"
    assert login(cast.auditor).get(reverse("stats:dossiers") + query).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_the_exports_follow_the_choice(example, cast, login, fmt):
    client = login(example.centre_leader)
    answer = client.get(reverse("stats:export", args=[fmt]) + f"?{_period()}&view=counter")
    assert answer.status_code == 200 and len(answer.content) > 1000
    assert "thong-ke-mot-cua-" in answer["Content-Disposition"]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(answer.content)).active
        values = [c.value for row in sheet.iter_rows() for c in row]
        assert "Thống kê hồ sơ theo: nơi tiếp nhận (tiếp nhận tại bộ phận một cửa)" in values


def test_the_public_page_offers_no_choice_and_counts_by_the_agency_that_resolves(example, client):
    page = client.get(reverse("stats:public") + f"?{_period()}&view=counter")
    assert page.status_code == 200
    assert "view" not in page.context["form"].fields
    assert page.context["report"].view == ""


def test_a_service_centres_leader_opens_on_the_counters_view_and_may_switch(cast, login):
    from egov.organizations.roles import Role
    from tests.factories import make_staff

    centre_leader = make_staff("lanhdao.pvhcc", cast.province.center, (Role.LEADER,), "Ngô Thị Trung Tâm")
    client = login(centre_leader)
    first = client.get(reverse("stats:dashboard"))
    assert first.context["report"].view == "counter"
    assert '<option value="counter" selected>' in first.content.decode()
    chosen = client.get(reverse("stats:dashboard") + "?view=&period=year&year=2026")
    assert not chosen.context["report"].view  # the leader's own choice holds
    assert (
        client.get(reverse("stats:dashboard") + "?period=year&year=2026").context["report"].view == "counter"
    )
    # A department's leader still opens on the agency that resolves.
    assert not login(cast.leader).get(reverse("stats:dashboard")).context["report"].view
