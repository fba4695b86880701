"""Django's authentication middleware, with sessions that name a renamed backend carried over.

A session records the path of the backend that signed its user in, and Django treats a path no longer in
AUTHENTICATION_BACKENDS as signed out. `backends.RENAMED` lists the paths replaced by egov's own: such a
session is given the new path the first time its user is read, so nobody is signed out by an upgrade
(and nothing they were typing is lost to a login page).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import middleware as django_middleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from egov.accounts.backends import RENAMED


def _carry_over(request: HttpRequest) -> None:
    session = request.session
    old = session.get(BACKEND_SESSION_KEY)
    if old in RENAMED:
        session[BACKEND_SESSION_KEY] = RENAMED[old]


def _user(request: Any) -> Any:
    if not hasattr(request, "_cached_user"):
        _carry_over(request)
        request._cached_user = auth.get_user(request)
    return request._cached_user


async def _auser(request: Any) -> Any:
    if not hasattr(request, "_acached_user"):
        await sync_to_async(_carry_over)(request)
        request._acached_user = await auth.aget_user(request)
    return request._acached_user


class AuthenticationMiddleware(django_middleware.AuthenticationMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)  # its check that sessions come first
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]
        request.auser = partial(_auser, request)
