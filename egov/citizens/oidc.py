"""Logging in with an e-identity provider (VNeID or any OpenID Connect provider), on mozilla-django-oidc.

Off unless EGOV_OIDC_CLIENT_ID is set (settings.EGOV_OIDC_ENABLED); then the login page shows the provider's
button. The authorisation-code flow, `state`, `nonce`, PKCE and the ID token's signature (against the
provider's JWKS) are mozilla-django-oidc's; this module adds what it leaves to us: the token's issuer and
audience, the userinfo's `sub` matching the token's, and the citizen account the claims belong to
(`services_identity.sign_in_with_identity`). Every refusal ends on the citizens' login page with a plain
message, never on an error page.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from egov.accounts.client_ip import client_ip
from egov.citizens.access import citizen_home_url
from egov.citizens.identity import sign_in_with_identity

log = logging.getLogger("egov.citizens.oidc")


def enabled() -> bool:
    return bool(getattr(settings, "EGOV_OIDC_ENABLED", False))


class CitizenOIDCBackend(OIDCAuthenticationBackend):
    """Finds or makes the citizen account of an e-identity; does nothing while OIDC is off."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the provider's settings at construction, which Django does for every login
        # (password logins too): while OIDC is off there is nothing to read.
        if enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if not enabled() or request is None or "nonce" not in kwargs:
            return None  # a password login, or OIDC is off
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token: str) -> Any:
        header = jwt.get_unverified_header(token)
        if "kid" in header:
            return super().retrieve_matching_jwk(token)
        # A token may name no key (RFC 7515 makes `kid` optional): then the provider must publish exactly one
        # signing key for its algorithm, and the signature is checked with that one.
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig" and key.get("alg", header.get("alg")) == header.get("alg")
        ]
        if len(keys) != 1:
            raise SuspiciousOperation("token without kid, and not exactly one signing key")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        # mozilla-django-oidc checks the signature and the nonce, not who issued the token nor for whom.
        if payload.get("iss") != settings.EGOV_OIDC_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        self._id_claims = payload
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if str(userinfo.get("sub", "")) != str(payload.get("sub", "")):
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        claims = {**payload, **userinfo}
        request = self.request
        actor = request.user if getattr(request.user, "is_authenticated", False) else None
        return sign_in_with_identity(
            actor=actor,
            provider=settings.EGOV_OIDC_PROVIDER_NAME,
            claims=claims,
            claim_names=settings.EGOV_OIDC_CLAIMS,
            ip=client_ip(request),
        )

    def get_user(self, user_id: Any) -> Any:
        return super().get_user(user_id) if enabled() else None


def _fail(request: HttpRequest, text: str) -> HttpResponse:
    messages.error(request, text)
    return HttpResponseRedirect(reverse("citizens:login"))


class StartView(OIDCAuthenticationRequestView):
    """Sends the visitor to the provider; 404 while OIDC is off."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the visitor back here with a code and the `state` we gave it."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except (SuspiciousOperation, IntegrityError) as exc:
            # A forged or replayed state, a token signed with another key or from another issuer (or, rarely,
            # the provider's email or phone taken by another account at the same moment).
            log.warning("e-identity login refused: %s", exc)
            return _fail(
                request, _("The e-identity login could not be confirmed. Start again from this page.")
            )
        except (requests.RequestException, ValueError, KeyError, jwt.PyJWTError) as exc:
            log.warning("e-identity provider unreachable or answered badly: %s", exc)
            return _fail(
                request,
                _(
                    "The e-identity provider did not answer. Try again in a few minutes, "
                    "or log in with your password."
                ),
            )

    @property
    def success_url(self) -> str:
        target = self.request.session.get("oidc_login_next") or ""
        if target and url_has_allowed_host_and_scheme(
            target, {self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return citizen_home_url()

    def login_failure(self) -> HttpResponse:
        if self.request.GET.get("error"):
            return _fail(self.request, _("The e-identity login was cancelled."))
        return _fail(
            self.request, _("The e-identity login could not be confirmed. Start again from this page.")
        )
