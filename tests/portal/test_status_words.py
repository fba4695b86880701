"""One plain-Vietnamese wording per state, from one place (egov.dossiers.status_words), on every channel: the
public look-up page, the JSON API, SMS "TRACUU", the telephone line and "My dossiers" (its list and the
dossier's page) say the same words for every status."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from egov.channels import inbound
from egov.dossiers import keypad, lookup, status_words
from egov.dossiers.models import Dossier, Outcome, Status
from tests.dossiers.conftest import MONDAY
from tests.portal.conftest import file_online

pytestmark = pytest.mark.django_db

#: Every state key of WORDS but the held part (a linked filing's, tested in test_bundle_lookup.py).
STATES = [key for key in status_words.WORDS if key != f"{Status.SUBMITTED}:held"]


def test_every_status_has_its_plain_words():
    for status in Status:
        assert status.value in status_words.WORDS, status


def _put_in(d: Dossier, key: str) -> Dossier:
    """The dossier in the state `key` names (columns set directly: the channels only read them)."""
    status, _, variant = key.partition(":")
    Dossier.objects.filter(pk=d.pk).update(
        status=status,
        outcome=Outcome.REFUSED if variant == "refused" else Outcome.GRANTED,
        received_at=None if variant == "unreceived" or status == Status.SUBMITTED else MONDAY,
    )
    return Dossier.objects.get(pk=d.pk)


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert found, element_id
    return unescape(found.group(1)).strip()


@pytest.mark.parametrize("key", STATES)
def test_every_channel_says_the_same_words_for_each_state(client, cast, flows, people, settings, key):
    settings.EGOV_LOOKUP_LIMIT = 1000
    d = _put_in(file_online(cast, flows.simple, people.owner), key)
    words = status_words.words(key)
    assert words and words != key
    code = d.code
    token = lookup.token_for(code)

    assert lookup.public_status(code).status_label == words  # bare
    assert lookup.public_status(code, token=token).status_label == words  # with the details
    assert _text(client.get(f"/tra-cuu/{code}/").content.decode(), "public-status") == words
    assert client.get(f"/api/v1/lookup/{code}").json()["status_label"] == words
    reply = inbound.receive("0987000111", f"TRACUU {code}")
    assert reply is not None and f": {words}." in reply.payload["text"]
    number = keypad.keypad_number(d.pk)
    spoken = unescape(client.post(reverse("ivr:status"), {"ma": number}).content.decode())
    assert f"{' '.join(number)}: {words}." in spoken

    client.force_login(people.owner)
    listed = client.get(reverse("portal:dossiers")).content.decode()
    assert f">{words}</span>" in unescape(listed)
    page = client.get(reverse("portal:detail", args=[d.pk])).content.decode()
    assert _text(page, "plain-status") == words
