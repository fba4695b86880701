"""Access matrix of the back-office screens that only read: the home page, the audit log and the calendar.

GET: allowed personas get 200, others 403 (or 404 for an audit entry outside their subtree), an anonymous
visitor the login page. POST to a screen that only reads is refused (405) for everyone, and nothing in the
audit log or the calendar changes. The calendar's own edit screens have their matrix in
test_calendar_views.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.core import audit
from egov.core.models import AuditEntry, CalendarDay
from tests.conftest import PERSONAS

AUDIT_READERS = {"province_admin", "justice_admin", "auditor"}


@pytest.fixture
def commune_entry(cast):
    """An audit entry about commune A: outside the Department of Justice's subtree."""
    agency = cast.province.commune_a
    return audit.record(cast.province_admin.user, "test.entry", agency, agency_path=agency.path)


def _world() -> tuple:
    return (
        AuditEntry.objects.count(),
        list(CalendarDay.objects.order_by("date", "scope").values_list("date", "scope", "kind", "name")),
    )


SCREENS = {
    # name: (url name, args from (cast, entry), who gets 200 on GET, status for the others)
    "home": ("core:home", lambda c, e: [], set(PERSONAS), 403),
    "audit_list": ("core:audit_list", lambda c, e: [], AUDIT_READERS, 403),
    "audit_detail_commune": ("core:audit_detail", lambda c, e: [e.pk], {"province_admin", "auditor"}, None),
    "calendar": ("core:calendar", lambda c, e: [], {"province_admin", "justice_admin"}, 403),
}


@pytest.mark.parametrize("persona", [None, *PERSONAS])
@pytest.mark.parametrize("screen_key", sorted(SCREENS))
def test_access(cast, client, login, commune_entry, screen_key, persona):
    url_name, args, allowed, refused = SCREENS[screen_key]
    url = reverse(url_name, args=args(cast, commune_entry))
    if persona:
        login(getattr(cast, persona))
    before = _world()

    response = client.get(url)
    if persona is None and screen_key == "home":
        # The site's address: a visitor gets the portal's front page (tests/portal/test_front_page.py).
        assert response.status_code == 200 and "Tìm thủ tục" in response.content.decode()
    elif persona is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    elif persona in allowed:
        assert response.status_code == 200
    elif refused is None:
        # The audit reader of another subtree: the entry does not exist for them.
        assert response.status_code in {403, 404}
        assert response.status_code == (404 if persona == "justice_admin" else 403)
    else:
        assert response.status_code == refused
    assert _world() == before, "a GET changed something"

    response = client.post(url, {"action": "x", "date": "2026-03-09", "kind": "day_off", "name": "x"})
    if persona is None and screen_key == "home":
        assert response.status_code == 405
    elif persona is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code in {403, 404, 405}
        if persona in allowed:
            assert response.status_code == 405
    assert _world() == before, "a POST changed something"
