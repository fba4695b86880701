"""Who reaches the citizen's pages: the access matrix of every page, GET and POST.

Anonymous visitors go to the citizens' login; the owner and a member of the organisation the dossier was
filed for get the page; another citizen gets 404 (the dossier's existence is not revealed); staff get 403.
A refused POST changes nothing: not the dossier, its history, its files, the outbox nor the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.dossiers.models import Attachment, Dossier, DossierEvent, Status
from tests.portal.helpers import pdf, resolved, supplement_asked

pytestmark = pytest.mark.django_db


def _footprint(d: Dossier) -> tuple:
    d = Dossier.objects.get(pk=d.pk)
    return (
        d.status,
        d.version,
        d.owner_id,
        DossierEvent.objects.count(),
        Attachment.objects.count(),
        OutboxMessage.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def world(client, cast, flows, people):
    """A dossier of the organisation waiting for a supplement, and a resolved one with its result file."""
    waiting = supplement_asked(cast, flows, people.owner, organisation=people.organisation)
    done = resolved(cast, flows, people.owner, organisation=people.organisation)
    result = done.attachments.get(kind=Attachment.Kind.RESULT)
    return {"waiting": waiting, "done": done, "result": result}


def _who(name, cast, people):
    return {
        "anonymous": None,
        "owner": people.owner,
        "member": people.member,
        "stranger": people.stranger,
        "desk_officer": cast.desk_officer.user,
        "leader": cast.leader.user,
    }[name]


EXPECTED = {
    "anonymous": 302,
    "owner": 200,
    "member": 200,
    "stranger": 404,
    "desk_officer": 403,
    "leader": 403,
}


def _pages(world):
    w, d, r = world["waiting"], world["done"], world["result"]
    return [
        reverse("portal:dossiers"),
        reverse("portal:detail", args=[w.pk]),
        reverse("portal:withdraw", args=[w.pk]),
        reverse("portal:download", args=[d.pk, r.pk]),
    ]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_page_answers_each_persona_as_the_matrix_says(client, cast, people, world, who):
    user = _who(who, cast, people)
    if user is not None:
        client.force_login(user)
    for url in _pages(world):
        expected = EXPECTED[who]
        if who == "stranger" and url == reverse("portal:dossiers"):
            expected = 200  # the list is theirs, empty
        response = client.get(url)
        assert response.status_code == expected, (who, url)
        if who == "anonymous":
            assert response["Location"].startswith("/cong-dan/dang-nhap/"), url


@pytest.mark.parametrize("who", ["anonymous", "stranger", "desk_officer"])
def test_a_refused_post_changes_nothing(client, cast, people, world, who):
    user = _who(who, cast, people)
    if user is not None:
        client.force_login(user)
    w = world["waiting"]
    before = _footprint(w)
    posts = [
        (reverse("portal:supplement", args=[w.pk]), {"version": w.version, "idem": "k1", "files": pdf()}),
        (
            reverse("portal:withdraw", args=[w.pk]),
            {"version": w.version, "idem": "k2", "reason": "Không cần"},
        ),
        (reverse("portal:dossiers"), {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404), (who, url)
        if who == "stranger" and url != reverse("portal:dossiers"):
            assert response.status_code == 404
        if who == "desk_officer":
            assert response.status_code == 403
    assert _footprint(w) == before
    assert Dossier.objects.get(pk=w.pk).status == Status.SUPPLEMENT


def test_a_member_sees_the_organisations_dossier_in_the_list_and_another_citizen_does_not(
    client, cast, people, world
):
    client.force_login(people.member)
    listed = client.get(reverse("portal:dossiers")).content.decode()
    assert world["waiting"].code in listed and "Nộp cho Công ty TNHH An Bình" in listed
    client.force_login(people.stranger)
    assert world["waiting"].code not in client.get(reverse("portal:dossiers")).content.decode()


def test_a_file_of_another_dossier_is_not_served_through_mine(client, cast, flows, people, world):
    """The file's number under someone else's dossier number: 404, not the file."""
    mine = resolved(cast, flows, people.stranger)
    client.force_login(people.stranger)
    response = client.get(reverse("portal:download", args=[mine.pk, world["result"].pk]))
    assert response.status_code == 404


def test_a_working_document_is_never_served_to_the_applicant(client, cast, flows, people):
    from tests.dossiers.conftest import MONDAY, hours, step
    from tests.portal.helpers import processing

    d = processing(cast, flows, people.owner)
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(4), files=[pdf("to-trinh-noi-bo.pdf")])
    working = d.attachments.get(kind=Attachment.Kind.WORKING)
    client.force_login(people.owner)
    assert client.get(reverse("portal:download", args=[d.pk, working.pk])).status_code == 404
    assert "to-trinh-noi-bo" not in client.get(reverse("portal:detail", args=[d.pk])).content.decode()


def test_whatever_is_typed_in_the_address_or_a_form_gives_a_page_not_an_error(client, cast, people, world):
    client.force_login(people.owner)
    assert client.get("/ca-nhan/")["Location"] == reverse("portal:dossiers")  # the citizen's home
    w = world["waiting"]
    for query in ({"page": "abc"}, {"page": "999"}, {"tinh_trang": "\x00<script>"}, {"page": "-1"}):
        assert client.get(reverse("portal:dossiers"), query).status_code == 200, query
    assert client.get(f"/ca-nhan/ho-so/{w.pk}/tep/99999999/").status_code == 404
    assert client.get("/ca-nhan/ho-so/99999999/").status_code == 404
    tampered = {"version": "abc", "idem": "x" * 200, "answer": "Đã bổ sung"}
    response = client.post(reverse("portal:supplement", args=[w.pk]), tampered)
    assert response.status_code == 400
    assert Dossier.objects.get(pk=w.pk).status == Status.SUPPLEMENT
    response = client.post(reverse("portal:withdraw", args=[w.pk]), {"version": "", "reason": "x" * 5000})
    assert response.status_code == 400
    assert Dossier.objects.get(pk=w.pk).status == Status.SUPPLEMENT
