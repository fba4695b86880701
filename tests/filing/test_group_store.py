"""A linked group's paper pages offer the citizen's store as a one-procedure draft's do (Decree 118/2025
art. 22.1, docs/legal-notes/decree-118.md): a paper already there is given by reference, sent to every part
asking it, and its file is the store's own, not a copy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.dossiers.models import Attachment
from egov.filing import group_services, group_submission
from egov.filing.group_models import GroupDraftPaper
from tests.filing.conftest import stored_paper
from tests.filing.groups import filled_group_draft, key_of, linked_group


@pytest.fixture
def linked(online, cast):
    return linked_group(online, cast.province)


def _without_certificate(linked, citizen):
    draft = filled_group_draft(linked, citizen)
    key = key_of(draft, linked.birth_certificate)
    for paper in draft.papers.filter(key=key):
        group_services.remove_paper(actor=citizen, draft=draft, paper_id=paper.pk)
    return draft, key


def test_a_stored_paper_is_given_once_and_sent_to_each_part_asking_it_decree_118_art_22_1(
    linked, citizen, cast
):
    stored = stored_paper(linked.birth, citizen, cast, name="GIẤY CHỨNG SINH")
    draft, key = _without_certificate(linked, citizen)
    group_services.add_reused(actor=citizen, draft=draft, key=key, stored_paper=stored)
    bundle = group_submission.submit(actor=citizen, draft=draft)
    files = Attachment.objects.filter(dossier__bundle_part__bundle=bundle, sha256=stored.attachment.sha256)
    assert sorted(files.values_list("dossier__bundle_part__position", flat=True)) == [1, 3]
    assert {a.file.name for a in files} == {stored.attachment.file.name}  # the store's file, no copy


def test_the_group_paper_page_offers_the_store_and_uses_the_paper_chosen(
    client, linked, citizen, other_citizen, cast
):
    mine = stored_paper(linked.birth, citizen, cast, name="Giấy chứng sinh")
    theirs = stored_paper(linked.birth, other_citizen, cast, name="Giấy chứng sinh")
    draft, key = _without_certificate(linked, citizen)
    client.force_login(citizen)
    url = reverse("filing:group_paper", args=(draft.pk, linked.birth_certificate.pk))
    page = client.get(url).content.decode()
    assert f'name="reuse" value="{mine.pk}"' in page
    assert f'name="reuse" value="{theirs.pk}"' not in page
    r = client.post(url, {"reuse": str(mine.pk)})
    assert r.status_code == 302
    paper = GroupDraftPaper.objects.get(draft=draft, key=key)
    assert paper.stored_paper == mine and not paper.file
    page = client.get(url).content.decode()
    assert "từ kho dữ liệu của bạn" in page  # the badge of a paper from the store
    assert f'name="reuse" value="{mine.pk}"' not in page  # once given, no longer offered


def test_another_persons_stored_paper_is_refused_and_nothing_changes(linked, citizen, other_citizen, cast):
    theirs = stored_paper(linked.birth, other_citizen, cast, name="Giấy chứng sinh")
    draft, key = _without_certificate(linked, citizen)
    with pytest.raises(ValidationError):
        group_services.add_reused(actor=citizen, draft=draft, key=key, stored_paper=theirs)
    assert not GroupDraftPaper.objects.filter(draft=draft, key=key).exists()


def test_removing_a_reused_paper_never_deletes_the_stores_file(
    linked, citizen, cast, django_capture_on_commit_callbacks
):
    stored = stored_paper(linked.birth, citizen, cast, name="Giấy chứng sinh")
    draft, key = _without_certificate(linked, citizen)
    paper = group_services.add_reused(actor=citizen, draft=draft, key=key, stored_paper=stored)
    with django_capture_on_commit_callbacks(execute=True):
        group_services.remove_paper(actor=citizen, draft=draft, paper_id=paper.pk)
    assert stored.attachment.file.storage.exists(stored.attachment.file.name)  # still there
    assert not GroupDraftPaper.objects.filter(pk=paper.pk).exists()
