from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.core.models import CalendarDayKind


class ProvinceDayForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 31/12/2026.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=CalendarDayKind.choices,
        help_text=_("A make-up working day must fall on a day off; a day off must fall on a working day."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    source = forms.CharField(
        label=_("Legal source"),
        max_length=300,
        required=False,
        help_text=_("The decision or notice that sets the day, e.g. Quyết định 123/QĐ-UBND ngày 01/03/2026."),
    )
