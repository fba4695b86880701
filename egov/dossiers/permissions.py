"""Who may read a dossier and who may take each move: the one place the dossier app decides access.

Built on `egov.organizations.permissions` (a role granted on an agency reaches its subtree). This module
imports no dossier module: `models.DossierQuerySet.visible_to` calls it, and the transition table names
its predicates, so anything here that needs a model looks it up by name at call time.

Readers of a dossier (its applicant's ID number, phone and scans): desk officers, specialists, leaders and
auditors of an agency where the dossier was received, sits, or once stayed; the officer it is assigned
to; superusers. Agency and province administrators (IT staff) and clerks read none by their role.
"""

from __future__ import annotations

import bisect
from typing import Any, Protocol

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from egov.organizations.holders import holds_role, may_sign_at, role_holders
from egov.organizations.permissions import agency_scope_q, grants_of, has_role
from egov.organizations.roles import Role
from egov.procedures import catalogue_version
from egov.procedures.models import StepKind

#: The roles that read the dossiers of their subtree.
READ_ROLES: tuple[str, ...] = (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.AUDITOR)
#: The roles that print the book of received dossiers (sổ theo dõi) of a counter in their subtree.
BOOK_ROLES: tuple[str, ...] = (Role.DESK_OFFICER, Role.LEADER, Role.AUDITOR)


class Node(Protocol):
    """An agency as far as these checks care."""

    path: str

    def ancestor_paths(self) -> list[str]: ...


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", True))


# ---------------------------------------------------------------- reading


def visibility_q(user: Any) -> Q:
    """Dossiers received in, sitting in, resolved by or once handled in the reader's subtrees; or assigned to
    them. The agency that resolves a dossier (`competent_agency`) is counted for it in the statistics, so
    its people open every dossier behind their figures, one still at another's counter included."""
    if not _signed_in(user):
        return Q(pk__in=[])
    if getattr(user, "is_superuser", False):
        return Q()
    mine = Q(handler_id=user.pk) if getattr(user, "pk", None) is not None else Q(pk__in=[])
    if not any(g.role in READ_ROLES for g in grants_of(user)):
        return mine
    step_visit = apps.get_model("dossiers", "StepVisit")
    visited = step_visit.objects.filter(
        agency_scope_q(user, "agency__path", READ_ROLES), dossier=OuterRef("pk")
    )
    return (
        agency_scope_q(user, "receiving_agency__path", READ_ROLES)
        | agency_scope_q(user, "current_agency__path", READ_ROLES)
        | agency_scope_q(user, "competent_agency__path", READ_ROLES)
        | Q(Exists(visited))
        | mine
    )


