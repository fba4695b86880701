"""Who reads the indicator pages and who enters figures: GET and POST per persona; a refusal changes
nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.insight.models import ManualFigure
from tests.conftest import PERSONAS

READERS = {"province_admin", "justice_admin", "leader", "auditor"}
ENTERERS = {"province_admin", "justice_admin"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_get_pages_per_persona(cast, login, persona):
    client = login(getattr(cast, persona))
    for name in ("insight:indicators", "insight:it"):
        assert client.get(reverse(name)).status_code == (200 if persona in READERS else 403), name
    assert client.get(reverse("insight:enter")).status_code == (200 if persona in ENTERERS else 403)


@pytest.mark.django_db
def test_visitor_is_sent_to_sign_in(client):
    assert client.get(reverse("insight:indicators")).status_code == 302


def _post(client, agency, **more):
    data = {
        "agency": agency.pk,
        "indicator": "IT.COMPUTERS",
        "kind": "year",
        "year": 2026,
        "number": "",
        "value": "87.5",
        "note": "Báo cáo năm",
        "evidence": SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"),
        **more,
    }
    return client.post(reverse("insight:enter"), data)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_post_figure_per_persona(cast, login, persona):
    client = login(getattr(cast, persona))
    audits = AuditEntry.objects.count()
    response = _post(client, cast.province.justice)
    if persona in ENTERERS:
        assert response.status_code == 302
        figure = ManualFigure.objects.get()
        assert figure.value == 87.5 and figure.evidence_name == "bao-cao.pdf"
        assert AuditEntry.objects.filter(action="insight.figure").count() == 1
    else:
        assert response.status_code == 403
        assert not ManualFigure.objects.exists()
        assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
def test_agency_admin_enters_only_for_own_subtree(cast, login):
    client = login(cast.justice_admin)
    response = _post(client, cast.province.commune_a)
    assert response.status_code == 200  # the form again, the agency refused as not a choice
    assert not ManualFigure.objects.exists()


@pytest.mark.django_db
def test_bad_input_explained_in_vietnamese_nothing_saved(cast, login):
    client = login(cast.province_admin)
    page = _post(client, cast.province.justice, value="140").content.decode()
    assert "từ 0 đến 100" in page
    page = _post(
        client,
        cast.province.justice,
        evidence=SimpleUploadedFile("x.pdf", b"<html><script>", content_type="application/pdf"),
    ).content.decode()
    assert 'class="errorlist' in page
    assert not ManualFigure.objects.exists()


@pytest.mark.django_db
def test_entered_figure_appears_on_the_pages_with_its_evidence(cast, login):
    client = login(cast.province_admin)
    _post(client, cast.province.justice, indicator="766.T1", value="92", kind="month", number="11")
    figure = ManualFigure.objects.get()
    page = client.get(
        reverse("insight:indicators"),
        {"agency": cast.province.justice.pk, "kind": "month", "year": 2026, "number": 11},
    ).content.decode()
    assert "92" in page and reverse("insight:evidence", args=[figure.pk]) in page
    leader = login(cast.leader)
    assert leader.get(reverse("insight:evidence", args=[figure.pk])).status_code == 200
    other = login(cast.commune_b_specialist)
    assert other.get(reverse("insight:evidence", args=[figure.pk])).status_code == 404


@pytest.mark.django_db
def test_exports_xlsx_and_pdf(cast, login):
    client = login(cast.leader)
    xlsx = client.get(reverse("insight:indicators"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("insight:indicators"), {"format": "pdf"})
    assert pdf.content[:5] == b"%PDF-"
    assert client.get(reverse("insight:it"), {"format": "xlsx"}).content[:2] == b"PK"


@pytest.mark.django_db
def test_the_pages_state_their_basis_in_vietnamese_not_the_developers_notes(cast, login):
    """The sets' `source` (with what was not verified, for the docs) never reaches a leader's page; the
    `basis` does."""
    client = login(cast.leader)
    for name, basis in (
        ("insight:indicators", "Quyết định số 766/QĐ-TTg"),
        ("insight:it", "báo cáo định kỳ"),
    ):
        page = client.get(reverse(name)).content.decode()
        assert basis in page, name
        assert "unverified" not in page and "shared/sources" not in page, name


def test_the_overdue_share_says_that_lower_is_better(cast, login):
    page = login(cast.leader).get(reverse("insight:indicators")).content.decode()
    row = page.split('id="row-766.P2"')[1].split("</tr>")[0]
    assert "càng thấp càng tốt" in row
    assert "766.P2 (càng thấp càng tốt)" in page  # the chart's label
    assert "càng thấp càng tốt" not in page.split('id="row-766.P1"')[1].split("</tr>")[0]
