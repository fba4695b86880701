"""The bare look-up page kept rendered per process (egov.dossiers.lookup_page): the same page as a rendering
for every kind of code, served without rendering, never stale after a move, with a working CSRF token of
its own, and only to visitors without a session (a signed-in person's layout is their own)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from egov.dossiers import lookup_page, status_words
from egov.dossiers.models import Status
from tests.dossiers.conftest import MONDAY, hours, receive, step
from tests.dossiers.test_dossier_codes_law import _submit


def _url(code: str) -> str:
    return reverse("dossiers:lookup", args=[code])


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _without_tokens(page: str) -> str:
    return TOKEN.sub("", page)


@pytest.fixture
def kinds(cast, flows):
    """A dossier code, the same typed in lower case, an online submission's reference, and a reference
    since accepted (the page says which code replaced it)."""
    d = receive(cast, flows.simple)
    waiting = _submit(cast, flows.simple)
    accepted = step(_submit(cast, flows.simple), "accept", cast.desk_officer, MONDAY)
    return {
        "code": d.code,
        "code in lower case": d.code.lower(),
        "reference": waiting.submission_ref,
        "accepted reference": accepted.submission_ref,
    }


def test_the_kept_page_is_the_rendered_page_for_every_kind_of_code(kinds, monkeypatch):
    kept = {name: Client().get(_url(code)) for name, code in kinds.items()}
    monkeypatch.setattr(lookup_page, "applies", lambda request: False)
    for name, code in kinds.items():
        rendered = Client().get(_url(code))
        assert rendered.status_code == kept[name].status_code == 200, name
        assert _without_tokens(kept[name].content.decode()) == _without_tokens(rendered.content.decode()), (
            name
        )
    assert 'id="lookup-awaiting"' in kept["reference"].content.decode()
    assert 'id="lookup-accepted"' in kept["accepted reference"].content.decode()


def test_a_code_never_seen_is_served_without_rendering(cast, flows):
    first, second = receive(cast, flows.simple), receive(cast, flows.simple)
    assert Client().get(_url(first.code)).templates  # renders the page of a received dossier, once
    again = Client().get(_url(second.code))
    assert again.status_code == 200 and not again.templates and second.code in again.content.decode()
    assert first.code not in again.content.decode()


def test_a_move_changes_the_page_at_once(cast, flows):
    d = receive(cast, flows.simple)
    received, processing = status_words.label(Status.RECEIVED), status_words.label(Status.PROCESSING)
    assert received in Client().get(_url(d.code)).content.decode()
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    assert d.status == Status.PROCESSING
    page = Client().get(_url(d.code)).content.decode()
    assert processing in page and received not in page


def test_each_visitor_gets_a_token_of_their_own_that_passes_the_csrf_check(cast, flows):
    d = receive(cast, flows.simple)
    Client().get(_url(d.code))  # kept now
    browser = Client(enforce_csrf_checks=True)
    response = browser.get(_url(d.code))
    assert not response.templates and "csrftoken" in response.cookies
    tokens = TOKEN.findall(response.content.decode())
    assert len(tokens) == 2 and len(set(tokens)) == 1  # the language switch and the second factor
    shown = browser.post(_url(d.code), {"factor": "5678", "csrfmiddlewaretoken": tokens[0]})
    assert shown.status_code == 200 and 'id="public-applicant"' in shown.content.decode()
    stranger = Client(enforce_csrf_checks=True)
    stranger.get(_url(d.code))
    assert stranger.post(_url(d.code), {"factor": "5678", "csrfmiddlewaretoken": "x" * 64}).status_code == 403


def test_a_signed_in_officer_gets_the_page_of_their_own_layout(cast, flows):
    d = receive(cast, flows.simple)
    Client().get(_url(d.code))  # kept for visitors
    officer = Client()
    officer.force_login(cast.desk_officer.user)
    response = officer.get(_url(d.code))
    assert response.templates and cast.desk_officer.user.get_full_name() in response.content.decode()


def test_the_language_is_part_of_the_key(cast, flows):
    d = receive(cast, flows.simple)
    vietnamese = Client().get(_url(d.code)).content.decode()
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.get(_url(d.code)).content.decode()
    assert 'lang="en"' in page and 'lang="vi"' in vietnamese and page != vietnamese


@pytest.fixture
def tight(settings):
    settings.EGOV_LOOKUP_LIMIT = 1
    settings.EGOV_LOOKUP_WINDOW = 600
    return settings


def _refused(code: str, address: str) -> Any:
    response = Client(REMOTE_ADDR=address).get(_url(code))
    assert response.status_code == 429 and response["Retry-After"]
    return response


def test_the_too_many_page_is_kept_and_is_the_rendered_page(cast, flows, tight, monkeypatch):
    """A flooding client is refused thousands of times a second: its 429 page is kept rendered per
    language and minutes to wait, with a working form token and its own address, like the rendered one."""
    d = receive(cast, flows.simple)
    Client(REMOTE_ADDR="203.0.113.1").get(_url(d.code))
    first = _refused(d.code, "203.0.113.1")
    again = _refused(d.code, "203.0.113.1")
    assert first.templates and not again.templates  # rendered once, then served as kept
    monkeypatch.setattr(lookup_page, "applies", lambda request: False)
    rendered = _refused(d.code, "203.0.113.1")
    assert rendered.templates
    assert _without_tokens(again.content.decode()) == _without_tokens(rendered.content.decode())
    assert TOKEN.search(again.content.decode())


def test_a_flood_logs_one_line_per_client_not_one_per_refusal(cast, flows, tight, caplog):
    d = receive(cast, flows.simple)
    for _ in range(6):
        Client(REMOTE_ADDR="203.0.113.2").get(_url(d.code))
    lines = [r.getMessage() for r in caplog.records]
    assert sum("rate limit: ip:203.0.113.2" in line for line in lines) == 1
    assert not [line for line in lines if line.startswith("Too Many Requests")]
