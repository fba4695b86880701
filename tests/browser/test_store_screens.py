"""The citizen's store in a real Chromium, without JavaScript: the list at phone and desktop widths (no
sideways scrolling), the download link, and removing a paper through the question page. Screenshots go to
var/screenshots/store-*.png. Skipped when /usr/bin/chromium is absent."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from egov.datastore.models import StoredPaper
from tests.browser.test_dossier_journey import SCREENSHOTS, chromium  # noqa: F401
from tests.datastore.conftest import accept, coded, pdf, returned, submit  # noqa: F401
from tests.dossiers.conftest import flows  # noqa: F401
from tests.factories import make_citizen


def _signed_in(chromium, live_server, user, width):  # noqa: F811
    # The citizens' login page is another branch's; a session made here stands for it.
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context = chromium.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": width, "height": 800},
        java_script_enabled=False,
    )
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )
    return context


def test_store_screens(chromium, live_server, transactional_db, settings, tmp_path, cast, coded):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EGOV_KEYS_DIR = tmp_path / "keys"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    citizen = make_citizen("congdan.browser", full_name="Nguyễn Văn An", id_number="001090012345")
    d = accept(cast, submit(cast, coded.simple, citizen, files=[pdf("Tờ khai đề nghị cấp bản sao.pdf")]))
    returned(cast, d, [pdf("ket-qua.pdf")])
    paper = StoredPaper.objects.get(kind=StoredPaper.Kind.PAPER)

    for width in (360, 1280):
        context = _signed_in(chromium, live_server, citizen, width)
        page = context.new_page()
        page.goto("/kho-du-lieu/")
        page.screenshot(path=str(SCREENSHOTS / f"store-index-{width}.png"), full_page=True)
        expect(page.locator("h3", has_text="Tờ khai đề nghị cấp bản sao")).to_have_count(1)
        expect(page.locator("h3", has_text="Bản sao trích lục hộ tịch")).to_have_count(1)
        expect(page.get_by_text("001090012345.TEST.KQ01")).to_have_count(1)
        # Nothing wider than the screen: a phone never scrolls sideways to reach "Tải về".
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()

    context = _signed_in(chromium, live_server, citizen, 360)
    page = context.new_page()
    page.goto("/kho-du-lieu/")
    with page.expect_download() as download:
        page.locator(f"#paper-{paper.pk} a", has_text="Tải về").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.locator(f"#paper-{paper.pk} a", has_text="Gỡ bỏ").click()
    page.screenshot(path=str(SCREENSHOTS / "store-remove-360.png"), full_page=True)
    page.get_by_role("button", name="Gỡ khỏi kho của tôi").click()
    page.wait_for_url(f"{live_server.url}/kho-du-lieu/")
    expect(page.locator(f"#paper-{paper.pk}")).to_have_count(0)
    paper.refresh_from_db()
    assert paper.removed_at is not None
    context.close()
