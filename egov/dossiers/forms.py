"""Forms of the dossier screens. Each carries the dossier version it was shown with and a one-time key,
so a stale form is refused and a double click makes one transition."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.forms import PhoneField
from egov.core.money import format_vnd
from egov.dossiers import intake
from egov.dossiers import papers as papers_of
from egov.dossiers.counter import officer_label, with_staff
from egov.dossiers.models import Dossier
from egov.dossiers.transitions import Transition
from egov.organizations.models import Agency
from egov.procedures.models import (
    ApplicantType,
    Channel,
    Procedure,
    RequiredDocument,
)

MAX_FILE_BYTES = 20 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in items]
        for upload in cleaned:
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 20 MB.") % {"name": upload.name}, code="too_large"
                )
        return cleaned


class OnceForm(forms.Form):
    """A hidden one-time key per form shown: the same key twice is the same request. 32 characters (a
    UUID's hex): the views store it after the user's id in a 64-character column (`DossierEvent
    .idempotency_key`), which a longer key sent by hand would overflow (PostgreSQL: a 500)."""

    idem = forms.CharField(widget=forms.HiddenInput, max_length=32)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idem", uuid.uuid4().hex)


class ReceiveForm(OnceForm):
    """Tiếp nhận hồ sơ tại quầy (or arriving by post), with the procedure's paper checklist.

    `procedures` are the procedures the chosen counter receives, already in Vietnamese order
    (counter.procedures_received_at); the checklist has one row per required document of `procedure`:
    ticked or not, its form (original, copy…) and how many sets came in."""

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Counter"))
    procedure = forms.ModelChoiceField(queryset=Procedure.objects.none(), label=_("Procedure"))
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(Channel.COUNTER, Channel.COUNTER.label), (Channel.POST, Channel.POST.label)],
    )
    applicant_type = forms.ChoiceField(label=_("Applicant type"), choices=ApplicantType.choices)
    applicant_name = forms.CharField(label=_("Applicant's full name or organisation"), max_length=200)
    applicant_id_number = forms.CharField(
        label=_("ID number"),
        max_length=20,
        required=False,
        help_text=_("12-digit personal ID (CCCD) or the organisation's tax code"),
    )
    # The rule of online filing (core.forms.PhoneField), not a counter's own "8 to 15 digits" (a
    # newcomer's walk found three rules): kept as the national form, "0912345678".
    applicant_phone = PhoneField(label=_("Phone"), required=False)
    applicant_email = forms.EmailField(label=_("Email"), required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    summary = forms.CharField(label=_("Summary of the request"), max_length=500, required=False)
    fees = forms.MultipleChoiceField(
        label=_("Fees collected"), required=False, widget=forms.CheckboxSelectMultiple
    )
    papers = MultipleFileField(label=_("Scanned papers"))
    comment = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        *args: Any,
        counters: Any,
        procedures: list[Procedure],
        procedure: Procedure | None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["agency"].queryset = counters  # type: ignore[attr-defined]
        if counters.count() == 1:
            self.initial.setdefault("agency", counters.first())
        # One procedure selector on the screen (the GET picker above the form): here the choice rides along.
        self.fields["agency"].widget = forms.HiddenInput()
        field = self.fields["procedure"]
        field.widget = forms.HiddenInput()
        field.queryset = Procedure.objects.filter(pk__in=[p.pk for p in procedures])  # type: ignore[attr-defined]
        field.choices = [("", "---------"), *[(p.pk, f"{p.name} ({p.code})") for p in procedures]]  # type: ignore[attr-defined]
        self.documents = papers_of.checklist(procedure) if procedure is not None else []
        if procedure is not None:
            self.initial.setdefault("procedure", procedure)
            self.fields["fees"].choices = [  # type: ignore[attr-defined]
                (
                    str(fee.pk),
                    f"{fee.name}: {format_vnd(fee.amount)}"
                    + (f" ({fee.condition})" if fee.condition else ""),
                )
                for fee in procedure.fees.all()
            ]
        else:
            del self.fields["fees"]
        for doc in self.documents:
            self.fields[f"paper_{doc.pk}"] = forms.BooleanField(label=doc.name, required=False)
            self.fields[f"paper_{doc.pk}_form"] = forms.ChoiceField(
                label=_("Original or copy"),
                choices=RequiredDocument.Copy.choices,
                initial=doc.copy_kind,
                required=False,
            )
            self.fields[f"paper_{doc.pk}_count"] = forms.IntegerField(
                label=_("Sets"), min_value=1, max_value=99, initial=doc.quantity, required=False
            )
        self.shown_procedure = procedure

    def main_fields(self) -> list[Any]:
        """The visible fields other than the checklist's (rendered as a table by the template)."""
        return [f for f in self.visible_fields() if not f.name.startswith("paper_")]

    def checklist_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "document": doc,
                "ticked": self[f"paper_{doc.pk}"],
                "form": self[f"paper_{doc.pk}_form"],
                "count": self[f"paper_{doc.pk}_count"],
            }
            for doc in self.documents
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("applicant_type") and data.get("applicant_id_number"):
            try:
                data["applicant_id_number"] = intake.clean_id_number(
                    data["applicant_type"], data["applicant_id_number"]
                )
            except forms.ValidationError as exc:
                self.add_error("applicant_id_number", exc)
        chosen = data.get("procedure")
        if chosen is not None and self.shown_procedure is not None and chosen.pk == self.shown_procedure.pk:
            data["received_papers"] = [
                papers_of.Paper(
                    name=doc.name,
                    form=data.get(f"paper_{doc.pk}_form") or doc.copy_kind,
                    count=data.get(f"paper_{doc.pk}_count") or doc.quantity,
                    document_id=doc.pk,
                )
                for doc in self.documents
                if data.get(f"paper_{doc.pk}")
            ]
            missing = papers_of.missing_required(self.shown_procedure, data["received_papers"])
            self.missing_papers = missing
            if missing:
                # Decree 118/2025 art. 17.1.c and 16.3: an incomplete dossier is not received; the
                # applicant is guided to complete it, in one go.
                raise forms.ValidationError(
                    _(
                        "The dossier is not complete: %(papers)s. Guide the applicant to complete it, "
                        "listing everything missing at once, instead of receiving it "
                        "(Decree 118/2025, art. 16.3 and 17.1.c)."
                    )
                    % {"papers": "; ".join(doc.name for doc in missing)},
                    code="incomplete",
                )
        elif chosen is not None:
            # The checklist shown was for another procedure: show this one's before receiving.
            raise forms.ValidationError(
                _("Tick the papers of the procedure you chose before receiving."), code="checklist"
            )
        return data


