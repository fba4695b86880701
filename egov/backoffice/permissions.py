"""Who may use the back-office screens that are not a domain's own: the audit log and the working calendar.

Built on egov/organizations/permissions.py; every check names its roles explicitly.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from egov.organizations.permissions import agency_scope_q, has_role
from egov.organizations.roles import ADMIN_ROLES, Role

#: Roles that may read the audit log of their subtree.
AUDIT_READERS: tuple[str, ...] = (Role.AUDITOR, Role.PROVINCE_ADMIN, Role.AGENCY_ADMIN)
#: Roles that see the working calendar (a year's special days and working-day count).
CALENDAR_VIEWERS: tuple[str, ...] = tuple(ADMIN_ROLES)
#: Roles that change the province's own days: the calendar binds every agency of the province.
CALENDAR_EDITORS: tuple[str, ...] = (Role.PROVINCE_ADMIN,)


def can_read_audit(user: Any) -> bool:
    return has_role(user, AUDIT_READERS)


def audit_scope_q(user: Any) -> Q:
    """The audit entries `user` may read: those about agencies in the subtrees where they audit."""
    return agency_scope_q(user, "agency_path", roles=AUDIT_READERS)


def can_view_calendar(user: Any) -> bool:
    return has_role(user, CALENDAR_VIEWERS)


def can_edit_calendar(user: Any) -> bool:
    return has_role(user, CALENDAR_EDITORS)


#: Roles that see the notification templates and their preview; only a province administrator changes them,
#: since one template speaks for every agency of the province.
NOTIFICATION_VIEWERS: tuple[str, ...] = tuple(ADMIN_ROLES)
NOTIFICATION_EDITORS: tuple[str, ...] = (Role.PROVINCE_ADMIN,)


def can_view_notifications(user: Any) -> bool:
    return has_role(user, NOTIFICATION_VIEWERS)


def can_edit_notifications(user: Any) -> bool:
    return has_role(user, NOTIFICATION_EDITORS)
