"""The citizen's own profile: what the online forms are prefilled from."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from egov.citizens import notify_choices, services
from egov.citizens.access import citizen_required
from egov.citizens.forms import NotificationChoicesForm, PasswordChangeForm, ProfileForm
from egov.citizens.selectors import email_verified, phone_verified, profile_of
from egov.core.forms import apply_error


@citizen_required
def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    citizen = profile_of(user)
    initial = {
        "full_name": user.full_name,
        "id_number": citizen.id_number,
        "birth_date": citizen.birth_date.strftime("%d/%m/%Y") if citizen.birth_date else "",
        "address": citizen.address,
        "email": user.email,
        "phone": user.phone,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if citizen.identity_provider and citizen.id_number:
        form.fields["id_number"].disabled = True
        form.fields["id_number"].help_text = _("Proved by %(provider)s.") % {
            "provider": citizen.identity_provider
        }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pending = services.update_profile(
                actor=user,
                full_name=data["full_name"],
                id_number=data["id_number"],
                birth_date=data["birth_date"],
                address=data["address"],
                email=data["email"],
                phone=data["phone"],
            )
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Your details are saved."))
            if pending:
                messages.info(request, _("We sent a code to your new contact: enter it to verify it."))
                return redirect(reverse("citizens:verify") + f"?kenh={pending[0]}")
            return redirect("citizens:profile")
    context = {
        "form": form,
        "citizen": citizen,
        "email_verified": email_verified(user),
        "phone_verified": phone_verified(user),
    }
    return render(request, "citizens/profile.html", context)


@citizen_required
def change_password(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PasswordChangeForm(request.POST or None, has_password=user.has_usable_password())
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                actor=user,
                old_password=form.cleaned_data.get("old_password", ""),
                new_password=form.cleaned_data["password"],
            )
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            update_session_auth_hash(request, user)  # this browser stays logged in, the others are logged out
            messages.success(request, _("Your password is changed."))
            return redirect("citizens:profile")
    return render(request, "citizens/password_change.html", {"form": form})


@citizen_required
def notification_choices(request: HttpRequest) -> HttpResponse:
    """How the citizen wants to be told about their dossiers: email and/or SMS for each kind of message."""
    user: Any = request.user
    form = NotificationChoicesForm(request.POST or None, current=notify_choices.choices_of(user))
    if request.method == "POST" and form.is_valid():
        try:
            notify_choices.save_choices(actor=user, choices=form.chosen())
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("citizens:notification_choices")
    context = {"form": form, "has_email": bool(user.email), "has_phone": bool(user.phone)}
    return render(request, "citizens/notification_choices.html", context)