class ActionForm(OnceForm):
    """The form of one move: a comment, and what the move needs (reason, handler, new date, files)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, transition: Transition, dossier: Dossier, handlers: list[Any], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.transition = transition
        self.initial.setdefault("version", dossier.version)
        if "reason" in transition.needs:
            self.fields["reason"] = forms.CharField(
                label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
            )
        if handlers:
            self.fields["handler"] = forms.TypedChoiceField(
                label=_("Handler"),
                choices=[("", "—"), *[(str(u.pk), officer_label(u)) for u in with_staff(handlers)]],
                coerce=int,
                empty_value=None,
                required="handler" in transition.needs,
            )
        if "new_due" in transition.needs:
            self.fields["new_due"] = forms.DateTimeField(
                label=_("New date for the result"),
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
            )
        if transition.accepts_files:
            self.fields["files"] = MultipleFileField(label=_("Files"))
        self.handlers = {u.pk: u for u in handlers}

    def clean_new_due(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["new_due"]
        return timezone.make_aware(value) if timezone.is_naive(value) else value


class BookForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Counter"))
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, counters: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["agency"].queryset = counters  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                raise forms.ValidationError(_("The end of the period is before its start."))
            if (data["end"] - data["start"]).days > 366:
                raise forms.ValidationError(_("Choose a period of at most one year."))
        return data
