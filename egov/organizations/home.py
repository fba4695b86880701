"""Home-page panels for administrators and auditors: their part of the tree at a glance."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from egov.backoffice import audit_labels
from egov.backoffice.home import Panel, register
from egov.backoffice.permissions import AUDIT_READERS
from egov.backoffice.selectors import audit_entries_for
from egov.organizations.models import ADMIN_ROLES, Agency, Role
from egov.organizations.selectors import visible_staff


def _admin_context(request: HttpRequest) -> dict[str, Any]:
    agencies = Agency.objects.visible_to(request.user, roles=(*ADMIN_ROLES, Role.AUDITOR))
    staff = visible_staff(request.user).aggregate(
        total=Count("id"),
        disabled=Count("id", filter=Q(user__is_active=False)),
        without_role=Count("id", filter=Q(user__role_grants__isnull=True)),
    )
    return {
        "agency_count": agencies.count(),
        "counter_count": agencies.filter(has_counter=True).count(),
        "staff": staff,
    }


def _audit_context(request: HttpRequest) -> dict[str, Any]:
    entries = list(audit_entries_for(request.user).order_by("-at", "-id")[:8])
    for entry in entries:  # the action's name, as the audit log shows it, never its code
        entry.label = audit_labels.label_of(entry.action)  # type: ignore[attr-defined]
    return {"entries": entries}


def register_panels() -> None:
    register(
        Panel(
            "organizations.admin",
            "organizations/panel_admin.html",
            (*ADMIN_ROLES, Role.AUDITOR),
            _admin_context,
            order=80,
        )
    )
    register(
        Panel(
            "organizations.audit", "organizations/panel_audit.html", AUDIT_READERS, _audit_context, order=90
        )
    )
