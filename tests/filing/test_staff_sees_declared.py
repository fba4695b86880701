"""The desk officer reads what an online applicant declared before accepting, asking for more or refusing
(Decree 118/2025 art. 17.2): the form's answers on the staff dossier page, and each file named as the paper
of the checklist it was filed for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.dossiers import intake
from egov.filing import services
from tests.filing.conftest import filled_draft

pytestmark = pytest.mark.django_db


def test_the_staff_dossier_page_shows_the_answers_and_which_paper_each_file_is_decree_118_art_17_2(
    client, cast, online, citizen
):
    dossier = services.submit(actor=citizen, draft=filled_draft(online, citizen))
    client.force_login(cast.desk_officer.user)
    page = client.get(reverse("dossiers:detail", args=(dossier.pk,))).content.decode()
    declared = page[page.index('id="declared"') :]
    assert "Nguyễn Văn Bố" in declared and "01/10/2026" in declared  # a text answer, a date shown as such
    assert "Lê Văn Chứng" in declared  # a row of a repeated group
    files = page[page.index('id="files-title"') :]
    assert f"<strong>{online.certificate.name}</strong>:" in files


def test_a_dossier_received_at_the_counter_has_no_declared_section(client, cast, online):
    dossier = intake.receive(
        actor=cast.desk_officer.user,
        procedure=online.procedure,
        agency=online.counter,
        applicant=intake.Applicant(name="Trần Thị Công Dân"),
    )
    client.force_login(cast.desk_officer.user)
    page = client.get(reverse("dossiers:detail", args=(dossier.pk,))).content.decode()
    assert 'id="declared"' not in page
