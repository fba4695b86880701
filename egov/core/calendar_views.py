"""Screens for the working-day calendar (lịch làm việc): national days and the province's overrides."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from egov.core.models import CalendarDay
from egov.organizations.models import ADMIN_ROLES
from egov.organizations.selectors import has_role


@login_required
def calendar_index(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, ADMIN_ROLES):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    days = CalendarDay.objects.filter(date__year=year).order_by("date", "scope")
    return render(request, "core/calendar.html", {"year": year, "days": days})
