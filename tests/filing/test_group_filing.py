"""A linked group filed once online (Decree 63/2024/NĐ-CP art. 6-7 as the notes read them, docs/legal-notes/
decree-63.md): one applicant, the optional parts chosen, each part's form, a paper two parts ask for given
once, one check, one submission making one bundle whose parts are routed to their agencies."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from egov.dossiers.answer_models import FormAnswers
from egov.dossiers.bundle_models import BundlePart, DossierBundle
from egov.dossiers.models import Attachment, Dossier, Status
from egov.filing import group_journey, group_services, group_submission
from egov.filing.group_models import GroupDraft
from egov.procedures.models import PublicationStatus
from tests.filing.conftest import APPLICANT, upload
from tests.filing.groups import filled_group_draft, key_of, linked_group


@pytest.fixture
def linked(online, cast):
    return linked_group(online, cast.province)


def test_one_submission_files_every_chosen_part_each_at_its_agency_decree_63(linked, citizen):
    draft = filled_group_draft(linked, citizen)
    bundle = group_submission.submit(actor=citizen, draft=draft)

    parts = {p.position: p for p in BundlePart.objects.filter(bundle=bundle).select_related("dossier")}
    assert sorted(parts) == [1, 2, 3]
    assert parts[1].dossier.receiving_agency == linked.counter
    assert parts[2].dossier.receiving_agency == linked.residence_counter
    assert parts[3].dossier.receiving_agency == linked.counter
    assert all(p.dossier.status == Status.SUBMITTED and p.dossier.owner == citizen for p in parts.values())
    # The parts needing the birth result wait for it; the birth registration is in its counter's queue.
    assert not parts[1].is_held and parts[2].is_held and parts[3].is_held
    assert {p.dossier.applicant_name for p in parts.values()} == {APPLICANT["name"]}
    draft.refresh_from_db()
    assert draft.bundle == bundle and draft.submitted_at is not None


def test_each_part_keeps_its_own_form_answers(linked, citizen):
    bundle = group_submission.submit(actor=citizen, draft=filled_group_draft(linked, citizen))
    birth = BundlePart.objects.get(bundle=bundle, position=1).dossier
    residence = BundlePart.objects.get(bundle=bundle, position=2).dossier
    assert FormAnswers.objects.get(dossier=birth).answers["ho_ten_cha"] == "Nguyễn Văn Bố"
    assert FormAnswers.objects.get(dossier=residence).answers == {"noi_thuong_tru": "Xã Bắc Sơn"}
    assert not FormAnswers.objects.filter(dossier__bundle_part__position=3).exists()  # no online form


def test_a_paper_two_parts_ask_for_is_asked_once_and_sent_to_both(linked, citizen):
    draft = filled_group_draft(linked, citizen)
    titles = [s.title for s in group_journey.steps_of(draft) if s.requirement is not None]
    assert titles.count("Giấy chứng sinh") == 1 and titles.count("Văn bản ủy quyền") == 1
    bundle = group_submission.submit(actor=citizen, draft=draft)
    files = Attachment.objects.filter(dossier__bundle_part__bundle=bundle, name="giay-chung-sinh.png")
    positions = sorted(files.values_list("dossier__bundle_part__position", flat=True))
    assert positions == [1, 3]
    assert len({a.file.name for a in files}) == 1  # one stored file, not a copy per dossier


def test_an_optional_part_left_out_is_not_filed_and_drops_its_steps(linked, citizen):
    draft = filled_group_draft(linked, citizen)
    draft = group_services.choose_parts(actor=citizen, draft=draft, optional=[])
    keys = [s.key for s in group_journey.steps_of(draft)]
    assert "form-2-1" in keys
    bundle = group_submission.submit(actor=citizen, draft=draft)
    assert sorted(bundle.parts.values_list("position", flat=True)) == [1, 2]


def test_submit_refused_while_a_required_paper_is_missing_changes_nothing(linked, citizen):
    draft = filled_group_draft(linked, citizen)
    paper = draft.papers.get(key=key_of(draft, linked.home_proof))
    group_services.remove_paper(actor=citizen, draft=draft, paper_id=paper.pk)
    with pytest.raises(ValidationError) as refused:
        group_submission.submit(actor=citizen, draft=draft)
    assert "Giấy tờ chứng minh chỗ ở hợp pháp" in " ".join(refused.value.messages)
    assert not DossierBundle.objects.exists() and not Dossier.objects.exists()
    assert GroupDraft.objects.get(pk=draft.pk).bundle is None


def test_a_repeated_submit_makes_one_bundle(linked, citizen):
    draft = filled_group_draft(linked, citizen)
    first = group_submission.submit(actor=citizen, draft=draft)
    again = group_submission.submit(actor=citizen, draft=draft)
    assert first == again
    assert DossierBundle.objects.count() == 1 and Dossier.objects.count() == 3


def test_a_submitted_group_draft_is_never_changed_again(linked, citizen):
    draft = filled_group_draft(linked, citizen)
    group_submission.submit(actor=citizen, draft=draft)
    with pytest.raises(ValidationError):
        group_services.save_applicant(actor=citizen, draft=draft, applicant={"name": "Người khác"})


def test_another_citizen_cannot_change_or_submit_the_draft(linked, citizen, other_citizen):
    draft = filled_group_draft(linked, citizen)
    with pytest.raises(PermissionDenied):
        group_services.save_applicant(actor=other_citizen, draft=draft, applicant={"name": "X"})
    with pytest.raises(PermissionDenied):
        group_submission.submit(actor=other_citizen, draft=draft)
    assert not DossierBundle.objects.exists()


def test_a_part_needing_a_part_left_out_is_refused(linked, citizen):
    """bundles.submit_group's rule, asked at the step so the citizen sees it there."""
    part = linked.group.parts.get(position=3)
    part.needs_result_of = 2
    part.save()
    linked.group.parts.filter(position=2).update(required=False)
    draft = group_services.start(actor=citizen, group=linked.group)
    with pytest.raises(ValidationError):
        group_services.choose_parts(actor=citizen, draft=draft, optional=[3])
    assert GroupDraft.objects.get(pk=draft.pk).optional_parts == []


