"""Who reads the statistics: leaders and auditors see the agencies of their subtrees (a grant on a node
reaches its descendants, egov.organizations.permissions); everyone reads the public page, without names."""

from __future__ import annotations

from typing import Any

from egov.organizations.models import Agency
from egov.organizations.roles import Role

#: The roles that open the dashboard and the bottleneck page, over the subtrees they are granted on.
DASHBOARD_ROLES: tuple[str, ...] = (Role.LEADER, Role.AUDITOR)


def may_see_dashboard(user: Any) -> bool:
    from egov.organizations.permissions import has_role

    return bool(getattr(user, "is_authenticated", False)) and has_role(user, DASHBOARD_ROLES)


def dashboard_agencies(user: Any) -> list[Agency]:
    """The agencies whose figures this person may read, in tree order."""
    if not may_see_dashboard(user):
        return []
    return list(Agency.objects.visible_to(user, roles=DASHBOARD_ROLES).order_by("path"))
