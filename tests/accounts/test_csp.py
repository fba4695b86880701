"""The Content-Security-Policy and its companions on every page, and templates that need no exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)
TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "egov" / "templates",
    *Path(settings.BASE_DIR).glob("egov/*/templates"),
]
# A JSON data block (<script type="application/json">) is not run, and CSP does not apply to it.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*type=[\"']application/json)[^>]*>(?!\s*</script>)", re.IGNORECASE
)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


def _names(patterns, namespace: str = "") -> list[str]:
    names: list[str] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            names.append(namespace + entry.name)
    return names


def _crawl() -> list[str]:
    """Every named URL that takes no argument, including the Django admin's and the API's."""
    return sorted(set(_names(get_resolver().url_patterns)))


def test_the_crawl_covers_the_site():
    names = _crawl()
    assert {"accounts:login", "organizations:staff_list", "admin:index"} <= set(names)
    assert len(names) > 20


@pytest.mark.parametrize("persona", [None, "province_admin", "desk_officer"])
def test_every_page_carries_the_policy(cast, client, persona):
    if persona:
        client.force_login(getattr(cast, persona).user)
    for name in _crawl():
        response = client.get(reverse(name))
        assert response.status_code < 500, name
        policy = response.headers.get("Content-Security-Policy", "")
        for directive in POLICY:
            assert directive in policy, (name, directive)
        assert "unsafe-inline" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "same-origin", name
        assert response.headers["X-Frame-Options"] == "DENY", name
        if response.get("Content-Type", "").startswith("text/html") and not name.startswith("admin:"):
            html = response.content.decode()
            for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE):
                assert not pattern.search(html), (name, pattern.search(html))


def _templates() -> list[Path]:
    """Every page template. Not an email's HTML part (a `mail/` folder): mail programs drop stylesheets and
    apply no Content-Security-Policy, so an email's layout is styled inline; the site never serves it."""
    return [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html") if "mail" not in path.parts]


def test_templates_need_no_inline_script_or_style():
    found = _templates()
    assert len(found) > 20
    offenders = [
        (str(path), pattern.pattern)
        for path in found
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE)
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<td style="padding-left:2em">',
        "<style>p{}</style>",
        '<script type="text/javascript">go()</script>',
    ],
)
def test_the_scan_sees_each_kind_of_inline_code(html):
    assert any(pattern.search(html) for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE))
    assert not any(
        pattern.search('<script src="/static/x.js" defer></script><p class="on-top">')
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE)
    )


def test_the_kept_policy_text_is_django_csp_s_own_and_follows_the_settings(client, settings):
    """egov/core/csp.py keeps the header's text per process: the same text django-csp builds, built again
    when the settings change, and a response that changes its own policy still gets its own."""
    from csp.utils import build_policy
    from django.http import HttpResponse
    from django.test import RequestFactory

    from egov.core.csp import CSPMiddleware

    assert client.get("/").headers["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https:"]}}
    changed = client.get("/").headers["Content-Security-Policy"]
    assert changed == build_policy() and set(changed.split("; ")) == {"default-src 'self'", "img-src https:"}

    middleware = CSPMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    response = HttpResponse()
    response._csp_update = {"img-src": ["data:"]}  # what django-csp's @csp_update sets
    answered = middleware.process_response(request, response)
    assert set(answered.headers["Content-Security-Policy"].split("; ")) == {
        "default-src 'self'",
        "img-src https: data:",
    }
