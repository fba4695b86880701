"""The bottleneck page names each step's procedure (a step's own name, "Receive and check the dossier",
is the same in every procedure) and gives the share of late stays in per cent."""

from __future__ import annotations

from django.urls import reverse

from tests.dossiers.conftest import MONDAY, hours, receive, step


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
