"""Turning a form schema (formschema.py) into a Django form that renders and validates server-side.

    FormClass = build_django_form(schema)
    form = FormClass(data=request.POST or None, prefix="tk")
    if form.adding_row:           # the "add a row" button of a repeated group (works without JS)
        ...render again...
    elif form.is_valid():
        answers = form.cleaned_data   # JSON-safe: dates ISO, numbers as strings, addresses as dicts
    html = form.render()

Top-level fields live in one Django form; each repeated group is a formset.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.core.validators import normalise_cccd, normalise_phone, validate_cccd, validate_phone
from egov.procedures import addresses
from egov.procedures.formschema import MAX_GROUP_ROWS


class CCCDField(forms.CharField):
    default_validators = [validate_cccd]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 ]*"})

    def to_python(self, value: Any) -> str:
        return normalise_cccd(super().to_python(value) or "")


class PhoneField(forms.CharField):
    default_validators = [validate_phone]
    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return normalise_phone(text) if text else text


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
            **common,
        )
        field.widget.attrs["inputmode"] = "decimal"
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


def _form_class(specs: list[dict[str, Any]]) -> type[forms.Form]:
    attrs = {spec["name"]: make_field(spec) for spec in specs if spec["type"] != "group"}
    return type("SchemaPartForm", (forms.Form,), attrs)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return value


def _answers(form: forms.Form, specs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        spec["name"]: _jsonable(form.cleaned_data.get(spec["name"]))
        for spec in specs
        if spec["type"] != "group"
    }


class SchemaForm:
    """A whole online form: top-level fields plus one formset per repeated group."""

    def __init__(
        self,
        schema: dict[str, Any],
        data: Any = None,
        files: Any = None,
        initial: dict[str, Any] | None = None,
        prefix: str | None = None,
    ) -> None:
        self.schema = schema
        self.specs: list[dict[str, Any]] = list(schema.get("fields", []))
        self.prefix = prefix
        self.is_bound = data is not None
        initial = initial or {}
        self.adding_row = ""
        add_key = self._name("_add")
        if data is not None and data.get(add_key):
            self.adding_row = str(data.get(add_key))
            data = self._with_extra_row(data, self.adding_row)
        self.main = _form_class(self.specs)(
            data=data,
            files=files,
            initial={k: v for k, v in initial.items() if not isinstance(v, list)},
            prefix=prefix,
        )
        self._narrow_addresses(self.main, data)
        self.groups: dict[str, forms.BaseFormSet] = {}
        for spec in self.specs:
            if spec["type"] == "group":
                self.groups[spec["name"]] = self._formset(spec, data, files, initial.get(spec["name"]))
        self._cleaned: dict[str, Any] | None = None

    def _name(self, name: str) -> str:
        return f"{self.prefix}-{name}" if self.prefix else name

    def _group_prefix(self, name: str) -> str:
        return self._name(name)

    def _with_extra_row(self, data: Any, group: str) -> Any:
        spec = next((s for s in self.specs if s["type"] == "group" and s["name"] == group), None)
        data = data.copy()
        if spec is None:
            return data
        key = f"{self._group_prefix(group)}-TOTAL_FORMS"
        try:
            total = int(data.get(key, 0))
        except (TypeError, ValueError):
            total = 0
        if total < int(spec.get("max", 10)):
            data[key] = str(total + 1)
        return data

    def _formset(self, spec: dict[str, Any], data: Any, files: Any, initial: Any) -> forms.BaseFormSet:
        low = int(spec.get("min", 0))
        high = min(int(spec.get("max", 10)), MAX_GROUP_ROWS)
        formset_class = forms.formset_factory(
            _form_class(spec.get("fields", [])),
            extra=0 if low or initial else 1,
            min_num=low,
            max_num=high,
            absolute_max=high,
            validate_min=True,
            validate_max=True,
            # A group of exactly one row is a section of the form: nothing to add or remove.
            can_delete=high > low,
        )
        formset = formset_class(
            data=data, files=files, initial=initial or None, prefix=self._group_prefix(spec["name"])
        )
        for form in formset.forms:
            self._narrow_addresses(form, data)
        return formset

    @staticmethod
    def _narrow_addresses(form: forms.Form, data: Any) -> None:
        for name, field in form.fields.items():
            if isinstance(field, AddressField):
                if data is not None:
                    chosen = data.get(f"{form.add_prefix(name)}_0")
                else:
                    initial = form.initial.get(name)
                    chosen = initial.get("province") if isinstance(initial, dict) else None
                field.set_province(chosen)

    def is_valid(self) -> bool:
        if not self.is_bound or self.adding_row:
            return False
        valid = self.main.is_valid()
        for formset in self.groups.values():
            valid = formset.is_valid() and valid
        return valid

    @property
    def errors(self) -> dict[str, Any]:
        errors: dict[str, Any] = dict(self.main.errors)
        for name, formset in self.groups.items():
            if formset.total_error_count():
                errors[name] = [*formset.non_form_errors(), *[e for e in formset.errors if e]]
        return errors

    @property
    def cleaned_data(self) -> dict[str, Any]:
        """The answers as JSON-safe data, in schema order; only after is_valid()."""
        if self._cleaned is None:
            answers = _answers(self.main, self.specs)
            for spec in self.specs:
                if spec["type"] == "group":
                    formset = self.groups[spec["name"]]
                    inner = spec.get("fields", [])
                    answers[spec["name"]] = [
                        _answers(form, inner)
                        for form in formset.forms
                        if form.cleaned_data and not form.cleaned_data.get("DELETE")
                    ]
            self._cleaned = {spec["name"]: answers.get(spec["name"]) for spec in self.specs}
        return self._cleaned

    def items(self) -> list[dict[str, Any]]:
        """What the template walks through: fields and groups in schema order."""
        out = []
        for spec in self.specs:
            if spec["type"] == "group":
                formset = self.groups[spec["name"]]
                out.append(
                    {
                        "group": True,
                        "spec": spec,
                        "formset": formset,
                        "can_add": formset.total_form_count() < int(spec.get("max", 10)),
                        "numbered": int(spec.get("max", 10)) > 1,
                    }
                )
            else:
                out.append({"group": False, "field": self.main[spec["name"]], "spec": spec})
        return out

    def render(self) -> SafeString:
        return SafeString(
            render_to_string(
                "procedures/form/render.html",
                {"form": self, "add_name": self._name("_add")},
            )
        )

    __html__ = render

    def __str__(self) -> str:
        return self.render()


def build_django_form(schema: dict[str, Any]) -> Any:
    """A form class for `schema`: call it like a Django form (data=, files=, initial=, prefix=)."""
    return partial(SchemaForm, schema)


def summarise(schema: dict[str, Any], answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Label → display value pairs for showing submitted answers (groups as lists of rows)."""
    rows = []
    for spec in schema.get("fields", []):
        value = answers.get(spec["name"])
        if spec["type"] == "group":
            inner = spec.get("fields", [])
            rows.append(
                {
                    "label": spec["label"],
                    "rows": [
                        [(f["label"], _display(f, row.get(f["name"]))) for f in inner] for row in value or []
                    ],
                }
            )
        else:
            rows.append({"label": spec["label"], "value": _display(spec, value)})
    return rows


def _display(spec: dict[str, Any], value: Any) -> str:
    if value in (None, ""):
        return ""
    kind = spec["type"]
    if kind == "choice":
        return dict((str(v), str(label)) for v, label in spec.get("choices", [])).get(str(value), str(value))
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if kind == "address" and isinstance(value, dict):
        parts = [value.get("detail"), value.get("ward_name"), value.get("province_name")]
        return ", ".join(p for p in parts if p)
    return str(value)


ADD_ROW_LABEL = gettext_lazy("Add a row")
