"""Forms of the linked groups' edit screen: the group and one row per part, in order. Shapes only; the
service (services.groups) checks the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.organizations.forms import AgencyChoiceField
from egov.organizations.models import Agency
from egov.procedures.forms import CODE_VALIDATOR
from egov.procedures.group_models import PartHandler
from egov.procedures.models import Procedure, PublicationStatus


class GroupForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30, validators=[CODE_VALIDATOR])
    name = forms.CharField(label=_("Name"), max_length=500)
    legal_basis = forms.CharField(
        label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source = forms.CharField(label=_("Source (article)"), max_length=300)
    effective_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))
    combined_days = forms.DecimalField(
        label=_("Combined time limit (working days)"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
    )
    combined_cutoff = forms.TimeField(
        label=_("Cut-off time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    combined_source = forms.CharField(
        label=_("Source of the combined time limit"), max_length=300, required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PublicationStatus.choices)


class ProcedureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Procedure) -> str:
        return f"{obj.code} {obj.name}"[:120]


class PartRowForm(forms.Form):
    procedure = ProcedureChoiceField(label=_("Procedure"), queryset=Procedure.objects.order_by("code"))
    handler = forms.ChoiceField(label=_("Handled by"), choices=PartHandler.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    agency = AgencyChoiceField(
        label=_("Receiving agency"),
        queryset=Agency.objects.filter(is_active=True).order_by("path"),
        required=False,
        empty_label=_("Where the group is filed"),
    )
    local_unit = forms.BooleanField(label=_("Its unit serving the commune"), required=False)
    needs_result_of = forms.IntegerField(label=_("Waits for part no."), required=False, min_value=1)
    source = forms.CharField(label=_("Source (article)"), max_length=300, required=False)
    time_note = forms.CharField(label=_("Time limit of this part"), max_length=300, required=False)
