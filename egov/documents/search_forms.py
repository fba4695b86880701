"""The search form: every field optional, read from the query string (GET), so a search is a link that can
be kept, shared and saved; a wrong value gets a message in the user's language and no search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from egov.documents import permissions
from egov.documents.forms import DateInput, type_choices
from egov.documents.models import Direction, Register, Status, Urgency
from egov.documents.search import Criteria
from egov.organizations.permissions import agency_scope_q

ANY = [("", _("Any"))]


class RegisterChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_direction_display()} {obj.year} · {obj.agency.name}" + (
            f" ({obj.series})" if obj.series != "main" else ""
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words (any field or the text of the files)"), max_length=500, required=False)
    number = forms.CharField(label=_("Number and symbol"), max_length=100, required=False)
    doc_type = forms.ChoiceField(label=_("Document type"), required=False)
    issuer = forms.CharField(label=_("Issuer"), max_length=200, required=False)
    summary = forms.CharField(label=_("Summary (trích yếu)"), max_length=500, required=False)
    signer = forms.CharField(label=_("Signer"), max_length=100, required=False)
    date_from = forms.DateField(label=_("Dated from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Dated until"), required=False, widget=DateInput)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=ANY + list(Urgency.choices), required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=ANY + list(Direction.choices), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ANY + list(Status.choices), required=False)
    register = RegisterChoice(label=_("Register"), queryset=Register.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].choices = ANY + type_choices()  # type: ignore[attr-defined]
        registers = Register.objects.filter(agency_scope_q(user, "agency__path", permissions.READERS))
        self.fields["register"].queryset = registers.select_related("agency").order_by(  # type: ignore[attr-defined]
            "-year", "agency__path", "direction", "series"
        )
        self.fields["register"].empty_label = _("Any")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("The first date is after the last one."))
        return data

    def criteria(self) -> Criteria:
        d = self.cleaned_data
        return Criteria(
            text=d.get("q") or "",
            number=d.get("number") or "",
            doc_type=d.get("doc_type") or "",
            issuer=d.get("issuer") or "",
            summary=d.get("summary") or "",
            signer=d.get("signer") or "",
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            urgency=d.get("urgency") or "",
            register=d.get("register"),
            direction=d.get("direction") or "",
            status=d.get("status") or "",
        )

    def query_string(self) -> str:
        """The cleaned search as a query string (what a saved search keeps), empty fields left out."""
        from django.http import QueryDict

        out = QueryDict(mutable=True)
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if name == "register":
                value = value.pk
            out[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return out.urlencode()


class SaveSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=100)
