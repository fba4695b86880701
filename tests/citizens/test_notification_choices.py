"""The citizen chooses email and/or SMS per kind of message on their profile: saved, audited, at least one
channel per kind (refused in Vietnamese, nothing saved), and only for their own account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.citizens import notify_choices
from egov.citizens.models import NotificationChoice
from egov.core.models import AuditEntry

URL = reverse("citizens:notification_choices")


def test_every_channel_until_the_citizen_chooses(citizen):
    assert notify_choices.chosen_channels(citizen.pk, "progress") is None
    assert notify_choices.choices_of(citizen) == {
        k: {"email", "sms"} for k in ("progress", "results", "payments")
    }


def test_the_citizen_saves_a_channel_per_kind_and_it_is_audited(client, citizen):
    client.force_login(citizen)
    page = client.get(URL).content.decode()
    assert 'id="choice-progress"' in page and 'id="choice-payments"' in page
    response = client.post(URL, {"progress": ["sms"], "results": ["email", "sms"], "payments": ["email"]})
    assert response.status_code == 302
    assert notify_choices.chosen_channels(citizen.pk, "progress") == {"sms"}
    assert notify_choices.chosen_channels(citizen.pk, "results") == {"email", "sms"}
    assert notify_choices.chosen_channels(citizen.pk, "payments") == {"email"}
    entry = AuditEntry.objects.get(action="citizen.notification_choices")
    assert entry.after["progress"] == ["sms"] and entry.actor_id == citizen.pk


def test_a_kind_with_no_channel_is_refused_in_vietnamese_and_nothing_is_saved(client, citizen):
    client.force_login(citizen)
    response = client.post(URL, {"progress": ["sms"], "results": [], "payments": ["email"]})
    assert response.status_code == 200
    assert "Hãy chọn ít nhất một cách nhận" in response.content.decode()
    assert not NotificationChoice.objects.exists()
    assert not AuditEntry.objects.filter(action="citizen.notification_choices").exists()


def test_an_unknown_channel_is_refused_without_an_error_page(client, citizen):
    client.force_login(citizen)
    response = client.post(URL, {"progress": ["fax"], "results": ["sms"], "payments": ["sms"]})
    assert response.status_code == 200 and not NotificationChoice.objects.exists()


@pytest.mark.parametrize("who", ["visitor", "staff"])
def test_only_a_citizen_reaches_the_choices(client, cast, who):
    if who == "staff":
        client.force_login(cast.desk_officer.user)
    response = client.post(URL, {"progress": ["sms"], "results": ["sms"], "payments": ["sms"]})
    assert response.status_code in {302, 403}
    if who == "visitor":
        assert response.status_code == 302 and "/cong-dan/dang-nhap/" in response["Location"]
    assert not NotificationChoice.objects.exists()
