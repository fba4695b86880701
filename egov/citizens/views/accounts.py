"""Register, verify by a code, log in and out, reset the password: the pages of a citizen's account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.client_ip import client_ip
from egov.citizens import identifiers, services
from egov.citizens.access import citizen_home_url, citizen_required, is_citizen
from egov.citizens.forms import CodeForm, LoginForm, RegisterForm, ResetFinishForm, ResetStartForm
from egov.citizens.permissions import may_file
from egov.citizens.selectors import email_verified, phone_verified
from egov.core.forms import apply_error

PASSWORD_BACKEND = "egov.citizens.backends.CitizenPasswordBackend"
#: The session key that carries the email or phone between the two steps of a reset.
RESET_KEY = "citizens_reset_identifier"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def register(request: HttpRequest) -> HttpResponse:
    if is_citizen(request.user):
        return redirect(citizen_home_url())
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register(
                actor=None,
                full_name=form.cleaned_data["full_name"],
                identifier=form.cleaned_data["identifier"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            login(request, user, backend=PASSWORD_BACKEND)
            messages.success(request, _("Your account is created. Enter the code we sent to finish."))
            return redirect("citizens:verify")
    return render(request, "citizens/register.html", {"form": form})


def login_view(request: HttpRequest) -> HttpResponse:
    if is_citizen(request.user):
        return redirect(_next_url(request) or citizen_home_url())
    form = LoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        if not may_file(form.user):
            messages.info(request, _("Verify your email address or phone number before you file a dossier."))
            return redirect("citizens:verify")
        return HttpResponseRedirect(_next_url(request) or citizen_home_url())
    context = {
        "form": form,
        "next": _next_url(request),
        "oidc_enabled": settings.EGOV_OIDC_ENABLED,
        "oidc_label": settings.EGOV_OIDC_BUTTON_LABEL,
    }
    return render(request, "citizens/login.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("citizens:login")


def _contacts(user: Any) -> list[dict[str, Any]]:
    rows = []
    if user.email:
        rows.append(
            {
                "kind": "email",
                "label": _("Email address"),
                "value": user.email,
                "verified": email_verified(user),
            }
        )
    if user.phone:
        rows.append(
            {
                "kind": "phone",
                "label": _("Mobile number"),
                "value": user.phone,
                "verified": phone_verified(user),
            }
        )
    return rows


@citizen_required
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the code sent to the email or phone, or ask for a new one (limited by codes.py)."""
    user: Any = request.user
    contacts = _contacts(user)
    waiting = [c for c in contacts if not c["verified"]]
    kind = request.POST.get("kind") or request.GET.get("kenh") or (waiting[0]["kind"] if waiting else "")
    if kind not in ("email", "phone"):
        kind = ""
    form = CodeForm(request.POST if request.POST.get("action") == "verify" else None)
    if request.method == "POST" and kind:
        if request.POST.get("action") == "resend":
            try:
                services.send_contact_code(actor=user, kind=kind)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("A new code is on its way."))
            back = _next_url(request)
            return redirect(f"{request.path}?{urlencode({'kenh': kind, **({'next': back} if back else {})})}")
        if form.is_valid():
            try:
                services.verify_contact(actor=user, kind=kind, code=form.cleaned_data["code"])
            except ValidationError as exc:
                apply_error(form, exc)
            else:
                messages.success(request, _("Verified. You may now file dossiers online."))
                # Back to where the citizen was sent from (the filing they started), else home.
                return redirect(_next_url(request) or citizen_home_url())
    current = next((c for c in contacts if c["kind"] == kind), None)
    context = {"form": form, "contacts": contacts, "current": current, "next": _next_url(request)}
    return render(request, "citizens/verify.html", context)


def reset_start(request: HttpRequest) -> HttpResponse:
    form = ResetStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        try:
            services.start_password_reset(actor=None, identifier=identifier, ip=client_ip(request))
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            request.session[RESET_KEY] = identifier.value
            return redirect("citizens:reset_finish")
    return render(request, "citizens/reset_start.html", {"form": form})


def reset_finish(request: HttpRequest) -> HttpResponse:
    value = request.session.get(RESET_KEY)
    if not value:
        return redirect("citizens:reset_start")
    identifier = identifiers.parse(value)
    form = ResetFinishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(
                actor=None,
                identifier=identifier,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            del request.session[RESET_KEY]
            messages.success(request, _("Your password is changed. Log in with the new one."))
            return redirect("citizens:login")
    return render(request, "citizens/reset_finish.html", {"form": form, "identifier": identifier})
