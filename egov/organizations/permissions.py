"""Who holds which role where: the one place every app asks.

A role granted on an agency reaches that agency and everything below it in the tree, nothing else.
Every app's `permissions.py` and every queryset's `visible_to(user)` is built on the three functions
here: `grants_of` (what the user holds), `agency_scope_q` (a filter on an agency path limited to the
user's subtrees for some roles) and `has_role` (one check on one agency).

This module imports no model: it reads grants through the user's `role_grants` relation and takes
anything with a `path` as an agency, so the models' querysets can call it without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import apps
from django.db.models import Q

from egov.core import statements
from egov.organizations.roles import ADMIN_ROLES, Role

__all__ = [
    "ADMIN_ROLES",
    "Grant",
    "Node",
    "Role",
    "agency_scope_q",
    "can_administer",
    "forget_grants",
    "grants_of",
    "has_role",
    "may_grant_role",
    "may_manage_account",
    "roles_of",
    "scope_paths",
]


class Node(Protocol):
    """An agency as far as permissions care: its materialised path."""

    path: str


@dataclass(frozen=True)
class Grant:
    role: str
    agency_id: int
    path: str


def grants_of(user: Any) -> tuple[Grant, ...]:
    """The user's role grants on active agencies, loaded once per request and kept on the user object."""
    if not _holds_grants(user):
        return ()
    cached = getattr(user, "_egov_grants", None)
    if cached is None:
        rows = statements.select(_grant_rows, user.pk)  # built once per process: read on every staff page
        cached = tuple(Grant(role, agency_id, path) for role, agency_id, path in rows)
        user._egov_grants = cached
    return cached


def grant_reads(user: Any) -> list[statements.Read]:
    """The read `grants_of(user)` will run (none once it has), for `statements.ahead`."""
    if not _holds_grants(user) or getattr(user, "_egov_grants", None) is not None:
        return []
    return [statements.Read(_grant_rows, (user.pk,))]


def _holds_grants(user: Any) -> bool:
    """A signed-in, active account with a key: one whose grants are read (anyone else holds none)."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and getattr(user, "pk", None) is not None
        and bool(getattr(user, "is_active", True))
    )


def _grant_rows(pk: int) -> Any:
    # By the app registry, not an import: the models import this module.
    rows = apps.get_model("organizations", "RoleGrant").objects.filter(user_id=pk, agency__is_active=True)
    return rows.values_list("role", "agency_id", "agency__path")


def forget_grants(user: Any) -> None:
    """Drop the cached grants after they changed (the next check reads them again)."""
    if hasattr(user, "_egov_grants"):
        del user._egov_grants


def roles_of(user: Any) -> set[str]:
    return {grant.role for grant in grants_of(user)}


def scope_paths(user: Any, roles: tuple[str, ...] | None = None) -> list[str]:
    """The minimal set of subtree roots where the user holds one of `roles` (any role if None)."""
    paths = sorted({g.path for g in grants_of(user) if roles is None or g.role in roles})
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def agency_scope_q(user: Any, path_field: str, roles: tuple[str, ...] | None = None) -> Q:
    """A filter on `path_field` (an agency path) limited to the user's subtrees for `roles`.

    `roles=None` means any role; callers that read personal data pass the roles allowed to read it.
    A user with no matching grant gets a filter that matches nothing; a superuser, one that matches all.
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


def has_role(user: Any, roles: tuple[str, ...] | str, agency: Node | None = None) -> bool:
    """Whether the user holds one of `roles` on `agency` or one of its ancestors (or anywhere if None)."""
    if getattr(user, "is_superuser", False):
        return True
    wanted = (roles,) if isinstance(roles, str) else roles
    return any(
        grant.role in wanted and (agency is None or agency.path.startswith(grant.path))
        for grant in grants_of(user)
    )


def can_administer(user: Any, agency: Node | None = None) -> bool:
    """An agency or province administrator of `agency` (or of some agency if None)."""
    return has_role(user, ADMIN_ROLES, agency)


def may_grant_role(actor: Any, role: str, agency: Node) -> bool:
    """Whether the actor may give `role` on `agency`: only a role the actor could hold there.

    An administrator grants roles inside the subtrees they administer; the province administrator's
    role only by a province administrator over that node.
    """
    if role == Role.PROVINCE_ADMIN:
        return has_role(actor, Role.PROVINCE_ADMIN, agency)
    return can_administer(actor, agency)


def may_manage_account(actor: Any, user: Any) -> bool:
    """Whether the actor may change `user`'s account (details, activity, roles, password).

    Never an account more privileged than the actor: a superuser only by a superuser (and a Django
    staff account, which opens the admin site, likewise); otherwise the account's agency and every
    role it holds, on active agencies or not, must lie in subtrees the actor administers, each role
    one the actor could grant there (`may_grant_role`). An account with no agency is not the
    administrators' to manage.
    """
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return False
    staff = getattr(user, "staff", None) if getattr(user, "pk", None) is not None else None
    if staff is None or not can_administer(actor, staff.agency):
        return False
    held = user.role_grants.values_list("role", "agency__path")
    return all(may_grant_role(actor, role, _Path(path)) for role, path in held)


@dataclass
class _Path:
    path: str
