"""The filing services: each step saved in the database, papers checked and limited, reuse from the store,
the submission (one dossier, the answers and papers on it), and refusals that change nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from egov.citizens.models import Membership, Organisation
from egov.dossiers import selectors
from egov.dossiers.models import Attachment, Dossier, DossierEvent, FiledPaper, Status
from egov.filing import journey, services
from egov.filing.models import Draft, DraftPaper
from egov.procedures.models import ApplicantType, ServiceLevel
from tests.filing.conftest import ANSWERS_PAGE_1, APPLICANT, filled_draft, png_bytes, stored_paper, upload


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_draft_keeps_each_step_in_the_database_and_resumes_at_the_first_step_not_done(online, citizen):
    draft = services.start(actor=citizen, procedure=online.procedure)
    services.save_who(actor=citizen, draft=draft, organisation=None)
    services.save_applicant(actor=citizen, draft=draft, applicant=APPLICANT)
    services.save_answers(actor=citizen, draft=draft, step="form-1", answers=ANSWERS_PAGE_1)
    again = Draft.objects.get(pk=draft.pk)  # as another device would read it
    assert again.answers == ANSWERS_PAGE_1
    assert again.applicant["id_number"] == "001090012345"
    assert again.done == ["who", "applicant", "form-1"]
    assert journey.resume_url(again) == f"/nop-truc-tuyen/{draft.pk}/to-khai/2/"


def test_the_form_is_cut_into_pages_a_run_of_fields_then_each_repeated_group(online):
    pages = journey.form_pages(online.form.schema)
    assert [[f["name"] for f in page] for page in pages] == [["ho_ten_cha", "ngay_sinh"], ["nguoi_lam_chung"]]


def test_only_a_citizen_starts_a_draft_and_only_of_a_procedure_filed_online(online, citizen, cast):
    with pytest.raises(PermissionDenied):
        services.start(actor=cast.desk_officer.user, procedure=online.procedure)
    online.procedure.service_level = ServiceLevel.INFORMATION
    online.procedure.save()
    with pytest.raises(ValidationError):
        services.start(actor=citizen, procedure=online.procedure)
    assert not Draft.objects.exists()


def test_who_files_prefills_the_applicant_from_the_profile_or_the_organisation(online, citizen):
    organisation = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH Ánh Dương")
    Membership.objects.create(organisation=organisation, user=citizen)
    draft = services.start(actor=citizen, procedure=online.procedure)
    draft = services.save_who(actor=citizen, draft=draft, organisation=None)
    assert draft.applicant["id_number"] == "001090012345"
    assert draft.applicant["type"] == ApplicantType.CITIZEN
    draft = services.save_who(actor=citizen, draft=draft, organisation=organisation)
    assert draft.applicant["id_number"] == "0101234567"
    assert draft.applicant["name"] == "Công ty TNHH Ánh Dương"
    assert draft.applicant["type"] == ApplicantType.ORGANISATION


def test_a_citizen_files_only_for_an_organisation_they_belong_to(online, citizen):
    stranger = Organisation.objects.create(tax_code="0109999999", name="Công ty khác")
    draft = services.start(actor=citizen, procedure=online.procedure)
    with pytest.raises(ValidationError):
        services.save_who(actor=citizen, draft=draft, organisation=stranger)
    draft.refresh_from_db()
    assert draft.organisation_id is None and draft.done == []


def test_an_upload_is_typed_by_its_content_and_a_program_never_reaches_storage(online, citizen, settings):
    draft = services.start(actor=citizen, procedure=online.procedure)
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(50) + b"PE\x00\x00"
    with pytest.raises(ValidationError):
        services.add_upload(
            actor=citizen, draft=draft, requirement=online.certificate, upload=upload("anh.png", program)
        )
    assert not DraftPaper.objects.exists()
    assert _files(settings) == []


def test_an_uploaded_name_is_made_safe_and_the_file_hashed(online, citizen):
    draft = services.start(actor=citizen, procedure=online.procedure)
    paper = services.add_upload(
        actor=citizen, draft=draft, requirement=online.certificate, upload=upload("../../Tờ khai <1>.png")
    )
    assert "/" not in paper.name and "<" not in paper.name and paper.name.endswith(".png")
    assert len(paper.sha256) == 64 and paper.size == len(png_bytes("../../Tờ khai <1>.png"))


def test_file_and_dossier_size_limits_are_settings(online, citizen, settings):
    settings.EGOV_FILING_FILE_MAX_MB = 1
    settings.EGOV_FILING_DOSSIER_MAX_MB = 1
    draft = services.start(actor=citizen, procedure=online.procedure)
    big = png_bytes("a") + bytes(1024 * 1024)
    with pytest.raises(ValidationError):
        services.add_upload(
            actor=citizen, draft=draft, requirement=online.certificate, upload=upload("a.png", big)
        )
    half = png_bytes("b") + bytes(600 * 1024)
    services.add_upload(
        actor=citizen, draft=draft, requirement=online.certificate, upload=upload("b.png", half)
    )
    with pytest.raises(ValidationError) as refused:
        services.add_upload(
            actor=citizen, draft=draft, requirement=online.proxy, upload=upload("c.png", half)
        )
    assert "1 MB" in refused.value.messages[0]
    assert draft.papers.count() == 1
    assert len(_files(settings)) == 1


def test_an_upload_interrupted_after_storing_leaves_the_draft_and_storage_as_before(
    online, citizen, settings, monkeypatch
):
    draft = services.start(actor=citizen, procedure=online.procedure)
    before = Draft.objects.get(pk=draft.pk)

    def broken(*args, **kwargs):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(DraftPaper, "save", broken)
    with pytest.raises(ConnectionError):
        services.add_upload(actor=citizen, draft=draft, requirement=online.certificate, upload=upload())
    after = Draft.objects.get(pk=draft.pk)
    assert (after.updated_at, after.done) == (before.updated_at, before.done)
    assert not DraftPaper.objects.exists()
    assert _files(settings) == []


def test_a_required_paper_must_be_given_before_going_on(online, citizen):
    draft = services.start(actor=citizen, procedure=online.procedure)
    with pytest.raises(ValidationError):
        services.papers_done(actor=citizen, draft=draft, requirement=online.certificate)
    draft = services.papers_done(actor=citizen, draft=draft, requirement=online.proxy)  # optional
    assert f"paper-{online.proxy.pk}" in draft.done


def test_the_store_offers_the_owners_valid_papers_for_the_line_decree_118_art_22_1(
    online, citizen, other_citizen, cast
):
    from egov.filing.selectors import reusable_papers

    by_name = stored_paper(online, citizen, cast, name="GIẤY CHỨNG SINH")
    by_line = stored_paper(online, citizen, cast, name="Giấy cũ", requirement=online.certificate)
    stored_paper(online, citizen, cast, valid_until=timezone.localdate() - dt.timedelta(days=1))
    stored_paper(online, citizen, cast, name="Giấy khác")
    stored_paper(online, other_citizen, cast)
    draft = services.start(actor=citizen, procedure=online.procedure)
    services.save_who(actor=citizen, draft=draft, organisation=None)
    offered = reusable_papers(draft, online.certificate)
    assert {p.pk for p in offered} == {by_name.pk, by_line.pk}


def test_a_paper_of_another_persons_store_cannot_be_reused(online, citizen, other_citizen, cast):
    theirs = stored_paper(online, other_citizen, cast)
    draft = services.start(actor=citizen, procedure=online.procedure)
    with pytest.raises(ValidationError):
        services.add_reused(actor=citizen, draft=draft, requirement=online.certificate, stored_paper=theirs)
    assert not DraftPaper.objects.exists()


def test_submit_puts_the_dossier_in_the_counters_queue_with_its_limits_decree_118_art_17_2(
    online, citizen, cast
):
    draft = filled_draft(online, citizen)
    dossier = services.submit(actor=citizen, draft=draft)
    assert dossier.status == Status.SUBMITTED and dossier.channel == "online"
    assert dossier.owner == citizen and dossier.receiving_agency == online.counter
    assert dossier.accept_due_at is not None and dossier.alert_due_at is not None  # Decree 118 art. 17.2
    assert dossier.due_at is None  # the clock starts when the counter accepts it
    assert dossier in selectors.queue(cast.desk_officer.user, "to_receive")
    assert [(f.name, f.amount) for f in dossier.fees.all()] == [("Lệ phí đăng ký khai sinh", 8000)]
    draft.refresh_from_db()
    assert draft.dossier == dossier and draft.submitted_at is not None


def test_the_answers_and_the_papers_checklist_lines_land_on_the_dossier(online, citizen):
    draft = filled_draft(online, citizen)
    paper = draft.papers.get()
    dossier = services.submit(actor=citizen, draft=draft)
    assert dossier.form_answers.answers == draft.answers
    assert dossier.form_answers.form_version == online.form
    assert dossier.applicant_id_number == "001090012345" and dossier.applicant_phone == "0912345678"
    attachment = dossier.attachments.get()
    # The same stored file, not a copy.
    assert (attachment.file.name, attachment.sha256, attachment.size) == (
        paper.file.name,
        paper.sha256,
        paper.size,
    )
    assert FiledPaper.objects.get(attachment=attachment).requirement == online.certificate


def test_a_paper_reused_from_the_store_points_at_the_stores_file_once_its_checksum_is_verified(
    online, citizen, cast
):
    stored = stored_paper(online, citizen, cast)
    draft = filled_draft(online, citizen, papers=False)
    services.add_reused(actor=citizen, draft=draft, requirement=online.certificate, stored_paper=stored)
    services.papers_done(actor=citizen, draft=draft, requirement=online.certificate)
    services.papers_done(actor=citizen, draft=draft, requirement=online.proxy)
    dossier = services.submit(actor=citizen, draft=draft)
    attachment = dossier.attachments.get()
    assert attachment.file.name == stored.attachment.file.name
    assert attachment.sha256 == stored.attachment.sha256
    assert FiledPaper.objects.get(attachment=attachment).requirement == online.certificate


def test_a_store_paper_whose_file_changed_is_refused_at_submit_and_nothing_is_made(online, citizen, cast):
    stored = stored_paper(online, citizen, cast)
    draft = filled_draft(online, citizen, papers=False)
    services.add_reused(actor=citizen, draft=draft, requirement=online.certificate, stored_paper=stored)
    services.papers_done(actor=citizen, draft=draft, requirement=online.certificate)
    services.papers_done(actor=citizen, draft=draft, requirement=online.proxy)
    Path(stored.attachment.file.path).write_bytes(png_bytes("tampered"))
    dossiers = Dossier.objects.count()
    with pytest.raises(ValidationError):
        services.submit(actor=citizen, draft=draft)
    assert Dossier.objects.count() == dossiers
    assert Draft.objects.get(pk=draft.pk).dossier is None


def test_submitting_twice_makes_one_dossier(online, citizen):
    draft = filled_draft(online, citizen)
    first = services.submit(actor=citizen, draft=draft)
    second = services.submit(actor=citizen, draft=Draft.objects.get(pk=draft.pk))
    stale = services.submit(actor=citizen, draft=draft)  # the object of the first request, read before it
    assert first == second == stale
    assert Dossier.objects.filter(owner=citizen).count() == 1
    assert DossierEvent.objects.filter(action="submit").count() == 1


def test_an_incomplete_draft_is_refused_and_nothing_is_made(online, citizen):
    draft = filled_draft(online, citizen, papers=False)
    with pytest.raises(ValidationError) as refused:
        services.submit(actor=citizen, draft=draft)
    assert any(online.certificate.name in m for m in refused.value.messages)
    assert not Dossier.objects.exists()
    assert Draft.objects.get(pk=draft.pk).dossier is None


def test_a_counter_that_does_not_receive_the_procedure_is_refused(online, citizen, cast):
    draft = filled_draft(online, citizen, place=False)
    with pytest.raises(ValidationError):
        services.choose_agency(actor=citizen, draft=draft, agency=cast.province.justice_office)  # no counter
    assert Draft.objects.get(pk=draft.pk).agency is None


def test_a_submitted_draft_is_never_changed_again(online, citizen):
    draft = filled_draft(online, citizen)
    services.submit(actor=citizen, draft=draft)
    with pytest.raises(ValidationError):
        services.save_answers(actor=citizen, draft=draft, step="form-1", answers={"ho_ten_cha": "Khác"})
    with pytest.raises(ValidationError):
        services.delete(actor=citizen, draft=draft)
    assert Draft.objects.get(pk=draft.pk).answers["ho_ten_cha"] == "Nguyễn Văn Bố"


def test_another_citizen_cannot_change_or_submit_a_draft(online, citizen, other_citizen):
    draft = filled_draft(online, citizen)
    with pytest.raises(PermissionDenied):
        services.save_applicant(actor=other_citizen, draft=draft, applicant={"name": "Kẻ khác"})
    with pytest.raises(PermissionDenied):
        services.submit(actor=other_citizen, draft=draft)
    assert Draft.objects.get(pk=draft.pk).applicant["name"] == "Trần Thị Công Dân"
    assert not Dossier.objects.exists()


def test_deleting_a_draft_removes_its_uploads_but_never_the_stores_files(
    online, citizen, cast, django_capture_on_commit_callbacks
):
    stored = stored_paper(online, citizen, cast)
    draft = filled_draft(online, citizen)
    services.add_reused(actor=citizen, draft=draft, requirement=online.certificate, stored_paper=stored)
    uploaded = Path(draft.papers.get(stored_paper__isnull=True).file.path)
    store_file = Path(stored.attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete(actor=citizen, draft=draft)
    assert not Draft.objects.filter(pk=draft.pk).exists()
    assert not uploaded.exists()
    assert store_file.exists() and Attachment.objects.filter(pk=stored.attachment_id).exists()


def test_a_paper_only_if_it_applies_never_holds_the_submission_back(online, citizen):
    draft = filled_draft(online, citizen, papers=False)
    services.add_upload(actor=citizen, draft=draft, requirement=online.certificate, upload=upload())
    # The optional line was never visited, the required one has its paper but was not confirmed either.
    dossier = services.submit(actor=citizen, draft=draft)
    assert dossier.attachments.count() == 1
