"""The filter form above every work queue, built to be cheap on each page view.

The form is shown on every queue page, and a province publishes one to two thousand procedures: the option
lists come from the cache (one query per list when the catalogue changes, not per page view), and the
selects are written in Python instead of one template per option, which was most of the form's time
(docs/performance.md). A submitted filter is still checked against the database by the model fields.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from egov.core.markup import Kept, mark_selected
from egov.procedures.models import Field, Procedure, PublicationStatus

OPTIONS_KEY = "dossiers:queue-filter:options"
# Other processes drop their copy of a local-memory cache only when it expires; with Redis (the province
# profile) the save below clears it for every process at once.
OPTIONS_TIMEOUT = 300


Options = dict[str, list[tuple[str, str]]]


def _cached_options() -> tuple[str, Options]:
    """The lists with a token of their build: the token names the process's rendered copy (PlainSelect)."""

    def build() -> tuple[str, Options]:
        procedures = Procedure.objects.filter(status=PublicationStatus.PUBLISHED).values_list(
            "pk", "code", "name"
        )
        return uuid.uuid4().hex, {
            "procedure": [(str(pk), f"{code} {name}") for pk, code, name in procedures],
            "field": [(str(pk), name) for pk, name in Field.objects.values_list("pk", "name")],
        }

    return cast(tuple[str, Options], cache.get_or_set(OPTIONS_KEY, build, OPTIONS_TIMEOUT))


def filter_options() -> Options:
    """The procedures and fields the filter offers, as (value, label), in the order the model fields use."""
    return _cached_options()[1]


def _forget_options(**_kwargs: Any) -> None:
    cache.delete(OPTIONS_KEY)


for _model in (Procedure, Field):
    post_save.connect(_forget_options, sender=_model, dispatch_uid=f"queue-filter-{_model.__name__}")
    post_delete.connect(_forget_options, sender=_model, dispatch_uid=f"queue-filter-{_model.__name__}-d")


#: The <option>s of each select and the unbound form's fields, written once per process, language and build
#: of the lists: a new build of the lists has a new token, so a stale copy is never used.
_written: Kept[str] = Kept(limit=64)


class PlainSelect(forms.Select):
    """A single <select> written in Python: Django's markup without rendering a template per option.

    With `keep` set (the form sets it to the token of the cached lists), the options are written once
    per language and kept; each page then only marks the chosen one."""

    keep: str = ""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = self.format_value(value)
        final = self.build_attrs(self.attrs, attrs)
        if not self.keep:
            options = self._options(set(map(str, chosen)))
        else:
            options = _written.get((self.keep, name, get_language() or ""), lambda: self._options(set()))
            for v in chosen:
                options = mark_selected(options, v)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), mark_safe(options))

    def _options(self, chosen: set[str]) -> str:
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if str(v) in chosen else "", label) for v, label in self.choices),
        )


class PlainInput(forms.TextInput):
    """A text input written in Python: the markup of Django's input.html without rendering a template."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        shown = self.format_value(value)
        final = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', shown) if shown is not None else "",
            flatatt(final),
        )


class PlainDateInput(forms.DateInput):
    """A date input written in Python (PlainInput's markup; the value formatted as DateInput does)."""

    render = PlainInput.render


class QueueFilterForm(forms.Form):
    procedure = forms.ModelChoiceField(
        queryset=Procedure.objects.filter(status=PublicationStatus.PUBLISHED).only("code", "name"),
        required=False,
        label=_("Procedure"),
        widget=PlainSelect,
        empty_label=_("All"),
    )
    field = forms.ModelChoiceField(
        queryset=Field.objects.all(),
        required=False,
        label=_("Field"),
        widget=PlainSelect,
        empty_label=_("All"),
    )
    applicant = forms.CharField(required=False, label=_("Applicant or ID number"), widget=PlainInput)
    code = forms.CharField(required=False, label=_("Dossier code"), widget=PlainInput)
    received_from = forms.DateField(
        required=False, label=_("Received from"), widget=PlainDateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        required=False, label=_("to"), widget=PlainDateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        required=False,
        label=_("Sort by"),
        widget=PlainSelect,
        choices=[
            ("due", _("Due first")),
            ("-due", _("Due last")),
            ("received", _("Received first")),
            ("-received", _("Received last")),
            ("code", _("Code")),
            ("-changed", _("Last change")),
            ("risk", _("Most likely late first")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        token, options = _cached_options()
        self.token = token
        for name in ("procedure", "field"):
            empty = self.fields[name].empty_label  # type: ignore[attr-defined]
            widget = cast(PlainSelect, self.fields[name].widget)
            # What the widget shows; the field itself still validates against its queryset.
            widget.choices = [("", empty), *options[name]]
            widget.keep = token
        # The sort's choices are the code's own: the same in every build.
        cast(PlainSelect, self.fields["sort"].widget).keep = "sort"


def fields_html(form: QueueFilterForm) -> SafeString:
    """Each field as the queue page shows it: its label and its input in a `<div class="field">`. Unbound —
    a queue opened without filters, most page views — the form is the same for every viewer, so its markup
    is written once per process, language and build of the lists (1 ms of every queue page before)."""
    if form.is_bound:
        return _fields_html(form)
    return mark_safe(_written.get((form.token, "fields", get_language() or ""), lambda: _fields_html(form)))


def _fields_html(form: QueueFilterForm) -> SafeString:
    return format_html_join(
        "",
        '<div class="field"><label for="{}">{}</label>{}</div>',
        ((field.id_for_label, field.label, field) for field in form),
    )
