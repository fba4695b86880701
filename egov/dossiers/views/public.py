"""The public look-up by dossier code (the target of the QR code on every slip). Whatever a visitor
types or puts in the address gives this page with a message, never an error page; every look-up counts
against the client's rate limit (egov.core.ratelimit), a wrong second factor counts more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from egov.core import ratelimit
from egov.dossiers import lookup as public_lookup
from egov.dossiers import lookup_page

NOT_A_CODE = _("This is not a dossier code. Type the code printed on your receipt.")
#: The request attribute that carries the fast path's counted answer to `lookup`.
FAST_PATH_ANSWER = "egov_lookup_answer"


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
    factor: str | None = None
    if request.method == "POST":
        factor_form = FactorForm(request.POST)
        factor = factor_form.cleaned_data["factor"] if factor_form.is_valid() else ""
    token = request.GET.get("t", "")
    # The fast path (dossiers.fastpath) counted this look-up already when it had no kept page to answer.
    answer = getattr(request, FAST_PATH_ANSWER, None) or public_lookup.counted_lookup(
        "ip:" + ratelimit.client_ip(request), code, factor=factor, token=token
    )
    if answer.limited:
        return _limited(request, answer.limited)
    normal = public_lookup.normalise(code)
    status = answer.status
    if (
        status is not None
        and not status.is_bundle
        and factor is None
        and not token
        and normal
        and lookup_page.applies(request)
    ):
        # The bare status as every visitor without a session sees it, kept rendered (dossiers.lookup_page).
        return lookup_page.serve(request, normal, status, _bare_page)
    form = CodeForm(initial={"code": normal or ""})
    if answer.malformed:
        return _page(request, {"form": form, "malformed": NOT_A_CODE}, status=404)
    wrong = status is not None and status.wrong_proof
    context = {
        "form": form,
        # A linked filing's reference shows its parts' bare statuses only: no second factor to ask for.
        "factor_form": FactorForm()
        if status is None or (status.details is None and not status.is_bundle)
        else None,
        "status": status,
        "code": normal,
        "searched": True,
        "locked": answer.locked,
        "wrong_factor": wrong and factor is not None,
        "wrong_token": wrong and factor is None,
        # The signed link proved the holder: the result files may be downloaded with it.
        "token": token if status is not None and status.details is not None and factor is None else "",
    }
    return _page(request, context, status=200 if status else 404)


@require_http_methods(["GET", "HEAD"])
def result_file(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    """An electronic result downloaded with the dossier's signed link (Decree 118/2025 art. 22.3-22.4): only
    the current result of a dossier whose result is ready, and counted against the look-up limit."""
    token = request.GET.get("t", "")
    answer = public_lookup.counted_lookup("ip:" + ratelimit.client_ip(request), code, token=token)
    if answer.limited:
        return _limited(request, answer.limited)
    item = public_lookup.applicant_result(code, pk, token)
    if item is None:
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


def _bare_page(request: HttpRequest, status: public_lookup.PublicStatus, typed: str, csrf: str) -> str:
    """The page of a bare status, as `lookup` renders it for a visitor who gave no second factor."""
    context = {
        "form": CodeForm(initial={"code": typed}),
        "factor_form": FactorForm(),
        "status": status,
        "code": typed,
        "searched": True,
        "csrf_token": csrf,
    }
    return render_to_string("dossiers/lookup.html", context, request=request)


def _page(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    context.setdefault("searched", False)
    context.setdefault("status", None)
    return render(request, "dossiers/lookup.html", context, status=status)


def kept_answer(request: HttpRequest, code: str, answer: public_lookup.Answer) -> HttpResponse | None:
    """The answer `lookup` gives a visitor without a session to a bare GET, if it is a kept page (the bare
    status, or "too many look-ups"); None when it needs a rendering. For the fast path
    (egov.dossiers.fastpath), which runs before the session, authentication and message middleware."""
    if answer.limited:
        kept = lookup_page.limited(request, ratelimit.minutes(answer.limited), None)
        return None if kept is None else _refusal(kept, answer.limited)
    normal = public_lookup.normalise(code)
    # A linked filing's answer lists its parts: rendered each time, never kept (as in `lookup`).
    if answer.status is None or answer.status.is_bundle or not normal or not lookup_page.applies(request):
        return None
    return lookup_page.serve(request, normal, answer.status, None)


def _limited(request: HttpRequest, verdict: ratelimit.Verdict) -> HttpResponse:
    return _refusal(lookup_page.limited(request, ratelimit.minutes(verdict), _limited_page), verdict)


def _refusal(response: HttpResponse, verdict: ratelimit.Verdict) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _limited_page(request: HttpRequest, minutes: int, csrf: str | None) -> str:
    context: dict[str, Any] = {"minutes": minutes}
    if csrf is not None:
        context["csrf_token"] = csrf
    return render_to_string("dossiers/lookup_limited.html", context, request=request)
