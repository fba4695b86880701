"""Logins, logouts, failed logins and lock-outs in the audit log, with the address they came from.

Connected in `AccountsConfig.ready`. Signals are right here: signing in is Django's (and django-axes')
flow, not ours, and these receivers only record it. A failed login names the username that was tried,
never the password; the entry's agency is the account's, when the name is a staff member's, so the
auditors of that agency see attempts on it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from egov.accounts.client_ip import client_ip
from egov.core import audit
from egov.core.models import AuditEntry


def _agency_path(user: Any) -> str:
    staff = getattr(user, "staff", None)
    return staff.agency.path if staff is not None else ""


def logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit.record(user, "login", user, agency_path=_agency_path(user), ip=client_ip(request))


def logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None and getattr(user, "pk", None) is not None:
        audit.record(user, "logout", user, agency_path=_agency_path(user), ip=client_ip(request))


def login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    _attempt("login.failed", str(credentials.get("username") or ""), request)


def locked_out(sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any) -> None:
    _attempt("login.locked_out", username or "", request)


def _attempt(action: str, username: str, request: HttpRequest | None) -> None:
    """An entry about a username someone typed, which may name no account: written without a model."""
    user = get_user_model().objects.filter(username=username).first() if username else None
    AuditEntry.objects.create(
        actor_name="",
        action=action,
        object_type="accounts.user",
        object_id=str(user.pk) if user is not None else "",
        object_repr=username[:300],
        agency_path=_agency_path(user) if user is not None else "",
        after={"username": username[:150]},
        ip=client_ip(request),
    )
