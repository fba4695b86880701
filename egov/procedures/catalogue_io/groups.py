"""The linked procedure groups in the catalogue's JSON format (key "groups", optional on import).

    {"code": "KS-TT-BHYT", "name": …, "legal_basis": …, "source": …, "effective_from": "2024-06-10",
     "combined_days": "3" or "", "combined_cutoff": "15:00" or "", "combined_source": …, "note": …,
     "status": "published",
     "parts": [{"procedure": "1.001193", "handler": "civil_status", "required": true, "agency": null,
                "local_unit": false, "needs_result_of": null, "source": …, "time_note": …}, …]}

Groups are written after the file's procedures, in the same transaction, through `services.groups`; a group
equal to what is stored is skipped, so importing the same file twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from egov.core.audit import Actor
from egov.organizations.models import Agency
from egov.procedures import groups as group_reads
from egov.procedures.catalogue_io.format import ImportIssue, ImportResult, dec
from egov.procedures.group_models import PartHandler, ProcedureGroup
from egov.procedures.models import Procedure, PublicationStatus
from egov.procedures.services.groups import PartData, save_group


def export_group(group: ProcedureGroup) -> dict[str, Any]:
    return {
        "code": group.code,
        "name": group.name,
        "legal_basis": group.legal_basis,
        "source": group.source,
        "effective_from": group.effective_from.isoformat(),
        "combined_days": dec(group.combined_days) if group.combined_days is not None else "",
        "combined_cutoff": group.combined_cutoff.strftime("%H:%M") if group.combined_cutoff else "",
        "combined_source": group.combined_source,
        "note": group.note,
        "status": group.status,
        "parts": [
            {
                "procedure": p.procedure.code,
                "handler": p.handler,
                "required": p.required,
                "agency": p.agency.code if p.agency else None,
                "local_unit": p.local_unit,
                "needs_result_of": p.needs_result_of,
                "source": p.source,
                "time_note": p.time_note,
            }
            for p in group.parts.all()
        ],
    }


def export_groups() -> list[dict[str, Any]]:
    return [export_group(g) for g in group_reads.all_groups()]


def write_groups(actor: Actor, data: Any, result: ImportResult) -> None:
    """Check and write the file's "groups" (after its procedures); every problem becomes an issue."""
    raw_groups = data.get("groups") if isinstance(data, dict) else None
    if raw_groups is None:
        return
    if not isinstance(raw_groups, list):
        result.errors.append(ImportIssue("groups", _("Expected a list of linked groups.")))
        return
    existing = {g.code: g for g in group_reads.all_groups()}
    for index, raw in enumerate(raw_groups):
        code = raw.get("code", "?") if isinstance(raw, dict) else "?"
        where = _("Linked group no. %(n)s (%(code)s)") % {"n": index + 1, "code": code}
        try:
            group = existing.get(code)
            if group is not None and export_group(group) == raw:
                continue
            values, parts = _parse(raw)
            save_group(actor, group, data=values, parts=parts)
        except ValidationError as error:
            result.errors += [ImportIssue(where, str(m)) for m in error.messages]
            continue
        result.groups_changed.append(code)


def _parse(raw: Any) -> tuple[dict[str, Any], list[PartData]]:
    if not isinstance(raw, dict) or not isinstance(raw.get("parts"), list):
        raise ValidationError(_("Expected an object with its list of parts."))
    try:
        effective = dt.date.fromisoformat(str(raw.get("effective_from", "")))
    except ValueError:
        raise ValidationError(_("effective_from: a date such as 2024-06-10.")) from None
    days: Decimal | None = None
    if raw.get("combined_days") not in (None, ""):
        try:
            days = Decimal(str(raw["combined_days"]))
        except InvalidOperation:
            raise ValidationError(_("combined_days: a number of working days.")) from None
    cutoff = raw.get("combined_cutoff") or ""
    try:
        combined_cutoff = dt.time.fromisoformat(cutoff) if cutoff else None
    except ValueError:
        raise ValidationError(_("combined_cutoff: a time such as 15:00.")) from None
    status = raw.get("status", PublicationStatus.PUBLISHED)
    if status not in PublicationStatus.values:
        raise ValidationError(_("status: draft, published or unpublished."))
    values = {
        "code": str(raw.get("code", "")).strip(),
        "name": str(raw.get("name", "")).strip(),
        "legal_basis": str(raw.get("legal_basis", "")),
        "source": str(raw.get("source", "")).strip(),
        "effective_from": effective,
        "combined_days": days,
        "combined_cutoff": combined_cutoff,
        "combined_source": str(raw.get("combined_source", "")),
        "note": str(raw.get("note", "")),
        "status": status,
    }
    return values, [_part(n, p) for n, p in enumerate(raw["parts"], start=1)]


def _part(number: int, raw: Any) -> PartData:
    if not isinstance(raw, dict):
        raise ValidationError(_("Part %(n)s: expected an object.") % {"n": number})
    procedure = Procedure.objects.filter(code=raw.get("procedure")).first()
    if procedure is None:
        raise ValidationError(
            _("Part %(n)s: no procedure with the code %(code)s.")
            % {"n": number, "code": raw.get("procedure")}
        )
    if raw.get("handler") not in PartHandler.values:
        raise ValidationError(
            _("Part %(n)s: handler is one of %(allowed)s.")
            % {"n": number, "allowed": ", ".join(PartHandler.values)}
        )
    agency = None
    if raw.get("agency"):
        agency = Agency.objects.filter(code=raw["agency"]).first()
        if agency is None:
            raise ValidationError(
                _("Part %(n)s: no agency with the code %(code)s.") % {"n": number, "code": raw["agency"]}
            )
    waits = raw.get("needs_result_of")
    if waits is not None and not isinstance(waits, int):
        raise ValidationError(_("Part %(n)s: needs_result_of is a part number.") % {"n": number})
    return PartData(
        procedure=procedure,
        handler=raw["handler"],
        required=bool(raw.get("required", True)),
        agency=agency,
        local_unit=bool(raw.get("local_unit", False)),
        needs_result_of=waits,
        source=str(raw.get("source", "")),
        time_note=str(raw.get("time_note", "")),
    )
