"""What goes into the owner's store, and when: accepted papers at acceptance, supplements when received,
results when returned — in the move's transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egov.core.models import AuditEntry
from egov.datastore.models import StoredPaper
from egov.dossiers.models import Attachment
from tests.datastore.conftest import accept, pdf, png, returned, submit
from tests.dossiers.conftest import MONDAY, hours, step


def test_papers_are_kept_when_the_counter_accepts_the_submission(cast, coded, citizen):
    d = submit(cast, coded.simple, citizen, files=[pdf("to-khai.pdf"), png("cccd.png")])
    assert not StoredPaper.objects.exists()  # submitted, not accepted yet
    accept(cast, d)
    kept = StoredPaper.objects.filter(owner=citizen).order_by("name")
    assert [(p.name, p.kind, p.attachment.dossier_id) for p in kept] == [
        ("cccd", "paper", d.pk),
        ("to-khai", "paper", d.pk),
    ]
    assert all(p.organisation_id is None for p in kept)
    assert AuditEntry.objects.filter(action="datastore.keep").count() == 1


def test_a_refused_submission_keeps_nothing(cast, coded, citizen):
    d = submit(cast, coded.simple, citizen, files=[pdf("to-khai.pdf")])
    step(d, "reject", cast.desk_officer, MONDAY + hours(1), reason="Sai thủ tục")
    assert not StoredPaper.objects.exists()


def test_a_dossier_without_an_owner_keeps_nothing(cast, coded):
    from egov.dossiers import intake
    from tests.dossiers.conftest import APPLICANT

    d = intake.submit_online(
        procedure=coded.simple, agency=cast.province.commune_a, applicant=APPLICANT, files=[pdf()], now=MONDAY
    )
    accept(cast, d)
    assert not StoredPaper.objects.exists()


def test_an_organisations_papers_are_kept_under_the_organisation(cast, coded, citizen, organisation):
    d = submit(cast, coded.simple, citizen, files=[pdf("dkkd.pdf")], organisation=organisation)
    accept(cast, d)
    [paper] = StoredPaper.objects.all()
    assert paper.organisation == organisation and paper.owner == citizen


def test_a_supplement_received_is_kept(cast, coded, citizen):
    d = accept(cast, submit(cast, coded.simple, citizen, files=[pdf("to-khai.pdf")]))
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(2))
    d = step(d, "request_supplement", cast.specialist, MONDAY + hours(3), reason="Thiếu giấy ủy quyền")
    step(d, "supplement_received", cast.desk_officer, MONDAY + hours(5), files=[pdf("uy-quyen.pdf")])
    assert sorted(StoredPaper.objects.values_list("name", flat=True)) == ["to-khai", "uy-quyen"]


def test_the_returned_result_is_kept_with_its_document_code_decree_118_art_22_4(cast, coded, citizen):
    d = accept(cast, submit(cast, coded.simple, citizen, files=[pdf("to-khai.pdf")]))
    d = returned(cast, d, [pdf("ket-qua.pdf")])
    [result] = StoredPaper.objects.filter(kind=StoredPaper.Kind.RESULT)
    assert result.document_code == "001090012345.TEST.KQ01"
    assert result.name == "Bản sao trích lục hộ tịch"
    assert result.attachment.kind == Attachment.Kind.RESULT and result.attachment.dossier == d


def test_a_result_is_not_kept_before_it_is_returned(cast, coded, citizen):
    d = accept(cast, submit(cast, coded.simple, citizen, files=[pdf("to-khai.pdf")]))
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(2))
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(3))
    step(d, "approve", cast.leader, MONDAY + hours(4), files=[pdf("ket-qua.pdf")])
    assert not StoredPaper.objects.filter(kind=StoredPaper.Kind.RESULT).exists()


def test_a_corrected_result_replaces_the_earlier_one_decree_118_art_23_1(cast, coded, citizen):
    d = accept(cast, submit(cast, coded.simple, citizen))
    d = returned(cast, d, [pdf("ket-qua.pdf")])
    d = step(d, "request_correction", cast.desk_officer, MONDAY + hours(6), reason="Sai ngày sinh")
    d = step(d, "approve", cast.leader, MONDAY + hours(7), files=[pdf("ket-qua-dinh-chinh.pdf")])
    step(d, "return_result", cast.desk_officer, MONDAY + hours(8))
    shown = StoredPaper.objects.filter(kind=StoredPaper.Kind.RESULT, removed_at__isnull=True)
    assert [p.attachment.name for p in shown] == ["ket-qua-dinh-chinh.pdf"]


def test_a_paper_the_owner_removed_is_not_kept_again(cast, coded, citizen):
    from django.utils import timezone

    from egov.datastore import services

    d = accept(cast, submit(cast, coded.simple, citizen, files=[pdf("to-khai.pdf")]))
    [paper] = StoredPaper.objects.all()
    services.remove(paper, actor=citizen, now=timezone.now())
    returned(cast, d, [pdf("ket-qua.pdf")])
    assert not StoredPaper.objects.filter(kind="paper", removed_at__isnull=True).exists()


def test_a_move_that_fails_keeps_nothing(cast, coded, citizen, monkeypatch):
    from egov.dossiers import notifications

    d = submit(cast, coded.simple, citizen, files=[pdf("to-khai.pdf")])

    def broken(*args, **kwargs):
        raise ValidationError("outbox down")

    monkeypatch.setattr(notifications, "queue", broken)
    with pytest.raises(ValidationError):
        accept(cast, d)
    assert not StoredPaper.objects.exists()


def test_a_paper_filed_online_for_a_checklist_line_is_kept_under_that_line(cast, coded, citizen):
    """The online filing records which checklist line each file answers (dossiers.FiledPaper): the store
    names the paper after that line and offers it for it, whatever the file was called."""
    from egov.dossiers.models import FiledPaper
    from egov.procedures.models import RequiredDocument

    line = RequiredDocument.objects.create(procedure=coded.simple, name="Giấy ủy quyền")
    d = submit(cast, coded.simple, citizen, files=[pdf("scan-0001.pdf")])
    FiledPaper.objects.create(attachment=d.attachments.get(), requirement=line)
    accept(cast, d)
    [paper] = StoredPaper.objects.all()
    assert (paper.name, paper.requirement) == ("Giấy ủy quyền", line)
