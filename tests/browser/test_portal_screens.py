"""The citizen's own space in a real Chromium, without JavaScript needs, at a phone's and a desktop's width:
the list of my dossiers, a dossier waiting for a supplement sent from its page with a file, the withdrawal's
confirmation, and a dossier with its result to download. Screenshots: var/screenshots/portal-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_dossier_journey import SCREENSHOTS, chromium  # noqa: F401
from tests.dossiers.conftest import flows  # noqa: F401
from tests.portal.conftest import people  # noqa: F401
from tests.portal.helpers import processing, resolved, supplement_asked

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def as_citizen(chromium, live_server, transactional_db, settings, tmp_path):  # noqa: F811
    """A browser context signed in as a citizen through a session made on the server (the citizens' own
    login page is another app's)."""
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


def test_my_dossiers_screens(cast, flows, people, as_citizen, tmp_path):  # noqa: F811
    from egov.dossiers.models import Dossier, Status

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    start = timezone.now() - dt.timedelta(days=2)
    done = resolved(cast, flows, people.owner, at=start - dt.timedelta(days=1))
    busy = processing(cast, flows, people.owner, at=start)
    asked = supplement_asked(cast, flows, people.owner, at=start + dt.timedelta(hours=1))

    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = as_citizen(people.owner, viewport)
        page.goto("/ca-nhan/ho-so/")
        expect(page.locator("#my-dossiers > li")).to_have_count(3)
        page.screenshot(path=str(SCREENSHOTS / f"portal-list-{name}.png"), full_page=True)
        page.goto(f"/ca-nhan/ho-so/{asked.pk}/")
        assert "Thiếu bản sao Giấy khai sinh" in page.inner_text("#ask-reason")
        page.screenshot(path=str(SCREENSHOTS / f"portal-supplement-asked-{name}.png"), full_page=True)
        page.goto(f"/ca-nhan/ho-so/{done.pk}/")
        expect(page.locator("#results a")).to_have_count(1)
        page.screenshot(path=str(SCREENSHOTS / f"portal-result-{name}.png"), full_page=True)
        page.goto(f"/ca-nhan/ho-so/{busy.pk}/rut/")
        page.screenshot(path=str(SCREENSHOTS / f"portal-withdraw-{name}.png"), full_page=True)

    # Send the supplement from the phone: nothing first (the error summary), then a scan.
    page = as_citizen(people.owner, PHONE)
    page.goto(f"/ca-nhan/ho-so/{asked.pk}/")
    page.click("#supplement-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    page.screenshot(path=str(SCREENSHOTS / "portal-supplement-error-phone.png"), full_page=True)
    scan = tmp_path / "ban-sao-giay-khai-sinh.pdf"
    scan.write_bytes(b"%PDF-1.4 ban sao")
    page.set_input_files("#supplement-form input[type=file]", str(scan))
    page.fill("#supplement-form textarea", "Gửi bản sao Giấy khai sinh")
    page.click("#supplement-form button[type=submit]")
    page.wait_for_selector(".messages li")
    assert Dossier.objects.get(pk=asked.pk).status == Status.PROCESSING
    page.screenshot(path=str(SCREENSHOTS / "portal-supplement-sent-phone.png"), full_page=True)
    with page.expect_download() as download:
        page.goto(f"/ca-nhan/ho-so/{done.pk}/")
        page.click("#results a")
    assert download.value.suggested_filename == "ket-qua.pdf"
