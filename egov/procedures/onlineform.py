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
import functools
import json
from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy

from egov.procedures.formfields import AddressField, make_field
from egov.procedures.formschema import MAX_GROUP_ROWS


def _form_class(specs: list[dict[str, Any]]) -> type[forms.Form]:
    """The form class of a schema's fields, built once per process for the same fields, language and day.

    Every filing builds the form of its procedure's published schema; building its fields was a good part of
    checking the answers. A field depends on its spec, on the language (labels and prompts translated when it
    is made) and on the day ("max": "today", a year up to this one), so all three make the key; each form
    made from the class gets its own copy of the fields (Django's BaseForm), so nothing one request changes
    on its form reaches another's."""
    return _built(json.dumps(specs, sort_keys=True, ensure_ascii=False), get_language(), timezone.localdate())


@functools.lru_cache(maxsize=256)
def _built(specs: str, language: str | None, day: dt.date) -> type[forms.Form]:
    attrs = {spec["name"]: make_field(spec) for spec in json.loads(specs) if spec["type"] != "group"}
    return type("SchemaPartForm", (forms.Form,), attrs)


@functools.lru_cache(maxsize=256)
def _formset_class(form_class: type[forms.Form], extra: int, low: int, high: int) -> type[forms.BaseFormSet]:
    """The formset class of a repeated group, made once per form class (itself kept per fields, language and
    day) and bounds: a class made per request was a good part of building the form. A formset keeps its rows
    and data on itself, not on its class."""
    return forms.formset_factory(
        form_class,
        extra=extra,
        min_num=low,
        max_num=high,
        absolute_max=high,
        validate_min=True,
        validate_max=True,
        # A group of exactly one row is a section of the form: nothing to add or remove.
        can_delete=high > low,
    )


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
        formset_class = _formset_class(
            _form_class(spec.get("fields", [])), 0 if low or initial else 1, low, high
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
