"""The bare look-up page kept rendered per process (egov.dossiers.lookup_page): served again without
rendering, never stale after a move, with a working CSRF token of its own, and only to visitors without a
session (a signed-in person's layout is their own)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from egov.dossiers.models import Status
from tests.dossiers.conftest import MONDAY, hours, receive, step


def _url(code: str) -> str:
    return reverse("dossiers:lookup", args=[code])


def _token(page: str) -> str:
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) == 2 and len(set(tokens)) == 1, "one fresh token in both forms"
    return tokens[0]


def test_the_second_visit_of_a_bare_status_is_served_without_rendering(cast, flows):
    d = receive(cast, flows.simple)
    first = Client().get(_url(d.code))
    again = Client().get(_url(d.code))
    assert first.status_code == again.status_code == 200
    assert first.templates and not again.templates  # the kept page, not a new rendering
    same = re.sub(r'value="[^"]{64}"', "", first.content.decode())
    assert same == re.sub(r'value="[^"]{64}"', "", again.content.decode())


def test_a_move_changes_the_page_at_once(cast, flows):
    d = receive(cast, flows.simple)
    assert str(Status.RECEIVED.label) in Client().get(_url(d.code)).content.decode()
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    assert d.status == Status.PROCESSING
    page = Client().get(_url(d.code)).content.decode()
    assert str(Status.PROCESSING.label) in page and str(Status.RECEIVED.label) not in page


def test_each_visitor_gets_a_token_of_their_own_that_passes_the_csrf_check(cast, flows):
    d = receive(cast, flows.simple)
    Client().get(_url(d.code))  # kept now
    browser = Client(enforce_csrf_checks=True)
    response = browser.get(_url(d.code))
    assert not response.templates and "csrftoken" in response.cookies
    token = _token(response.content.decode())
    shown = browser.post(_url(d.code), {"factor": "5678", "csrfmiddlewaretoken": token})
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
