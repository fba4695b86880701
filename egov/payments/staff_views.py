"""The desk officer's page of a dossier's fees: the case the applicant chose, the exemptions the papers may
prove, and the correction (egov.payments.corrections). Thin: the service decides and refuses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.core.money import format_vnd
from egov.dossiers.models import Dossier
from egov.payments import corrections, fees, permissions, selectors


class CaseForm(forms.Form):
    chosen = forms.MultipleChoiceField(
        label=gettext_lazy("Cases the applicant's papers bear out"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirmed = forms.MultipleChoiceField(
        label=gettext_lazy("Exemptions and reductions the papers prove"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=gettext_lazy("What the papers show"),
        max_length=300,
        error_messages={
            "required": gettext_lazy("Say what the papers show, for the applicant and the record.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, lines in (
            ("chosen", fees.questions(dossier.procedure)),
            ("confirmed", fees.exemptions(dossier.procedure)),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = [
                (str(f.pk), f"{f.case} → {f.name}: {format_vnd(f.amount)} ({f.case_basis})") for f in lines
            ]

    def ids(self, name: str) -> set[int]:
        return {int(pk) for pk in self.cleaned_data[name]}


@login_required
def fee_cases(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier = get_object_or_404(
        Dossier.objects.select_related("procedure", "receiving_agency"), pk=dossier_pk
    )
    if not permissions.may_correct_fees(request.user, dossier):
        raise PermissionDenied(_("Only a desk officer of the receiving agency may correct the fees."))
    chosen, confirmed = corrections.cases_of(dossier)
    initial = {"chosen": [str(i) for i in chosen], "confirmed": [str(i) for i in confirmed]}
    form = CaseForm(request.POST or None, initial=initial, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            done = corrections.correct_fees(
                actor=request.user,  # type: ignore[arg-type]
                dossier=dossier,
                chosen=form.ids("chosen"),
                confirmed=form.ids("confirmed"),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The fees are corrected and the applicant is told."))
            if done.give_back:
                messages.warning(
                    request,
                    _(
                        "The applicant paid %(amount)s too much. egov does not refund through the payment "
                        "gateway: give it back by the agency's refund procedure and keep its record."
                    )
                    % {"amount": format_vnd(done.give_back)},
                )
            return redirect("payments:fee_cases", dossier.pk)
    give_back = max(0, -selectors.balance(dossier))
    return render(
        request,
        "payments/fee_cases.html",
        {
            "dossier": dossier,
            "rows": list(dossier.fees.all()),
            "form": form,
            "give_back": give_back,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
