"""The e-identity login against a real OpenID Connect provider process started on 127.0.0.1.

The provider is oidc-provider-mock (a dev dependency): discovery, authorize, token, userinfo and JWKS over
real HTTP, with its own RSA signing key. The test drives the redirect flow: our start page sends the browser
to the provider, the "browser" (requests) approves there as a given `sub`, and the provider sends it back to
our callback, which fetches the token, checks it against the JWKS and reads the userinfo over HTTP.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from egov.citizens.models import Citizen
from egov.citizens.permissions import may_file
from egov.core.models import AuditEntry
from tests.citizens.conftest import CCCD, verified_citizen

pytestmark = pytest.mark.django_db
User = get_user_model()


@dataclass
class Provider:
    base: str
    discovery: dict[str, str]

    def set_user(self, sub: str, claims: dict[str, object]) -> None:
        requests.put(f"{self.base}/users/{sub}", json=claims, timeout=5).raise_for_status()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_provider() -> Iterator[Provider]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                discovery = requests.get(f"{base}/.well-known/openid-configuration", timeout=2).json()
                break
            except requests.RequestException:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the OIDC provider did not start") from None
                time.sleep(0.2)
        yield Provider(base, discovery)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    yield from _start_provider()


@pytest.fixture(scope="module")
def other_provider() -> Iterator[Provider]:
    """A second provider: its own signing key, so its JWKS does not verify the first one's tokens."""
    yield from _start_provider()


@pytest.fixture
def oidc(settings, provider) -> Provider:
    d = provider.discovery
    settings.EGOV_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "egov-test"
    settings.OIDC_RP_CLIENT_SECRET = "bi-mat-cua-egov"
    settings.EGOV_OIDC_ISSUER = d["issuer"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = d["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = d["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = d["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = d["jwks_uri"]
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.EGOV_OIDC_CLAIMS = {
        "id_number": "so_dinh_danh",
        "full_name": "name",
        "phone": "phone_number",
        "email": "email",
        "birth_date": "birthdate",
    }
    return provider


CLAIMS = {
    "name": "Nguyễn Văn An",
    "so_dinh_danh": CCCD,
    "birthdate": "1990-05-01",
    "phone_number": "0912345678",
    "email": "an@example.vn",
}


def _to_provider(client) -> str:
    response = client.get(reverse("citizens:oidc_start"))
    assert response.status_code == 302
    return response["Location"]


def _approve(authorize_url: str, sub: str) -> str:
    """What the person does at the provider: approve as `sub`. Returns where the provider sends them back."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def _back(client, location: str, **change: str):
    parts = urlsplit(location)
    assert parts.path == reverse("citizens:oidc_callback")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(change)
    return client.get(f"{parts.path}?{urlencode(query)}")


def _login(client, sub: str, **change: str):
    return _back(client, _approve(_to_provider(client), sub), **change)


def _user_id(client):
    return client.session.get("_auth_user_id")


def test_the_provider_serves_discovery_authorize_token_userinfo_and_jwks(provider):
    d = provider.discovery
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        assert d[key].startswith(provider.base)
    assert requests.get(d["jwks_uri"], timeout=5).json()["keys"]


def test_the_login_page_shows_the_provider_button_only_when_configured(client, settings):
    settings.EGOV_OIDC_ENABLED = False
    assert "Đăng nhập bằng VNeID" not in client.get(reverse("citizens:login")).content.decode()
    assert client.get(reverse("citizens:oidc_start")).status_code == 404
    settings.EGOV_OIDC_ENABLED = True
    settings.EGOV_OIDC_BUTTON_LABEL = "Đăng nhập bằng VNeID"
    assert "Đăng nhập bằng VNeID" in client.get(reverse("citizens:login")).content.decode()


def test_first_login_creates_the_citizen_with_the_proved_id_number_and_later_logins_find_it(client, oidc):
    oidc.set_user("vneid-an", CLAIMS)
    response = _login(client, "vneid-an")
    assert response.status_code == 302
    assert not response["Location"].startswith(("/ho-so", "/cong-dan/dang-nhap"))
    user = User.objects.get(pk=_user_id(client))
    profile = Citizen.objects.get(user=user)
    assert user.is_citizen and user.full_name == "Nguyễn Văn An"
    assert profile.oidc_subject == "vneid-an"
    assert profile.id_number == CCCD and profile.identity_provider == "VNeID"
    assert str(profile.birth_date) == "1990-05-01"
    assert user.phone == "0912345678" and profile.phone_verified_at is not None
    assert may_file(user)
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(action="citizen.identity_register", object_id=str(profile.pk)).exists()

    client.post(reverse("citizens:logout"))
    assert _user_id(client) is None
    assert _login(client, "vneid-an").status_code == 302
    assert _user_id(client) == str(user.pk)
    assert User.objects.filter(is_citizen=True).count() == 1


def test_a_logged_in_citizen_links_their_e_identity_to_their_account(client, oidc):
    citizen = verified_citizen(email="lan@example.vn", full_name="Trần Thị Lan")
    client.force_login(citizen)
    oidc.set_user("vneid-lan", {**CLAIMS, "name": "Trần Thị Lan", "email": "lan@example.vn"})
    assert _login(client, "vneid-lan").status_code == 302
    profile = Citizen.objects.get(user=citizen)
    assert profile.oidc_subject == "vneid-lan" and profile.identity_provider == "VNeID"
    assert User.objects.filter(is_citizen=True).count() == 1


def test_a_forged_state_is_refused(client, oidc):
    oidc.set_user("vneid-an", CLAIMS)
    response = _login(client, "vneid-an", state="forged-state-123")
    assert response.status_code == 302 and response["Location"] == reverse("citizens:login")
    assert _user_id(client) is None
    assert not User.objects.filter(is_citizen=True).exists()
    assert "không xác nhận được" in " ".join(str(m) for m in get_messages(response.wsgi_request)).lower()


def test_a_callback_without_our_session_is_refused(client, oidc):
    oidc.set_user("vneid-an", CLAIMS)
    location = _approve(_to_provider(client), "vneid-an")
    client.cookies.clear()  # another browser: it never started this login
    response = _back(client, location)
    assert response["Location"] == reverse("citizens:login")
    assert _user_id(client) is None
    assert not User.objects.filter(is_citizen=True).exists()


def test_a_token_signed_with_another_key_is_refused(client, oidc, other_provider, settings):
    # Our JWKS is the other provider's (its own RSA key): the first provider's signature must not pass.
    settings.OIDC_OP_JWKS_ENDPOINT = other_provider.discovery["jwks_uri"]
    oidc.set_user("vneid-an", CLAIMS)
    response = _login(client, "vneid-an")
    assert response["Location"] == reverse("citizens:login")
    assert _user_id(client) is None
    assert not User.objects.filter(is_citizen=True).exists()


def test_a_token_from_another_issuer_is_refused(client, oidc, settings):
    settings.EGOV_OIDC_ISSUER = "https://vneid.example.vn"
    oidc.set_user("vneid-an", CLAIMS)
    assert _login(client, "vneid-an")["Location"] == reverse("citizens:login")
    assert _user_id(client) is None


def test_an_unreachable_provider_is_a_plain_message_not_an_error_page(client, oidc, settings):
    oidc.set_user("vneid-an", CLAIMS)
    location = _approve(_to_provider(client), "vneid-an")
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{_free_port()}/token"
    response = _back(client, location)
    assert response["Location"] == reverse("citizens:login")
    assert "không phản hồi" in " ".join(str(m) for m in get_messages(response.wsgi_request))
