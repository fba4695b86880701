"""Reads of the linked procedure groups (nhóm thủ tục liên thông): the public list and page, the groups a
procedure belongs to, and where each part of a group filed at a given agency is received."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from egov.organizations.models import Agency
from egov.procedures import places
from egov.procedures.group_models import GroupPart, ProcedureGroup
from egov.procedures.models import PublicationStatus


def _with_parts(groups: QuerySet[ProcedureGroup]) -> QuerySet[ProcedureGroup]:
    parts = GroupPart.objects.select_related("procedure", "agency").order_by("position")
    return groups.prefetch_related(Prefetch("parts", queryset=parts))


def published_groups() -> QuerySet[ProcedureGroup]:
    return _with_parts(ProcedureGroup.objects.filter(status=PublicationStatus.PUBLISHED))


def published_group(code: str) -> ProcedureGroup | None:
    return published_groups().filter(code=code).first()


def all_groups() -> QuerySet[ProcedureGroup]:
    return _with_parts(ProcedureGroup.objects.all())


def groups_of(procedure_id: int) -> QuerySet[ProcedureGroup]:
    """The published groups a procedure is a part of."""
    return published_groups().filter(parts__procedure_id=procedure_id).distinct()


def part_place(part: GroupPart, where: Agency) -> Agency:
    """Where a part's dossier is received when the group is filed at `where`:
    - the part's own agency, or that agency's unit serving the commune of `where` (`local_unit`, as a
      workflow step: egov.procedures.places.local_unit), when the group names one;
    - else the counter that carries out the part's procedure for that commune (one of the procedure's
      agencies with the same administrative unit code: the commune police for residence);
    - else `where` itself, whose workflow takes the part to its competent agency (inter-agency steps)."""
    if part.agency is not None:
        return places.local_unit(part.agency, where) if part.local_unit else part.agency
    code = places.unit_code_of(where)
    if code:
        local = (
            part.procedure.agencies.filter(has_counter=True, is_active=True, admin_unit_code=code)
            .order_by("path")
            .first()
        )
        if local is not None:
            return local
    return where


def part_places(group: ProcedureGroup, where: Agency) -> dict[int, Agency]:
    """Each part's receiving agency (by its order number) for the group filed at `where`."""
    return {part.position: part_place(part, where) for part in group.parts.all()}


def may_file_online(group: ProcedureGroup) -> bool:
    """Whether the group may be filed once online (egov.filing's group journey): published, in force, and
    every part a published procedure."""
    return (
        group.status == PublicationStatus.PUBLISHED
        and group.effective_from <= timezone.localdate()
        and all(part.procedure.is_published for part in group.parts.all())
    )
