"""Who opens each statistics page, over GET and POST: a visitor, a citizen, and every staff persona. The
dashboard, its dossier lists, the bottleneck page and the exports are for leaders and auditors (over their
subtrees); the public page and the open data are for everyone, citizens included. Every page is read-only:
a POST is refused and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.stats import recount
from tests.conftest import PERSONAS
from tests.dossiers.conftest import receive
from tests.factories import make_citizen

pytestmark = pytest.mark.django_db

WHO = ("anonymous", "citizen", *PERSONAS)
STAFF_ONLY = {"leader": 200, "auditor": 200}
PERIOD = "?period=year&year=2026"


def _expected(allowed: dict[str, int]) -> dict[str, int]:
    """Staff pages: a visitor is sent to sign in, a citizen stopped at the boundary, other staff refused."""
    return {"anonymous": 302, **{name: allowed.get(name, 403) for name in WHO[1:]}}


CASES: list[tuple[str, str, dict[str, int]]] = [
    ("dashboard", reverse("stats:dashboard") + PERIOD, _expected(STAFF_ONLY)),
    ("dashboard by counter", reverse("stats:dashboard") + PERIOD + "&view=counter", _expected(STAFF_ONLY)),
    (
        "dossiers behind a counter's figure",
        reverse("stats:dossiers") + "?measure=ready&start=2026-01-01&end=2026-12-31&view=counter",
        _expected(STAFF_ONLY),
    ),
    (
        "dossiers behind a figure",
        reverse("stats:dossiers") + "?measure=received&start=2026-01-01&end=2026-12-31",
        _expected(STAFF_ONLY),
    ),
    ("bottlenecks", reverse("stats:bottlenecks") + PERIOD, _expected(STAFF_ONLY)),
    ("export xlsx", reverse("stats:export", args=["xlsx"]) + PERIOD, _expected(STAFF_ONLY)),
    ("export pdf", reverse("stats:export", args=["pdf"]) + PERIOD, _expected(STAFF_ONLY)),
    ("public page", reverse("stats:public") + PERIOD, dict.fromkeys(WHO, 200)),
    ("public xlsx", reverse("stats:public_xlsx") + PERIOD, dict.fromkeys(WHO, 200)),
    ("open data json", reverse("api:stats_figures") + PERIOD, dict.fromkeys(WHO, 200)),
    ("open data csv", reverse("api:stats_figures") + PERIOD + "&format=csv", dict.fromkeys(WHO, 200)),
]


@pytest.fixture
def users(cast, flows) -> dict[str, Any]:
    receive(cast, flows.simple)
    return {
        "anonymous": None,
        "citizen": make_citizen("congdan.thongke", full_name="Đặng Thị Số"),
        **{name: staff.user for name, staff in cast.all().items()},
    }


@pytest.mark.parametrize(("name", "url", "expected"), CASES, ids=[c[0] for c in CASES])
def test_get_by_persona(client, users, name, url, expected):
    for who in WHO:
        client.logout()
        if users[who] is not None:
            client.force_login(users[who])
        assert client.get(url).status_code == expected[who], (name, who)


@pytest.mark.parametrize(("name", "url", "expected"), CASES, ids=[c[0] for c in CASES])
def test_post_is_refused_and_changes_nothing(client, users, name, url, expected):
    before = (recount.stored(), AuditEntry.objects.exclude(object_type="accounts.user").count())
    for who in WHO:
        client.logout()
        if users[who] is not None:
            client.force_login(users[who])
        status = client.post(url).status_code
        assert status in (302, 403, 405), (name, who, status)
    assert (recount.stored(), AuditEntry.objects.exclude(object_type="accounts.user").count()) == before
