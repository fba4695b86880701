"""Registering, verifying by a code, logging in and out, resetting the password."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.citizens import codes, services
from egov.citizens.models import Citizen, VerificationCode
from egov.citizens.permissions import may_file
from egov.core.models import AuditEntry
from tests.citizens.conftest import PASSWORD, last_code, verified_citizen
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "mot-mat-khau-moi-2026"


def _register(
    client, identifier="lan@example.vn", password=NEW_PASSWORD, password2=None, name="Trần Thị Lan"
):
    return client.post(
        reverse("citizens:register"),
        {
            "full_name": name,
            "identifier": identifier,
            "password": password,
            "password2": password2 or password,
        },
    )


def _logged_in_user(client):
    return client.session.get("_auth_user_id")


def test_registering_by_email_makes_a_citizen_account_and_sends_a_code_by_email(client):
    response = _register(client)
    assert response.status_code == 302 and response["Location"] == reverse("citizens:verify")
    user = User.objects.get(email="lan@example.vn")
    assert user.is_citizen and user.full_name == "Trần Thị Lan" and user.check_password(NEW_PASSWORD)
    assert Citizen.objects.filter(user=user, email_verified_at=None).exists()
    message = OutboxMessage.objects.get(topic="email", payload__to="lan@example.vn")
    code = last_code("lan@example.vn")
    assert code in message.payload["body"]
    # Only a keyed hash of the code is stored.
    stored = VerificationCode.objects.get(user=user)
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    assert AuditEntry.objects.filter(action="citizen.register", object_id=str(user.citizen.pk)).exists()
    assert _logged_in_user(client) == str(user.pk)


def test_registering_by_mobile_sends_the_code_by_sms(client):
    assert _register(client, identifier="+84 912 345 678").status_code == 302
    user = User.objects.get(phone="0912345678")
    assert user.is_citizen and not user.email
    assert OutboxMessage.objects.filter(topic="sms", payload__to="0912345678").exists()


@pytest.mark.parametrize(
    ("identifier", "password", "field", "text"),
    [
        ("0241234567", NEW_PASSWORD, "identifier", "di động"),  # a fixed line cannot receive the code
        ("lan@", NEW_PASSWORD, "identifier", "thư điện tử"),
        ("lan@example.vn", "12345678901", "password", "mật khẩu"),  # Django's validators: all digits
        ("lan@example.vn", "ngan", "password", "mật khẩu"),  # too short
    ],
)
def test_a_bad_registration_says_why_beside_the_field_and_creates_nothing(
    client, identifier, password, field, text
):
    response = _register(client, identifier=identifier, password=password)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert text in " ".join(form.errors[field]).lower()
    html = response.content.decode()
    assert "Có lỗi cần sửa" in html and f'href="#id_{field}"' in html  # the error summary links to the field
    assert not User.objects.filter(is_citizen=True).exists()
    assert not OutboxMessage.objects.exists()


def test_an_email_already_registered_is_refused(client):
    verified_citizen(email="lan@example.vn")
    response = _register(client, identifier="LAN@example.vn")
    assert response.status_code == 200 and "identifier" in response.context["form"].errors
    assert User.objects.filter(is_citizen=True).count() == 1


def test_the_right_code_verifies_and_lets_the_citizen_file(client):
    _register(client)
    user = User.objects.get(email="lan@example.vn")
    assert not may_file(user)
    response = client.post(
        reverse("citizens:verify"), {"kind": "email", "action": "verify", "code": last_code("lan@example.vn")}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.citizen.email_verified_at is not None
    assert may_file(user)


def test_after_verifying_the_citizen_goes_back_to_the_page_that_sent_them(client):
    """The filing's "verify first" page sends the citizen here with `next`; a foreign `next` is ignored."""
    _register(client)
    page = client.get(reverse("citizens:verify") + "?next=/nop-truc-tuyen/5/giay-to/")
    assert 'name="next" value="/nop-truc-tuyen/5/giay-to/"' in page.content.decode()
    code = last_code("lan@example.vn")
    response = client.post(
        reverse("citizens:verify"),
        {"kind": "email", "action": "verify", "code": code, "next": "/nop-truc-tuyen/5/giay-to/"},
    )
    assert response["Location"] == "/nop-truc-tuyen/5/giay-to/"


