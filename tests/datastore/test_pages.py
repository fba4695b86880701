"""The store's pages: who sees, downloads and removes what. One access matrix per page, asserting that a
refusal changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from egov.citizens.models import Membership
from egov.datastore.models import StoredPaper
from tests.datastore.conftest import accept, pdf, submit


@pytest.fixture
def kept(cast, coded, citizen, other_citizen, organisation):
    """The citizen's own paper, and a paper of the organisation (citizen: administrator; other: member)."""
    accept(cast, submit(cast, coded.simple, citizen, files=[pdf("to-khai.pdf")]))
    accept(cast, submit(cast, coded.simple, citizen, files=[pdf("dkkd.pdf")], organisation=organisation))
    Membership.objects.create(organisation=organisation, user=other_citizen, is_admin=False)
    own = StoredPaper.objects.get(organisation__isnull=True)
    org = StoredPaper.objects.get(organisation=organisation)
    return own, org


def _who(name, cast, citizen, other_citizen):
    return {
        "anonymous": None,
        "owner": citizen,
        "member": other_citizen,
        "staff": cast.desk_officer.user,
    }[name]


@pytest.mark.parametrize(
    ("who", "own", "org"),
    [
        ("anonymous", 302, 302),  # to the citizens' login
        ("owner", 200, 200),
        ("member", 404, 200),  # another citizen: the paper does not exist for them
        ("staff", 403, 403),
    ],
)
def test_download_access_matrix(client, cast, citizen, other_citizen, kept, who, own, org):
    user = _who(who, cast, citizen, other_citizen)
    if user is not None:
        client.force_login(user)
    own_paper, org_paper = kept
    for paper, expected in ((own_paper, own), (org_paper, org)):
        response = client.get(f"/kho-du-lieu/{paper.pk}/tai-ve/")
        assert response.status_code == expected, (who, paper.name)
        if expected == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("who", "own", "org"),
    [
        ("anonymous", 302, 302),
        ("owner", 302, 302),  # removed, back to the list
        ("member", 404, 403),  # a member reads the organisation's papers but does not remove them
        ("staff", 403, 403),
    ],
)
def test_remove_access_matrix(client, cast, citizen, other_citizen, kept, who, own, org):
    user = _who(who, cast, citizen, other_citizen)
    if user is not None:
        client.force_login(user)
    for paper, expected in zip(kept, (own, org), strict=True):
        response = client.post(f"/kho-du-lieu/{paper.pk}/xoa/")
        assert response.status_code == expected, (who, paper.name)
        paper.refresh_from_db()
        removed = expected == 302 and who == "owner"
        assert (paper.removed_at is not None) == removed
        if removed:
            assert response["Location"] == "/kho-du-lieu/"


def test_removing_leaves_the_dossiers_file(client, citizen, kept):
    own, _ = kept
    client.force_login(citizen)
    assert client.get(f"/kho-du-lieu/{own.pk}/xoa/").status_code == 200  # the question first
    client.post(f"/kho-du-lieu/{own.pk}/xoa/")
    own.refresh_from_db()
    assert own.removed_at is not None
    assert own.attachment.dossier.attachments.filter(pk=own.attachment_id).exists()
    with own.attachment.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # Gone from the list and from the download.
    assert f'id="paper-{own.pk}"' not in client.get("/kho-du-lieu/").content.decode()
    assert client.get(f"/kho-du-lieu/{own.pk}/tai-ve/").status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("owner", 200), ("member", 200), ("staff", 403)]
)
def test_index_access_matrix(client, cast, citizen, other_citizen, kept, who, expected):
    user = _who(who, cast, citizen, other_citizen)
    if user is not None:
        client.force_login(user)
    response = client.get("/kho-du-lieu/")
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith("/cong-dan/dang-nhap/?next=")


def test_index_lists_own_and_organisation_papers_with_their_details(client, citizen, other_citizen, kept):
    own, org = kept
    own.valid_until = timezone.localdate() - timezone.timedelta(days=1)
    own.save(update_fields=["valid_until"])
    client.force_login(citizen)
    page = client.get("/kho-du-lieu/").content.decode()
    assert "<h3>to-khai</h3>" in page and "<h3>dkkd</h3>" in page
    assert own.attachment.dossier.code in page
    assert "Công ty TNHH An Bình" in page
    assert f"/kho-du-lieu/{org.pk}/xoa/" in page  # the citizen administers the organisation
    client.force_login(other_citizen)
    page = client.get("/kho-du-lieu/").content.decode()
    assert "<h3>to-khai</h3>" not in page and "<h3>dkkd</h3>" in page
    assert f"/kho-du-lieu/{org.pk}/xoa/" not in page
