"""The telephone line at the protocol level: a VoiceXML client (vxml_client.py) calls the live server as
a VoiceXML browser would, checks every document, presses keys, and listens to what is said; every audio
file it is given must be a valid WAV. What the phone says is the look-up's facts, as on the web page."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.utils import translation

from egov.dossiers import keypad, lookup
from egov.ivr import phrases, speech
from tests.dossiers.conftest import MONDAY, hours, receive, step
from tests.ivr import vxml_client as vxml

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _audio(settings, tmp_path):
    settings.EGOV_IVR_AUDIO_DIR = tmp_path / "ivr-audio"
    settings.EGOV_LOOKUP_LIMIT = 1000


@pytest.fixture
def dossier(cast, flows):
    d = receive(cast, flows.simple)
    return step(d, "forward", cast.desk_officer, MONDAY + hours(1))


def _vi(text) -> str:
    with translation.override("vi"):
        return str(text)


def _heard_audio(doc: vxml.Document) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (scripts/ensure-test-tools.sh installs it)")
    urls = doc.audio_urls()
    assert urls, doc.url
    for url in urls:
        assert vxml.check_audio(url) > 0.3


def test_a_call_hears_the_status_then_the_details_the_page_shows(live_server, dossier):
    number = keypad.keypad_number(dossier.pk)
    start = vxml.fetch(live_server.url + "/ivr/")
    assert _vi(phrases.WELCOME) in start.spoken()
    _heard_audio(start)

    status = vxml.press(start, "ma", number)
    facts = lookup.facts(lookup.public_status(dossier.code))
    assert f"{' '.join(number)}: {facts['status_label']}." in status.spoken()
    assert facts["status_label"] == "Đang xử lý"
    _heard_audio(status)  # the dynamic sentence too, rendered on demand

    details = vxml.press(status, "so", "5678")  # the applicant's phone ends in 5678
    full = lookup.facts(lookup.public_status(dossier.code, factor="5678"))["details"]
    said = details.spoken()
    with translation.override("vi"):
        due = phrases.moment(full["due_at"])
    for fact in (full["procedure"], full["holding_agency"], due):
        assert fact in said
    late = "Hồ sơ đã quá hạn." if full["overdue"] else "Hồ sơ chưa quá hạn."
    assert "Thủ tục: " in said and "viết tắt: N A." in said and late in said
    assert details.root.find(f".//{vxml.V}exit") is not None
    _heard_audio(details)


def test_a_wrong_ending_tells_the_status_only(live_server, dossier):
    status = vxml.press(vxml.fetch(live_server.url + "/ivr/"), "ma", keypad.keypad_number(dossier.pk))
    said = vxml.press(status, "so", "0000").spoken()
    assert _vi(phrases.WRONG_FACTOR) in said and "Đang xử lý" in said
    assert dossier.procedure.name not in said


@pytest.mark.parametrize("typed", ["mistyped", "swapped", "nobody", "short"])
def test_unknown_or_mistyped_numbers_go_back_to_the_start(live_server, dossier, typed):
    good = keypad.keypad_number(dossier.pk)
    number = {
        "mistyped": good[:-1] + str((int(good[-1]) + 1) % 10),
        "swapped": good[1] + good[0] + good[2:] if good[0] != good[1] else good + "1",
        "nobody": keypad.keypad_number(dossier.pk + 1000),
        "short": "7",
    }[typed]
    answer = vxml.press(vxml.fetch(live_server.url + "/ivr/"), "ma", number)
    assert _vi(phrases.UNKNOWN) in answer.spoken()
    assert "Đang xử lý" not in answer.spoken()
    again = vxml.follow_goto(answer)
    assert _vi(phrases.WELCOME) in again.spoken()


def test_silence_and_wrong_keys_are_handled_then_the_call_ends(live_server):
    start = vxml.fetch(live_server.url + "/ivr/")
    field = start.field("ma")
    for handler, said in (("noinput", phrases.NO_INPUT), ("nomatch", phrases.NO_MATCH)):
        first, last = field.findall(vxml.V + handler)
        assert (first.get("count"), last.get("count")) == ("1", "3")
        assert _vi(said) in start.spoken(first) and first.find(vxml.V + "exit") is None
        assert _vi(phrases.GOODBYE) in start.spoken(last) and last.find(vxml.V + "exit") is not None


def test_without_espeak_the_prompts_fall_back_to_text(live_server, dossier, settings):
    settings.EGOV_IVR_ESPEAK = "no-such-espeak"
    start = vxml.fetch(live_server.url + "/ivr/")
    assert start.audio_urls() == [] and _vi(phrases.WELCOME) in start.spoken()


def test_limited_per_caller_through_a_listed_platform(live_server, dossier, settings):
    settings.EGOV_LOOKUP_LIMIT = 2
    settings.EGOV_IVR_PLATFORMS = ("127.0.0.1",)
    number = keypad.keypad_number(dossier.pk)
    start = vxml.fetch(live_server.url + "/ivr/")
    for _ in range(2):
        assert "Đang xử lý" in vxml.press(start, "ma", number, caller="tel:+84912000001").spoken()
    limited = vxml.press(start, "ma", number, caller="tel:+84912000001")
    assert _vi(phrases.LIMITED) in limited.spoken() and "Đang xử lý" not in limited.spoken()
    # Another caller through the same platform is still answered.
    assert "Đang xử lý" in vxml.press(start, "ma", number, caller="tel:+84912000002").spoken()


def test_unlisted_platform_is_limited_by_its_address(live_server, dossier, settings):
    settings.EGOV_LOOKUP_LIMIT = 2
    number = keypad.keypad_number(dossier.pk)
    start = vxml.fetch(live_server.url + "/ivr/")
    for caller in ("tel:1", "tel:2"):
        vxml.press(start, "ma", number, caller=caller)
    limited = vxml.press(start, "ma", number, caller="tel:3")  # a made-up caller number does not help
    assert _vi(phrases.LIMITED) in limited.spoken()


def test_the_command_renders_every_fixed_prompt(live_server, settings):
    call_command("ivr_prompts")
    for text in phrases.FIXED:
        name = speech.name_of(_vi(text))
        assert speech.path_of(name) is not None
        assert vxml.check_audio(f"{live_server.url}/ivr/am-thanh/{name}.wav") > 0.3


@pytest.mark.parametrize("name", ["x" * 64, "../../etc/passwd", "0" * 63])
def test_audio_of_anything_else_is_404(client, name):
    assert client.get(f"/ivr/am-thanh/{name}.wav").status_code == 404
