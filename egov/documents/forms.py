"""The documents' forms: what the clerk types from a received document, a draft, and each move's input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.documents.models import Confidentiality, Urgency
from egov.documents.rules import rules_for
from egov.organizations.models import Agency


def type_choices() -> list[tuple[str, str]]:
    """The document types in force, after an empty choice: the first type ("Nghị quyết") chosen by default
    was registered for a letter left as it came (a newcomer's walk); now the clerk must say which."""
    types = rules_for(timezone.localdate()).types.items()
    return [("", "—"), *((code, f"{name} ({code})") for code, name in types)]


def units_of(agency: Agency) -> Any:
    return Agency.objects.filter(path__startswith=agency.path, is_active=True).order_by("path")


class DateInput(forms.DateInput):
    input_type = "date"


class ReceiveForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document type"))
    issuer_name = forms.CharField(label=_("Issuer"), max_length=200)
    number_symbol = forms.CharField(label=_("Number and symbol"), max_length=50)
    issued_on = forms.DateField(label=_("Date of the document"), widget=DateInput)
    summary = forms.CharField(
        label=_("Summary (trích yếu)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    signer_name = forms.CharField(label=_("Signer"), max_length=100, required=False)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=100, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices, initial=Confidentiality.NORMAL
    )
    due_on = forms.DateField(label=_("Reply due"), required=False, widget=DateInput)
    pages = forms.IntegerField(label=_("Number of pages"), min_value=1, max_value=9999, required=False)
    main = forms.FileField(label=_("The document (scan or electronic original)"))
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].choices = type_choices()  # type: ignore[attr-defined]


class DraftForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document type"))
    summary = forms.CharField(
        label=_("Summary (trích yếu)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    drafting_unit = forms.ModelChoiceField(
        label=_("Drafting unit"), queryset=Agency.objects.none(), required=False
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices, initial=Confidentiality.NORMAL
    )
    due_on = forms.DateField(label=_("Reply due"), required=False, widget=DateInput)
    internal = forms.ModelMultipleChoiceField(
        label=_("Recipients in this system"),
        queryset=Agency.objects.filter(is_active=True).order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    external = forms.CharField(
        label=_("Other recipients, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    main = forms.FileField(label=_("The draft (PDF, DOCX or ODT)"))
    #: The incoming document this draft answers (the draft view checks the reader may see it).
    answers = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].choices = type_choices()  # type: ignore[attr-defined]
        self.fields["drafting_unit"].queryset = units_of(agency)  # type: ignore[attr-defined]


class InstructForm(forms.Form):
    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Agency.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-operating units"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_person = forms.ModelChoiceField(
        label=_("Person in charge"), queryset=get_user_model().objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = units_of(agency)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["lead_person"].queryset = staff_of(agency)  # type: ignore[attr-defined]


def staff_of(agency: Agency) -> Any:
    return (
        get_user_model()
        .objects.filter(staff__agency__path__startswith=agency.path, is_active=True)
        .order_by("full_name")
    )


class PersonForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=get_user_model().objects.none())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff_of(agency)  # type: ignore[attr-defined]


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class FileForm(forms.Form):
    main = forms.FileField(label=_("File"))
    summary = forms.CharField(label=_("Summary (trích yếu)"), max_length=500, required=False)


class ApproverForm(forms.Form):
    approver = forms.ModelChoiceField(
        label=_("Leader who approves and signs"), queryset=get_user_model().objects.none()
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(
                role_grants__role="leader",
                role_grants__agency__path__in=agency.ancestor_paths(),
                is_active=True,
            )
            .distinct()
        )


class SignForm(forms.Form):
    certificate = forms.FileField(label=_("Your signing certificate (PKCS#12, .p12)"))
    password = forms.CharField(label=_("Its password"), widget=forms.PasswordInput)
    position = forms.CharField(label=_("Your position as printed"), max_length=100, required=False)


class ConfirmForm(forms.Form):
    pass
