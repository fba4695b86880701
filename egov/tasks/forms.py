"""The tasks' forms: a new assignment and each move's input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from egov.core.uploads import UploadValidator
from egov.documents.forms import DateInput, staff_of, units_of
from egov.organizations.models import Agency
from egov.tasks.files import ALLOWED


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern), each checked by its content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("validators", [UploadValidator(ALLOWED)])
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class AssignForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(
        label=_("What is to be done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    meeting = forms.CharField(label=_("From a meeting (which one, when)"), max_length=300, required=False)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Agency.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-operating units"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People in charge"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,  # usable on a telephone and without JavaScript
    )
    due_on = forms.DateField(label=_("Deadline"), widget=DateInput)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = units_of(agency)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["people"].queryset = staff_of(agency)  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label=_("Files"), required=False)


class CompleteForm(forms.Form):
    text = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label=_("Files"), required=False)


class ExtensionForm(forms.Form):
    due_on = forms.DateField(label=_("New deadline asked for"), widget=DateInput)
    text = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class GrantForm(forms.Form):
    due_on = forms.DateField(
        label=_("New deadline (empty: the one asked for)"), required=False, widget=DateInput
    )
    text = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    text = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
