"""Reads of the linked procedure groups (nhóm thủ tục liên thông): the public list and page, the groups a
procedure belongs to, and where each part of a group filed at a given agency is received."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

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
    """Where a part's dossier is received when the group is filed at `where`: there, or at the part's own
    agency, or that agency's unit serving the commune of `where` (egov.procedures.places.local_unit)."""
    if part.agency is None:
        return where
    if part.local_unit:
        return places.local_unit(part.agency, where)
    return part.agency


def part_places(group: ProcedureGroup, where: Agency) -> dict[int, Agency]:
    """Each part's receiving agency (by its order number) for the group filed at `where`."""
    return {part.position: part_place(part, where) for part in group.parts.all()}
