"""Rating from "my dossiers": a returned dossier not rated yet links to the feedback app's rating page
(`feedback:rate`), a rated one shows its rating, and every dossier page links to feedback about it
(`feedback:new` with the dossier's code)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.feedback import services as feedback
from tests.dossiers.conftest import MONDAY, hours, step
from tests.portal.helpers import resolved

pytestmark = pytest.mark.django_db

ALL_SATISFIED = dict.fromkeys(
    ("time", "agencies", "contacts", "information", "attitude", "lawful", "explanations", "online"), 2
)


def _returned(cast, flows, owner, **kw):
    return step(resolved(cast, flows, owner, **kw), "return_result", cast.desk_officer, MONDAY + hours(6))


def _page(client, user, d) -> str:
    client.force_login(user)
    response = client.get(reverse("portal:detail", args=[d.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_returned_dossier_not_rated_yet_links_to_its_rating_page(client, cast, flows, people):
    d = _returned(cast, flows, people.owner)
    page = _page(client, people.owner, d)
    rate_url = reverse("feedback:rate", args=[d.pk])
    assert f'href="{rate_url}" id="rate-link"' in page and "Đánh giá dịch vụ" in page
    assert client.get(rate_url).status_code == 200  # the link leads to a page the owner may use


def test_a_member_of_the_organisation_is_offered_the_rating_too(client, cast, flows, people):
    d = _returned(cast, flows, people.owner, organisation=people.organisation)
    page = _page(client, people.member, d)
    assert reverse("feedback:rate", args=[d.pk]) in page


def test_a_rated_dossier_shows_its_rating_and_no_link_to_rate_again(client, cast, flows, people):
    d = _returned(cast, flows, people.owner)
    feedback.rate(actor=people.owner, dossier=d, levels=ALL_SATISFIED, now=MONDAY + hours(7))
    page = _page(client, people.owner, d)
    assert 'id="rate-link"' not in page
    given = page[page.index('id="rating-given"') :]
    assert "Hài lòng" in given[:300] and MONDAY.strftime("%d/%m/%Y") in given[:300]


def test_no_rating_is_offered_before_the_result_is_returned(client, cast, flows, people):
    d = resolved(cast, flows, people.owner)
    page = _page(client, people.owner, d)
    assert 'id="rating"' not in page and reverse("feedback:rate", args=[d.pk]) not in page


def test_every_dossier_page_links_to_feedback_about_it_with_its_code(client, cast, flows, people):
    d = resolved(cast, flows, people.owner)
    page = _page(client, people.owner, d)
    url = f"{reverse('feedback:new')}?topic=dossier&amp;code={d.code}"
    assert url in page
    form = client.get(url.replace("&amp;", "&")).content.decode()
    assert f'value="{d.code}"' in form
