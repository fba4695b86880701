"""The Django form field of each schema field type (formschema.FIELD_TYPES), used by onlineform.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.core.forms import PhoneField
from egov.core.validators import normalise_cccd, validate_cccd
from egov.procedures import addresses


class CCCDField(forms.CharField):
    default_validators = [validate_cccd]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 ]*"})

    def to_python(self, value: Any) -> str:
        return normalise_cccd(super().to_python(value) or "")


class AddressWidget(forms.MultiWidget):
    template_name = "procedures/form/address_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = (
            forms.Select(attrs={"data-address": "province"}),
            forms.Select(attrs={"data-address": "ward"}),
            forms.TextInput(attrs={"data-address": "detail", "autocomplete": "street-address"}),
        )
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [value.get("province"), value.get("ward"), value.get("detail")]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        labels = [
            _("Province or city"),
            _("Commune, ward or special zone"),
            _("House number, street, hamlet"),
        ]
        for sub, label in zip(context["widget"]["subwidgets"], labels, strict=True):
            sub["label"] = label
        return context


class AddressField(forms.MultiValueField):
    """Province → commune from the official 2025 list, plus the house number and street."""

    widget = AddressWidget

    def __init__(self, **kwargs: Any) -> None:
        province_choices = [("", _("— choose a province —")), *addresses.provinces()]
        # Sub-fields are optional one by one; compress() says which part is missing, in plain words.
        fields = (
            forms.ChoiceField(choices=province_choices, required=False),
            forms.CharField(required=False),
            forms.CharField(max_length=255, required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)
        self.widget.widgets[0].choices = province_choices  # type: ignore[attr-defined]
        self.set_province(None)

    def set_province(self, code: str | None) -> None:
        """Offer the communes of the chosen province (the no-JS path: submit, then pick the commune)."""
        if code and addresses.province_name(code):
            choices = [("", _("— choose a commune —")), *addresses.wards(code)]
        else:
            choices = [("", _("— choose the province first —"))]
        self.widget.widgets[1].choices = choices  # type: ignore[attr-defined]

    def compress(self, data_list: list[Any]) -> dict[str, str] | None:
        if not data_list or not any(data_list):
            return None
        province, ward, detail = [*list(data_list), None, None, None][:3]
        if not province:
            raise ValidationError(_("Choose a province."), code="province")
        if not ward:
            raise ValidationError(_("Choose a commune of the province."), code="ward")
        ward_label = addresses.ward_name(province, ward)
        if ward_label is None:
            raise ValidationError(_("That commune is not in the chosen province."), code="ward")
        return {
            "province": province,
            "province_name": addresses.province_name(province) or "",
            "ward": ward,
            "ward_name": ward_label,
            "detail": (detail or "").strip(),
        }


def _date_bound(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if value == "today":
        return timezone.localdate()
    return dt.date.fromisoformat(str(value))


# Our own words: Django's Vietnamese catalogue puts a space before the full stop ("… 1900 .").
NUMBER_MESSAGES = {
    "invalid": gettext_lazy("Enter a number, such as 2 or 2,5."),
    "min_value": gettext_lazy("Enter a number no smaller than %(limit_value)s."),
    "max_value": gettext_lazy("Enter a number no larger than %(limit_value)s."),
    "max_digits": gettext_lazy("The number is too long."),
    "max_decimal_places": gettext_lazy("Use at most %(max)s digits after the decimal comma."),
    "max_whole_digits": gettext_lazy("The number is too long."),
}
YEAR_MESSAGES = {
    "invalid": gettext_lazy("Enter the year in 4 digits, such as 1985."),
    "min_value": gettext_lazy("Enter a year from %(limit_value)s on."),
    "max_value": gettext_lazy("Enter a year no later than this year (%(limit_value)s)."),
}


def make_field(spec: dict[str, Any]) -> forms.Field:
    """The Django form field for one (non-group) field of a schema."""
    kind = spec["type"]
    common: dict[str, Any] = {
        "label": spec.get("label", spec["name"]),
        "required": bool(spec.get("required", False)),
        "help_text": spec.get("help", ""),
    }
    field: forms.Field
    if kind == "text":
        validators = []
        if spec.get("pattern"):
            validators.append(
                RegexValidator(
                    f"^(?:{spec['pattern']})$",
                    spec.get("pattern_message") or _("The value does not have the expected form."),
                )
            )
        field = forms.CharField(
            max_length=int(spec.get("max_length") or 255), validators=validators, **common
        )
    elif kind == "number":
        low, high = spec.get("min"), spec.get("max")
        field = forms.DecimalField(
            min_value=Decimal(str(low)) if low not in (None, "") else None,
            max_value=Decimal(str(high)) if high not in (None, "") else None,
            max_digits=18,
            decimal_places=4,
            error_messages=NUMBER_MESSAGES,
            **common,
        )
        field.widget.attrs["inputmode"] = "decimal"
    elif kind == "year":
        field = forms.IntegerField(
            min_value=int(spec.get("min") or 1900),
            max_value=timezone.localdate().year,
            error_messages=YEAR_MESSAGES,
            **common,
        )
        field.widget = forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*", "maxlength": "4"})
    elif kind == "date":
        field = forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            **common,
        )
        low, high = _date_bound(spec.get("min")), _date_bound(spec.get("max"))
        if low:
            field.validators.append(_min_date(low))
            field.widget.attrs["min"] = low.isoformat()
        if high:
            field.validators.append(_max_date(high))
            field.widget.attrs["max"] = high.isoformat()
    elif kind == "choice":
        choices = [(str(v), str(label)) for v, label in spec.get("choices", [])]
        if not common["required"] or len(choices) > 1:
            choices = [("", _("— choose —")), *choices]
        field = forms.ChoiceField(choices=choices, **common)
    elif kind == "address":
        field = AddressField(**common)
    elif kind == "cccd":
        field = CCCDField(**common)
    elif kind == "phone":
        field = PhoneField(max_length=20, **common)
    elif kind == "email":
        field = forms.EmailField(max_length=254, **common)
    else:
        raise ValueError(f"no form field for type {kind!r}")
    return field


def _min_date(low: dt.date) -> Any:
    def check(value: dt.date) -> None:
        if value < low:
            raise ValidationError(_("The date cannot be before %(d)s.") % {"d": low.strftime("%d/%m/%Y")})

    return check


def _max_date(high: dt.date) -> Any:
    def check(value: dt.date) -> None:
        if value > high:
            raise ValidationError(_("The date cannot be after %(d)s.") % {"d": high.strftime("%d/%m/%Y")})

    return check
