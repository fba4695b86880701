"""Submissions without an account: limited per client address (the look-up's counters), protected by CSRF,
and a filled-in hidden field drops a program's post. What a person typed is never lost."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from egov.feedback import links
from egov.feedback.models import Feedback, Rating, Topic

from .conftest import ALL_SATISFIED

pytestmark = pytest.mark.django_db


def _form(cast, **kw):
    data = {
        "topic": Topic.AGENCY,
        "agency": cast.province.commune_a.pk,
        "title": "Giờ làm việc",
        "content": "Quầy mở cửa muộn.",
        "name": "Khách Vãng Lai",
        "phone": "0987654321",
    }
    data.update(kw)
    return data


def test_an_anonymous_post_is_saved_and_shows_its_reference(client, cast):
    response = client.post(reverse("feedback:new"), _form(cast))
    item = Feedback.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "feedback:sent", args=[item.reference]
    )
    assert item.reference in client.get(response["Location"]).content.decode()


def test_over_the_limit_an_anonymous_post_gets_429_keeps_the_text_and_saves_nothing(client, cast, settings):
    settings.EGOV_FEEDBACK_LIMIT = 2
    for _ in range(2):
        assert client.post(reverse("feedback:new"), _form(cast)).status_code == 302
    response = client.post(reverse("feedback:new"), _form(cast, content="Lần thứ ba, xin giữ lại."))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Lần thứ ba, xin giữ lại." in response.content.decode()
    assert Feedback.objects.count() == 2
    # Another address is not held back.
    assert client.post(reverse("feedback:new"), _form(cast), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_citizen_account_is_not_limited(client, cast, citizen, settings):
    settings.EGOV_FEEDBACK_LIMIT = 1
    client.force_login(citizen)
    for _ in range(3):
        assert client.post(reverse("feedback:new"), _form(cast)).status_code == 302
    assert Feedback.objects.filter(sender=citizen).count() == 3


def test_the_link_rating_counts_against_the_same_limit(client, returned_dossier, settings):
    settings.EGOV_FEEDBACK_LIMIT = 1
    client.post(reverse("feedback:new"), {"topic": "agency"})  # one anonymous post, refused but counted
    url = reverse("feedback:rate_by_link", args=[returned_dossier.pk, links.token_for(returned_dossier.pk)])
    response = client.post(url, {f"c_{k}": str(v) for k, v in ALL_SATISFIED.items()})
    assert response.status_code == 429 and not Rating.objects.exists()


def test_a_filled_hidden_field_drops_the_post(client, cast):
    response = client.post(reverse("feedback:new"), _form(cast, website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == reverse("feedback:sent_nothing")
    assert not Feedback.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(cast):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("feedback:new"), _form(cast)).status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"topic": "khac"},
        {"topic": "dossier", "code": "ABC\x00"},
        {"topic": "dossier", "code": "x" * 500},
        {"topic": "procedure", "code": "không-có"},
        {"agency": "999999"},
        {"phone": "gọi tôi"},
        {"content": ""},
    ],
)
def test_whatever_a_visitor_types_gets_a_message_not_an_error_page(client, cast, bad):
    response = client.post(reverse("feedback:new"), _form(cast, **bad))
    assert response.status_code == 400
    assert 'class="errorbox"' in response.content.decode() and 'class="error"' in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_address_with_an_impossible_number_or_reference_is_a_404(client, cast):
    client.force_login(cast.desk_officer.user)
    huge = "9" * 30
    for url in (
        f"/phan-anh/{huge}/",
        f"/phan-anh/quan-ly/{huge}/",
        f"/phan-anh/quan-ly/phieu-danh-gia/{huge}/",
        f"/phan-anh/danh-gia/{huge}/abc/",
        f"/phan-anh/da-gui/{'X' * 500}/",
    ):
        assert client.get(url).status_code == 404, url
