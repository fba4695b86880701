"""A dossier counts in the statistics for the agency that resolves it (Dossier.competent_agency), not for
the counter that received it: a department's dossiers are received at a centre (Decree 118/2025 art.
20.1.a), and its leader must see them. The rule is the dossier code's (art. 28.2.a): where the last
approving step happens."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from egov.dossiers import codes, competent, demo_bulk
from egov.dossiers.models import Dossier
from tests.dossiers.conftest import receive

pytestmark = pytest.mark.django_db


def test_the_competent_agency_is_the_one_the_code_names(cast, flows):
    d = receive(cast, flows.simple, now=timezone.now())
    # received at a commune's counter, approved at the Department of Justice
    assert d.receiving_agency == cast.province.commune_a
    assert d.competent_agency == cast.province.justice == codes.competent_agency(d)
    assert d.code.startswith(cast.province.justice.code + "-")


def test_the_departments_leader_sees_a_dossier_received_elsewhere_and_its_list(cast, flows, login):
    d = receive(cast, flows.simple, now=timezone.now())
    client = login(cast.leader)  # leader of the Department of Justice, outside the receiving commune
    page = client.get(reverse("stats:dashboard") + "?period=month")
    assert page.status_code == 200
    report = page.context["report"]
    assert report.total.value("received") == 1
    assert {row.key for row in report.by_agency} == {cast.province.justice.pk}
    link = re.search(r'<a href="(/bao-cao/ho-so/\?[^"]*measure=received[^"]*)">1</a>', page.content.decode())
    assert link is not None
    listed = client.get(link.group(1).replace("&amp;", "&"))
    assert listed.status_code == 200
    assert [x.pk for x in listed.context["page_obj"]] == [d.pk]
    # still at the commune's counter, yet the department's leader opens it: it is counted for them
    assert d.current_agency == cast.province.commune_a
    assert client.get(reverse("dossiers:detail", args=[d.pk])).status_code == 200
    assert Dossier.objects.visible_to(cast.leader.user).filter(pk=d.pk).exists()


def test_older_dossiers_get_theirs_once_by_the_command(cast, flows, monkeypatch):
    monkeypatch.setattr(competent, "BATCH", 1)  # one id range per dossier
    d = receive(cast, flows.simple, now=timezone.now())
    kept = receive(cast, flows.simple, now=timezone.now())
    # as dossiers migration 0023 leaves a dossier made before the column: its receiving agency
    Dossier.objects.filter(pk=d.pk).update(competent_agency=d.receiving_agency)
    # one made since keeps the agency it was made with, whatever its workflow says today
    Dossier.objects.filter(pk=kept.pk).update(competent_agency=cast.province.justice_office)
    out = io.StringIO()
    call_command("fill_competent_agencies", stdout=out)
    assert "cho 1 hồ sơ" in out.getvalue() and "rebuild_stats" in out.getvalue()
    assert Dossier.objects.get(pk=d.pk).competent_agency == cast.province.justice
    assert Dossier.objects.get(pk=kept.pk).competent_agency == cast.province.justice_office
    again = io.StringIO()
    call_command("fill_competent_agencies", stdout=again)
    assert "cho 0 hồ sơ" in again.getvalue()


def test_the_bulk_generator_gives_each_dossier_its_flows_competent_agency(cast, flows):
    assert demo_bulk.bulk_generate(40, chunk=40, days=30) == 40
    made = list(Dossier.objects.all())
    assert made and all(d.competent_agency_id == codes.competent_agency(d).pk for d in made)
