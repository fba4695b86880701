"""The bottleneck page names each step's procedure (a step's own name, "Receive and check the dossier",
is the same in every procedure), gives the share of late stays in per cent, and under each step the
officers who finished stays there, the latest first (issue 12 item 3: per step, agency and handler)."""

from __future__ import annotations

from django.urls import reverse

from egov.dossiers import intake
from egov.organizations.roles import Role
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, receive, step
from tests.factories import make_staff


def test_each_step_row_names_its_procedure(cast, flows, login):
    d = receive(cast, flows.simple, now=MONDAY)
    step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    page = login(cast.auditor).get(reverse("stats:bottlenecks") + "?period=year&year=2026")
    rows = page.context["steps"]
    assert rows and {r.procedure_name for r in rows} == {flows.simple.name}
    html = page.content.decode()
    assert f'<td class="step-procedure" title="{flows.simple.code}">{flows.simple.name}</td>' in html


def test_the_late_share_is_in_per_cent(cast, flows, login):
    d = receive(cast, flows.simple, now=MONDAY)
    step(d, "forward", cast.desk_officer, MONDAY + hours(200))  # far past the reception's allotment
    page = login(cast.auditor).get(reverse("stats:bottlenecks") + "?period=year&year=2026")
    late = [r for r in page.context["steps"] if r.late]
    assert late and late[0].late_percent == 100
    assert "1 (100%)" in page.content.decode()


def test_under_each_step_its_officers_the_latest_first(cast, flows, login):
    other = make_staff("motcua2.anbinh", cast.province.commune_a, (Role.DESK_OFFICER,), "Lý Thị Mai")
    for officer, spent in ((cast.desk_officer, 1), (cast.desk_officer, 2), (other, 200)):
        d = intake.receive(
            actor=officer.user,
            procedure=flows.simple,
            agency=cast.province.commune_a,
            applicant=APPLICANT,
            now=MONDAY,
        )
        step(d, "forward", officer, MONDAY + hours(spent))
    page = login(cast.auditor).get(reverse("stats:bottlenecks") + "?period=year&year=2026")
    reception = page.context["steps"][0]
    assert (reception.count, reception.late) == (3, 1)
    officers = [(r.handler_name, r.count, r.late, r.step) for r in page.context["officers"]]
    assert officers[:2] == [("Lý Thị Mai", 1, 1, reception.step), ("Phạm Thu Hà", 2, 0, reception.step)]
    html = page.content.decode()
    assert "Cán bộ tại các bước này" in html and html.index("Lý Thị Mai") < html.index("Phạm Thu Hà")


def test_no_officer_table_when_no_step_finished(cast, flows, login):
    page = login(cast.auditor).get(reverse("stats:bottlenecks") + "?period=year&year=2026")
    assert page.context["officers"] == [] and "Cán bộ tại các bước này" not in page.content.decode()


def _row(histogram: dict[int, int], allotted: str, late: int = 0, timed: bool = True):
    from decimal import Decimal

    from egov.stats.bottlenecks import StepRow

    row = StepRow(1, 1, timed=timed, allotted=Decimal(allotted), late=late)
    row.histogram.update(histogram)
    return row


def test_over_the_allotment_only_when_one_stay_in_ten_certainly_took_longer():
    # BUCKETS (1, 2, 4, 8, 12, 16, …): bucket 0 is "≤ 1", bucket 5 is "> 12 and ≤ 16".
    assert not _row({0: 10}, "0.5").over_allotment  # "≤ 1" with half an hour allotted: nobody known over
    assert _row({0: 8, 5: 2}, "2").over_allotment  # two stays of ten past 12 hours, 2 allotted
    assert not _row({0: 9, 5: 1}, "2").over_allotment  # the 90th percentile is still "≤ 1"
    assert not _row({3: 10}, "5").over_allotment  # "> 4 and ≤ 8" with 5 allotted: all may have taken 4.5
    assert _row({3: 10}, "4").over_allotment  # every stay took more than 4 hours
    assert not _row({5: 10}, "2", timed=False).over_allotment  # the return step: no deadline


def test_the_steps_with_the_most_late_stays_come_first_and_the_page_says_how_many_are_shown():
    from egov.stats.bottlenecks import _latest_first

    one_of_one = _row({0: 1}, "8", late=1)  # 100 % late, one stay
    many = _row({0: 40}, "8", late=12)  # 30 % late, twelve stays
    many.step = 2
    assert sorted([one_of_one, many], key=_latest_first) == [many, one_of_one]
