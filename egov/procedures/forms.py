"""Forms of the catalogue's administration screens. They only check shapes; services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from egov.organizations.forms import AgencyChoiceField
from egov.organizations.models import Agency, Role
from egov.procedures.formschema import FIELD_TYPES
from egov.procedures.models import (
    ApplicantType,
    Channel,
    Fee,
    Field,
    Level,
    Procedure,
    RequiredDocument,
    StepKind,
)

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots and dashes, e.g. 1.001193."),
)
MAX_UPLOAD = 10 * 1024 * 1024
TEMPLATE_EXTENSIONS = (".doc", ".docx", ".pdf", ".odt", ".xls", ".xlsx", ".ods")


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return "— " * obj.depth + obj.name


class ProcedureForm(forms.ModelForm):
    code = forms.CharField(label=_("national code"), max_length=30, validators=[CODE_VALIDATOR])
    levels = forms.MultipleChoiceField(
        label=_("Levels that carry it out"), choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )
    applicant_types = forms.MultipleChoiceField(
        label=_("Applicant types"), choices=ApplicantType.choices, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    agencies = AgencyMultipleChoiceField(
        label=_("Agencies that carry it out"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "levels",
            "agencies",
            "processing_time",
            "time_unit",
            "same_day_cutoff",
            "time_limit_source",
            "processing_note",
            "applicant_types",
            "channels",
            "service_level",
            "online_payment",
            "inter_agency_group",
            "legal_basis",
            "result",
            "result_type_code",
            "requirements",
            "steps_text",
            "source",
        ]
        widgets = {
            # A plain text box "15:00": works without JavaScript and in every browser.
            "same_day_cutoff": forms.TimeInput(format="%H:%M", attrs={"placeholder": "15:00", "size": 6}),
            "processing_note": forms.Textarea(attrs={"rows": 2}),
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "steps_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies.order_by("path")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["agencies"] = [a.pk for a in self.instance.agencies.all() if a in agencies]


class FieldForm(forms.ModelForm):
    class Meta:
        model = Field
        fields = ["code", "name", "sort_order"]


# Choice fields carry the value a blank row shows as `initial`, so an untouched extra row stays empty.


class DocumentRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Paper"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    copy_kind = forms.ChoiceField(
        label=_("Original or copy"),
        choices=RequiredDocument.Copy.choices,
        initial=RequiredDocument.Copy.ORIGINAL,
    )
    quantity = forms.IntegerField(label=_("Sets"), min_value=1, max_value=20, initial=1)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    reusable = forms.BooleanField(label=_("Digitised copy reusable"), required=False, initial=True)
    online = forms.ChoiceField(
        label=_("When filed online"),
        choices=RequiredDocument.Online.choices,
        initial=RequiredDocument.Online.UPLOAD,
    )
    # Declared fields are taken out of the class, so this does not shadow Form.template_name.
    template_name = forms.CharField(label=_("Form name"), max_length=200, required=False)  # type: ignore[assignment]
    template = forms.FileField(label=_("Form template file"), required=False)
    remove_template = forms.BooleanField(label=_("Remove the file"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 1}))

    def clean_template(self) -> Any:
        upload = self.cleaned_data.get("template")
        if upload:
            if not upload.name.lower().endswith(TEMPLATE_EXTENSIONS):
                raise forms.ValidationError(_("Choose a .doc, .docx, .odt, .pdf, .xls, .xlsx or .ods file."))
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class NamesField(forms.CharField):
    """A list of names, one per line (a fee's `replaces`: fee names hold commas)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class FeeRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=Fee.Kind.choices, initial=Fee.Kind.CHARGE)
    name = forms.CharField(label=_("Name"), max_length=300)
    amount = forms.DecimalField(label=_("Amount (VND)"), min_value=0, max_digits=14, decimal_places=0)
    condition = forms.CharField(label=_("Applies when"), max_length=500, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    online_amount = forms.DecimalField(
        label=_("Online (VND)"),
        help_text=_("Empty: the same amount online."),
        min_value=0,
        max_digits=14,
        decimal_places=0,
        required=False,
    )
    online_basis = forms.CharField(label=_("Basis of the online amount"), max_length=300, required=False)
    online_from = forms.DateField(label=_("Online amount from"), required=False)
    online_until = forms.DateField(label=_("Online amount until"), required=False)
    applies = forms.ChoiceField(
        label=_("Charged"), choices=Fee.Applies.choices, initial=Fee.Applies.ALWAYS, required=False
    )
    case = forms.CharField(
        label=_("Case"),
        help_text=_("In plain words, as the applicant or the officer is asked it."),
        max_length=300,
        required=False,
    )
    case_basis = forms.CharField(label=_("Legal basis of the case"), max_length=300, required=False)
    replaces = NamesField(
        label=_("Charged instead of"),
        help_text=_("The names of other lines of this list, one per line."),
        required=False,
    )
    per_field = forms.CharField(
        label=_("Per unit counted by"),
        help_text=_("The name of a number field of the online form (e.g. so_ban_sao); empty: charged once."),
        max_length=60,
        required=False,
    )
    per_from = forms.IntegerField(
        label=_("From the unit"), min_value=1, max_value=1000, initial=1, required=False
    )

    when_field = forms.CharField(
        label=_("Case decided by the form's date"),
        help_text=_("A date field of the online form (group.field inside a group), e.g. tre.ngay_sinh."),
        max_length=100,
        required=False,
    )
    when_days = forms.IntegerField(
        label=_("when more days have passed than"), min_value=0, max_value=36500, required=False
    )

    def clean_per_from(self) -> int:
        return self.cleaned_data.get("per_from") or 1

    def clean_applies(self) -> str:
        # A row sent without it (an older form, a script) is charged always, as rows were before cases.
        return self.cleaned_data.get("applies") or Fee.Applies.ALWAYS


class StepRowForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=StepKind.choices, initial=StepKind.PROCESS)
    name = forms.CharField(label=_("Step"), max_length=200)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.CLERK)],
        initial=Role.SPECIALIST,
    )
    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("The receiving agency"),
    )
    local_unit = forms.BooleanField(label=_("Its unit serving the commune"), required=False)
    allotted_hours = forms.DecimalField(label=_("Working hours"), min_value=0, max_digits=7, decimal_places=1)

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("local_unit") and not data.get("agency"):
            self.add_error(
                "local_unit", _("Name the agency whose unit serving the commune carries out this step.")
            )
        return data


