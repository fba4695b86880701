"""Reads about agencies and staff, scoped by `organizations.permissions`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from egov.organizations.models import ADMIN_ROLES, Agency, Role, Staff
from egov.organizations.permissions import agency_scope_q, roles_of


def visible_staff(user: Any) -> QuerySet[Staff]:
    """Staff of the agencies the user may see, with what every list shows."""
    return Staff.objects.filter(agency_scope_q(user, "agency__path")).select_related("user", "agency")


def administered_agencies(user: Any) -> QuerySet[Agency]:
    return Agency.objects.visible_to(user, roles=ADMIN_ROLES)


def home_agency(user: Any) -> Agency | None:
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    return staff.agency if staff is not None else None


def primary_role(user: Any) -> str | None:
    """The role whose home page the user lands on, in a fixed order of precedence."""
    held = roles_of(user)
    for role in (
        Role.PROVINCE_ADMIN,
        Role.AGENCY_ADMIN,
        Role.LEADER,
        Role.SPECIALIST,
        Role.DESK_OFFICER,
        Role.CLERK,
        Role.AUDITOR,
    ):
        if role in held:
            return role
    return None
