"""The public look-up by dossier code (the target of the QR code on every slip). Whatever a visitor
types or puts in the address gives this page with a message, never an error page; every look-up counts
against the client's rate limit (egov.dossiers.ratelimit), a wrong second factor counts more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from egov.dossiers import lookup as public_lookup
from egov.dossiers import ratelimit

DAY = 86_400
NOT_A_CODE = _("This is not a dossier code. Type the code printed on your receipt.")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=64,
        error_messages={"max_length": NOT_A_CODE, "null_characters_not_allowed": NOT_A_CODE},
    )

    def clean_code(self) -> str:
        code = public_lookup.normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(NOT_A_CODE)
        return code


class FactorForm(forms.Form):
    factor = forms.CharField(
        label=_("Last 4 digits of the applicant's phone or ID number"),
        min_length=4,
        max_length=4,
        error_messages={"null_characters_not_allowed": _("Type 4 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}),
    )


def lookup_form(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("dossiers:lookup", code=form.cleaned_data["code"])
    return _page(request, {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest, code: str) -> HttpResponse:
    client = "ip:" + ratelimit.client_ip(request)
    verdict = ratelimit.hit(client, limit=settings.EGOV_LOOKUP_LIMIT, seconds=settings.EGOV_LOOKUP_WINDOW)
    if not verdict.allowed:
        return _limited(request, verdict)
    normal = public_lookup.normalise(code)
    form = CodeForm(initial={"code": normal or ""})
    if normal is None:
        return _page(request, {"form": form, "malformed": NOT_A_CODE}, status=404)

    factor_form = FactorForm(request.POST if request.method == "POST" else None)
    factor = factor_form.cleaned_data["factor"] if factor_form.is_bound and factor_form.is_valid() else ""
    locked = False
    if request.method == "POST":
        # Per code too, so that many addresses together cannot try all 10,000 endings of one dossier.
        tries = ratelimit.peek("code:" + normal, limit=settings.EGOV_LOOKUP_CODE_FAILURES, seconds=DAY)
        locked = tries.count >= tries.limit
        if locked:
            factor = ""
        elif factor_form.is_bound and not factor:
            factor = "-"  # a malformed answer is a wrong answer
    token = request.GET.get("t", "")[:200]
    status = public_lookup.public_status(normal, factor=factor, token=token)
    if status is not None and status.wrong_proof:
        limit, seconds = settings.EGOV_LOOKUP_LIMIT, settings.EGOV_LOOKUP_WINDOW
        ratelimit.hit(client, limit=limit, seconds=seconds, cost=settings.EGOV_LOOKUP_FAILURE_COST)
        if factor:
            ratelimit.hit("code:" + normal, limit=settings.EGOV_LOOKUP_CODE_FAILURES, seconds=DAY)
    context = {
        "form": form,
        "factor_form": FactorForm() if status is None or status.details is None else None,
        "status": status,
        "code": normal,
        "searched": True,
        "locked": locked,
        "wrong_factor": status is not None and status.wrong_proof and bool(factor),
        "wrong_token": status is not None and status.wrong_proof and bool(token) and not factor,
    }
    return _page(request, context, status=200 if status else 404)


def _page(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    context.setdefault("searched", False)
    context.setdefault("status", None)
    return render(request, "dossiers/lookup.html", context, status=status)


def _limited(request: HttpRequest, verdict: ratelimit.Verdict) -> HttpResponse:
    minutes = max(1, -(-verdict.retry_after // 60))
    response = render(request, "dossiers/lookup_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response
