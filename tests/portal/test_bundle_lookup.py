"""A linked filing's reference ("LT-…", which "My dossiers" and the filing's confirmation give the citizen
to look it up) is answered by the one look-up selector on every channel: each dossier of the bundle with its
bare status, in part order, in the look-up's fixed shape, and no personal data — the web page, the JSON API,
SMS "TRACUU" and the telephone line (its keypad number, shown on the bundle's page) say the same."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from egov.channels import inbound, segments
from egov.dossiers import keypad, lookup, status_words
from egov.dossiers.models import Status
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, step
from tests.dossiers.test_bundles import dossier, file_group, give_result, linked  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAL = (APPLICANT.name, APPLICANT.phone, APPLICANT.id_number, "Nguyễn Minh Khang")


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.EGOV_LOOKUP_LIMIT = 1000
    settings.EGOV_IVR_PHONE = "1900 0000"


@pytest.fixture
def bundle(cast, linked):  # noqa: F811
    group, _ = linked
    return file_group(cast, group, parts=(1, 2, 3))


def expected(bundle) -> list[tuple[str, str]]:
    """Each part's code and words, as the dossier's own code answers alone."""
    rows = []
    for n in (1, 2, 3):
        alone = lookup.public_status(dossier(bundle, n).code)
        rows.append((alone.code, alone.status_label))
    return rows


def test_the_selector_answers_a_bundle_reference_with_each_part_bare(bundle):
    answer = lookup.public_status(bundle.reference)
    assert answer is not None and answer.is_bundle and answer.details is None
    assert [(p.code, p.status_label) for p in answer.parts] == expected(bundle)
    # Parts 2 and 3 wait for part 1's result: the words say so, as in "My dossiers".
    held = status_words.words(f"{Status.SUBMITTED}:held")
    assert [p.status_label for p in answer.parts][1:] == [held, held]
    facts = lookup.facts(answer)
    assert set(facts) == set(lookup.facts(lookup.public_status(dossier(bundle, 1).code)))  # one fixed shape
    assert facts["national_status"] is None and facts["details"] is None
    assert [set(p) for p in facts["parts"]] == [{"code", "status", "status_label", "national_status"}] * 3
    # A proof changes nothing: a bundle's answer never carries details.
    assert lookup.public_status(bundle.reference, factor=APPLICANT.phone[-4:]).details is None


def test_the_page_the_api_and_sms_agree_for_a_bundle_at_every_step(client, cast, linked, bundle, settings):  # noqa: F811
    _, desk_b = linked
    settings.EGOV_SMS_MAX_SEGMENTS = 10  # room for every part (the limit's own test is below)
    at = MONDAY + hours(1)
    moves = [
        lambda: None,
        lambda: give_result(cast, dossier(bundle, 1), at),  # releases parts 2 and 3
        lambda: step(dossier(bundle, 2), "accept", desk_b, at + hours(5)),
    ]
    seen = set()
    for move in moves:
        move()
        rows = expected(bundle)
        seen.add(tuple(words for _code, words in rows))
        page = client.get(f"/tra-cuu/{bundle.reference}/")
        assert page.status_code == 200
        html = unescape(page.content.decode())
        listed = re.findall(r"<code>(.*?)</code></a>: <span class=\"badge\">(.*?)</span>", html)
        assert listed == rows
        assert 'id="factor-form"' not in html
        by_get = client.get(f"/api/v1/lookup/{bundle.reference}").json()
        by_post = client.post(
            "/api/v1/dossiers/lookup", {"code": bundle.reference}, content_type="application/json"
        ).json()
        assert by_get == by_post
        assert [(p["code"], p["status_label"]) for p in by_get["parts"]] == rows
        reply = inbound.receive("0987000111", f"tra cuu {bundle.reference.lower()}").payload["text"]
        for code, words in rows:
            assert f"{code}: {words}" in reply
        for text in (html, str(by_get), reply):
            assert not any(p in text for p in PERSONAL)
            assert "Đăng ký thường trú" not in text  # the bare answer names no procedure
    assert len(seen) == 3  # the statuses did change between the steps


def test_my_dossiers_and_the_look_up_say_the_same_for_each_part(client, bundle):
    client.force_login(bundle.owner)
    page = unescape(client.get(reverse("portal:bundle", args=[bundle.reference])).content.decode())
    for code, words in expected(bundle):
        assert re.search(rf"<code>{re.escape(code)}</code><br>\s*<span[^>]*>{re.escape(words)}</span>", page)
    # The page tells the citizen where to look the reference up, the keypad number included.
    assert reverse("dossiers:lookup", args=[bundle.reference]) in page
    assert keypad.bundle_number(bundle.pk) in page and "TRACUU " + bundle.reference in page


def test_the_telephone_line_says_each_part_s_status(client, bundle):
    number = keypad.bundle_number(bundle.pk)
    assert keypad.code_for(number) == bundle.reference
    spoken = unescape(client.post(reverse("ivr:status"), {"ma": number}).content.decode())
    assert f"{' '.join(number)}: 3 hồ sơ." in spoken
    for n, (_code, words) in enumerate(expected(bundle), start=1):
        assert f"Hồ sơ thứ {n}: {words}." in spoken
    assert "<exit/>" in spoken and not any(p in spoken for p in PERSONAL)


@pytest.mark.parametrize("change", ["mistyped", "no zero", "nobody"])
def test_a_wrong_bundle_number_names_nothing(client, bundle, change):
    number = keypad.bundle_number(bundle.pk)
    typed = {
        "mistyped": number[:-1] + str((int(number[-1]) + 1) % 10),
        "no zero": "0" + keypad.keypad_number(bundle.pk + 1000),
        "nobody": "0" + keypad.keypad_number(bundle.pk + 1000),
    }[change]
    assert keypad.code_for(typed) is None
    spoken = unescape(client.post(reverse("ivr:status"), {"ma": typed}).content.decode())
    assert bundle.reference not in spoken and "Không có hồ sơ" in spoken


def test_an_unknown_bundle_reference_is_not_found_on_any_channel(client, bundle):
    other = bundle.reference[:-1] + ("2" if bundle.reference[-1] != "2" else "3")
    assert lookup.public_status(other) is None
    assert client.get(f"/tra-cuu/{other}/").status_code == 404
    assert client.get(f"/api/v1/lookup/{other}").status_code == 404
    assert other in inbound.receive("0987000111", f"TRACUU {other}").payload["text"]


@pytest.mark.parametrize("limit", [2, 3, 4])
def test_a_bundle_answer_by_sms_stays_within_the_segment_limit(bundle, settings, limit):
    """What does not fit is counted ("Thêm N hồ sơ"), never cut in the middle of a code or a status."""
    settings.EGOV_SMS_MAX_SEGMENTS = limit
    text = inbound.receive("0987000111", f"TRACUU {bundle.reference}").payload["text"]
    assert segments.fits(text, limit)
    listed = [code for code, words in expected(bundle) if f"{code}: {words}" in text]
    counted = re.search(r"Thêm (\d) hồ sơ", text)
    assert len(listed) + (int(counted.group(1)) if counted else 0) == 3, text
    assert listed == [code for code, _words in expected(bundle)][: len(listed)]
    settings.EGOV_SMS_MAX_SEGMENTS = 1  # not even the count fits: cut, still within the limit
    assert segments.fits(inbound.receive("0987000222", f"TRACUU {bundle.reference}").payload["text"], 1)
