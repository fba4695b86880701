"""The schedule's forms: one entry, and the reason for cancelling a published one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.documents.forms import DateInput, units_of
from egov.organizations.models import Agency
from egov.organizations.roles import Role


class TimeInput(forms.TimeInput):
    input_type = "time"


def leaders_of(agency: Agency) -> Any:
    """The people granted the leader role on the agency itself."""
    return (
        get_user_model()
        .objects.filter(role_grants__role=Role.LEADER, role_grants__agency=agency, is_active=True)
        .distinct()
        .order_by("full_name")
    )


class EntryForm(forms.Form):
    leader = forms.ModelChoiceField(label=_("Leader"), queryset=get_user_model().objects.none())
    day = forms.DateField(label=_("Day"), widget=DateInput)
    starts_at = forms.TimeField(label=pgettext_lazy("time of day", "Time"), widget=TimeInput(format="%H:%M"))
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Place"), max_length=200)
    participants = forms.CharField(
        label=_("Participants"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    preparer = forms.CharField(label=_("Prepared by"), max_length=200, required=False)
    preparer_unit = forms.ModelChoiceField(
        label=_("Preparing unit (told of changes)"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders_of(agency)  # type: ignore[attr-defined]
        self.fields["preparer_unit"].queryset = units_of(agency)  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (required once the week is published)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
