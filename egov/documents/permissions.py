"""Who reads and who acts on documents: the one place the documents app decides access.

Built on `egov.organizations.permissions` (a grant on a node reaches its subtree). The clerk (văn thư) of
an agency receives, registers, submits, issues and prints its registers; its leaders instruct, approve,
sign and recall; specialists draft, and handle the incoming documents assigned to their unit or to them.
Clerks, leaders and auditors read every document of the agencies in their subtree; a specialist reads the
documents of the agencies they are granted on, those assigned to a unit of their subtree or to them, and
the drafts they wrote. This module imports no model of its own app, so the models' querysets may call it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from egov.citizens.access import is_signed_in_staff
from egov.organizations.permissions import agency_scope_q, grants_of, has_role
from egov.organizations.roles import AgencyKind, Role

#: Everyone who sees the documents menu.
READERS: tuple[str, ...] = (Role.CLERK, Role.LEADER, Role.SPECIALIST, Role.AUDITOR)
WHOLE_AGENCY_READERS: tuple[str, ...] = (Role.CLERK, Role.LEADER, Role.AUDITOR)
DRAFTERS: tuple[str, ...] = (Role.SPECIALIST, Role.LEADER, Role.CLERK)
HANDLERS: tuple[str, ...] = (Role.SPECIALIST, Role.LEADER)


def readable_q(user: Any) -> Q:
    """The documents the user reads, as a filter on `Document`."""
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    if getattr(user, "is_superuser", False):
        return Q()
    from django.apps import apps

    q = agency_scope_q(user, "agency__path", WHOLE_AGENCY_READERS)
    specialist = agency_scope_q(user, "agency__path", (Role.SPECIALIST,))
    drafting = agency_scope_q(user, "drafting_unit__path", (Role.SPECIALIST,))
    # The assignments as a subquery, not a join: a join repeats a document once per assignment, and the
    # DISTINCT that removes the repeats made every search read all the documents (docs/performance.md).
    assigned = agency_scope_q(user, "unit__path", HANDLERS) | Q(person=user)
    assignments = apps.get_model("documents", "Assignment").objects.filter(assigned).values("document_id")
    return q | specialist | drafting | Q(created_by=user) | Q(pk__in=assignments)


def readable_key(user: Any) -> tuple[Any, ...]:
    """Everything `readable_q` takes from the user: two users with the same key read the same documents."""
    staff = is_signed_in_staff(user)
    return (staff, bool(getattr(user, "is_superuser", False)), user.pk, grants_of(user) if staff else ())


def may_read_any(user: Any) -> bool:
    return is_signed_in_staff(user) and (getattr(user, "is_superuser", False) or has_role(user, READERS))


def is_clerk(user: Any, agency: Any) -> bool:
    """The clerk of `agency` (or of an agency above it)."""
    return is_signed_in_staff(user) and has_role(user, Role.CLERK, agency)


def is_leader(user: Any, agency: Any) -> bool:
    return is_signed_in_staff(user) and has_role(user, Role.LEADER, agency)


def may_read_registers(user: Any, agency: Any) -> bool:
    """The registers of `agency`, on screen and printed: those who read all its documents (its clerk, its
    leaders, the auditor), as the e-office reports that link to them."""
    return is_signed_in_staff(user) and has_role(user, WHOLE_AGENCY_READERS, agency)


def issuing_agency(node: Any) -> Any:
    """The agency a unit belongs to for its registers and documents: the nearest node at or above it that
    is not an office inside another agency."""
    while node.kind == AgencyKind.OFFICE and node.parent is not None:
        node = node.parent
    return node


def may_draft(user: Any, agency: Any) -> bool:
    """Drafters granted on the agency (or above it), or on one of its offices."""
    if not is_signed_in_staff(user):
        return False
    if has_role(user, DRAFTERS, agency):
        return True
    from egov.organizations.models import Agency

    inside = [g.agency_id for g in grants_of(user) if g.role in DRAFTERS and g.path.startswith(agency.path)]
    return any(issuing_agency(a).pk == agency.pk for a in Agency.objects.filter(pk__in=inside))


def may_edit_draft(user: Any, doc: Any) -> bool:
    """The drafter, or a specialist of the drafting unit."""
    if not is_signed_in_staff(user):
        return False
    if doc.created_by_id == getattr(user, "pk", None):
        return True
    unit = doc.drafting_unit or doc.agency
    return has_role(user, Role.SPECIALIST, unit)


def may_comment(user: Any, doc: Any) -> bool:
    """Anyone of the issuing agency who drafts or leads there, and the approver."""
    if not is_signed_in_staff(user):
        return False
    return doc.approver_id == getattr(user, "pk", None) or has_role(user, DRAFTERS, doc.agency)


def may_review(user: Any, doc: Any) -> bool:
    """The leader the draft was sent to, or any leader of the issuing agency."""
    return is_leader(user, doc.agency)


def may_handle(user: Any, doc: Any) -> bool:
    """A person an assignment names, or a specialist or leader of an assigned unit."""
    if not is_signed_in_staff(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    paths = [g.path for g in grants_of(user) if g.role in HANDLERS]
    for a in doc.assignments.all():
        if a.person_id == user.pk or any(a.unit.path.startswith(p) for p in paths):
            return True
    return False


def may_lead_assignment(user: Any, doc: Any) -> bool:
    """A person named by the lead assignment, or a specialist or leader of the lead unit."""
    if not is_signed_in_staff(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    paths = [g.path for g in grants_of(user) if g.role in HANDLERS]
    for a in doc.assignments.all():
        if a.part == "lead" and (a.person_id == user.pk or any(a.unit.path.startswith(p) for p in paths)):
            return True
    return False


def may_forward(user: Any, doc: Any) -> bool:
    """A leader of the lead unit passes the document on to one of its people (Appendix IV, VII.2)."""
    if not is_signed_in_staff(user):
        return False
    lead = [a for a in doc.assignments.all() if a.part == "lead"]
    return any(has_role(user, Role.LEADER, a.unit) for a in lead) or is_leader(user, doc.agency)
