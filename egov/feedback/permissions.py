"""Who rates a dossier, who handles feedback sent to an agency: the one place the feedback app decides access.

Built on `egov.organizations.permissions` (grants). Feedback sent to an agency is handled by that agency's own
staff (desk officers, specialists, leaders and clerks granted on the agency itself) and by the leaders of the
agencies above it (a leader's grant reaches down the tree). Staff granted on an agency below the responsible
one, and staff of other agencies, do not see it. This module imports no model of its own app, so the models'
querysets may call it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from egov.citizens.access import is_citizen
from egov.organizations.permissions import agency_scope_q, grants_of, has_role
from egov.organizations.roles import Role

#: The roles of an agency's own staff who handle the feedback sent to it.
HANDLER_ROLES: tuple[str, ...] = (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.CLERK)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", True))


def may_handle(user: Any, agency: Any) -> bool:
    """Whether `user` reads, assigns, answers and publishes the feedback sent to `agency`."""
    if not _signed_in(user) or is_citizen(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    own = any(g.role in HANDLER_ROLES and g.path == agency.path for g in grants_of(user))
    return own or has_role(user, Role.LEADER, agency)


def inbox_q(user: Any) -> Q:
    """The feedback the user handles, as a filter on `Feedback`."""
    if not _signed_in(user) or is_citizen(user):
        return Q(pk__in=[])
    if getattr(user, "is_superuser", False):
        return Q()
    own = sorted({g.path for g in grants_of(user) if g.role in HANDLER_ROLES})
    condition = Q(agency__path__in=own) if own else Q(pk__in=[])
    if any(g.role == Role.LEADER for g in grants_of(user)):
        condition |= agency_scope_q(user, "agency__path", (Role.LEADER,))
    return condition


def has_inbox(user: Any) -> bool:
    """Whether the staff inbox is open to the user at all."""
    if not _signed_in(user) or is_citizen(user):
        return False
    return bool(getattr(user, "is_superuser", False)) or any(g.role in HANDLER_ROLES for g in grants_of(user))


def may_rate(user: Any, dossier: Any) -> bool:
    """The citizen account that filed the dossier, or a member of the organisation it was filed for."""
    if not is_citizen(user):
        return False
    if dossier.owner_id is not None and dossier.owner_id == user.pk:
        return True
    return (
        dossier.organisation_id is not None
        and user.memberships.filter(organisation_id=dossier.organisation_id).exists()
    )


def may_read_own(user: Any, feedback: Any) -> bool:
    """A citizen reads the feedback they sent from their account."""
    return is_citizen(user) and feedback.sender_id == user.pk
