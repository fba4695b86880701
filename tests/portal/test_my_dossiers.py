"""The list of my dossiers: mine and my organisations', by plain status, newest first, a page at a time; and
the counter dossiers filed in my proven ID number, brought into the account on request with a history row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.dossiers.models import Dossier, DossierEvent
from egov.portal import selectors, services
from egov.portal.views import PER_PAGE
from tests.dossiers.conftest import MONDAY, hours, receive, step
from tests.portal.conftest import file_online
from tests.portal.helpers import processing, supplement_asked

pytestmark = pytest.mark.django_db


def _codes(response) -> list[str]:
    return [d.code for d in response.context["page_obj"].object_list]


def test_the_list_holds_my_own_and_my_organisations_dossiers_only(client, cast, flows, people):
    own = file_online(cast, flows.simple, people.owner)
    of_the_organisation = file_online(
        cast, flows.simple, people.member, now=MONDAY + hours(1), organisation=people.organisation
    )
    not_mine = file_online(cast, flows.simple, people.stranger, now=MONDAY + hours(2))
    at_the_counter = receive(cast, flows.simple)  # nobody's yet
    client.force_login(people.owner)
    codes = _codes(client.get(reverse("portal:dossiers")))
    assert set(codes) == {own.code, of_the_organisation.code}
    assert not_mine.code not in codes and at_the_counter.code not in codes


def test_newest_filing_first_and_paginated(client, cast, flows, people):
    made = [file_online(cast, flows.simple, people.owner, now=MONDAY + hours(i)) for i in range(PER_PAGE + 2)]
    client.force_login(people.owner)
    first = client.get(reverse("portal:dossiers"))
    assert _codes(first) == [d.code for d in reversed(made)][:PER_PAGE]
    second = client.get(reverse("portal:dossiers"), {"page": 2})
    assert _codes(second) == [made[1].code, made[0].code]


def test_filter_by_plain_status(client, cast, flows, people):
    waiting = file_online(cast, flows.simple, people.owner)
    busy = processing(cast, flows, people.owner, at=MONDAY + hours(1))
    asked = supplement_asked(cast, flows, people.owner, at=MONDAY + hours(2))
    client.force_login(people.owner)

    def listed(group: str) -> set[str]:
        return set(_codes(client.get(reverse("portal:dossiers"), {"tinh_trang": group})))

    assert listed("waiting") == {waiting.code}
    assert listed("processing") == {busy.code}
    assert listed("needs_you") == {asked.code}
    assert listed("returned") == set()
    assert listed("nonsense") == {waiting.code, busy.code, asked.code}  # anything else: all
    page = client.get(reverse("portal:dossiers"), {"tinh_trang": "needs_you"}).content.decode()
    assert "Cần bạn bổ sung" in page  # the filter's own words, in Vietnamese


def test_plain_status_words(cast, flows, people):
    assert str(selectors.plain_status(file_online(cast, flows.simple, people.owner))) == (
        "Đang chờ Bộ phận Một cửa tiếp nhận"
    )
    asked = supplement_asked(cast, flows, people.owner)
    assert str(selectors.plain_status(asked)) == "Cần bạn bổ sung giấy tờ"
    completing = step(
        file_online(cast, flows.simple, people.owner),
        "ask_to_complete",
        cast.desk_officer,
        MONDAY + hours(1),
        reason="Thiếu tờ khai",
    )
    assert str(selectors.plain_status(completing)) == "Cần hoàn thiện và gửi lại"


# ---------------------------------------------------------------- counter dossiers in my proven ID number


def test_counter_dossiers_in_my_proven_id_number_are_linked_on_request_with_history(
    client, cast, flows, people
):
    counter = receive(
        cast, flows.simple
    )  # filed at the counter in the owner's ID number (tests/portal/conftest)
    client.force_login(people.owner)
    page = client.get(reverse("portal:dossiers"))
    assert page.context["to_link"] == 1 and counter.code not in _codes(page)  # offered, not yet linked
    assert Dossier.objects.get(pk=counter.pk).owner_id is None  # a GET writes nothing

    response = client.post(reverse("portal:dossiers"))
    assert response.status_code == 302
    assert Dossier.objects.get(pk=counter.pk).owner_id == people.owner.pk
    event = DossierEvent.objects.get(dossier=counter, action="link_account")
    assert event.actor_id == people.owner.pk and event.to_status == counter.status
    assert AuditEntry.objects.filter(action="dossier.link_account", object_id=str(counter.pk)).exists()
    assert counter.code in _codes(client.get(reverse("portal:dossiers")))
    assert services.link_counter_dossiers(actor=people.owner) == []  # once


def test_an_id_number_only_typed_in_the_profile_links_nothing(client, cast, flows, people):
    """Without an e-identity provider's proof, typing someone's CCCD must not bring their dossiers."""
    counter = receive(cast, flows.simple)
    people.owner.citizen.identity_provider = ""
    people.owner.citizen.save()
    client.force_login(people.owner)
    assert client.get(reverse("portal:dossiers")).context["to_link"] == 0
    client.post(reverse("portal:dossiers"))
    assert Dossier.objects.get(pk=counter.pk).owner_id is None
    assert not DossierEvent.objects.filter(action="link_account").exists()


def test_a_dossier_already_followed_by_an_account_is_not_taken(cast, flows, people):
    counter = receive(cast, flows.simple)
    Dossier.objects.filter(pk=counter.pk).update(owner=people.member)
    assert services.link_counter_dossiers(actor=people.owner) == []
    assert Dossier.objects.get(pk=counter.pk).owner_id == people.member.pk
