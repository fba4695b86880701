"""The indicator pages, the figure entry and a dossier's forecast in a real Chromium at a phone's and a
desktop's width, without JavaScript needs. Screenshots: var/screenshots/insight-*.png."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_dossier_journey import SCREENSHOTS, chromium  # noqa: F401
from tests.dossiers.conftest import flows, receive  # noqa: F401

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def signed_in(chromium, live_server, transactional_db, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    contexts = []

    def _open(user, viewport):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        context = chromium.new_context(base_url=live_server.url, locale="vi-VN", viewport=viewport)
        context.set_default_timeout(15_000)
        cookie = {"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key}
        context.add_cookies([{**cookie, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def test_insight_screens(cast, flows, signed_in, tmp_path):  # noqa: F811
    from egov.insight.models import ForecastScore, ManualFigure

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    d = receive(cast, flows.simple, now=timezone.now())
    ForecastScore.objects.create(
        dossier=d,
        probability=0.72,
        model_version=1,
        scored_at=timezone.now(),
        reasons=[
            {"feature": "hours_left", "push": 1.1, "value": 3.5},
            {"feature": "load", "push": 0.4, "value": 22},
        ],
    )
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = signed_in(cast.province_admin.user, viewport)
        page.goto("/chi-so/?kind=year")
        expect(page.locator("#indicators-766 tbody tr")).to_have_count(11)
        page.screenshot(path=str(SCREENSHOTS / f"insight-766-{name}.png"), full_page=True)
        page.goto("/chi-so/ung-dung-cntt/")
        expect(page.locator("#it-IT\\.DOC")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / f"insight-it-{name}.png"), full_page=True)
        page.goto("/chi-so/nhap-so-lieu/")
        page.screenshot(path=str(SCREENSHOTS / f"insight-enter-{name}.png"), full_page=True)
        page = signed_in(cast.desk_officer.user, viewport)
        page.goto(f"/ho-so/{d.pk}/")
        expect(page.locator("#dossier-forecast")).to_contain_text("72%")
        page.screenshot(path=str(SCREENSHOTS / f"insight-forecast-{name}.png"), full_page=True)

    # Enter a figure with its evidence from the phone, without JavaScript.
    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page = signed_in(cast.province_admin.user, PHONE)
    page.goto("/chi-so/nhap-so-lieu/")
    page.select_option("#id_agency", str(cast.province.justice.pk))
    page.select_option("#id_indicator", "IT.COMPUTERS")
    page.fill("#id_value", "95")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("#figure-form button[type=submit]")
    expect(page.locator("#recent-figures tbody tr")).to_have_count(1)
    page.screenshot(path=str(SCREENSHOTS / "insight-entered-phone.png"), full_page=True)
    assert ManualFigure.objects.get().evidence_name == "bao-cao.pdf"
