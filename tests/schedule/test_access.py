"""Who may open and use each schedule screen, over GET and POST; a refusal changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.schedule import services
from egov.schedule.models import Entry, Week
from tests.documents.conftest import MONDAY
from tests.documents.test_access import _client
from tests.schedule.conftest import WEEK, added

PERSONAS = ("clerk", "leader", "specialist", "outsider", "desk_officer", "anonymous")
#: Staff of the commune read it (the desk officer of its counter too); a specialist of another commune
#: reads their own commune's schedule (an empty week), never this one.
WEEK_PAGE = {
    "clerk": 200,
    "leader": 200,
    "specialist": 200,
    "outsider": 200,
    "desk_officer": 200,
    "anonymous": 302,
}
EDIT = {"clerk": (200, 302), "leader": (200, 302)}


def _state():
    return (
        list(Week.objects.values_list("published_at", flat=True)),
        list(Entry.objects.values_list("place", "cancelled")),
        AuditEntry.objects.count(),
    )


def _form(office):
    return {
        "leader": office.leader.user.pk,
        "day": "2026-06-02",
        "starts_at": "08:00",
        "content": "Họp",
        "place": "Hội trường",
    }


@pytest.mark.parametrize("who", PERSONAS)
def test_week_page_and_pdf(client, login, office, cast, who):
    added(office)
    services.publish(actor=office.clerk.user, agency=office.commune, monday=WEEK, now=MONDAY)
    c = _client(client, login, office, cast, who)
    response = c.get(reverse("schedule:week"), {"tuan": "2026-06-03"})
    assert response.status_code == WEEK_PAGE[who]
    if who != "anonymous":
        assert ("Họp giao ban UBND xã" in response.content.decode()) == (who != "outsider")
    pdf = c.get(reverse("schedule:pdf"), {"tuan": "2026-06-01"})
    expected = {"anonymous": 302, "outsider": 404}.get(who, 200)
    assert pdf.status_code == expected


@pytest.mark.parametrize("who", PERSONAS)
def test_add_get_and_post(client, login, office, cast, who):
    c = _client(client, login, office, cast, who)
    get, post = EDIT.get(who, (403, 403)) if who != "anonymous" else (302, 302)
    assert c.get(reverse("schedule:add"), {"tuan": "2026-06-01"}).status_code == get
    before = _state()
    if who == "outsider":
        post = 403  # the other commune's clerk role is missing too
    assert c.post(reverse("schedule:add") + "?tuan=2026-06-01", _form(office)).status_code == post
    if post == 302 and who != "anonymous":
        assert Entry.objects.get().content == "Họp"
    else:
        assert _state() == before


@pytest.mark.parametrize("who", PERSONAS)
def test_change_cancel_and_publish(client, login, office, cast, who):
    entry = added(office)
    c = _client(client, login, office, cast, who)
    get, post = EDIT.get(who, (404, 404)) if who != "anonymous" else (302, 302)
    assert c.get(reverse("schedule:change", args=[entry.pk])).status_code == get
    before = _state()
    data = {**_form(office), "place": "Nơi khác"}
    assert c.post(reverse("schedule:change", args=[entry.pk]), data).status_code == post
    publish = c.post(reverse("schedule:publish"), {"tuan": "2026-06-01"})
    assert publish.status_code == (post if who in ("clerk", "leader", "anonymous") else 403)
    if post != 302 or who == "anonymous":
        assert _state() == before
    else:
        assert Week.objects.get().is_published and Entry.objects.get().place == "Nơi khác"


def test_a_bad_time_is_answered_in_vietnamese_with_nothing_kept(client, login, office):
    c = login(office.clerk)
    response = c.post(reverse("schedule:add"), {**_form(office), "starts_at": "25:99"})
    assert response.status_code == 400 and "Nhập một thời gian hợp lệ" in response.content.decode()
    assert not Entry.objects.exists()


def test_a_week_typed_wrong_shows_this_week(client, login, office):
    c = login(office.clerk)
    assert c.get(reverse("schedule:week"), {"tuan": "99999-xx"}).status_code == 200


def test_an_entry_without_a_preparing_unit_shows_on_the_week(client, login, office):
    added(office, preparer="", preparer_unit=None, content="Trực lãnh đạo")
    response = login(office.clerk).get(reverse("schedule:week"), {"tuan": "2026-06-01"})
    assert response.status_code == 200 and "Trực lãnh đạo" in response.content.decode()
