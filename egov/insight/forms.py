"""The manual figures' entry form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.core.uploads import accept_attribute
from egov.insight.definitions import manual_codes
from egov.insight.periods import KINDS
from egov.insight.services import EVIDENCE_KINDS
from egov.organizations.models import Agency


class FigureForm(forms.Form):
    agency: forms.ModelChoiceField[Agency] = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=_("Agency")
    )
    indicator = forms.ChoiceField(label=_("Indicator"))
    kind = forms.ChoiceField(label=_("Period"), choices=list(KINDS.items()), initial="year")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Month or quarter"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("For a month (1-12) or a quarter (1-4); leave empty otherwise."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(EVIDENCE_KINDS)}),
        help_text=_("A scan or the report the figure comes from (PDF, image, Word or spreadsheet)."),
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["indicator"].choices = [(c, f"{c} {i.label}") for c, i in manual_codes().items()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, number = data.get("kind"), data.get("number")
        if kind == "month" and not number:
            self.add_error("number", _("Give the month (1-12)."))
        if kind == "quarter" and not (number and number <= 4):
            self.add_error("number", _("Give the quarter (1-4)."))
        return data
