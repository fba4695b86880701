"""An online submission followed by its reference in a real Chromium: before the counter accepts it, the
look-up says it is a reference awaiting acceptance; after, the same link shows the dossier under the code
that replaced it (Decree 118/2025 art. 17.3). Screenshots: var/screenshots/lookup-reference-*.png."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from egov.dossiers import intake, lookup, services
from tests.dossiers.conftest import APPLICANT, flows  # noqa: F401  (the fixture: two published procedures)


def test_the_reference_link_follows_a_submission_to_its_dossier_code(
    cast,
    flows,  # noqa: F811
    browser_page,
    screenshot,
    transactional_db,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now() - dt.timedelta(minutes=5)
    commune = cast.province.commune_a
    d = intake.submit_online(procedure=flows.simple, agency=commune, applicant=APPLICANT, now=now)
    reference = d.submission_ref
    link = f"/tra-cuu/{reference}/?t={lookup.token_for(reference)}"  # as in the submission's email
    page = browser_page
    page.goto(link)
    assert reference in page.inner_text("#result-title")
    assert "chưa tiếp nhận" in page.inner_text("#lookup-awaiting")
    screenshot("lookup-reference-awaiting")

    d = services.transition(d.pk, "accept", actor=cast.desk_officer.user)
    page.goto(link)
    assert page.inner_text("#result-title") == d.code
    assert d.code in page.inner_text("#lookup-accepted") and reference in page.inner_text("#lookup-accepted")
    assert page.inner_text("#public-applicant") == "N*** A***"  # the reference's token still proves
    screenshot("lookup-reference-accepted")
