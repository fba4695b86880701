"""The report filter (GET): period, agency, field, procedure, and on the leaders' pages the view (each
dossier counted for the agency that resolves it, or for the counter that received it). A value that is not
offered is an error on the form in Vietnamese and the page falls back to the last 30 days over everything
the person may see."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.dossiers.queue_filter import PlainDateInput, PlainInput, PlainSelect
from egov.procedures.models import Field, Procedure
from egov.stats.periods import KINDS, Period, last_days, period_for

OPTIONS_KEY = "stats:filter:options"
# As the queue filter's (egov.dossiers.queue_filter): with Redis a catalogue save clears it for every
# process at once; a local-memory cache drops another process's copy when it expires.
OPTIONS_TIMEOUT = 300
#: The days a custom period may name: the years the year field offers. A day at the calendar's edge made
#: a 500 (the month after 9999-12 and the year before 0001 do not exist; 0001-01-01 in Vietnam's time is
#: before year 1 in UTC).
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
DAYS = [MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)]


def filter_options() -> dict[str, list[tuple[int, str]]]:
    """Every procedure (published or not: a withdrawn one still has its figures) and field the filter
    offers, as (pk, label): read once per catalogue change instead of on every report page — the public
    statistics page is anyone's, and a province publishes one to two thousand procedures."""

    def build() -> dict[str, list[tuple[int, str]]]:
        procedures = Procedure.objects.values_list("pk", "code", "name")
        return {
            "procedure": [(pk, f"{code} {name}") for pk, code, name in procedures],
            "field": list(Field.objects.values_list("pk", "name")),
        }

    return cast(dict[str, list[tuple[int, str]]], cache.get_or_set(OPTIONS_KEY, build, OPTIONS_TIMEOUT))


def _forget_options(**_kwargs: Any) -> None:
    cache.delete(OPTIONS_KEY)


for _model in (Procedure, Field):
    post_save.connect(_forget_options, sender=_model, dispatch_uid=f"stats-filter-{_model.__name__}")
    post_delete.connect(_forget_options, sender=_model, dispatch_uid=f"stats-filter-{_model.__name__}-d")


class PlainNumberInput(forms.NumberInput):
    """A number input written in Python (egov.dossiers.queue_filter.PlainInput's markup)."""

    render = PlainInput.render


class ReportForm(forms.Form):
    #: No period: the last 30 days (docs/stats.md, "The default period").
    period = forms.ChoiceField(
        label=_("Period"), choices=[("", _("Last 30 days")), *KINDS], required=False, widget=PlainSelect
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, required=False, widget=PlainNumberInput
    )
    month = forms.IntegerField(
        label=_("Month"), min_value=1, max_value=12, required=False, widget=PlainNumberInput
    )
    quarter = forms.IntegerField(
        label=_("Quarter"), min_value=1, max_value=4, required=False, widget=PlainNumberInput
    )
    start = forms.DateField(
        label=_("From"), required=False, validators=DAYS, widget=PlainDateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, validators=DAYS, widget=PlainDateInput(attrs={"type": "date"})
    )
    # Selects written in Python, their options once per list and language (PlainSelect): Django's select
    # renders a template per option, which was most of the public page's time with 2,000 procedures.
    agency = forms.TypedChoiceField(
        label=_("Agency"), coerce=int, required=False, empty_value=None, widget=PlainSelect
    )
    field = forms.TypedChoiceField(
        label=_("Field"), coerce=int, required=False, empty_value=None, widget=PlainSelect
    )
    procedure = forms.TypedChoiceField(
        label=_("Procedure"), coerce=int, required=False, empty_value=None, widget=PlainSelect
    )

    field_order = ["view"]  # the choice that changes every table first

    #: Only on the dashboard (`views=True`): the public page counts by the agency that resolves.
    view = forms.ChoiceField(
        label=_("Count each dossier"),
        choices=[
            ("", _("for the agency that resolves it")),
            ("counter", _("for the one-stop counter that received it")),
        ],
        required=False,
        widget=PlainSelect,
    )

    def __init__(self, data: Any, agencies: list[Any], views: bool = False, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        if views:
            cast(PlainSelect, self.fields["view"].widget).keep = "stats-view"  # the code's own choices
        else:
            del self.fields["view"]
        options = filter_options()
        lists = {
            "agency": [(a.pk, a.name) for a in agencies],
            "field": options["field"],
            "procedure": options["procedure"],
        }
        for name, values in lists.items():
            field = cast(forms.TypedChoiceField, self.fields[name])
            field.choices = [("", _("All")), *values]
            # The kept options are named by the list itself: another scope or catalogue, another copy.
            cast(PlainSelect, field.widget).keep = f"stats-{name}-{hash(tuple(values))}"
        cast(PlainSelect, self.fields["period"].widget).keep = "stats-period"  # the code's own choices

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
