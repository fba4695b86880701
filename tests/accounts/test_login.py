"""Signing in: audited with the address, throttled per username and address, on the staff login and the
Django admin alike."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from egov.core.models import AuditEntry
from tests.conftest import PASSWORD

ADDRESS = "192.0.2.10"
OTHER_ADDRESS = "192.0.2.77"
LOGIN = "accounts:login"


def _sign_in(client, username, password, address=ADDRESS, url_name=LOGIN):
    return client.post(reverse(url_name), {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_and_logout_are_audited_with_the_address(cast, client):
    user = cast.desk_officer.user
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action="login")
    assert (entry.actor_id, entry.object_id, entry.ip) == (user.pk, str(user.pk), ADDRESS)
    assert entry.agency_path == cast.province.commune_a.path
    client.post(reverse("accounts:logout"), REMOTE_ADDR=ADDRESS)
    entry = AuditEntry.objects.get(action="logout")
    assert (entry.actor_id, entry.ip) == (user.pk, ADDRESS)


def test_a_failed_login_names_the_username_never_the_password(cast, client):
    response = _sign_in(client, "motcua.anbinh", "doan-mat-khau-bi-mat")
    assert response.status_code == 200 and not _signed_in(client)
    _sign_in(client, "khong.ton.tai", "mat-khau-khac-bi-mat")
    rows = {e.object_repr: e for e in AuditEntry.objects.filter(action="login.failed")}
    assert set(rows) == {"motcua.anbinh", "khong.ton.tai"}
    assert rows["motcua.anbinh"].object_id == str(cast.desk_officer.user.pk)
    assert rows["motcua.anbinh"].agency_path == cast.province.commune_a.path
    assert rows["khong.ton.tai"].object_id == ""
    assert {e.ip for e in rows.values()} == {ADDRESS}
    every_value = str(list(AuditEntry.objects.values()))
    assert "bi-mat" not in every_value


def test_the_nth_failure_locks_that_username_from_that_address(cast, client):
    user = cast.desk_officer.user
    limit = settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        assert _sign_in(client, user.username, "sai-mat-khau").status_code == 200
    locked = _sign_in(client, user.username, "sai-mat-khau")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Đăng nhập bị khóa" in html  # Vietnamese, in the site's layout
    assert 'class="topbar"' in html
    assert _sign_in(client, user.username, PASSWORD).status_code == 429
    assert not _signed_in(client)
    assert AuditEntry.objects.filter(
        action="login.locked_out", object_repr=user.username, ip=ADDRESS
    ).exists()
    # The same account from another address, and another account from this one, still sign in.
    assert _sign_in(client, user.username, PASSWORD, address=OTHER_ADDRESS).status_code == 302
    client.logout()
    assert _sign_in(client, cast.clerk.user.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(cast, client):
    user = cast.desk_officer.user
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, user.username, "sai-mat-khau")
    assert _sign_in(client, user.username, PASSWORD).status_code == 429
    past = dt.timedelta(minutes=1) + settings.AXES_COOLOFF_TIME
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_an_administrator_unlocks_with_axes_reset_username(cast, client):
    user = cast.desk_officer.user
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, user.username, "sai-mat-khau")
    assert _sign_in(client, user.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", user.username)
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_django_admin_login_is_throttled_too(cast, client):
    superuser = cast.province_admin.user
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, superuser.username, "sai", url_name="admin:login").status_code == 200
    assert _sign_in(client, superuser.username, "sai", url_name="admin:login").status_code == 429
    assert _sign_in(client, superuser.username, PASSWORD, url_name="admin:login").status_code == 429
    assert not _signed_in(client)


@pytest.mark.parametrize("value", ["0", "abc"])
def test_a_bad_failure_limit_stops_start_up(value):
    from egov.core.env import ConfigError, Env

    with pytest.raises(ConfigError, match="EGOV_LOGIN_FAILURE_LIMIT"):
        Env({"EGOV_LOGIN_FAILURE_LIMIT": value}).integer("LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)


@pytest.mark.parametrize("behind_proxy", [False, True])
def test_the_address_comes_from_the_proxy_only_behind_one(cast, client, settings, behind_proxy):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None
    client.post(
        reverse(LOGIN),
        {"username": "motcua.anbinh", "password": "sai"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.44",
    )
    entry = AuditEntry.objects.get(action="login.failed")
    assert entry.ip == ("192.0.2.44" if behind_proxy else "10.0.0.5")
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == entry.ip
