from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.core.forms import PhoneField
from egov.organizations.identifiers import normalise
from egov.organizations.models import Agency, Role


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return "— " * obj.depth + obj.name


class AgencyForm(forms.ModelForm):
    parent = AgencyChoiceField(queryset=Agency.objects.none(), label=_("Parent agency"))

    class Meta:
        model = Agency
        fields = [
            "parent",
            "code",
            "admin_unit_code",
            "name",
            "short_name",
            "kind",
            "has_counter",
            "address",
            "phone",
            "email",
            "is_active",
            "sort_order",
        ]

    def __init__(self, *args: Any, parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.parent_id is None:
            self.fields["parent"].required = False
            self.fields["parent"].disabled = True

    def clean_code(self) -> str:
        """Typed in small letters or with blanks around it, the identifier is still the same one."""
        return normalise(self.cleaned_data["code"])


class StaffForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[a-zA-Z0-9._-]+$",
        error_messages={"invalid": _("Use letters without marks, digits, dots, dashes or underscores.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    agency = AgencyChoiceField(queryset=Agency.objects.none(), label=_("Agency"))
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    employee_code = forms.CharField(label=_("Staff code"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    # The one rule for a Vietnamese number (SMS alerts go to it), not this form's own "8 to 15 digits".
    phone = PhoneField(label=_("Phone"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles in this agency"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Account active"), required=False, initial=True)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Leave empty to keep the current password (or to create an account that cannot log in yet)."
        ),
    )

    def __init__(self, *args: Any, agencies: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if editing:
            self.fields["username"].disabled = True


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        help_text=_("Columns: username, full name, agency code, roles, position, email, phone, staff code."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
