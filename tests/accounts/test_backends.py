"""The signed-in user read by a statement built once (egov/accounts/backends.py), and sessions opened under
Django's ModelBackend carried over to egov's StaffBackend without signing anyone out."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.accounts.backends import StaffBackend
from egov.citizens.backends import CitizenPasswordBackend
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

STAFF = "egov.accounts.backends.StaffBackend"
OLD = "django.contrib.auth.backends.ModelBackend"


@pytest.mark.parametrize("backend", [StaffBackend, CitizenPasswordBackend])
def test_the_user_read_is_the_orms(cast, backend) -> None:
    user = cast.desk_officer.user
    ours, django = backend().get_user(user.pk), ModelBackend().get_user(user.pk)
    assert ours == django and ours is not None
    fields = [f.attname for f in get_user_model()._meta.concrete_fields]
    assert [getattr(ours, f) for f in fields] == [getattr(django, f) for f in fields]


@pytest.mark.parametrize("key", [0, -1, 2**63, 10**30, "x", None, "7.5"])
def test_no_user_for_a_key_that_is_not_one(cast, key) -> None:
    assert StaffBackend().get_user(key) is None


def test_an_inactive_account_is_not_signed_in(cast) -> None:
    user = cast.desk_officer.user
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert StaffBackend().get_user(user.pk) is None


def test_the_staff_login_records_egov_s_backend(cast, client) -> None:
    user = cast.desk_officer.user
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert client.session[BACKEND_SESSION_KEY] == STAFF
    assert client.get(reverse("dossiers:queues")).status_code == 302  # to the first queue: signed in


def test_a_session_of_the_old_backend_stays_signed_in_and_is_carried_over(cast, client) -> None:
    user = cast.desk_officer.user
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    session = client.session
    session[BACKEND_SESSION_KEY] = OLD  # as a session opened before the upgrade
    session.save()
    with CaptureQueriesContext(connection) as log:
        page = client.get(reverse("dossiers:queue", args=["to_process"]))
    assert page.status_code == 200 and page.context["user"] == user
    assert client.session[BACKEND_SESSION_KEY] == STAFF
    # One read of the user, by its key, as before.
    assert len([q for q in log.captured_queries if 'FROM "accounts_user"' in q["sql"]]) == 1


def test_a_session_naming_a_backend_no_longer_listed_is_signed_out(cast, client) -> None:
    user = cast.desk_officer.user
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    session = client.session
    session[BACKEND_SESSION_KEY] = "somewhere.else.Backend"
    session.save()
    assert client.get(reverse("dossiers:queue", args=["to_process"])).status_code == 302
