"""The forms of the filing pages: who files, the applicant, a paper, where to file. The online form itself is
built from the procedure's schema (egov.procedures.onlineform), never here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from egov.core import uploads
from egov.core.validators import normalise_phone, validate_phone
from egov.dossiers import files as filestore
from egov.dossiers.intake import clean_id_number
from egov.procedures.models import ApplicantType

SELF = "self"
FIELDS = ("name", "id_number", "phone", "email", "address")


class WhoForm(forms.Form):
    filer = forms.ChoiceField(
        label=_("Who are you filing for?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who you are filing for.")},
    )

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        field = self.fields["filer"]
        assert isinstance(field, forms.ChoiceField)
        tax_code = _("tax code")  # outside the f-string, where xgettext sees it
        field.choices = [
            (SELF, _("Myself")),
            *[(pk, f"{o.name} ({tax_code} {o.tax_code})") for pk, o in self.organisations.items()],
        ]

    def organisation(self) -> Any:
        return self.organisations.get(self.cleaned_data["filer"])


class ApplicantForm(forms.Form):
    """The applicant's details, prefilled from the profile; what the counter will contact and name."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the applicant's full name.")},
    )
    id_number = forms.CharField(
        label=_("Personal identification number"),
        max_length=20,
        help_text=_("The 12 digits of the citizen identity card."),
        error_messages={"required": _("Enter the identification number.")},
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        help_text=_("The counter texts you about the application."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        help_text=_("Optional if you gave a phone number."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        help_text=_("House number, street, commune, province."),
        error_messages={"required": _("Enter the address.")},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args: Any, applicant_type: str = ApplicantType.CITIZEN, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applicant_type = applicant_type
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})
        if applicant_type != ApplicantType.CITIZEN:
            self.fields["name"].label = _("Name of the organisation")
            self.fields["name"].widget.attrs["autocomplete"] = "organization"
            self.fields["id_number"].label = _("Tax code")
            self.fields["id_number"].help_text = _("10 digits, or 10 digits, a dash and 3 digits.")
            self.fields["id_number"].widget.attrs["inputmode"] = "text"

    def clean_id_number(self) -> str:
        return clean_id_number(self.applicant_type, self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone:
            validate_phone(phone)
            return normalise_phone(phone)
        return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("phone") and not data.get("email"):
            raise ValidationError(
                {"phone": _("Give a mobile phone or an email address, so the counter can reach you.")}
            )
        return data

    def applicant(self) -> dict[str, str]:
        return {
            "type": self.applicant_type,
            **{k: str(self.cleaned_data.get(k) or "").strip() for k in FIELDS},
        }


class FeeCaseForm(forms.Form):
    """The cases that select a fee (egov.payments.fees.questions), as checkboxes: none ticked is an answer
    (none of them is the applicant's case)."""

    cases = forms.MultipleChoiceField(
        label=_("Is any of these true for your application?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, lines: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cases"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(line.pk), line.case) for line in lines]

    def chosen(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["cases"]]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a file"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
            "invalid": _("No file was received: choose it again."),
        },
    )

    def __init__(self, *args: Any, max_mb: int = 10, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.widget.attrs["accept"] = uploads.accept_attribute(filestore.DOSSIER_KINDS)
        field.help_text = _("PDF, a photo (JPG, PNG) or an office document; at most %(mb)s MB.") % {
            "mb": max_mb
        }


class PlaceForm(forms.Form):
    agency = forms.ChoiceField(
        label=_("Which one-stop counter should receive your application?"),
        error_messages={"required": _("Choose the counter that receives your application.")},
    )

    def __init__(self, *args: Any, counters: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counters = {str(c.pk): c for c in counters}
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        choices: list[tuple[str, str]] = [(pk, c.name) for pk, c in self.counters.items()]
        # A short list reads best as radios; a long one fits a phone's screen as a list to pick from.
        if len(self.counters) <= 8:
            field.widget = forms.RadioSelect()
        else:
            choices = [("", str(_("— choose a counter —"))), *choices]
            field.widget = forms.Select()
        field.choices = choices

    def chosen(self) -> Any:
        return self.counters[self.cleaned_data["agency"]]
