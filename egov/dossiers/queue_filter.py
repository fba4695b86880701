"""The filter form above every work queue, built to be cheap on each page view.

The form is shown on every queue page, and a province publishes one to two thousand procedures: the option
lists come from the cache (one query per list when the catalogue changes, not per page view), and the
selects are written in Python instead of one template per option, which was most of the form's time
(docs/performance.md). A submitted filter is still checked against the database by the model fields.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from egov.procedures.models import Field, Procedure, PublicationStatus

OPTIONS_KEY = "dossiers:queue-filter:options"
# Other processes drop their copy of a local-memory cache only when it expires; with Redis (the province
# profile) the save below clears it for every process at once.
OPTIONS_TIMEOUT = 300


def filter_options() -> dict[str, list[tuple[str, str]]]:
    """The procedures and fields the filter offers, as (value, label), in the order the model fields use."""

    def build() -> dict[str, list[tuple[str, str]]]:
        procedures = Procedure.objects.filter(status=PublicationStatus.PUBLISHED).values_list(
            "pk", "code", "name"
        )
        return {
            "procedure": [(str(pk), f"{code} {name}") for pk, code, name in procedures],
            "field": [(str(pk), name) for pk, name in Field.objects.values_list("pk", "name")],
        }

    return cast(dict[str, list[tuple[str, str]]], cache.get_or_set(OPTIONS_KEY, build, OPTIONS_TIMEOUT))


def _forget_options(**_kwargs: Any) -> None:
    cache.delete(OPTIONS_KEY)


for _model in (Procedure, Field):
    post_save.connect(_forget_options, sender=_model, dispatch_uid=f"queue-filter-{_model.__name__}")
    post_delete.connect(_forget_options, sender=_model, dispatch_uid=f"queue-filter-{_model.__name__}-d")


class PlainSelect(forms.Select):
    """A single <select> written in Python: Django's markup without rendering a template per option."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if str(v) in chosen else "", label) for v, label in self.choices),
        )
        final = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


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
    applicant = forms.CharField(required=False, label=_("Applicant or ID number"))
    code = forms.CharField(required=False, label=_("Dossier code"))
    received_from = forms.DateField(
        required=False, label=_("Received from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        required=False, label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
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
        options = filter_options()
        for name in ("procedure", "field"):
            empty = self.fields[name].empty_label  # type: ignore[attr-defined]
            # What the widget shows; the field itself still validates against its queryset.
            self.fields[name].widget.choices = [("", empty), *options[name]]
