"""One answer to "where is dossier X" on every channel: the selector called as a function (what the SMS
channel calls), the JSON API and the web page give the same facts at every step of a dossier's life; the
bare answer is cached and never served stale after a move."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.utils import timezone
from ninja.responses import NinjaJSONEncoder

from egov.dossiers import lookup
from tests.dossiers.conftest import MONDAY, hours, receive, step

MOVES = [
    ("forward", "desk_officer", {}),
    ("assign", "specialist", {"handler": "specialist"}),
    ("submit_for_approval", "specialist", {}),
    ("approve", "leader", {}),
    ("return_result", "desk_officer", {}),
]


def _page_facts(html: str) -> dict[str, str]:
    """The text of each fact on the look-up page, by its element id."""
    found = {}
    for name in ("public-status", "public-procedure", "public-applicant", "public-holder", "public-due"):
        match = re.search(rf'id="{name}">(.*?)</', html, re.S)
        found[name] = unescape(match.group(1)).strip() if match else ""
    found["overdue"] = "badge late" in html
    return found


def _as_json(data: object) -> object:
    return json.loads(json.dumps(data, cls=NinjaJSONEncoder))


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else "—"


def test_function_json_and_page_agree_at_every_step(client, cast, flows, settings):
    settings.EGOV_LOOKUP_LIMIT = 1000
    d = receive(cast, flows.simple)
    token = lookup.token_for(d.code)
    for at, (action, who, extra) in enumerate([(None, "", {}), *MOVES]):
        if action is not None:
            kw = {k: getattr(cast, v).user for k, v in extra.items()}
            d = step(d, action, getattr(cast, who), MONDAY + hours(at), **kw)
        called = lookup.public_status(d.code, token=token)
        assert called is not None and called.details is not None
        facts = lookup.facts(called)
        by_json = client.get(f"/api/v1/lookup/{d.code}", {"t": token}).json()
        assert by_json == _as_json(facts), action
        page = _page_facts(client.get(f"/tra-cuu/{d.code}/", {"t": token}).content.decode())
        details = facts["details"]
        assert page == {
            "public-status": facts["status_label"],
            "public-procedure": details["procedure"],
            "public-applicant": details["applicant"],
            "public-holder": details["holding_agency"],
            "public-due": _local(details["due_at"]),
            "overdue": details["overdue"],
        }, action
    assert facts["status"] == "returned" and details["returned_at"] is not None


def test_holding_agency_follows_the_dossier(cast, flows):
    d = receive(cast, flows.simple)
    token = lookup.token_for(d.code)
    assert lookup.public_status(d.code, token=token).details.holding_agency == cast.province.commune_a.name
    step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    held = lookup.public_status(d.code, token=token).details.holding_agency
    assert held == cast.province.justice_office.name


def test_get_endpoint_bare_without_token_and_in_the_openapi_document(client, cast, flows):
    d = receive(cast, flows.simple)
    bare = client.get(f"/api/v1/lookup/{d.code.lower()}").json()
    assert bare["details"] is None and bare["code"] == d.code and bare["status"] == d.status
    assert client.get("/api/v1/lookup/NOT-A-CODE-9").status_code == 404
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/lookup/{code}" in paths and "get" in paths["/api/v1/lookup/{code}"]


@pytest.fixture
def cached(settings):
    settings.EGOV_LOOKUP_CACHE_SECONDS = 60
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_bare_answer_is_served_from_the_cache(cached, cast, flows, django_assert_num_queries):
    d = receive(cast, flows.simple)
    first = lookup.public_status(d.code)
    with django_assert_num_queries(0):
        assert lookup.public_status(d.code) == first


def test_a_stale_status_is_never_served_after_a_move(
    cached, client, cast, flows, settings, django_capture_on_commit_callbacks
):
    settings.EGOV_LOOKUP_LIMIT = 1000
    d = receive(cast, flows.simple)
    for at, (action, who, extra) in enumerate(MOVES, start=1):
        before = lookup.public_status(d.code)  # now cached
        kw = {k: getattr(cast, v).user for k, v in extra.items()}
        # The move's commit hooks run as its transaction commits (the test's own transaction never does).
        with django_capture_on_commit_callbacks(execute=True):
            d = step(d, action, getattr(cast, who), MONDAY + hours(at), **kw)
        after = lookup.public_status(d.code)
        assert after.status == d.status, action
        assert client.get(f"/api/v1/lookup/{d.code}").json()["status"] == d.status, action
        if before.status != d.status:
            assert after != before
