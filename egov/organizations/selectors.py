"""Reads about agencies, staff and what a user may see.

Every screen and endpoint scopes its queryset with `agency_scope_q`, so a
permission granted on a node reaches its descendants and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from egov.organizations.models import ADMIN_ROLES, Agency, Role, RoleGrant, Staff


@dataclass(frozen=True)
class Grant:
    role: str
    agency_id: int
    path: str


def grants_of(user: Any) -> tuple[Grant, ...]:
    """The user's role grants, loaded once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_egov_grants", None)
    if cached is None:
        rows = RoleGrant.objects.filter(user_id=user.pk, agency__is_active=True).values_list(
            "role", "agency_id", "agency__path"
        )
        cached = tuple(Grant(role, agency_id, path) for role, agency_id, path in rows)
        user._egov_grants = cached
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, "_egov_grants"):
        del user._egov_grants


def roles_of(user: Any) -> set[str]:
    return {grant.role for grant in grants_of(user)}


def scope_paths(user: Any, roles: tuple[str, ...] | None = None) -> list[str]:
    """The minimal set of subtree roots where the user holds one of `roles`."""
    paths = sorted({g.path for g in grants_of(user) if roles is None or g.role in roles})
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def agency_scope_q(user: Any, path_field: str, roles: tuple[str, ...] | None = None) -> Q:
    """A filter on `path_field` (an agency path) limited to the user's subtrees.

    A user with no matching grant gets a filter that matches nothing.
    """
    if getattr(user, "is_superuser", False):
        return Q()
    roots = scope_paths(user, roles)
    if not roots:
        return Q(pk__in=[])
    condition = Q()
    for root in roots:
        condition |= Q(**{f"{path_field}__startswith": root})
    return condition


def has_role(user: Any, roles: tuple[str, ...] | str, agency: Agency | None = None) -> bool:
    """Whether the user holds one of `roles` on `agency` or one of its ancestors (or anywhere)."""
    if getattr(user, "is_superuser", False):
        return True
    wanted = (roles,) if isinstance(roles, str) else roles
    for grant in grants_of(user):
        if grant.role in wanted and (agency is None or agency.path.startswith(grant.path)):
            return True
    return False


def can_administer(user: Any, agency: Agency | None = None) -> bool:
    return has_role(user, ADMIN_ROLES, agency)


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
