"""The public look-up by dossier code (the target of the QR on every slip)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from egov.dossiers import selectors
from egov.dossiers.forms import LookupForm


def lookup_form(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("dossiers:lookup", code=form.cleaned_data["code"].strip().upper())
    return render(request, "dossiers/lookup.html", {"form": form, "status": None, "searched": False})


def lookup(request: HttpRequest, code: str) -> HttpResponse:
    status = selectors.public_status(code)
    form = LookupForm(initial={"code": code})
    return render(
        request,
        "dossiers/lookup.html",
        {"form": form, "status": status, "searched": True, "code": code},
        status=200 if status else 404,
    )
