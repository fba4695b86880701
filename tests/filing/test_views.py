"""The filing pages: who may open them (anonymous, the owner, another citizen, staff) with nothing changed
on a refusal, the whole journey through the pages without JavaScript, the error summary, and the procedure
page's button."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from egov.citizens.models import Membership, Organisation
from egov.core.models import AuditEntry
from egov.dossiers import selectors
from egov.dossiers.models import Dossier, Status
from egov.filing.models import Draft, DraftPaper
from egov.procedures.models import ServiceLevel
from tests.filing.conftest import filled_draft, png_bytes, upload


def _pages(draft, online) -> list[str]:
    pk = draft.pk
    return [
        reverse("filing:drafts"),
        reverse("filing:start", args=(online.procedure.code,)),
        reverse("filing:resume", args=(pk,)),
        reverse("filing:who", args=(pk,)),
        reverse("filing:applicant", args=(pk,)),
        reverse("filing:form", args=(pk, 1)),
        reverse("filing:form", args=(pk, 2)),
        reverse("filing:paper", args=(pk, online.certificate.pk)),
        reverse("filing:place", args=(pk,)),
        reverse("filing:check", args=(pk,)),
        reverse("filing:delete", args=(pk,)),
    ]


def _persona(client, name, citizen, other_citizen, cast):
    if name == "citizen owner":
        client.force_login(citizen)
    elif name == "other citizen":
        client.force_login(other_citizen)
    elif name == "staff":
        client.force_login(cast.desk_officer.user)
    return client


@pytest.mark.parametrize("persona", ["anonymous", "citizen owner", "other citizen", "staff"])
def test_access_matrix_of_every_filing_page(client, online, citizen, other_citizen, cast, persona):
    draft = filled_draft(online, citizen)
    _persona(client, persona, citizen, other_citizen, cast)
    for url in _pages(draft, online):
        response = client.get(url)
        own = url in (reverse("filing:drafts"), reverse("filing:start", args=(online.procedure.code,)))
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/cong-dan/dang-nhap/?next="), url
        elif persona == "citizen owner":
            assert response.status_code in (200, 302), url
            if response.status_code == 302:
                assert response["Location"].startswith("/nop-truc-tuyen/"), url
        elif persona == "other citizen":
            assert response.status_code == (200 if own else 404), url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("persona", ["anonymous", "other citizen", "staff"])
def test_a_refused_post_changes_nothing(client, online, citizen, other_citizen, cast, persona):
    draft = filled_draft(online, citizen)
    _persona(client, persona, citizen, other_citizen, cast)
    audit = AuditEntry.objects.count()
    pk = draft.pk
    posts = [
        (reverse("filing:applicant", args=(pk,)), {"name": "Kẻ khác", "id_number": "001090054321"}),
        (reverse("filing:form", args=(pk, 1)), {"ho_ten_cha": "Khác", "ngay_sinh": "2026-01-01"}),
        (reverse("filing:paper", args=(pk, online.certificate.pk)), {"action": "upload", "file": upload()}),
        (reverse("filing:check", args=(pk,)), {}),
        (reverse("filing:delete", args=(pk,)), {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404), url
        if persona == "anonymous":
            assert response["Location"].startswith("/cong-dan/dang-nhap/"), url
    fresh = Draft.objects.get(pk=pk)
    assert fresh.applicant == draft.applicant and fresh.answers == draft.answers
    assert fresh.dossier is None and DraftPaper.objects.filter(draft=draft).count() == 1
    assert AuditEntry.objects.count() == audit


def test_the_whole_filing_through_the_pages_lands_in_the_counters_queue(client, online, citizen, cast):
    client.force_login(citizen)
    response = client.post(reverse("filing:start", args=(online.procedure.code,)))
    draft = Draft.objects.get(owner=citizen)
    assert response["Location"] == reverse("filing:who", args=(draft.pk,))
    # Nobody else to file for: the question answers itself.
    response = client.get(response["Location"])
    assert response["Location"] == reverse("filing:applicant", args=(draft.pk,))
    page = client.get(response["Location"]).content.decode()
    assert 'value="001090012345"' in page  # prefilled from the profile
    assert 'autocomplete="tel"' in page and 'autocomplete="name"' in page
    response = client.post(
        reverse("filing:applicant", args=(draft.pk,)),
        {
            "name": "Trần Thị Công Dân",
            "id_number": "001090012345",
            "phone": "0912 345 678",
            "address": "Xã An Bình",
        },
    )
    assert response["Location"] == reverse("filing:form", args=(draft.pk, 1))
    response = client.post(response["Location"], {"ho_ten_cha": "Nguyễn Văn Bố", "ngay_sinh": "2026-10-01"})
    assert response["Location"] == reverse("filing:form", args=(draft.pk, 2))
    group = {
        "nguoi_lam_chung-TOTAL_FORMS": "1",
        "nguoi_lam_chung-INITIAL_FORMS": "0",
        "nguoi_lam_chung-MIN_NUM_FORMS": "1",
        "nguoi_lam_chung-MAX_NUM_FORMS": "3",
        "nguoi_lam_chung-0-ten": "Lê Văn Chứng",
    }
    response = client.post(response["Location"], group)
    paper_url = reverse("filing:paper", args=(draft.pk, online.certificate.pk))
    assert response["Location"] == paper_url
    # A file chosen and "continue" pressed at once: uploaded, then on.
    response = client.post(paper_url, {"action": "continue", "file": upload("to-khai.png")})
    assert response["Location"] == reverse("filing:paper", args=(draft.pk, online.proxy.pk))
    response = client.post(response["Location"], {"action": "continue"})
    assert response["Location"] == reverse("filing:place", args=(draft.pk,))
    response = client.post(response["Location"], {"agency": str(online.counter.pk)})
    assert response["Location"] == reverse("filing:check", args=(draft.pk,))
    page = client.get(response["Location"]).content.decode()
    for shown in ("Nguyễn Văn Bố", "01/10/2026", "Lê Văn Chứng", "to-khai.png", "UBND xã An Bình", "8.000"):
        assert shown in page, shown
    assert page.count("?from=check") >= 8
    response = client.post(reverse("filing:check", args=(draft.pk,)))
    assert response["Location"] == reverse("filing:submitted", args=(draft.pk,))
    dossier = Dossier.objects.get(owner=citizen)
    assert dossier.status == Status.SUBMITTED and dossier.applicant_phone == "0912345678"
    assert dossier in selectors.queue(cast.desk_officer.user, "to_receive")
    assert dossier.accept_due_at is not None
    page = client.get(response["Location"]).content.decode()
    assert dossier.submission_ref in page
    # Submitting again (back button, second tab) shows the same submission.
    again = client.post(reverse("filing:check", args=(draft.pk,)))
    assert again["Location"] == reverse("filing:submitted", args=(draft.pk,))
    assert Dossier.objects.filter(owner=citizen).count() == 1


def test_errors_are_summarised_at_the_top_with_links_and_shown_beside_each_field(client, online, citizen):
    draft = filled_draft(online, citizen)
    client.force_login(citizen)
    page = client.post(
        reverse("filing:applicant", args=(draft.pk,)),
        {"name": "", "id_number": "123", "address": "Xã An Bình"},
    ).content.decode()
    summary = page[
        page.index('class="error-summary"') : page.index("</div>", page.index('class="error-summary"'))
    ]
    assert 'href="#id_name"' in summary and 'href="#id_id_number"' in summary
    assert 'id="id_name_error"' in page and 'aria-invalid="true"' in page
    assert page.startswith("<!doctype html>") and "<title>Lỗi:" in page
    assert Draft.objects.get(pk=draft.pk).applicant["name"] == "Trần Thị Công Dân"


def test_the_form_pages_errors_link_to_the_schema_fields(client, online, citizen):
    draft = filled_draft(online, citizen)
    client.force_login(citizen)
    page = client.post(
        reverse("filing:form", args=(draft.pk, 1)), {"ho_ten_cha": "", "ngay_sinh": "2999-01-01"}
    )
    text = page.content.decode()
    assert 'href="#id_ho_ten_cha"' in text and 'href="#id_ngay_sinh"' in text
    assert Draft.objects.get(pk=draft.pk).answers["ho_ten_cha"] == "Nguyễn Văn Bố"


def test_a_refused_upload_is_explained_in_vietnamese_beside_the_file_input(client, online, citizen):
    draft = filled_draft(online, citizen, papers=False)
    client.force_login(citizen)
    url = reverse("filing:paper", args=(draft.pk, online.certificate.pk))
    page = client.post(url, {"action": "upload", "file": upload("virus.png", b"MZ\x90\x00" + bytes(60))})
    text = page.content.decode()
    assert page.status_code == 200 and 'href="#id_file"' in text
    assert re.search(r'<p class="error" id="id_file_error">[^<]*virus', text)
    assert not DraftPaper.objects.filter(draft=draft).exists()


def test_a_change_link_returns_to_the_check_page(client, online, citizen):
    draft = filled_draft(online, citizen)
    client.force_login(citizen)
    url = reverse("filing:form", args=(draft.pk, 1)) + "?from=check"
    response = client.post(url, {"ho_ten_cha": "Nguyễn Văn Cha", "ngay_sinh": "2026-10-01"})
    assert response["Location"] == reverse("filing:check", args=(draft.pk,))
    assert Draft.objects.get(pk=draft.pk).answers["ho_ten_cha"] == "Nguyễn Văn Cha"


def test_save_and_come_back_later_keeps_the_page_and_lists_the_draft(client, online, citizen):
    draft = filled_draft(online, citizen, papers=False, place=False)
    client.force_login(citizen)
    response = client.post(
        reverse("filing:paper", args=(draft.pk, online.certificate.pk)),
        {"action": "later", "file": upload("scan.png", png_bytes("scan"))},
    )
    assert response["Location"] == reverse("filing:drafts")
    page = client.get(reverse("filing:drafts")).content.decode()
    assert online.procedure.name in page and reverse("filing:delete", args=(draft.pk,)) in page
    assert draft.papers.get().name == "scan.png"


def test_the_owner_deletes_a_draft_from_the_list(client, online, citizen):
    draft = filled_draft(online, citizen)
    client.force_login(citizen)
    response = client.post(reverse("filing:delete", args=(draft.pk,)))
    assert response["Location"] == reverse("filing:drafts")
    assert not Draft.objects.filter(pk=draft.pk).exists()


def test_file_online_only_with_an_online_service_level_and_a_form_decree_42_2022(client, online):
    start = reverse("filing:start", args=(online.procedure.code,))
    page = client.get(reverse("procedures:detail", args=(online.procedure.code,))).content.decode()
    assert f'href="{start}"' in page and "Nộp hồ sơ trực tuyến" in page
    online.procedure.service_level = ServiceLevel.INFORMATION
    online.procedure.save()
    page = client.get(reverse("procedures:detail", args=(online.procedure.code,))).content.decode()
    assert start not in page
    assert client.get(start).status_code == 302  # anonymous: to the login first


def test_a_member_files_for_the_organisation_under_its_tax_code(client, online, citizen):
    organisation = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH Ánh Dương")
    Membership.objects.create(organisation=organisation, user=citizen)
    stranger = Organisation.objects.create(tax_code="0109999999", name="Công ty khác")
    client.force_login(citizen)
    client.post(reverse("filing:start", args=(online.procedure.code,)))
    draft = Draft.objects.get(owner=citizen)
    url = reverse("filing:who", args=(draft.pk,))
    page = client.get(url).content.decode()
    assert "Công ty TNHH Ánh Dương" in page and "checked" not in page  # nothing chosen for them
    refused = client.post(url, {"filer": str(stranger.pk)})
    assert refused.status_code == 200 and 'href="#id_filer_0"' in refused.content.decode()
    assert Draft.objects.get(pk=draft.pk).done == []
    response = client.post(url, {"filer": str(organisation.pk)})
    assert response["Location"] == reverse("filing:applicant", args=(draft.pk,))
    page = client.get(response["Location"]).content.decode()
    assert "Mã số thuế" in page and 'value="0101234567"' in page and 'autocomplete="organization"' in page


def test_an_upload_cut_off_mid_request_leaves_the_draft_as_it_was(client, online, citizen, settings):
    draft = filled_draft(online, citizen, papers=False)
    before = Draft.objects.get(pk=draft.pk)
    client.force_login(citizen)
    boundary = "egovboundary"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="action"\r\n\r\nupload\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="scan.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode() + png_bytes("scan")[:40]  # the connection dropped here: no end, no closing boundary
    response = client.generic(
        "POST",
        reverse("filing:paper", args=(draft.pk, online.certificate.pk)),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    # Nothing of the file arrived: the page asks for it again.
    assert response.status_code == 200 and "Chọn tệp để tải lên." in response.content.decode()
    after = Draft.objects.get(pk=draft.pk)
    assert (after.updated_at, after.done) == (before.updated_at, before.done)
    assert not DraftPaper.objects.filter(draft=draft).exists()
    media = settings.MEDIA_ROOT
    assert not [p for p in media.rglob("*") if p.is_file()] if media.exists() else True


def test_nothing_a_citizen_types_gets_a_server_error(client, online, citizen):
    draft = filled_draft(online, citizen)
    client.force_login(citizen)
    junk = {
        "filer": "999999",
        "agency": "abc",
        "name": "x" * 5000,
        "id_number": "<script>",
        "phone": "☎",
        "email": "@",
        "ho_ten_cha": "\x00",
        "ngay_sinh": "31/02/2026",
        "nguoi_lam_chung-TOTAL_FORMS": "many",
        "nguoi_lam_chung-INITIAL_FORMS": "-1",
        "_add": "nguoi_lam_chung",
        "reuse": "12345678901234567890",
        "remove": "99999",
        "action": "nonsense",
    }
    for url in _pages(draft, online):
        if url.endswith("/xoa/"):
            continue
        response = client.post(url, junk)
        assert response.status_code < 500, url
    fresh = Draft.objects.get(pk=draft.pk)
    assert fresh.answers == draft.answers and fresh.applicant == draft.applicant


def test_a_draft_key_longer_than_any_key_is_not_found(client, online, citizen):
    # `<int:pk>` takes any number of digits; the draft's statement raised OverflowError on SQLite (a 500).
    draft = filled_draft(online, citizen)
    client.force_login(citizen)
    huge = 10**30
    for url in _pages(draft, online):
        if f"/{draft.pk}/" in url:
            far = url.replace(f"/{draft.pk}/", f"/{huge}/", 1)
            assert client.get(far).status_code == 404, far
            assert client.post(far).status_code in (404, 405), far
    assert client.get(reverse("filing:paper", args=(draft.pk, huge))).status_code == 404
