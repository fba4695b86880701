"""Reads for the back-office screens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from egov.backoffice.permissions import audit_scope_q
from egov.core.models import AuditEntry
from egov.organizations.models import Agency


def audit_entries_for(user: Any) -> QuerySet[AuditEntry]:
    """The audit entries `user` may read (their auditing subtrees; everything for a superuser)."""
    return AuditEntry.objects.filter(audit_scope_q(user))


def province_agency_path() -> str:
    """The root agency's path: changes that concern the whole province (the calendar) are filed under it."""
    root = Agency.objects.filter(parent__isnull=True).order_by("path").values_list("path", flat=True).first()
    return root or ""