def may_read(user: Any, d: Any) -> bool:
    """`visibility_q` for one dossier already read with its receiving and current agencies (the competent
    one is read when those two do not let the person in): the same rule,
    tested in Python first (the page of one dossier no longer builds the whole filter), and the step
    visits read only when nothing else lets the person in."""
    if not _signed_in(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if d.handler_id is not None and d.handler_id == getattr(user, "pk", None):
        return True
    if not any(g.role in READ_ROLES for g in grants_of(user)):
        return False
    if has_role(user, READ_ROLES, d.receiving_agency) or (
        d.current_agency is not None and has_role(user, READ_ROLES, d.current_agency)
    ):
        return True
    if has_role(user, READ_ROLES, d.competent_agency):
        return True
    step_visit = apps.get_model("dossiers", "StepVisit")
    return bool(
        step_visit.objects.filter(agency_scope_q(user, "agency__path", READ_ROLES), dossier_id=d.pk).exists()
    )


# ---------------------------------------------------------------- receiving


def may_receive_at(user: Any, agency: Node) -> bool:
    """A desk officer of the agency's one-stop counter (or above it)."""
    return _signed_in(user) and has_role(user, Role.DESK_OFFICER, agency)


def counters_of(user: Any) -> QuerySet[Any]:
    """The one-stop counters where the user may receive dossiers."""
    agency = apps.get_model("organizations", "Agency")
    return agency.objects.filter(has_counter=True, is_active=True).filter(
        agency_scope_q(user, "path", roles=(Role.DESK_OFFICER,))
    )


def book_counters(user: Any) -> QuerySet[Any]:
    """The counters whose book of received dossiers the user may print."""
    if not _signed_in(user):
        return apps.get_model("organizations", "Agency").objects.none()
    agency = apps.get_model("organizations", "Agency")
    return agency.objects.filter(has_counter=True).filter(agency_scope_q(user, "path", roles=BOOK_ROLES))


# ---------------------------------------------------------------- counter guidance without receipt


def may_guide_at(user: Any, agency: Node) -> bool:
    """Guiding a supplement or refusing at the counter (Decree 118/2025 art. 17.1.c): its desk officers."""
    return may_receive_at(user, agency)


def guidance_visibility_q(user: Any) -> Q:
    """The counter guidance records (and their slips) a user reads: those of the counters where they may
    print the book of received dossiers (desk officers, leaders, auditors of the subtree)."""
    if not _signed_in(user):
        return Q(pk__in=[])
    if getattr(user, "is_superuser", False):
        return Q()
    return agency_scope_q(user, "agency__path", BOOK_ROLES)


# ---------------------------------------------------------------- who takes a move
#
# Each predicate takes the dossier as it is now (locked, inside the move's transaction) and the actor.
# The transition table names one per move.


def _holds(user: Any, role: str, agency: Node | None) -> bool:
    return agency is not None and bool(role) and has_role(user, role, agency)


def counter(d: Any, user: Any) -> bool:
    """A desk officer of the receiving agency (its one-stop counter)."""
    return _signed_in(user) and _holds(user, Role.DESK_OFFICER, d.receiving_agency)


def step_holder(d: Any, user: Any) -> bool:
    """Whoever holds the current step's role where the dossier sits; once assigned, that handler only."""
    if not _signed_in(user) or not _holds(user, d.current_role, d.current_agency):
        return False
    if d.current_kind == StepKind.APPROVE and not may_sign_at(user, d.current_agency):
        return False  # a commune's act is signed by the commune's own leaders, not from above
    return d.handler_id is None or d.handler_id == user.pk or bool(getattr(user, "is_superuser", False))


def leader_here(d: Any, user: Any) -> bool:
    """A leader of the agency where the dossier sits."""
    return _signed_in(user) and _holds(user, Role.LEADER, d.current_agency)


def step_or_leader(d: Any, user: Any) -> bool:
    return step_holder(d, user) or leader_here(d, user)


def counter_or_step(d: Any, user: Any) -> bool:
    return counter(d, user) or step_holder(d, user)


def applicant(d: Any, user: Any) -> bool:
    """The dossier's own applicant: egov.dossiers.online.ApplicantActor for this dossier, or a citizen
    account that owns it or is a member of the organisation it was filed for (`applicant_account`)."""
    if d.pk is None:
        return False
    return getattr(user, "applicant_of", None) == d.pk or applicant_account(d, user)


def _citizen(user: Any) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_citizen", False)) and user.pk is not None


def applicant_accounts_q(user: Any) -> Q:
    """The dossiers a citizen account follows as the applicant: those it owns (filed online, or linked to it)
    and those filed for an organisation it is a member of. Nothing for any other account: a staff account is
    never an applicant here, whatever it owns."""
    if not _citizen(user):
        return Q(pk__in=[])
    membership = apps.get_model("citizens", "Membership")
    organisations = membership.objects.filter(user_id=user.pk).values("organisation_id")
    return Q(owner_id=user.pk) | Q(organisation_id__in=organisations)


def applicant_account(d: Any, user: Any) -> bool:
    """Whether `user` is a citizen account following dossier `d` as its applicant (`applicant_accounts_q`)."""
    if not _citizen(user):
        return False
    if d.owner_id is not None and d.owner_id == user.pk:
        return True
    if d.organisation_id is None:
        return False
    membership = apps.get_model("citizens", "Membership")
    return bool(membership.objects.filter(user_id=user.pk, organisation_id=d.organisation_id).exists())


def linked_release(d: Any, user: Any) -> bool:
    """Only the linked bundle releases its waiting part, when the earlier part has its result
    (egov.dossiers.linked.BundleRelease for this dossier): no officer takes this move by hand."""
    return getattr(user, "releases", None) == d.pk and d.pk is not None


def applicant_or_counter(d: Any, user: Any) -> bool:
    """The applicant, or a desk officer of the receiving agency recording what the applicant sent."""
    return applicant(d, user) or counter(d, user)


def leader(d: Any, user: Any) -> bool:
    """A leader of the agency where the dossier sits or of the receiving agency."""
    return leader_here(d, user) or (_signed_in(user) and _holds(user, Role.LEADER, d.receiving_agency))


def assigner(d: Any, user: Any) -> bool:
    """A leader where the dossier sits gives it to anyone; a holder of the step's role takes a free one."""
    if leader_here(d, user):
        return True
    return _signed_in(user) and d.handler_id is None and _holds(user, d.current_role, d.current_agency)


def may_give_to_others(d: Any, user: Any) -> bool:
    """Only a leader where the dossier sits assigns it to someone other than themself."""
    return leader_here(d, user)


def at_paper_destination(d: Any, user: Any) -> bool:
    """A desk officer, specialist or leader of the agency the paper dossier was sent to."""
    if not _signed_in(user) or d.paper_forward_to_id is None:
        return False
    return any(
        _holds(user, role, d.paper_forward_to) for role in (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER)
    )


def holders(role: str, agency: Any, kind: str = "") -> list[Any]:
    """Active staff who may be given a step of `role` and `kind` at `agency`: those holding the role there
    or above; for an approval (the signing step) inside a commune, the commune's own leaders only
    (`organizations.holders`)."""
    return role_holders(role, agency, signing=kind == StepKind.APPROVE)


def is_holder(user: Any, role: str, agency: Any, kind: str = "") -> bool:
    """Whether `user` is one of `holders(role, agency, kind)`, in one query."""
    return holds_role(user, role, agency, signing=kind == StepKind.APPROVE)


# ---------------------------------------------------------------- work queues


def subtree_ids(user: Any, roles: tuple[str, ...] | None = None) -> dict[str, list[int]]:
    """For each role the user holds (or the given ones): the ids of the agencies in its subtrees."""
    cache = getattr(user, "_egov_subtrees", None)
    if cache is None:
        cache = {}
        grants = grants_of(user)
        if grants:
            # Each grant takes the agencies under its own path, in path order, from the province's agencies
            # kept per process (every queue page and staff home asked them by a query).
            paths, ids = _agency_paths()
            for g in grants:
                start = bisect.bisect_left(paths, g.path)
                end = bisect.bisect_left(paths, g.path + "\uffff", lo=start)
                cache.setdefault(g.role, []).extend(ids[start:end])
        user._egov_subtrees = cache
    return {role: ids for role, ids in cache.items() if roles is None or role in roles}


def _agency_paths() -> tuple[list[str], list[int]]:
    """Every agency's path (sorted) and id, kept per process under the catalogue's version token, which an
    agency's save or delete and a subtree's move replace (egov.procedures.catalogue_version)."""

    def read() -> tuple[list[str], list[int]]:
        rows = sorted(apps.get_model("organizations", "Agency").objects.values_list("path", "id"))
        return [path for path, _pk in rows], [pk for _path, pk in rows]

    return catalogue_version.kept(("agency_paths",), read)


def scope_key(user: Any) -> tuple[Any, ...]:
    """Everything the queues' filters take from the user (`agency_ids`, `actionable_q`): the user's key and
    the agencies under each role they hold. Two requests with the same key build the same filters."""
    return (user.pk, tuple((role, tuple(ids)) for role, ids in sorted(subtree_ids(user).items())))


def agency_ids(user: Any, roles: tuple[str, ...] | None) -> list[int]:
    """The agencies where the user holds one of `roles` (None: any role), as ids."""
    return sorted({i for ids in subtree_ids(user, roles).values() for i in ids})


def _places(user: Any) -> list[tuple[Q, bool]]:
    """Each role the user holds with its agencies, as a condition on the dossier's place (the step's role at
    one of those agencies), and whether the role reads dossiers; in the roles' order, whatever the order
    the grants were read in: the same viewer, the same SQL."""
    return [
        (Q(current_role=role, current_agency_id__in=ids), role in READ_ROLES)
        for role, ids in sorted(subtree_ids(user).items())
    ]


def actionable_q(user: Any, kinds: tuple[str, ...]) -> Q:
    """Dossiers at a step of one of `kinds` whose role the user holds there, free or given to the user."""
    condition = Q(pk__in=[])
    mine = Q(handler_id=user.pk)
    for place, reads in _places(user):
        # A role that does not read dossiers (a clerk) sees only the ones given to the user.
        condition |= place & ((Q(handler__isnull=True) | mine) if reads else mine)
    return condition & Q(current_kind__in=kinds)


def actionable_parts(user: Any, kinds: tuple[str, ...]) -> tuple[Q, Q]:
    """`actionable_q` as two conditions that no dossier meets both of, whose union is `actionable_q`'s:
    the free dossiers (no handler) at a step of a role that reads dossiers, and the ones given to the user.
    A count adds the two (egov.dossiers.selectors): each is a range of the queue index on the handler
    column, where `handler IS NULL OR handler = me` made the index give every handler's entries to be
    skipped (docs/performance.md, "The home's counts by handler, and prepared statements planned once")."""
    free = Q(pk__in=[])
    given = Q(pk__in=[])
    for place, reads in _places(user):
        if reads:
            free |= place
        given |= place
    kind = Q(current_kind__in=kinds)
    return free & Q(handler__isnull=True) & kind, given & Q(handler_id=user.pk) & kind


def holds_any(user: Any, roles: tuple[str, ...]) -> bool:
    """Whether the user holds one of `roles` somewhere (a queue of those roles is theirs)."""
    return bool(getattr(user, "is_superuser", False)) or any(g.role in roles for g in grants_of(user))
