"""Who is a citizen, and the guard of every citizen page.

    @citizen_required
    def my_page(request): ...        # request.user is a citizen account, logged in

Citizens' and staff accounts are apart: a staff account never passes this guard, and the staff screens refuse
citizen accounts (egov.citizens owns that check too).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

#: Where a visitor who is not logged in is sent to log in as a citizen (the `citizens:login` page).
CITIZEN_LOGIN_URL = getattr(settings, "CITIZEN_LOGIN_URL", "/cong-dan/dang-nhap/")


def is_citizen(user: Any) -> bool:
    """True for a logged-in, active citizen account."""
    return bool(
        getattr(user, "is_authenticated", False) and getattr(user, "is_citizen", False) and user.is_active
    )


def is_signed_in_staff(user: Any) -> bool:
    """A signed-in, active account of an official: what every staff screen's rule asks first."""
    signed_in = bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", True))
    return signed_in and not is_citizen(user)


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let only citizen accounts in: anonymous visitors go to the citizens' login and come back; a staff
    account gets 403 (it must not act as a citizen)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), CITIZEN_LOGIN_URL)
        if not is_citizen(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def citizen_home_url() -> str:
    """Where a citizen lands after logging in and where the site's brand takes them: "My dossiers" once
    the portal names it, else the procedure catalogue. Never a staff page."""
    for name in ("portal:dossiers", "procedures:index"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/thu-tuc/"
