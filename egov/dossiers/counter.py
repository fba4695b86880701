"""Reads of the counter's screens: which procedures a counter receives, and where each move sends a dossier.

Which procedures a counter receives (`procedures_received_at`): the published procedures that have a
workflow a dossier received there would start with (the same rule as
`procedures.selectors.current_workflow`: the counter's own, an ancestor's, or the procedure's default) and
that are carried out (`Procedure.agencies`) by an agency the counter serves, or whose catalogue entry names
no agency.

Which agencies a counter serves (`agencies_served_by`): a public administration service centre or a
People's Committee's own counter receives "không phụ thuộc vào địa giới hành chính trong phạm vi cấp tỉnh"
for provincial and commune procedures (Decree 118/2025 art. 14.2; every procedure by 31/12/2025, art.
40.4), so it serves every agency of its province; any other counter (a department's own one-stop unit)
serves its agency and the agencies below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from egov.core import statements
from egov.core.collation import vietnamese_key
from egov.dossiers import steps
from egov.dossiers.models import Dossier
from egov.dossiers.moves import to_next_step, to_previous_step, to_return_step
from egov.dossiers.transitions import Transition
from egov.organizations.models import PATH_STEP, Agency, AgencyKind, Staff
from egov.procedures import catalogue_version
from egov.procedures.models import Procedure, PublicationStatus, StepKind, WorkflowStep, WorkflowTemplate

#: Counters that receive for their whole province (Decree 118/2025 art. 14.2).
SHARED_COUNTERS = (AgencyKind.SERVICE_CENTER, AgencyKind.PROVINCE, AgencyKind.COMMUNE)


def agencies_served_by(counter: Agency) -> Q:
    """A filter on Agency: the agencies whose procedures the counter receives."""
    if counter.kind in SHARED_COUNTERS:
        return Q(path__startswith=counter.path[:PATH_STEP])  # the root of its tree: the province
    return Q(path__startswith=counter.path)


def _received_at(counter: Agency) -> Any:
    usable = WorkflowTemplate.objects.filter(
        Q(agency__isnull=True) | Q(agency__path__in=counter.ancestor_paths()),
        procedure=OuterRef("pk"),
        status=PublicationStatus.PUBLISHED,
    )
    served = Agency.objects.filter(agencies_served_by(counter), procedures=OuterRef("pk"))
    anywhere = ~Exists(Agency.objects.filter(procedures=OuterRef("pk")))
    return Procedure.objects.filter(status=PublicationStatus.PUBLISHED).filter(
        Exists(usable), Exists(served) | anywhere
    )


def procedures_received_at(counter: Agency) -> list[Procedure]:
    """The published procedures the counter receives, in Vietnamese alphabetical order."""
    return sorted(_received_at(counter), key=lambda p: (vietnamese_key(p.name), p.code))


def receives(counter: Agency, procedure: Procedure) -> bool:
    """Whether the counter receives the procedure (the rule of procedures_received_at): one query, its
    answer kept per process for the catalogue as it is (egov.procedures.catalogue_version), since every
    filing asks it and the catalogue changes seldom. The counter's kind and path, which the rule reads from
    the counter given, are part of the key."""
    if not counter.has_counter:
        return False
    return catalogue_version.kept(
        ("receives", counter.pk, counter.kind, counter.path, procedure.pk),
        lambda: _received_at(counter).filter(pk=procedure.pk).exists(),
    )


@dataclass(frozen=True)
class Destination:
    """Where a move sends the dossier: the step, its agency, and to whom (an officer, or anyone with the
    step's role there)."""

    step: WorkflowStep
    agency: Agency
    handler: Any = None

    @property
    def whom(self) -> str:
        if self.handler is not None:
            return officer_label(self.handler)
        if self.step.kind == StepKind.RETURN:
            return _("the one-stop counter, to return the result")
        return _("any officer holding the role %(role)s") % {"role": self.step.get_role_display()}


def destination(d: Dossier, t: Transition) -> Destination | None:
    """Where the move `t` sends the dossier; None for a move that leaves it at its step."""
    if to_next_step in t.effects:
        step = steps.neighbour(d, 1)
        handler = None
    elif to_previous_step in t.effects:
        step = steps.neighbour(d, -1)
        visit = d.visits.filter(step=step).order_by("-started_at").select_related("handler").first()
        handler = visit.handler if visit else None
    elif to_return_step in t.effects:
        step, handler = steps.return_step(d), None
    else:
        return None
    if step is None:
        return None
    return Destination(step=step, agency=steps.step_agency(d, step), handler=handler)


def officer_label(user: Any) -> str:
    """An officer as the handler lists show them: name, position and agency."""
    if hasattr(user, "_counter_staff"):
        staff = user._counter_staff
    else:
        staff = Staff.objects.filter(user=user).select_related("agency").first()
    name = user.get_full_name() or user.get_username()
    if staff is None:
        return name
    parts = [p for p in (staff.position, staff.agency.short_name or staff.agency.name) if p]
    return f"{name} — {', '.join(parts)}" if parts else name


def with_staff(users: list[Any]) -> list[Any]:
    """The users with their staff row attached in one query, for `officer_label`, ordered as Vietnamese lists
    of people are: by given name (the last word), then by the whole name, in Vietnamese order."""
    found = statements.select_objects(_staff_of, *(u.pk for u in users)) if users else []
    rows = {s.user_id: s for s in found}
    for u in users:
        u._counter_staff = rows.get(u.pk)
    return sorted(users, key=_person_key)


def _staff_of(*users: int) -> QuerySet[Staff]:
    return Staff.objects.filter(user_id__in=users).select_related("agency")


def _person_key(user: Any) -> tuple[Any, ...]:
    name = user.get_full_name() or user.get_username()
    given = name.split()[-1] if name.split() else ""
    return (vietnamese_key(given), vietnamese_key(name))
