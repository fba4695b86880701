"""Papers the online filing does not ask for (`RequiredDocument.online`): the declaration the online form
is, and the identity paper the one-stop reads from the population database. Decree 118/2025/NĐ-CP art.
4.2a (added by Decree 309/2026/NĐ-CP art. 2.1): the one-stop uses the data already in the databases
instead of a dossier component and does not ask for it; art. 5.1.i forbids asking for it again. The
counter's checklist is unchanged.

The fixture's procedure (tests/filing/conftest.py) lists four papers: the declaration (form), the birth
certificate (uploaded), a proxy's authorisation (uploaded, optional) and the identity paper (database)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.dossiers import papers, slipbuild
from egov.dossiers.models import Dossier
from egov.filing import group_journey, group_submission, journey, services
from egov.filing.models import DraftPaper
from egov.procedures import catalogue_version
from egov.procedures.models import RequiredDocument
from tests.filing.conftest import (
    ANSWERS_PAGE_1,
    ANSWERS_PAGE_2,
    filled_draft,
    png_bytes,
    stored_paper,
    upload,
)
from tests.filing.groups import filled_group_draft, key_of, linked_group

pytestmark = pytest.mark.django_db


def test_the_journey_asks_only_for_the_papers_uploaded_online_decree_118_art_4_2a(online, citizen):
    draft = services.start(actor=citizen, procedure=online.procedure)
    keys = [s.key for s in journey.steps_of(draft)]
    assert [k for k in keys if k.startswith("paper-")] == [
        f"paper-{online.certificate.pk}",
        f"paper-{online.proxy.pk}",
    ]


@pytest.mark.parametrize("line", ["declaration", "identity"])
def test_a_paper_not_asked_online_has_no_page_and_takes_no_file_decree_118_art_5_1_i(
    client, cast, online, citizen, line
):
    requirement = getattr(online, line)
    draft = services.start(actor=citizen, procedure=online.procedure)
    client.force_login(citizen)
    url = reverse("filing:paper", args=(draft.pk, requirement.pk))
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "continue", "file": upload("x.png")}).status_code == 404
    with pytest.raises(ValidationError) as refused:
        services.add_upload(actor=citizen, draft=draft, requirement=requirement, upload=upload("x.png"))
    assert requirement.name in refused.value.messages[0]
    kept = stored_paper(online, citizen, cast, name=requirement.name)  # named as the line: offered elsewhere
    with pytest.raises(ValidationError):
        services.add_reused(actor=citizen, draft=draft, requirement=requirement, stored_paper=kept)
    assert not DraftPaper.objects.exists()


def test_the_start_and_check_pages_name_them_with_the_reason(client, online, citizen):
    client.force_login(citizen)
    start = client.get(reverse("filing:start", args=(online.procedure.code,))).content.decode()
    ready, not_asked = start.split('id="not-asked"')
    assert "Giấy chứng sinh" in ready and "Tờ khai đăng ký khai sinh" not in ready
    assert "Tờ khai đăng ký khai sinh" in not_asked and "Giấy tờ tùy thân để xuất trình" in not_asked
    assert "Nghị định 118/2025/NĐ-CP" in not_asked
    draft = filled_draft(online, citizen)
    check = client.get(reverse("filing:check", args=(draft.pk,))).content.decode()
    assert 'id="error-summary"' not in check  # nothing missing: the two are not asked
    assert "Tờ khai đăng ký khai sinh" in check[check.index('id="not-asked"') :]


def test_a_draft_with_the_uploaded_papers_is_submitted_and_the_receipt_lists_the_form(
    client, cast, online, citizen
):
    dossier = services.submit(actor=citizen, draft=filled_draft(online, citizen))
    listed = [(p.name, p.copy_kind, p.quantity) for p in slipbuild.receipt_papers(dossier)]
    # The declaration came as the online form's answers; the identity paper is read by the officer.
    assert listed == [
        ("Tờ khai đăng ký khai sinh", "Biểu mẫu điện tử", 1),
        ("Giấy chứng sinh", "Bản điện tử", 1),
    ]
    # The counter's checklist still lists every paper (a dossier received there hands all four in).
    assert [d.name for d in papers.missing_required(online.procedure, [])] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Giấy tờ tùy thân để xuất trình",
    ]
    client.force_login(cast.desk_officer.user)
    page = client.get(reverse("dossiers:detail", args=(dossier.pk,))).content.decode()
    from_databases = page[page.index('id="from-databases"') :]
    assert from_databases.index("Giấy tờ tùy thân để xuất trình") < from_databases.index("</ul>")


def test_the_api_refuses_a_file_for_a_paper_not_asked_online_and_asks_for_neither(client, online, citizen):
    client.force_login(citizen)
    filing = {
        "procedure": online.procedure.code,
        "agency": online.counter.code,
        "applicant": {"phone": "0912345678", "address": "Xã An Bình"},
        "answers": {**ANSWERS_PAGE_1, **ANSWERS_PAGE_2},
    }
    data = {
        "filing": json.dumps(filing),
        f"paper-{online.certificate.pk}": SimpleUploadedFile("chung-sinh.png", png_bytes("a"), "image/png"),
        f"paper-{online.declaration.pk}": SimpleUploadedFile("to-khai.png", png_bytes("b"), "image/png"),
    }
    answer = client.post("/api/v1/filings", data, headers={"Idempotency-Key": "n-1"})
    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error.startswith("“Tờ khai đăng ký khai sinh” không tải lên khi nộp trực tuyến.")
    assert not Dossier.objects.exists()
    del data[f"paper-{online.declaration.pk}"]
    data[f"paper-{online.certificate.pk}"] = SimpleUploadedFile("chung-sinh.png", png_bytes("a"), "image/png")
    answer = client.post("/api/v1/filings", data, headers={"Idempotency-Key": "n-2"})
    assert answer.status_code == 201, answer.content


def test_a_paper_given_before_its_line_stopped_being_asked_is_not_filed_nor_kept(
    online, citizen, django_capture_on_commit_callbacks
):
    draft = filled_draft(online, citizen)
    paper = draft.papers.get()
    path = paper.file.name
    storage = paper.file.storage
    assert storage.exists(path)
    # The catalogue now says the birth certificate is read from the civil-status database.
    RequiredDocument.objects.filter(pk=online.certificate.pk).update(online=RequiredDocument.Online.DATABASE)
    catalogue_version.bump()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.submit(actor=citizen, draft=draft)
    assert not dossier.attachments.exists() and not DraftPaper.objects.exists()
    assert not storage.exists(path)  # deleted once the submission committed
    assert [p.name for p in slipbuild.receipt_papers(dossier)] == ["Tờ khai đăng ký khai sinh"]


def test_a_group_names_a_paper_once_asked_or_not_and_asks_a_declaration_without_a_form(online, citizen, cast):
    linked = linked_group(online, cast.province)
    # Asked by the birth part, read from a database by the insurance part: asked once, never "not asked".
    RequiredDocument.objects.filter(procedure=linked.insurance, name="Giấy chứng sinh").update(
        online=RequiredDocument.Online.DATABASE
    )
    # The insurance part has no online form: its declaration is asked as a file.
    declaration = RequiredDocument.objects.create(
        procedure=linked.insurance, name="Tờ khai tham gia BHYT", online=RequiredDocument.Online.FORM
    )
    catalogue_version.bump()
    parts = list(linked.group.parts.all())
    asked = [line.name for line in group_journey.paper_lines(parts)]
    not_asked = [line.name for line in group_journey.not_asked(parts)]
    assert "Giấy chứng sinh" in asked and "Giấy chứng sinh" not in not_asked
    assert declaration.name in asked and declaration.name not in not_asked
    assert "Tờ khai đăng ký khai sinh" in not_asked  # the birth part has its online form


def test_a_group_paper_of_a_line_no_longer_asked_is_dropped_at_submission(
    online, citizen, cast, django_capture_on_commit_callbacks
):
    linked = linked_group(online, cast.province)
    draft = filled_group_draft(linked, citizen)
    home = draft.papers.get(key=key_of(draft, linked.home_proof))
    storage, path = home.file.storage, home.file.name
    RequiredDocument.objects.filter(pk=linked.home_proof.pk).update(online=RequiredDocument.Online.DATABASE)
    catalogue_version.bump()
    with django_capture_on_commit_callbacks(execute=True):
        bundle = group_submission.submit(actor=citizen, draft=draft)
    residence = bundle.parts.get(dossier__procedure=linked.residence).dossier
    assert not residence.attachments.exists()
    assert not draft.papers.filter(pk=home.pk).exists() and not storage.exists(path)
