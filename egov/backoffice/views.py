"""The staff home page and the audit log screens."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from egov.accounts.http import AuthedRequest
from egov.backoffice import actor_labels, audit_labels
from egov.backoffice.home import panels_for
from egov.backoffice.permissions import can_read_audit
from egov.backoffice.selectors import audit_entries_for
from egov.citizens.access import citizen_home_url, is_citizen
from egov.core.querystring import without_page
from egov.organizations.selectors import grants_listed, home_agency


@require_safe  # a screen that only reads: POST is refused, never treated as GET
def home(request: HttpRequest) -> HttpResponse:
    """The site's address: the portal's front page for a visitor (the public services, never only the staff
    sign-in), a citizen's own home, and the staff home for an official."""
    if not request.user.is_authenticated:
        return render(request, "public_home.html")
    if is_citizen(request.user):
        return redirect(citizen_home_url())
    return _staff_home(cast(AuthedRequest, request))


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for whatever the page names: the site's icon (read at request time,
    when the static files' manifest is there)."""
    # Not permanent: the file's hashed name changes with each release.
    return redirect(static("egov/favicon.svg"))


def _staff_home(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/home.html",
        {
            "agency": home_agency(request.user),
            "grants": grants_listed(request.user),
            "panels": panels_for(request),
        },
    )


def _require_audit_reader(request: HttpRequest) -> None:
    if not can_read_audit(request.user):
        raise PermissionDenied


@login_required
@require_safe  # a screen that only reads: POST is refused, never treated as GET
def audit_list(request: HttpRequest) -> HttpResponse:
    _require_audit_reader(request)
    entries = audit_entries_for(request.user)
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    page = Paginator(entries.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.label = audit_labels.label_of(entry.action)  # type: ignore[attr-defined]
    return render(
        request,
        "backoffice/audit_list.html",
        {
            "page_obj": page,
            "action": action,
            "actions": audit_labels.choices(),
            "actor": actor,
            "querystring_without_page": without_page(request),
        },
    )


@login_required
@require_safe  # a screen that only reads: POST is refused, never treated as GET
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_audit_reader(request)
    entry = get_object_or_404(audit_entries_for(request.user), pk=pk)
    keys = sorted(set((entry.before or {}).keys()) | set((entry.after or {}).keys()))
    rows = [(k, (entry.before or {}).get(k), (entry.after or {}).get(k)) for k in keys]
    label = audit_labels.label_of(entry.action)
    context = {"entry": entry, "rows": rows, "label": label, "system_actor": actor_labels.is_system(entry)}
    return render(request, "backoffice/audit_detail.html", context)
