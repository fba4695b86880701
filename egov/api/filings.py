"""Filing online in one request (`POST /api/v1/filings`): what the national public-service portal and mobile
apps send, a whole dossier in one multipart request. The checks and the dossier are the filing service's
(`egov.filing.direct.file_at_once`), the same as the filing pages'; this handler only reads the request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from egov.api.schemas import ErrorOut
from egov.citizens.access import is_citizen
from egov.citizens.selectors import organisation_by_tax_code
from egov.core.text import loads_json
from egov.filing import direct
from egov.organizations.selectors import counter_by_code
from egov.procedures.selectors import public_procedure

router = Router(tags=["online filing"])

#: A file part's name: "paper-" and the id of the checklist line it answers (procedures' `documents`).
PAPER_PREFIX = "paper-"


class FiledOut(Schema):
    #: The submission's reference until the counter accepts it; then the dossier's code.
    code: str
    status: str
    status_label: str
    procedure: str
    agency: str
    accept_due_at: dt.datetime | None = None
    amount_due: str
    #: False: an earlier request with this Idempotency-Key made it (a retry).
    created: bool


class RefusedOut(Schema):
    detail: str
    errors: list[str]


FILING_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["filing"],
                    "properties": {
                        "filing": {
                            "type": "string",
                            "description": (
                                'JSON: {"procedure": code, "agency": counter code, "organisation": tax code '
                                'or null, "applicant": {name, id_number, phone, email, address}, "answers": '
                                "the online form's answers by field name (an address as {province, ward, "
                                "detail}, a repeated group as a list of rows), "
                                '"fee_cases": optional, the ids of the fee lines whose case the applicant '
                                "says is theirs (`fees` of GET /procedures/{code} with applies = chosen, "
                                "e.g. a late registration)}. Applicant fields left out come from the "
                                "citizen's profile; without fee_cases the lines that always apply are "
                                "charged."
                            ),
                        },
                        "csrfmiddlewaretoken": {"type": "string"},
                    },
                    "additionalProperties": {
                        "type": "string",
                        "format": "binary",
                        "description": "paper-<checklist line id>: one or more files for that line",
                    },
                }
            }
        },
    },
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": True,
            "schema": {"type": "string", "maxLength": direct.KEY_MAX},
            "description": "One per filing: a repeated request with it answers with the same dossier",
        }
    ],
}


def _refused(detail: str, errors: list[str]) -> Status:
    return Status(400, {"detail": detail, "errors": errors})


def _read(request: HttpRequest) -> tuple[dict[str, Any], list[tuple[int, Any]], list[str]]:
    errors: list[str] = []
    try:
        filing = loads_json(request.POST.get("filing", ""))
    except ValueError:
        filing = None
    if not isinstance(filing, dict):
        return {}, [], [_("The field filing must be a JSON object.")]
    for name in ("applicant", "answers"):
        if not isinstance(filing.get(name, {}), dict):
            errors.append(_("%(name)s must be a JSON object.") % {"name": name})
    if not isinstance(filing.get("fee_cases", []), list):
        errors.append(_("fee_cases must be a JSON list of fee line ids."))
    papers = []
    for name in request.FILES:
        line = name.removeprefix(PAPER_PREFIX)
        if not name.startswith(PAPER_PREFIX) or not line.isdigit():
            errors.append(_("A file part is named paper- and the number of its checklist line."))
            continue
        papers += [(int(line), upload) for upload in request.FILES.getlist(name)]
    return filing, papers, errors


@router.post(
    "/filings",
    auth=django_auth,
    response={200: FiledOut, 201: FiledOut, 400: RefusedOut, 403: ErrorOut, 404: ErrorOut},
    summary="File a procedure online in one request (signed-in citizen)",
    description=(
        "The online form's answers, the applicant and every paper in one multipart request; checked as the "
        "filing pages check them (answers by the procedure's published form, files by their content, "
        "EGOV_FILING_FILE_MAX_MB per file and EGOV_FILING_DOSSIER_MAX_MB together, every required paper "
        "given, a counter that receives the procedure, an organisation only for its members, fee cases only "
        "among the procedure's chosen lines). The fees owed follow the fee cases given. 201 with the "
        "submission waiting at the counter; 200 with the same dossier for a repeated Idempotency-Key; 400 "
        "with every reason, nothing kept. Session and CSRF token as every write."
    ),
    openapi_extra=FILING_DOC,
)
def file_online(request: HttpRequest) -> Any:
    if not is_citizen(request.user):
        return Status(403, {"detail": _("Only a citizen account files online.")})
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > direct.KEY_MAX:
        return _refused(
            _("Nothing was filed."),
            [
                _("Send an Idempotency-Key header of 1 to %(n)s characters, one per filing.")
                % {"n": direct.KEY_MAX}
            ],
        )
    filing, papers, errors = _read(request)
    if errors:
        return _refused(_("Nothing was filed."), errors)
    procedure = public_procedure(str(filing.get("procedure", "")))
    if procedure is None:
        return Status(404, {"detail": _("No published procedure has this code.")})
    agency = counter_by_code(str(filing.get("agency", "")))
    organisation = None
    if filing.get("organisation"):
        organisation = organisation_by_tax_code(str(filing["organisation"]))
        if organisation is None:
            return _refused(_("Nothing was filed."), [_("You are not a member of this organisation.")])
    try:
        filed = direct.file_at_once(
            actor=request.user,  # type: ignore[arg-type]  # a citizen account (checked above)
            procedure=procedure,
            agency=agency,
            organisation=organisation,
            applicant=filing.get("applicant") or {},
            answers=filing.get("answers") or {},
            papers=papers,
            fee_cases=filing.get("fee_cases") or [],
            idempotency_key=key,
        )
    except PermissionDenied as error:
        return Status(403, {"detail": str(error) or _("Only a citizen account files online.")})
    except ValidationError as error:
        return _refused(_("Nothing was filed."), list(error.messages))
    d = filed.dossier
    return Status(
        201 if filed.created else 200,
        {
            "code": d.code,
            "status": d.status,
            "status_label": str(d.get_status_display()),
            "procedure": procedure.code,
            "agency": d.receiving_agency.name,
            "accept_due_at": d.accept_due_at,
            "amount_due": str(filed.amount_due),
            "created": filed.created,
        },
    )
