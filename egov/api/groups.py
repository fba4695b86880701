"""Linked procedure groups (nhóm thủ tục liên thông, Decree 63/2024/NĐ-CP): read them, file one once, follow
the bundle. Filing is the same service the citizens' filing pages call (`egov.dossiers.bundles.submit_group`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from egov.api.schemas import ErrorOut
from egov.citizens.access import is_citizen
from egov.dossiers import bundles
from egov.dossiers.bundle_models import DossierBundle
from egov.dossiers.intake import Applicant
from egov.filing import fee_cases
from egov.organizations.models import Agency
from egov.payments.fees import fees_due
from egov.procedures import groups
from egov.procedures.group_models import ProcedureGroup
from egov.procedures.models import Channel

router = Router(tags=["linked groups"])


class PartOut(Schema):
    position: int
    procedure_code: str
    procedure_name: str
    handler: str
    handler_label: str
    required: bool
    needs_result_of: int | None
    source: str
    time_note: str


class GroupOut(Schema):
    code: str
    name: str
    source: str
    effective_from: dt.date
    combined_days: Decimal | None
    combined_cutoff: dt.time | None
    combined_source: str
    parts: list[PartOut]


def _group(group: ProcedureGroup) -> dict[str, Any]:
    return {
        **{k: getattr(group, k) for k in GroupOut.model_fields if k != "parts"},
        "parts": [
            {
                "position": p.position,
                "procedure_code": p.procedure.code,
                "procedure_name": p.procedure.name,
                "handler": p.handler,
                "handler_label": str(p.get_handler_display()),
                "required": p.required,
                "needs_result_of": p.needs_result_of,
                "source": p.source,
                "time_note": p.time_note,
            }
            for p in group.parts.all()
        ],
    }


@router.get("/procedure-groups", response=list[GroupOut], summary="Published linked procedure groups")
def index(request: HttpRequest) -> list[dict[str, Any]]:
    return [_group(g) for g in groups.published_groups()]


@router.get("/procedure-groups/{code}", response={200: GroupOut, 404: ErrorOut}, summary="One linked group")
def detail(request: HttpRequest, code: str) -> Any:
    group = groups.published_group(code)
    if group is None:
        return Status(404, {"detail": _("No published linked group has this code.")})
    return Status(200, _group(group))


class ApplicantIn(Schema):
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class SubmissionIn(Schema):
    #: Identifier of the agency (one-stop counter) where the group is filed, e.g. the commune's centre.
    agency: str
    #: The optional parts chosen, by number; the required parts are always filed.
    optional_parts: list[int] = []
    applicant: ApplicantIn
    answers: dict[str, Any] = {}
    # Typed loosely so that a wrong id or shape is refused by the filing's own check, in Vietnamese.
    fee_cases: dict[str, Any] = Field(
        default={},
        description=(
            "Each filed part's fee cases, by its number: the ids of its fee lines whose case the applicant "
            "says is theirs (`fees` of GET /procedures/{code} with applies = chosen, e.g. a late "
            "registration). A part not given is charged the lines that always apply."
        ),
        json_schema_extra={"additionalProperties": {"type": "array", "items": {"type": "integer"}}},
    )
    #: One per form shown: a repeated submission with it returns the first bundle.
    idempotency_key: str | None = None


class BundlePartOut(Schema):
    position: int
    procedure_code: str
    dossier_code: str
    status: str
    status_label: str
    agency: str
    waiting: bool


class BundleOut(Schema):
    reference: str
    group: str
    parts: list[BundlePartOut]
    amount_due: Decimal
    done: bool


class ErrorsOut(Schema):
    detail: str
    errors: list[str]


def _bundle(bundle: DossierBundle) -> dict[str, Any]:
    return {
        "reference": bundle.reference,
        "group": bundle.group.code,
        "parts": [
            {
                "position": p.position,
                "procedure_code": p.dossier.procedure.code,
                "dossier_code": p.dossier.code,
                "status": p.dossier.status,
                "status_label": str(p.dossier.get_status_display()),
                "agency": p.dossier.receiving_agency.name,
                "waiting": p.is_held,
            }
            for p in bundles.parts_of(bundle)
        ],
        "amount_due": bundles.amount_due(bundle),
        "done": bundles.is_done(bundle),
    }


@router.post(
    "/procedure-groups/{code}/submissions",
    auth=django_auth,
    response={201: BundleOut, 400: ErrorsOut, 403: ErrorOut, 404: ErrorOut},
    summary="File a linked group once (signed-in citizen)",
    description=(
        "Creates one bundle: one online dossier per part, each at the counter that handles it for the "
        "commune of `agency`, in one transaction; the fees owed, for each part's `fee_cases` (checked as "
        "the filing pages check them: only a part's lines whose case the applicant chooses, else 400 and "
        "nothing filed), are recorded per part and paid together (`amount_due`). A part that needs an "
        "earlier part's result waits for it (`waiting`). Papers are attached through the filing pages, "
        "not this endpoint. Session and CSRF token as every write."
    ),
)
def submit(request: HttpRequest, code: str, payload: SubmissionIn) -> Any:
    if not is_citizen(request.user):
        return Status(403, {"detail": _("Only a citizen account files online.")})
    group = groups.published_group(code)
    if group is None:
        return Status(404, {"detail": _("No published linked group has this code.")})
    where = Agency.objects.filter(code=payload.agency, is_active=True, has_counter=True).first()
    if where is None:
        return Status(
            400, {"detail": _("Choose where to file."), "errors": [_("No one-stop counter has this code.")]}
        )
    places = groups.part_places(group, where)
    filed = [p for p in group.parts.all() if p.required or p.position in payload.optional_parts]
    chosen = {p.position: places[p.position] for p in filed}
    try:
        cases = fee_cases.checked_parts(filed, payload.fee_cases)
        fees = {
            p.position: fees_due(
                p.procedure, Channel.ONLINE, chosen=cases.get(p.position, []), answers=payload.answers
            )
            for p in filed
        }
        bundle = bundles.submit_group(
            actor=request.user,  # type: ignore[arg-type]
            owner=request.user,  # type: ignore[arg-type]
            group=group,
            agency_by_part=chosen,
            applicant=Applicant(**payload.applicant.dict()),
            answers=payload.answers,
            fees=fees,
            idempotency_key=payload.idempotency_key,
        )
    except ValidationError as error:
        return Status(400, {"detail": _("Nothing was filed."), "errors": list(error.messages)})
    return Status(201, _bundle(bundle))


@router.get(
    "/bundles/{reference}",
    auth=django_auth,
    response={200: BundleOut, 404: ErrorOut},
    summary="A linked filing of the signed-in citizen",
)
def bundle_detail(request: HttpRequest, reference: str) -> Any:
    bundle = (
        DossierBundle.objects.select_related("group")
        .filter(reference=reference, owner=request.user.pk)
        .first()
    )
    if bundle is None:
        return Status(404, {"detail": _("You have no linked filing with this reference.")})
    return Status(200, _bundle(bundle))
