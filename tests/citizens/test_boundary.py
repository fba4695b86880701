"""Citizens never reach a staff screen: an access matrix over every URL pattern of the project, GET and POST.

Which URLs are staff URLs is not listed here: a URL is a staff URL when an anonymous visitor is sent to a
staff login for it or refused (401/403), or when it is a staff login itself (/accounts/, /django-admin/).
So a staff URL added tomorrow is in this matrix without anyone touching it, and the citizen must get the
403 page for it; every other URL (public pages, the citizens' own) must not be refused by the boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.citizens.conftest import verified_citizen

pytestmark = pytest.mark.django_db

BOUNDARY_TEXT = "Trang này dành cho cán bộ"
STAFF_LOGINS = ("/accounts/login/", "/django-admin/login/")
STAFF_AREAS = ("/accounts/", "/django-admin/")
#: API endpoints for signed-in citizens (a linked filing and its bundle, egov/api/groups.py): they answer 401
#: to an anonymous caller as staff endpoints do, so the rule above cannot tell them apart; named here.
CITIZEN_API = ("/api/v1/bundles/", "/api/v1/procedure-groups/")
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _sample(pattern: str) -> str:
    """A concrete path for a route or regex pattern."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), pattern)

    def group(m: re.Match[str]) -> str:
        inner = m.group(1)
        return inner.split("|")[0] if "|" in inner else "x"

    path = re.sub(r"\(\?P<\w+>([^)]*)\)", group, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def _patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def all_paths() -> list[str]:
    paths = sorted({_sample(p) for p in _patterns()})
    assert len(paths) > 100  # the whole project, not one app
    return paths


def _row_counts() -> dict[str, int]:
    skip = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
    return {
        m._meta.label_lower: m.objects.count() for m in apps.get_models() if m._meta.label_lower not in skip
    }


def _anonymous(client, path: str) -> tuple[bool, int]:
    """(is it a staff URL, the status an anonymous visitor gets)."""
    response = client.get(path)
    if path.startswith(CITIZEN_API):
        return False, response.status_code
    if path.startswith(STAFF_AREAS) or response.status_code in (401, 403):
        return True, response.status_code
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return location.startswith(STAFF_LOGINS), response.status_code


@pytest.fixture
def anonymous(client) -> dict[str, tuple[bool, int]]:
    return {path: _anonymous(client, path) for path in all_paths()}


@pytest.fixture
def classified(anonymous) -> dict[str, bool]:
    return {path: staff for path, (staff, _status) in anonymous.items()}


def test_every_sample_path_resolves_to_a_page():
    unresolved = []
    for path in all_paths():
        try:
            resolve(path)
        except Resolver404:
            unresolved.append(path)
    assert not unresolved


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_citizen_is_refused_every_staff_url_and_nothing_changes(client, classified, method):
    staff_paths = [path for path, staff in classified.items() if staff]
    # The places the brief names are among them.
    for expected in (
        "/ho-so/",
        "/org/agencies/",
        "/quan-tri/thu-tuc/",
        "/api/v1/me",
        "/django-admin/",
        "/phan-anh/quan-ly/",  # a staff screen under a citizens' prefix
        "/phan-anh/quan-ly/phieu-danh-gia/1/",
    ):
        assert expected in staff_paths, expected
    client.force_login(verified_citizen(email="lan@example.vn"))
    before = _row_counts()
    wrong = {}
    for path in staff_paths:
        response = getattr(client, method)(path)
        if response.status_code != 403 or BOUNDARY_TEXT not in response.content.decode():
            wrong[path] = response.status_code
    assert not wrong
    assert _row_counts() == before


def test_public_and_citizen_pages_stay_open_to_a_citizen(client, anonymous):
    # A path that names no page even for a visitor (the bare /api/v1/) may be refused; every other one not.
    open_paths = [path for path, (staff, status) in anonymous.items() if not staff and status != 404]
    open_paths += [p for p in all_paths() if p.startswith("/cong-dan/")]
    for expected in ("/thu-tuc/", "/tra-cuu/", "/i18n/setlang/", "/cong-dan/tai-khoan/", "/api/v1/bundles/x"):
        assert expected in open_paths, expected
    client.force_login(verified_citizen(email="lan@example.vn"))
    refused = {}
    for path in open_paths:
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if response.status_code == 403 and BOUNDARY_TEXT in response.content.decode():
                refused[path] = method
    assert not refused


def test_the_403_page_is_vietnamese_and_leads_the_citizen_home_not_to_staff_pages(client):
    client.force_login(verified_citizen(email="lan@example.vn"))
    response = client.get("/ho-so/")
    html = response.content.decode()
    assert response.status_code == 403
    assert BOUNDARY_TEXT in html
    assert "hãy đề nghị quản trị" not in html.lower()  # the staff advice is not for citizens
    assert 'class="brand" href="/"' not in html
    assert 'href="/thu-tuc/"' in html


def test_the_brand_link_and_menu_never_lead_a_citizen_to_staff_pages(client):
    client.force_login(verified_citizen(email="lan@example.vn"))
    html = client.get("/cong-dan/tai-khoan/").content.decode()
    assert 'class="brand" href="/"' not in html
    assert 'aria-label="Menu chính"' not in html  # the staff menu
    hrefs = re.findall(r'href="([^"#?]*)', html)
    staff = [h for h in hrefs if h.startswith("/") and not h.startswith(("/static/", "/accounts/login/"))]
    assert all(
        not h.startswith(("/ho-so/", "/org/", "/quan-tri/", "/django-admin/", "/audit/")) for h in staff
    )
    assert "/" not in hrefs


def test_a_visitor_on_the_citizens_pages_is_not_led_to_the_staff_sign_in(client):
    html = client.get("/cong-dan/dang-nhap/").content.decode()
    assert 'class="brand" href="/"' not in html
    assert 'class="brand" href="/"' in client.get("/accounts/login/").content.decode()


def test_an_address_that_names_no_page_is_the_404_page_for_a_citizen_too(client):
    """A mistyped address is not "a page for officials" (a newcomer's walk): the 404 page, as for anyone."""
    client.force_login(verified_citizen(email="lan@example.vn"))
    for path in ("/khong-co-trang/", "/ho-so/khong-co/xyz/", "/cong-dan/khong-co/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert BOUNDARY_TEXT not in response.content.decode()
