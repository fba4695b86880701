"""Filing asks the citizens app: who may file (a verified email or phone, `citizens.permissions.may_file`),
for which organisations (`may_file_for`, `selectors.organisations_of`) and what the applicant's details start
from (`citizens.selectors.prefill_for`)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from egov.citizens.models import Citizen, Membership, Organisation
from egov.core.models import AuditEntry
from egov.filing import services
from egov.filing.models import Draft, DraftPaper
from tests.filing.conftest import filled_draft, upload
from tests.filing.test_views import _pages


def _unverify(citizen) -> None:
    """As after the citizen changed their email on the profile: no verified contact any more."""
    Citizen.objects.filter(user=citizen).update(email_verified_at=None, phone_verified_at=None)
    citizen.refresh_from_db()


def test_an_unverified_citizen_is_sent_to_verify_from_every_filing_page(client, online, citizen):
    draft = filled_draft(online, citizen)
    _unverify(citizen)
    client.force_login(citizen)
    for url in _pages(draft, online):
        response = client.get(url)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert "Xác minh email hoặc số điện thoại trước khi nộp hồ sơ" in page, url
        assert f'href="{reverse("citizens:verify")}?next={quote(url, safe="/")}"' in page, url


def test_an_unverified_citizen_changes_nothing_and_keeps_the_draft(client, online, citizen):
    draft = filled_draft(online, citizen)
    _unverify(citizen)
    client.force_login(citizen)
    audit = AuditEntry.objects.count()
    pk = draft.pk
    posts = [
        (reverse("filing:start", args=(online.procedure.code,)), {}),
        (reverse("filing:applicant", args=(pk,)), {"name": "Tên khác", "phone": "0912000999"}),
        (reverse("filing:paper", args=(pk, online.certificate.pk)), {"action": "upload", "file": upload()}),
        (reverse("filing:check", args=(pk,)), {}),
        (reverse("filing:delete", args=(pk,)), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    with pytest.raises(PermissionDenied):
        services.start(actor=citizen, procedure=online.procedure)
    with pytest.raises(PermissionDenied):
        services.save_applicant(actor=citizen, draft=draft, applicant={"name": "Tên khác"})
    fresh = Draft.objects.get(pk=pk)
    assert Draft.objects.count() == 1 and fresh.applicant == draft.applicant and fresh.dossier is None
    assert DraftPaper.objects.filter(draft=draft).count() == 1
    assert AuditEntry.objects.count() == audit
    # Verified again, the citizen finds the draft as it was and submits it.
    Citizen.objects.filter(user=citizen).update(email_verified_at=fresh.created_at)
    assert client.post(reverse("filing:check", args=(pk,))).status_code == 302
    assert Draft.objects.get(pk=pk).dossier is not None


def test_an_organisation_without_a_phone_or_email_is_reached_through_the_member_citizens_prefill(
    online, citizen
):
    """The citizens app's prefill: the organisation's name and tax code, the member's contacts where the
    organisation has none (docs/citizens.md)."""
    citizen.phone = "0912345678"
    citizen.save(update_fields=["phone"])
    organisation = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH Ánh Dương")
    Membership.objects.create(organisation=organisation, user=citizen)
    draft = services.start(actor=citizen, procedure=online.procedure)
    draft = services.save_who(actor=citizen, draft=draft, organisation=organisation)
    assert draft.applicant == {
        "type": "organisation",
        "name": "Công ty TNHH Ánh Dương",
        "id_number": "0101234567",
        "phone": "0912345678",
        "email": "cd@example.vn",
        "address": "",
    }


def test_the_who_page_offers_the_organisations_the_citizens_app_names(client, online, citizen):
    mine = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH Ánh Dương")
    Membership.objects.create(organisation=mine, user=citizen, is_admin=True)
    Organisation.objects.create(tax_code="0109999999", name="Công ty Không Liên Quan")
    draft = services.start(actor=citizen, procedure=online.procedure)
    client.force_login(citizen)
    page = client.get(reverse("filing:who", args=(draft.pk,))).content.decode()
    assert "Công ty TNHH Ánh Dương" in page and "Không Liên Quan" not in page
