"""The guard of citizen pages: citizens in, visitors to the citizens' login, staff refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from egov.citizens.access import CITIZEN_LOGIN_URL, citizen_required, is_citizen
from tests.factories import UserFactory, make_citizen

pytestmark = pytest.mark.django_db


@citizen_required
def _page(request):  # type: ignore[no-untyped-def]
    return HttpResponse("ok")


def _get(user):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/ca-nhan/ho-so/?trang=2")
    request.user = user or AnonymousUser()
    return request


def test_a_citizen_passes() -> None:
    citizen = make_citizen()
    assert is_citizen(citizen)
    assert _page(_get(citizen)).content == b"ok"


def test_a_visitor_is_sent_to_the_citizens_login_and_back() -> None:
    response = _page(_get(None))
    assert response.status_code == 302
    assert response["Location"].startswith(CITIZEN_LOGIN_URL)
    assert "next=/ca-nhan/ho-so/%3Ftrang%3D2" in response["Location"]


def test_a_staff_account_is_refused() -> None:
    staff = UserFactory()
    assert not is_citizen(staff)
    with pytest.raises(PermissionDenied):
        _page(_get(staff))


def test_a_deactivated_citizen_is_refused() -> None:
    citizen = make_citizen(is_active=False)
    assert not is_citizen(citizen)
