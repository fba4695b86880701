"""The week's schedule on screen and as a PDF, and the office's forms: add, change, cancel, publish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from egov.accounts.http import AuthedRequest
from egov.core.forms import apply_error
from egov.documents.selectors import office_of
from egov.schedule import forms, printing, selectors, services
from egov.schedule.models import Entry
from egov.schedule.selectors import WeekView


def _monday(request: AuthedRequest) -> dt.date:
    """The Monday of `?tuan=<any day of the week, YYYY-MM-DD>`; this week when absent or not a date."""
    raw = request.GET.get("tuan", "") or request.POST.get("tuan", "")
    try:
        day = dt.date.fromisoformat(raw[:10])
    except ValueError:
        day = timezone.localdate()
    if not 2000 <= day.year <= 2100:
        day = timezone.localdate()
    return services.monday_of(day)


def _view(request: AuthedRequest, monday: dt.date) -> WeekView:
    agency = office_of(request.user)
    view = selectors.week_for(request.user, agency, monday) if agency is not None else None
    if view is None:
        raise PermissionDenied
    return view


def _week_url(monday: dt.date) -> str:
    return f"{reverse('schedule:week')}?tuan={monday:%Y-%m-%d}"


@login_required
def week(request: AuthedRequest) -> HttpResponse:
    monday = _monday(request)
    view = _view(request, monday)
    return render(
        request,
        "schedule/week.html",
        {
            "view": view,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "cancel_form": forms.CancelForm(),
        },
    )


@login_required
def week_pdf(request: AuthedRequest) -> HttpResponse:
    monday = _monday(request)
    view = _view(request, monday)
    if not view.published and not view.may_edit:
        raise Http404
    response = HttpResponse(printing.week_pdf(view), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lich-cong-tac-{monday:%Y-%m-%d}.pdf"'
    return response


def _spec(data: dict[str, Any]) -> services.EntrySpec:
    return services.EntrySpec(**{name: data[name] for name in services.FIELDS})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def add(request: AuthedRequest) -> HttpResponse:
    monday = _monday(request)
    view = _view(request, monday)
    if not view.may_edit:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = forms.EntryForm(request.POST, agency=view.agency)
        if form.is_valid():
            try:
                entry = services.add_entry(
                    actor=request.user, agency=view.agency, spec=_spec(form.cleaned_data)
                )
                return redirect(_week_url(entry.week.monday))
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
        status = 400
    else:
        form = forms.EntryForm(initial={"day": monday}, agency=view.agency)
    context = {"form": form, "view": view, "title": _("Add an engagement")}
    return render(request, "schedule/entry.html", context, status=status)


def _entry(request: AuthedRequest, pk: int) -> Entry:
    entry = selectors.entry_for(request.user, pk)
    if entry is None:
        raise Http404
    return entry


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    agency = entry.week.agency
    status = 200
    if request.method == "POST":
        form = forms.EntryForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                services.change_entry(actor=request.user, entry=entry, spec=_spec(form.cleaned_data))
                return redirect(_week_url(entry.week.monday))
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
        status = 400
    else:
        initial = {name: getattr(entry, name) for name in services.FIELDS}
        form = forms.EntryForm(initial=initial, agency=agency)
    context = {"form": form, "entry": entry, "title": _("Change an engagement")}
    return render(request, "schedule/entry.html", context, status=status)


@login_required
@require_POST
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = forms.CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.cancel_entry(actor=request.user, entry=entry, reason=reason)
    except ValidationError as error:
        context = {
            "form": forms.EntryForm(agency=entry.week.agency),
            "entry": entry,
            "errors": error.messages,
        }
        context["cancel_form"], context["title"] = form, _("Cancel an engagement")
        return render(request, "schedule/entry.html", context, status=400)
    return redirect(_week_url(entry.week.monday))


@login_required
@require_POST
def publish(request: AuthedRequest) -> HttpResponse:
    monday = _monday(request)
    view = _view(request, monday)
    try:
        services.publish(actor=request.user, agency=view.agency, monday=monday)
    except ValidationError as error:
        context = {"view": view, "errors": error.messages, "previous": monday - dt.timedelta(days=7)}
        context["next"], context["cancel_form"] = monday + dt.timedelta(days=7), forms.CancelForm()
        return render(request, "schedule/week.html", context, status=400)
    return redirect(_week_url(monday))