def test_an_unpublished_group_cannot_be_started(linked, citizen):
    linked.group.status = PublicationStatus.DRAFT
    linked.group.save()
    with pytest.raises(ValidationError):
        group_services.start(actor=citizen, group=linked.group)
    assert not GroupDraft.objects.exists()


def test_the_draft_resumes_at_the_first_step_not_done(linked, citizen):
    draft = group_services.start(actor=citizen, group=linked.group)
    draft = group_services.save_applicant(actor=citizen, draft=draft, applicant=APPLICANT)
    assert group_journey.resume_url(draft) == f"/nop-truc-tuyen/nhom/{draft.pk}/thu-tuc/"
    draft = group_services.choose_parts(actor=citizen, draft=draft, optional=[])
    assert group_journey.resume_url(draft) == f"/nop-truc-tuyen/nhom/{draft.pk}/to-khai/1/1/"


def test_an_upload_refused_leaves_the_draft_unchanged(linked, citizen):
    draft = group_services.start(actor=citizen, group=linked.group)
    with pytest.raises(ValidationError):
        group_services.add_upload(
            actor=citizen,
            draft=draft,
            key=key_of(draft, linked.home_proof),
            upload=upload("chuong-trinh.png", b"MZ\x90\x00 not a picture"),
        )
    assert not draft.papers.exists()


def test_a_paper_the_earlier_parts_result_answers_is_not_asked_decree_301_art_3_2(linked, citizen):
    """Decree 301/2026 art. 3.2 (art. 4.3 of Decree 63/2024): an earlier part's result that is a paper of
    another part is shared by the system; egov.dossiers.linked attaches it when it releases the part."""
    from egov.procedures.models import RequiredDocument

    RequiredDocument.objects.create(
        procedure=linked.insurance,
        name="Bản điện tử Giấy khai sinh (tự động chia sẻ từ thủ tục đăng ký khai sinh)",
        sort_order=2,
    )
    draft = filled_group_draft(linked, citizen)
    titles = [s.title for s in group_journey.steps_of(draft) if s.requirement is not None]
    assert not any("tự động chia sẻ" in t for t in titles)
    assert group_submission.problems(draft) == []
