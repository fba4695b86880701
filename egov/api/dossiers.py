"""The public dossier look-up: the same counted selector as the web page and the slips' QR codes, so
every channel answers alike (docs/lookup.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from egov.api.schemas import ErrorOut
from egov.core import ratelimit
from egov.dossiers import lookup

router = Router(tags=["dossiers"])


class LookupIn(Schema):
    code: str
    factor: str | None = None  # last 4 digits of the applicant's phone or ID number
    token: str = ""  # the `t` of the slip's QR link


class StepOut(Schema):
    label: str
    at: dt.datetime


class ResultOut(Schema):
    """An electronic result the applicant receives, with its document code (Decree 118/2025 art. 22.4)."""

    name: str
    document_code: str
    issued_at: dt.datetime


class DetailsOut(Schema):
    procedure: str
    agency: str  # the agency that received it
    holding_agency: str  # the agency that holds it now
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    applicant: str
    overdue: bool
    steps: list[StepOut]
    results: list[ResultOut]
    correction_due_at: dt.datetime | None


class PartOut(Schema):
    """One dossier of a linked filing: its code and bare status, as its code alone answers."""

    code: str
    status: str
    status_label: str
    national_status: int


class LookupOut(Schema):
    code: str
    status: str  # "linked" for a linked filing's reference ("LT-…"): its parts carry the statuses
    status_label: str  # the status in plain words, the same on every channel
    national_status: int | None  # None for a linked filing's reference
    details: DetailsOut | None
    wrong_proof: bool
    #: Looked up by an online submission's reference that has since become this dossier code.
    accepted_from: str = ""
    #: A linked filing's dossiers in part order (empty for a dossier code).
    parts: list[PartOut] = []


@router.post(
    "/dossiers/lookup",
    response={200: LookupOut, 404: ErrorOut, 429: ErrorOut},
    summary="Look up a dossier by its code",
    description=(
        "The bare status for a code (for a linked filing's reference `LT-…`, each of its dossiers' bare "
        "status in `parts`); the details too with `factor` (last 4 digits of the applicant's "
        "phone or ID number) or `token` (from the slip's QR link). Rate-limited per client address like "
        "the /tra-cuu/ page: 429 with Retry-After."
    ),
)
def look_up(request: HttpRequest, response: HttpResponse, payload: LookupIn) -> Any:
    return _answer(request, response, payload.code, factor=payload.factor, token=payload.token)


@router.get(
    "/lookup/{code}",
    response={200: LookupOut, 404: ErrorOut, 429: ErrorOut},
    summary="Where is dossier X: the look-up by code in the address",
    description=(
        "The same answer as the /tra-cuu/<code>/ page and POST /dossiers/lookup: the bare status for a "
        "code; the details too with `t`, the token of the slip's QR link (the 4 digits of the second "
        "factor go in the POST's body only, never in an address). Rate-limited per client address: 429 "
        "with Retry-After."
    ),
)
def look_up_by_address(request: HttpRequest, response: HttpResponse, code: str, t: str = "") -> Any:
    return _answer(request, response, code, factor=None, token=t)


def _answer(
    request: HttpRequest, response: HttpResponse, code: str, *, factor: str | None, token: str
) -> Any:
    status, body, retry_after = counted(request, code, factor=factor, token=token)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return Status(status, body)


def counted(
    request: HttpRequest, code: str, *, factor: str | None = None, token: str = ""
) -> tuple[int, dict[str, Any], int | None]:
    """The look-up counted against the client: its HTTP status, body, and seconds to wait when refused
    (for the endpoints above and the JSON fast path, egov.api.fastpath)."""
    client = "ip:" + ratelimit.client_ip(request)
    answer = lookup.counted_lookup(client, code, factor=factor, token=token)
    if answer.limited:
        return 429, {"detail": _("Too many look-ups")}, answer.limited.retry_after
    if answer.status is None:
        return 404, {"detail": _("No dossier has this code.")}, None
    return 200, lookup.facts(answer.status), None
