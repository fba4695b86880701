"""The report filter (GET): period, agency, field, procedure. A value that is not offered is an error on the
form in Vietnamese and the page falls back to the last 30 days over everything the person may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.procedures.models import Field, Procedure
from egov.stats.periods import KINDS, Period, last_days, period_for


class ReportForm(forms.Form):
    #: No period: the last 30 days (docs/stats.md, "The default period").
    period = forms.ChoiceField(label=_("Period"), choices=[("", _("Last 30 days")), *KINDS], required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=_("Quarter"), min_value=1, max_value=4, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    agency = forms.TypedChoiceField(label=_("Agency"), coerce=int, required=False, empty_value=None)
    field = forms.TypedChoiceField(label=_("Field"), coerce=int, required=False, empty_value=None)
    procedure = forms.TypedChoiceField(label=_("Procedure"), coerce=int, required=False, empty_value=None)

    def __init__(self, data: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        choices: dict[str, Any] = self.fields  # TypedChoiceFields
        choices["agency"].choices = [("", _("All"))] + [(a.pk, a.name) for a in agencies]
        choices["field"].choices = [("", _("All")), *list(Field.objects.values_list("pk", "name"))]
        choices["procedure"].choices = [("", _("All"))] + [
            (pk, f"{code} {name}") for pk, code, name in Procedure.objects.values_list("pk", "code", "name")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                raise forms.ValidationError(_("Give both the first and the last day."))
            if start > end:
                raise forms.ValidationError(_("The first day must not be after the last day."))
            if (end - start).days > 3 * 366:
                raise forms.ValidationError(_("A period of at most three years."))
        return data

    def chosen_period(self, today: dt.date | None = None) -> Period:
        """The period asked for; the last 30 days when none is asked for or the filter is wrong."""
        today = today or timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        if not data.get("period"):
            return last_days(today)
        return period_for(
            data["period"],
            data.get("year") or today.year,
            month=data.get("month") or today.month,
            quarter=data.get("quarter") or (today.month - 1) // 3 + 1,
            start=data.get("start"),
            end=data.get("end"),
        )

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None
