"""Who holds a role at an agency, and who may sign a commune's acts: asked by the dossier moves (whom a
step may be given to) and by the workflow publication check (does anyone hold each step's role where it
happens), so both always agree.

A role granted on an agency reaches that agency and everything below it (`permissions.has_role`). Signing is
narrower: an act of a commune (xã, phường) is signed by that commune's own Chairman ("TM. ỦY BAN NHÂN DÂN /
CHỦ TỊCH") or a Vice-Chairman for him ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), Decree 30/2020/NĐ-CP, Annex I,
part I, II.7.b; never by a provincial leader whose grant happens to reach down the tree, nor by the head of
the commune's service centre or of one of its rooms. So the signers of a step inside a commune are the
leaders whose grant is on the commune's People's Committee itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from egov.core import statements
from egov.organizations.models import Agency, AgencyKind, Role, RoleGrant
from egov.organizations.permissions import grants_of


def signing_commune(agency: Agency) -> Agency | None:
    """The commune (or ward) People's Committee that `agency` is, or lies within; None outside communes."""
    return statements.select_one(_deepest_of_kind, str(AgencyKind.COMMUNE), *agency.ancestor_paths())


def _deepest_of_kind(kind: str, *paths: str) -> QuerySet[Agency]:
    return Agency.objects.filter(kind=kind).filter(path__in=paths).order_by("-depth")[:1]  # `first()`


def role_holders(role: str, agency: Agency | None, *, signing: bool = False) -> list[Any]:
    """Active accounts holding `role` at `agency` or an ancestor, by name.

    `signing`: the step signs the act (a leader's approval); inside a commune only the commune's own
    leaders, granted on the commune itself, qualify.
    """
    if agency is None or not role:
        return []
    commune = signing_commune(agency) if signing and role == Role.LEADER else None
    # One statement, built once per process (egov.core.statements), from the grants to their users: every
    # submission alerts its counter's holders. Led by the grants (few per agency, by role) and joined to the
    # users by key, never an IN-subquery over the users: on PostgreSQL, inside a transaction that has just
    # written the tables (the demo, the tests), the planner has no statistics and ran such a subquery once
    # per user, for minutes.
    if commune is not None:
        grants = statements.select_objects(_holders_on, role, commune.pk)
    else:
        grants = statements.select_objects(_holders_above, role, *agency.ancestor_paths())
    # A user granted the role on two agencies of the chain is one holder.
    return list({grant.user.pk: grant.user for grant in grants}.values())


def _holders(role: str) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(role=role, agency__is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )


def _holders_on(role: str, agency_id: int) -> QuerySet[RoleGrant]:
    return _holders(role).filter(agency_id=agency_id)


def _holders_above(role: str, *paths: str) -> QuerySet[RoleGrant]:
    return _holders(role).filter(agency__path__in=paths)


def holds_role(user: Any, role: str, agency: Agency | None, *, signing: bool = False) -> bool:
    """Whether `user` is one of `role_holders(role, agency, signing=signing)`, by the same rule (an active
    account, a grant of the role on an active agency there or above, or on the commune itself when
    signing), asked as one EXISTS instead of listing every holder (a move checks its new handler so)."""
    if agency is None or not role or getattr(user, "pk", None) is None:
        return False
    commune = signing_commune(agency) if signing and role == Role.LEADER else None
    # Statements built once per process (egov.core.statements): building this one was most of its cost.
    if commune is not None:
        return bool(statements.select(_grant_on, role, user.pk, commune.pk))
    return bool(statements.select(_grant_above, role, user.pk, *agency.ancestor_paths()))


def _grants(role: str, user_id: int) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(role=role, user_id=user_id, user__is_active=True, agency__is_active=True)


def _grant_on(role: str, user_id: int, agency_id: int) -> QuerySet[RoleGrant, int]:
    return _grants(role, user_id).filter(agency_id=agency_id).values_list("pk", flat=True)[:1]


def _grant_above(role: str, user_id: int, *paths: str) -> QuerySet[RoleGrant, int]:
    return _grants(role, user_id).filter(agency__path__in=paths).values_list("pk", flat=True)[:1]


def may_sign_at(user: Any, agency: Agency | None) -> bool:
    """Whether `user` may sign an act at `agency`: outside communes any leader there (checked by the
    caller's role check); inside a commune only a leader granted on the commune itself."""
    if agency is None:
        return False
    if getattr(user, "is_superuser", False):
        return True
    commune = signing_commune(agency)
    if commune is None:
        return True
    return any(g.role == Role.LEADER and g.path == commune.path for g in grants_of(user))
