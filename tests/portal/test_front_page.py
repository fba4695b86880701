"""The site's address serves everyone: a visitor gets the portal's front page (the public services, with the
officials' sign-in last, never only the staff sign-in), a citizen their own home (so the error page's "home"
link never leads back to a refusal), an official the staff home. Every page a visitor or a citizen sees
carries the portal's menu; /favicon.ico answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.citizens.access import citizen_home_url
from tests.factories import make_citizen

pytestmark = pytest.mark.django_db


def test_a_visitor_at_the_sites_address_sees_the_public_services(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    names = (
        "procedures:index",
        "dossiers:lookup_form",
        "stats:public",
        "citizens:login",
        "citizens:register",
    )
    for name in names:
        assert f'href="{reverse(name)}"' in page or f'action="{reverse(name)}"' in page, name
    assert f'href="{reverse("accounts:login")}"' in page  # the officials' way in is there too
    assert "Tìm thủ tục" in page and "Theo dõi hồ sơ" in page


def test_a_citizen_at_the_sites_address_is_sent_to_their_own_home(client):
    client.force_login(make_citizen("lan", verified=True))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == citizen_home_url()


def test_an_official_at_the_sites_address_gets_the_staff_home(client, cast):
    client.force_login(cast.desk_officer.user)
    page = client.get("/").content.decode()
    assert 'aria-label="Menu chính"' in page  # the staff menu
    assert "Theo dõi hồ sơ" not in page


@pytest.mark.parametrize("path", ["procedures:index", "dossiers:lookup_form", "accounts:login"])
def test_public_pages_carry_the_portals_menu_for_a_visitor(client, path):
    page = client.get(reverse(path)).content.decode()
    assert "citizen-menu" in page
    # A citizen who came to the officials' sign-in finds their own.
    assert f'href="{reverse("citizens:login")}"' in page


def test_the_browsers_icon_answers_for_a_visitor_and_a_citizen(client):
    assert client.get("/favicon.ico").status_code == 302
    client.force_login(make_citizen("lan", verified=True))
    assert client.get("/favicon.ico").status_code == 302  # not the officials-only refusal
