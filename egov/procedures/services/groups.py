"""Writes to the linked procedure groups (nhóm thủ tục liên thông): only a province administrator, like
everything procedures share (permissions.require_editor). One transaction and one audit row per save;
bad input raises ValidationError in Vietnamese and changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.organizations.models import Agency
from egov.procedures import permissions
from egov.procedures.group_models import GroupPart, PartHandler, ProcedureGroup
from egov.procedures.models import Procedure, PublicationStatus

GROUP_FIELDS = (
    "code",
    "name",
    "legal_basis",
    "source",
    "effective_from",
    "combined_days",
    "combined_cutoff",
    "combined_source",
    "note",
    "status",
)
PART_FIELDS = (
    "procedure",
    "handler",
    "required",
    "agency",
    "local_unit",
    "needs_result_of",
    "source",
    "time_note",
)


@dataclass(frozen=True)
class PartData:
    """One part, in the order of the list it is given in (its position is its place there, from 1)."""

    procedure: Procedure
    handler: str
    required: bool = True
    agency: Agency | None = None
    local_unit: bool = False
    needs_result_of: int | None = None
    source: str = ""
    time_note: str = ""


def group_problems(data: dict[str, Any], parts: list[PartData]) -> list[str]:
    """Why this group cannot be saved as it is (empty: it can)."""
    problems: list[str] = []
    if len(parts) < 2:
        problems.append(_("A linked group has at least two procedures."))
    codes = [p.procedure.code for p in parts]
    if len(set(codes)) != len(codes):
        problems.append(_("A procedure appears twice in the group."))
    for position, part in enumerate(parts, start=1):
        if part.handler not in PartHandler.values:
            problems.append(_("Part %(n)s: choose who handles it.") % {"n": position})
        if part.needs_result_of is not None and not 1 <= part.needs_result_of < position:
            problems.append(_("Part %(n)s can only wait for an earlier part.") % {"n": position})
        if part.local_unit and part.agency is None:
            problems.append(
                _("Part %(n)s: choose the agency whose unit serves the commune.") % {"n": position}
            )
    if parts and not parts[0].required:
        problems.append(_("The first part of a group is always filed."))
    days = data.get("combined_days")
    if days is not None and Decimal(days) <= 0:
        problems.append(_("The combined time limit must be more than zero."))
    if data.get("status") == PublicationStatus.PUBLISHED:
        for part in parts:
            if part.procedure.status != PublicationStatus.PUBLISHED:
                problems.append(
                    _("Publish %(code)s before the group that holds it.") % {"code": part.procedure.code}
                )
    return problems


def save_group(
    actor: Actor, group: ProcedureGroup | None, *, data: dict[str, Any], parts: list[PartData]
) -> ProcedureGroup:
    """Create or change a group with its parts, in the order given."""
    permissions.require_editor(actor)
    problems = group_problems(data, parts)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        before = None if group is None else _snapshot(group)
        group = group or ProcedureGroup()
        for name in GROUP_FIELDS:
            if name in data:
                setattr(group, name, data[name])
        if not isinstance(group.effective_from, dt.date):
            raise ValidationError({"effective_from": [_("Enter the date the group is in force from.")]})
        group.full_clean()
        group.save()
        group.parts.all().delete()
        rows = [
            GroupPart(
                group=group,
                position=position,
                procedure=part.procedure,
                handler=part.handler,
                required=part.required,
                agency=part.agency,
                local_unit=part.local_unit,
                needs_result_of=part.needs_result_of,
                source=part.source.strip(),
                time_note=part.time_note.strip(),
            )
            for position, part in enumerate(parts, start=1)
        ]
        GroupPart.objects.bulk_create(rows)
        audit.record(actor, "procedure_group.save", group, before=before, after=_snapshot(group))
    return group


def _snapshot(group: ProcedureGroup) -> dict[str, Any]:
    data = audit.snapshot(group, GROUP_FIELDS)
    data["parts"] = [
        [p.position, p.procedure_id, p.handler, p.required, p.agency_id, p.local_unit, p.needs_result_of]
        for p in group.parts.order_by("position")
    ]
    return data
