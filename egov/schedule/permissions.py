"""Who reads and who edits an agency's weekly schedule: the one place the schedule app decides access.

The office drafts and publishes it: the agency's clerk (văn thư) and the head of its office (chánh văn
phòng: a leader granted on an office unit of the agency), and the agency's leaders. Every staff member of
the agency (any role on it, on one of its units, or above it) reads the published weeks; only editors see
a week before it is published. This module imports no model of its app.
"""

from __future__ import annotations

from typing import Any

from egov.citizens.access import is_signed_in_staff
from egov.documents.permissions import issuing_agency
from egov.organizations.permissions import grants_of, has_role
from egov.organizations.roles import AgencyKind, Role

#: Everyone who sees the schedule menu: the staff who work in agencies.
READERS: tuple[str, ...] = (Role.LEADER, Role.SPECIALIST, Role.CLERK, Role.AUDITOR, Role.DESK_OFFICER)


def may_read(user: Any, agency: Any) -> bool:
    """Staff with a role on the agency, above it, or on one of its units."""
    if not is_signed_in_staff(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(agency.path.startswith(g.path) or g.path.startswith(agency.path) for g in grants_of(user))


def may_edit(user: Any, agency: Any) -> bool:
    """The clerk or a leader of the agency, or the head of one of its offices (chánh văn phòng)."""
    if not is_signed_in_staff(user):
        return False
    if has_role(user, (Role.CLERK, Role.LEADER), agency):
        return True
    from egov.organizations.models import Agency

    heads = [g.agency_id for g in grants_of(user) if g.role == Role.LEADER and g.path.startswith(agency.path)]
    offices = Agency.objects.filter(pk__in=heads, kind=AgencyKind.OFFICE).select_related("parent")
    return any(issuing_agency(o).pk == agency.pk for o in offices)