class FormFieldRowForm(forms.Form):
    group = forms.CharField(label=_("In group"), max_length=50, required=False)
    name = forms.CharField(label=_("Name (a-z, 0-9, _)"), max_length=50)
    label = forms.CharField(label=_("Label"), max_length=300)
    type = forms.ChoiceField(label=_("Type"), choices=list(FIELD_TYPES.items()), initial="text")
    required = forms.BooleanField(label=_("Required"), required=False)
    help = forms.CharField(label=_("Help text"), max_length=500, required=False)
    max_length = forms.IntegerField(label=_("Max. length"), min_value=1, max_value=2000, required=False)
    min = forms.CharField(label=_("Min."), max_length=20, required=False)
    max = forms.CharField(label=_("Max."), max_length=20, required=False)
    choices = forms.CharField(
        label=_("Options (value|label, one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    pattern = forms.CharField(label=_("Pattern (regular expression)"), max_length=200, required=False)
    pattern_message = forms.CharField(
        label=_("Message when the pattern fails"), max_length=200, required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file (.xlsx or .json)"),
        help_text=_("A file exported from this screen, or one in the same layout."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".json")):
            raise forms.ValidationError(_("Choose an .xlsx or .json file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def row_formset(form: type[forms.Form], extra: int = 2, order: bool = False) -> type[forms.BaseFormSet]:
    return forms.formset_factory(form, extra=extra, can_delete=True, can_order=order, max_num=200)
