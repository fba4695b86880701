"""Screens for the working-day calendar (lịch làm việc): national days and the province's own days.

Agency and province administrators see the year; only a province administrator
changes the province's days, always through egov.backoffice.calendar.services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from egov.accounts.http import AuthedRequest
from egov.backoffice.calendar import services
from egov.backoffice.calendar.forms import ProvinceDayForm
from egov.backoffice.calendar.selectors import province_days, year_summary
from egov.backoffice.permissions import can_edit_calendar, can_view_calendar
from egov.core.forms import apply_error
from egov.core.models import CalendarDay


def _require_viewer(request: HttpRequest) -> None:
    if not can_view_calendar(request.user):
        raise PermissionDenied


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_calendar(request.user):
        raise PermissionDenied(_("Only a province administrator may change the working calendar."))


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return year if services.FIRST_YEAR <= year <= services.LAST_YEAR else timezone.localdate().year


def _back(year: int) -> str:
    return f"{reverse('core:calendar')}?year={year}"


@login_required
@require_safe  # a screen that only reads: POST is refused, never treated as GET
def calendar_index(request: AuthedRequest) -> HttpResponse:
    _require_viewer(request)
    year = _year(request.GET.get("year"))
    return render(
        request,
        "backoffice/calendar.html",
        {
            "summary": year_summary(year),
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "can_edit": can_edit_calendar(request.user),
        },
    )


@login_required
def province_day_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    _require_editor(request)
    row = get_object_or_404(province_days(), pk=pk) if pk else None
    if row is not None:
        initial: dict[str, Any] = {"date": row.date, "kind": row.kind, "name": row.name, "source": row.source}
    else:
        initial = {"date": request.GET.get("date") or None, "kind": "day_off"}
    form = ProvinceDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if row is None:
                row = services.create_province_day(request.user, **data)
                messages.success(request, _("The province's day was added."))
            else:
                row = services.update_province_day(request.user, row, **data)
                messages.success(request, _("The province's day was saved."))
            return redirect(_back(row.date.year))
        except ValidationError as error:
            apply_error(form, error)
    year = row.date.year if row else _year(request.GET.get("year"))
    return render(request, "backoffice/calendar_form.html", {"form": form, "row": row, "year": year})


@login_required
def province_day_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    row: CalendarDay = get_object_or_404(province_days(), pk=pk)
    if request.method == "POST":
        year = row.date.year
        services.delete_province_day(request.user, row)
        messages.success(request, _("The province's day was removed."))
        return redirect(_back(year))
    return render(request, "backoffice/calendar_confirm_delete.html", {"row": row})