def test_a_next_address_on_another_site_is_ignored_after_verifying(client):
    _register(client)
    response = client.post(
        reverse("citizens:verify"),
        {
            "kind": "email",
            "action": "verify",
            "code": last_code("lan@example.vn"),
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302 and "evil" not in response["Location"]


def test_a_wrong_code_is_counted_and_after_five_tries_even_the_right_code_is_refused(client):
    _register(client)
    user = User.objects.get(email="lan@example.vn")
    right = last_code("lan@example.vn")
    wrong = "000000" if right != "000000" else "111111"
    for _try in range(codes.MAX_ATTEMPTS):
        response = client.post(
            reverse("citizens:verify"), {"kind": "email", "action": "verify", "code": wrong}
        )
        assert response.status_code == 200 and "code" in response.context["form"].errors
    response = client.post(reverse("citizens:verify"), {"kind": "email", "action": "verify", "code": right})
    assert "quá nhiều lần" in " ".join(response.context["form"].errors["code"])
    user.refresh_from_db()
    assert user.citizen.email_verified_at is None and not may_file(user)


def test_a_code_expires_after_15_minutes(client):
    _register(client)
    user = User.objects.get(email="lan@example.vn")
    sent = VerificationCode.objects.get()
    assert sent.expires_at - sent.created_at == dt.timedelta(minutes=15)
    VerificationCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(
        reverse("citizens:verify"), {"kind": "email", "action": "verify", "code": last_code("lan@example.vn")}
    )
    assert "hết hạn" in " ".join(response.context["form"].errors["code"])
    user.refresh_from_db()
    assert user.citizen.email_verified_at is None


def test_resending_is_limited_and_a_new_code_replaces_the_old(client):
    _register(client)
    first = last_code("lan@example.vn")
    # At once: refused, nothing sent.
    response = client.post(reverse("citizens:verify"), {"kind": "email", "action": "resend"}, follow=True)
    assert "Đợi" in response.content.decode()
    assert OutboxMessage.objects.count() == 1
    # A minute later: a new code, and the first stops working.
    VerificationCode.objects.update(created_at=timezone.now() - codes.RESEND_AFTER)
    client.post(reverse("citizens:verify"), {"kind": "email", "action": "resend"})
    assert OutboxMessage.objects.count() == 2
    second = last_code("lan@example.vn")
    if first != second:
        response = client.post(
            reverse("citizens:verify"), {"kind": "email", "action": "verify", "code": first}
        )
        assert response.status_code == 200
    response = client.post(reverse("citizens:verify"), {"kind": "email", "action": "verify", "code": second})
    assert response.status_code == 302


def test_no_more_than_five_codes_an_hour(client):
    _register(client)
    user = User.objects.get(email="lan@example.vn")
    for _n in range(codes.MAX_PER_HOUR - 1):
        VerificationCode.objects.update(created_at=timezone.now() - codes.RESEND_AFTER)
        client.post(reverse("citizens:verify"), {"kind": "email", "action": "resend"})
    VerificationCode.objects.update(created_at=timezone.now() - codes.RESEND_AFTER)
    assert VerificationCode.objects.filter(user=user).count() == codes.MAX_PER_HOUR
    response = client.post(reverse("citizens:verify"), {"kind": "email", "action": "resend"}, follow=True)
    assert "Quá nhiều mã" in response.content.decode()
    assert VerificationCode.objects.filter(user=user).count() == codes.MAX_PER_HOUR


def _login(client, identifier, password=PASSWORD, **extra):
    return client.post(reverse("citizens:login"), {"identifier": identifier, "password": password}, **extra)


def test_a_citizen_logs_in_with_email_or_phone_and_lands_on_their_home(client):
    verified_citizen(email="lan@example.vn", phone="0912345678")
    response = _login(client, "Lan@Example.vn")
    assert response.status_code == 302 and not response["Location"].startswith("/ho-so")
    client.post(reverse("citizens:logout"))
    assert _logged_in_user(client) is None
    assert _login(client, "0912 345 678").status_code == 302
    assert _logged_in_user(client) is not None


def test_an_unverified_citizen_is_sent_to_verify_after_login(client):
    verified_citizen()
    user = User.objects.get(is_citizen=True)
    User.objects.filter(pk=user.pk).update(email="lan@example.vn")
    response = _login(client, "lan@example.vn")
    assert response["Location"] == reverse("citizens:verify")


def test_the_citizen_login_refuses_a_staff_account_with_a_plain_message(client):
    UserFactory(username="can.bo", email="canbo@example.vn")
    response = _login(client, "can.bo")
    assert response.status_code == 200
    assert "tài khoản của cán bộ" in response.content.decode()
    assert _logged_in_user(client) is None


def test_a_wrong_password_with_a_username_is_told_as_a_wrong_sign_in_not_as_a_phone_number(client):
    """The demo's citizen logs in with a username too: with a wrong password the page said "enter a
    Vietnamese mobile number" (a newcomer's walk). A number that is no mobile number still says so."""
    user = verified_citizen(email="lan@example.vn")
    html = _login(client, user.username, "sai-mat-khau").content.decode()
    assert "mật khẩu không đúng" in html and "số điện thoại di động Việt Nam" not in html
    html = _login(client, "0212345678", "sai-mat-khau").content.decode()
    assert "số điện thoại di động Việt Nam" in html


def test_the_error_summary_names_each_field_it_speaks_of(client):
    """An empty sign-in listed "Trường này là bắt buộc." twice, naming neither field (a newcomer's walk)."""
    html = client.post(reverse("citizens:login"), {"identifier": "", "password": ""}).content.decode()
    summary = html[html.index("error-summary") :].split("</div>", 1)[0]
    assert summary.count("Trường này là bắt buộc.") == 2
    assert "Mật khẩu: Trường này là bắt buộc." in summary


def test_the_staff_login_refuses_a_citizen_account(client):
    user = verified_citizen(email="lan@example.vn")
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "tài khoản của công dân" in response.content.decode()
    assert _logged_in_user(client) is None
    # Nor does the staff login find a citizen by email.
    response = client.post(reverse("accounts:login"), {"username": "lan@example.vn", "password": PASSWORD})
    assert _logged_in_user(client) is None


def test_citizen_logins_are_throttled_by_axes_per_email_and_address(client):
    verified_citizen(email="lan@example.vn")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "lan@example.vn", "sai-mat-khau").status_code == 200
    locked = _login(client, "lan@example.vn", "sai-mat-khau")
    assert locked.status_code == 429
    assert _login(client, "lan@example.vn").status_code == 429
    assert _logged_in_user(client) is None
    assert AuditEntry.objects.filter(action="login.locked_out", object_repr="lan@example.vn").exists()


def test_reset_password_by_a_code_sent_to_the_phone(client):
    user = verified_citizen(phone="0912345678")
    response = client.post(reverse("citizens:reset_start"), {"identifier": "0912345678"})
    assert response["Location"] == reverse("citizens:reset_finish")
    code = last_code("0912345678")
    response = client.post(
        reverse("citizens:reset_finish"), {"code": code, "password": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert _login(client, "0912345678", NEW_PASSWORD).status_code == 302


def test_reset_with_a_wrong_code_changes_nothing(client):
    user = verified_citizen(phone="0912345678")
    client.post(reverse("citizens:reset_start"), {"identifier": "0912345678"})
    right = last_code("0912345678")
    response = client.post(
        reverse("citizens:reset_finish"),
        {
            "code": "000000" if right != "000000" else "111111",
            "password": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200 and "code" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(client):
    response = client.post(reverse("citizens:reset_start"), {"identifier": "ai@example.vn"})
    assert response["Location"] == reverse("citizens:reset_finish")
    assert not OutboxMessage.objects.exists()


def test_reset_never_reaches_a_staff_account(client):
    UserFactory(username="canbo", email="canbo@example.vn")
    client.post(reverse("citizens:reset_start"), {"identifier": "canbo@example.vn"})
    assert not OutboxMessage.objects.exists()


def test_two_registrations_racing_for_one_email_give_the_second_a_plain_refusal(client, monkeypatch):
    verified_citizen(email="lan@example.vn")
    # The second registration's check ran before the first one committed: it saw no account with the email.
    real_taken = services._taken
    calls = []

    def not_yet(identifier, exclude_user_id=None):
        calls.append(identifier)
        return None if len(calls) == 1 else real_taken(identifier, exclude_user_id)

    monkeypatch.setattr(services, "_taken", not_yet)
    response = _register(client, identifier="Lan@Example.vn")
    assert response.status_code == 200
    assert "Đã có tài khoản dùng thư điện tử này" in " ".join(response.context["form"].errors["identifier"])
    assert User.objects.filter(is_citizen=True).count() == 1
    assert not OutboxMessage.objects.exists()
