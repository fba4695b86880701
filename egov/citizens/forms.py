"""The citizens' forms. Rules live in the services; these only read what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from egov.channels.notifications.events import Channel, Kind
from egov.citizens import identifiers

IDENTIFIER_HELP = _("The email address or mobile number you registered with.")


IDENTIFIER_LABEL = _("Email address or mobile number")


def _identifier_field(help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=IDENTIFIER_LABEL,
        max_length=254,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


def _password_field(label: Any, autocomplete: str = "new-password") -> forms.CharField:
    return forms.CharField(
        label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": autocomplete})
    )


class IdentifierMixin(forms.Form):
    def clean_identifier(self) -> identifiers.Identifier:
        return identifiers.parse(self.cleaned_data.get("identifier", ""))


class RegisterForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    identifier = _identifier_field(
        help_text=_("We send a code to it to check that it is yours; you log in with it afterwards.")
    )
    password = _password_field(_("Password"))
    password2 = _password_field(_("Password again"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class LoginForm(forms.Form):
    identifier = _identifier_field(help_text=IDENTIFIER_HELP)
    password = _password_field(_("Password"), autocomplete="current-password")

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: Any = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw, password = (data.get("identifier") or "").strip(), data.get("password")
        if not raw or not password:
            return data
        problem: ValidationError | None = None
        try:
            value = identifiers.parse(raw).value
        except ValidationError as exc:
            value, problem = raw, exc  # still tried: an official who typed a username is told where to go
        # django-axes counts this attempt under the email or phone typed, as the staff login counts usernames.
        user = authenticate(self.request, username=value, password=password, citizen_login=True)
        if user is not None and not user.is_citizen:
            raise ValidationError(
                _("This is an official's account. Officials log in on the staff sign-in page."), code="staff"
            )
        if user is None and problem is not None and not any(c.isalpha() for c in raw):
            # a number that is no mobile number: say what one looks like; letters without an "@" are a
            # username (the demo's, an official's), told as any wrong sign-in is, not as a phone number
            self.add_error("identifier", problem)
            return data
        if user is None:
            raise ValidationError(
                _("The email address or phone number, or the password, is wrong."), code="invalid_login"
            )
        self.user = user
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=pgettext_lazy("verification", "Code"),
        max_length=6,
        min_length=6,
        help_text=_("The 6 digits we sent you."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError(_("The code has 6 digits."))
        return code


class ResetStartForm(IdentifierMixin):
    identifier = _identifier_field(help_text=IDENTIFIER_HELP)


class ResetFinishForm(CodeForm):
    password = _password_field(_("New password"))
    password2 = _password_field(_("New password again"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class PasswordChangeForm(forms.Form):
    old_password = _password_field(_("Current password"), autocomplete="current-password")
    password = _password_field(_("New password"))
    password2 = _password_field(_("New password again"))

    def __init__(self, *args: Any, has_password: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_password:  # an account made by the e-identity provider sets its first password
            del self.fields["old_password"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    id_number = forms.CharField(
        label=_("Personal ID number"),
        max_length=20,
        required=False,
        help_text=_("The 12 digits on your citizen identity card (CCCD)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("For example 25/04/1990."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    email = forms.CharField(label=_("Email address"), max_length=254, required=False)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)


class OrganisationForm(forms.Form):
    tax_code = forms.CharField(
        label=_("Tax code"), max_length=20, help_text=_("10 digits, or 10 digits, a dash and 3 digits.")
    )
    name = forms.CharField(label=_("Name of the organisation"), max_length=300)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    email = forms.CharField(label=_("Email address"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)


class MemberForm(forms.Form):
    identifier = _identifier_field(help_text=_("The member's verified email address or mobile number."))
    is_admin = forms.BooleanField(label=_("Administrator: may add and remove members"), required=False)


# Django 5.2 reworded this validator message (now with %d) and its Vietnamese catalogue still has the old
# wording, so the sentence came out in English; naming it here brings its translation into our catalogue.
PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    10,
)


class NotificationChoicesForm(forms.Form):
    """Two boxes per kind of message: by email, by SMS (at least one each, checked by the service)."""

    def __init__(self, *args: Any, current: dict[str, set[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.MultipleChoiceField(
                label=label,
                choices=Channel.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=sorted(current.get(kind, set())),
            )

    def chosen(self) -> dict[str, set[str]]:
        return {kind: set(self.cleaned_data.get(kind) or ()) for kind in Kind.values}
