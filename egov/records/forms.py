"""The forms of the records screens: a line of the file list, and the search that finds a document to link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency
from egov.records.permissions import READERS


class KeeperChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class FileForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=9999)
    code = forms.CharField(label=_("Number and symbol of the file"), max_length=20, help_text=_("e.g. 01.VP"))
    heading = forms.CharField(label=_("Heading in the file list"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    retention_years = forms.IntegerField(
        label=_("Retention (years)"),
        min_value=1,
        max_value=200,
        required=False,
        help_text=_("Leave empty to keep the file permanently."),
    )
    keeper = KeeperChoice(label=_("Kept by"), queryset=get_user_model().objects.none())
    rights = forms.CharField(label=_("Terms of use"), max_length=30, required=False)
    description = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        staff = get_user_model().objects.filter(
            is_active=True, role_grants__agency__path__startswith=agency.path, role_grants__role__in=READERS
        )
        self.fields["keeper"].queryset = staff.distinct().order_by("last_name", "first_name")  # type: ignore[attr-defined]


class FindDocumentForm(forms.Form):
    q = forms.CharField(label=_("Find a document (number, words)"), max_length=200)
