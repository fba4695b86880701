"""Reads about agencies and staff, scoped by `organizations.permissions`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from egov.core import statements
from egov.organizations.models import ADMIN_ROLES, Agency, Role, RoleGrant, Staff
from egov.organizations.permissions import agency_scope_q, roles_of


def visible_staff(user: Any) -> QuerySet[Staff]:
    """Staff of the agencies the user may see, with what every list shows."""
    return Staff.objects.filter(agency_scope_q(user, "agency__path")).select_related("user", "agency")


def administered_agencies(user: Any) -> QuerySet[Agency]:
    return Agency.objects.visible_to(user, roles=ADMIN_ROLES)


def home_agency(user: Any) -> Agency | None:
    """The agency of the user's staff row, if any. Read on every staff home page: the staff row with its
    agency by one statement built once per process, kept on the user as `user.staff` would keep it."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return None
    staff: Any = statements.reverse_one(user, "staff", "agency")
    return staff.agency if staff is not None else None


def _agency_by_code(code: str) -> QuerySet[Agency]:
    return Agency.objects.filter(code=code)  # unique


def counter_by_code(code: str) -> Agency | None:
    """The agency with this code when it has a one-stop counter (active or not: the caller says which it
    takes), by a statement built once per process; the API's filing names its counter by code."""
    agency = statements.select_one(_agency_by_code, code)
    return agency if agency is not None and agency.has_counter else None


def grants_listed(user: Any) -> list[RoleGrant]:
    """The user's role grants with their agencies, by role (the staff home lists them)."""
    return statements.select_objects(_grants_listed, user.pk)


def _grants_listed(user_id: int) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(user_id=user_id).select_related("agency").order_by("role")


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
