"""The counter's guidance without receipt (Decree 118/2025 art. 17.1.c): guide a supplement or refuse, and
print the slip. The rules and the record are egov.dossiers.guidance; this module only shows and posts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.accounts.http import AuthedRequest
from egov.core.collation import vietnamese_key
from egov.core.forms import PhoneField, apply_error
from egov.dossiers import guidance, permissions
from egov.dossiers.counter import procedures_received_at
from egov.dossiers.models import CounterGuidance
from egov.organizations.models import Agency
from egov.procedures.models import Procedure


class GuidanceForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Counter"))
    procedure = forms.ModelChoiceField(queryset=Procedure.objects.none(), label=_("Procedure"))
    outcome = forms.ChoiceField(
        choices=CounterGuidance.Outcome.choices, label=_("Outcome"), widget=forms.RadioSelect
    )
    applicant_name = forms.CharField(max_length=200, label=_("Applicant"))
    applicant_id_number = forms.CharField(max_length=20, required=False, label=_("ID number"))
    applicant_phone = PhoneField(required=False, label=_("Phone"))
    applicant_address = forms.CharField(max_length=300, required=False, label=_("Address"))
    items = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        label=_("Missing or wrong papers, or the reasons"),
        help_text=_("One per line: each line is printed as one item of the slip."),
    )

    def __init__(self, *args: Any, counters: QuerySet[Agency], procedures: list[Procedure], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["agency"].queryset = counters  # type: ignore[attr-defined]
        field = self.fields["procedure"]
        field.queryset = Procedure.objects.filter(pk__in=[p.pk for p in procedures])  # type: ignore[attr-defined]
        # Listed as on the receive screen: what these counters receive, in Vietnamese order.
        field.choices = [("", "---------")] + [(p.pk, f"{p.name} ({p.code})") for p in procedures]  # type: ignore[attr-defined]
        if counters.count() == 1:
            self.fields["agency"].initial = counters.first()


def _procedures(counters: QuerySet[Agency]) -> list[Procedure]:
    """What any of these counters receives (`counter.procedures_received_at`), in Vietnamese order."""
    found: dict[int, Procedure] = {}
    for counter in counters:
        found.update((p.pk, p) for p in procedures_received_at(counter))
    return sorted(found.values(), key=lambda p: (vietnamese_key(p.name), p.code))


@login_required
def guide(request: AuthedRequest) -> HttpResponse:
    counters = permissions.counters_of(request.user)
    if not counters.exists():
        raise PermissionDenied
    # Coming from the receive screen: what was typed there, as a starting point (the POST is checked as any).
    keys = (
        "agency",
        "procedure",
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "applicant_address",
    )
    initial: dict[str, Any] = {k: request.GET[k][:300] for k in keys if request.GET.get(k)}
    if request.GET.get("items"):
        initial.update(items=request.GET["items"][:2000], outcome=CounterGuidance.Outcome.GUIDE)
    form = GuidanceForm(
        request.POST or None, counters=counters, procedures=_procedures(counters), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            done = guidance.record(
                actor=request.user,
                agency=c["agency"],
                procedure=c["procedure"],
                outcome=c["outcome"],
                visitor=guidance.Visitor(
                    name=c["applicant_name"],
                    id_number=c["applicant_id_number"],
                    phone=c["applicant_phone"],
                    address=c["applicant_address"],
                ),
                items=c["items"],
            )
        except (ValidationError, PermissionDenied) as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                gettext("Slip %(number)s recorded: print it for the applicant.") % {"number": done.number},
            )
            return redirect(f"{reverse('dossiers:guidance')}?phieu={done.pk}")
    recent = CounterGuidance.objects.filter(permissions.guidance_visibility_q(request.user)).select_related(
        "procedure", "agency"
    )[:20]
    # The slip just recorded, offered first to print (a number typed into the address finds nothing unless
    # the viewer may read it).
    just = request.GET.get("phieu", "")
    latest = next((g for g in recent if str(g.pk) == just), None)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "recent": recent, "latest": latest}
    return render(request, "dossiers/guidance.html", context, status=status)


@login_required
def guidance_slip(request: AuthedRequest, pk: int) -> HttpResponse:
    visible = CounterGuidance.objects.filter(permissions.guidance_visibility_q(request.user))
    g = get_object_or_404(visible.select_related("agency", "procedure", "officer"), pk=pk)
    response = HttpResponse(guidance.slip_pdf(g), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{g.number}.pdf"'
    return response
