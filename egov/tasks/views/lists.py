"""The task lists: my tasks, the tasks I assigned, and overdue tasks per unit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.documents.selectors import office_of
from egov.tasks import permissions, selectors

VIEWS = {
    "cua-toi": _("My tasks"),
    "da-giao": _("Tasks I assigned"),
    "qua-han": _("Overdue tasks"),
}


def guard(request: HttpRequest) -> None:
    if not permissions.may_read_any(request.user):
        raise PermissionDenied


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    guard(request)
    user = request.user
    view = request.GET.get("xem", "cua-toi")
    view = view if view in VIEWS else "cua-toi"
    show_all = request.GET.get("tat-ca") == "1"
    today = timezone.localdate()
    unit = request.GET.get("don-vi", "")
    unit_id = int(unit) if unit.isdigit() and len(unit) < 10 else None
    if view == "da-giao":
        qs = selectors.assigned_by(user, open_only=not show_all)
    elif view == "qua-han":
        qs = selectors.overdue(user, today, unit_id)
    else:
        qs = selectors.my_tasks(user, open_only=not show_all)
    office = office_of(user)
    return render(
        request,
        "tasks/list.html",
        {
            "views": VIEWS.items(),
            "view": view,
            "title": VIEWS[view],
            "show_all": show_all,
            "page_obj": Paginator(qs, 25).get_page(request.GET.get("page")),
            "today": today,
            "per_unit": selectors.overdue_by_unit(user, today) if view == "qua-han" else [],
            "unit_id": unit_id,
            "may_assign": office is not None and permissions.may_assign(user, office),
        },
    )
