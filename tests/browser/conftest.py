"""Shared fixtures for browser tests: Debian's Chromium, driven by Playwright, against live_server.

Playwright's Python package is used only as a driver: it never downloads a browser. The browser is
Debian's /usr/bin/chromium (package `chromium`, which `make test` installs when it may). Without it
every test here is skipped with the reason shown in pytest's summary (`-ra`), except where
EGOV_TEST_REQUIRE_BROWSER=1 (CI) makes that an error. EGOV_TEST_CHROMIUM points at another binary.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run inside
# one unless told that this is deliberate. Tests here call the ORM only between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("EGOV_TEST_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# The flags this workplace's closed network needs: without the background-networking ones
# Chromium keeps opening connections that are refused (component updates, sync, field trials).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing_reason() -> str | None:
    if not CHROMIUM.exists():
        return (
            f"Debian's Chromium is not installed at {CHROMIUM}: "
            "run `sudo apt-get install chromium chromium-driver` (make test does it when run as root)"
        )
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is missing: run `make install`"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    reason = _missing_reason()
    if reason and os.environ.get("EGOV_TEST_REQUIRE_BROWSER") == "1":
        # CI sets this: there a missing browser is a broken install, not a reason to skip.
        raise pytest.UsageError(f"EGOV_TEST_REQUIRE_BROWSER=1 but {reason}")
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    """One headless Chromium for the session.

    Playwright's launch() starts it with a new, empty --user-data-dir of its own (a temporary
    directory it deletes on close); each test gets a fresh context, so no cookie leaks between tests.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium_browser, live_server) -> Iterator[object]:
    """A new page in a fresh browser context whose base URL is the live server."""
    context = chromium_browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(browser_page) -> Callable[[str], Path]:
    """screenshot("login-home") writes var/screenshots/login-home.png of the whole page."""

    def _take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + ".png")
        browser_page.screenshot(path=str(path), full_page=True)
        return path

    return _take
