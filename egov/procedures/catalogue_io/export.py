"""Export of the whole catalogue in the JSON format (published form and workflows only)."""

from __future__ import annotations

import json
from typing import Any

from egov.procedures.catalogue_io.format import FORMAT, dec
from egov.procedures.catalogue_io.groups import export_groups
from egov.procedures.models import Field, Procedure, PublicationStatus, WorkflowTemplate


def _steps(template: WorkflowTemplate) -> list[dict[str, Any]]:
    # "local_unit" is written only where it is set: files without it (older exports) mean the named agency.
    return [
        {
            "kind": s.kind,
            "name": s.name,
            "role": s.role,
            "agency": s.agency.code if s.agency else None,
            **({"local_unit": True} if s.local_unit else {}),
            "allotted_hours": dec(s.allotted_hours),
        }
        for s in template.steps.all()
    ]


def export_procedure(procedure: Procedure) -> dict[str, Any]:
    """One procedure in the catalogue format (published form and workflows only)."""
    data: dict[str, Any] = {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field.code,
        "levels": list(procedure.levels),
        "processing_time": dec(procedure.processing_time),
        "time_unit": procedure.time_unit,
        "same_day_cutoff": procedure.same_day_cutoff.strftime("%H:%M") if procedure.same_day_cutoff else "",
        "time_limit_source": procedure.time_limit_source,
        "processing_note": procedure.processing_note,
        "legal_basis": procedure.legal_basis,
        "result": procedure.result,
        "result_type_code": procedure.result_type_code,
        "applicant_types": list(procedure.applicant_types),
        "channels": list(procedure.channels),
        "service_level": procedure.service_level,
        "online_payment": procedure.online_payment,
        "inter_agency_group": procedure.inter_agency_group,
        "requirements": procedure.requirements,
        "steps_text": procedure.steps_text,
        "source": procedure.source,
        "status": procedure.status,
        "agencies": sorted(a.code for a in procedure.agencies.all()),
        "documents": [
            {
                "name": d.name,
                "copy_kind": d.copy_kind,
                "quantity": d.quantity,
                "required": d.required,
                "reusable": d.reusable,
                "online": d.online,
                "template_name": d.template_name,
                "note": d.note,
            }
            for d in procedure.documents.all()
        ],
        "fees": [
            {
                "kind": f.kind,
                "name": f.name,
                "amount": dec(f.amount),
                "condition": f.condition,
                "legal_basis": f.legal_basis,
                "online_amount": dec(f.online_amount) if f.online_amount is not None else None,
                "online_basis": f.online_basis,
                "online_from": f.online_from.isoformat() if f.online_from else None,
                "online_until": f.online_until.isoformat() if f.online_until else None,
                "applies": f.applies,
                "case": f.case,
                "case_basis": f.case_basis,
                "replaces": list(f.replaces),
                "per_field": f.per_field,
                "per_from": f.per_from,
                "when_field": f.when_field,
                "when_days": f.when_days,
            }
            for f in procedure.fees.all()
        ],
    }
    published = [w for w in procedure.workflows.all() if w.status == PublicationStatus.PUBLISHED]
    forms = [f for f in procedure.forms.all() if f.status == PublicationStatus.PUBLISHED]
    if forms:
        data["form"] = forms[0].schema
    default = [w for w in published if w.agency_id is None]
    if default:
        data["workflow"] = {"steps": _steps(default[0])}
    own = sorted((w for w in published if w.agency_id is not None), key=lambda w: w.agency.code)  # type: ignore[union-attr]
    if own:
        data["workflows"] = [{"agency": w.agency.code, "steps": _steps(w)} for w in own]  # type: ignore[union-attr]
    return data


def export_queryset() -> Any:
    return (
        Procedure.objects.select_related("field")
        .prefetch_related(
            "agencies",
            "documents",
            "fees",
            "forms",
            "workflows__agency",
            "workflows__steps__agency",
        )
        .order_by("field__sort_order", "field__code", "code")
    )


def export_catalogue() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "fields": [
            {"code": f.code, "name": f.name, "sort_order": f.sort_order}
            for f in Field.objects.order_by("sort_order", "code")
        ],
        "procedures": [export_procedure(p) for p in export_queryset()],
        "groups": export_groups(),
    }


def export_json() -> bytes:
    return json.dumps(export_catalogue(), ensure_ascii=False, indent=1).encode("utf-8")
