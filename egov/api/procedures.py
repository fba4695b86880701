"""The public procedure catalogue: the same selectors as the portal pages, so both always agree."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from egov.api.schemas import ErrorOut, ProcedureOut, ProcedureSummaryOut
from egov.procedures import selectors
from egov.procedures.models import Procedure

router = Router(tags=["procedures"])


@router.get(
    "/procedures",
    response=list[ProcedureSummaryOut],
    summary="Search published procedures",
    description=(
        "Words are matched with or without Vietnamese marks (đ included); a code finds its procedure."
    ),
)
@paginate(LimitOffsetPagination)
def search(request: HttpRequest, q: str = "", field: str = "", level: str = "", agency: int | None = None):
    return selectors.search(selectors.Query(text=q, field=field, level=level, agency=agency))


@router.get(
    "/procedures/{code}", response={200: ProcedureOut, 404: ErrorOut}, summary="One published procedure"
)
def detail(request: HttpRequest, code: str) -> Procedure:
    return get_object_or_404(
        selectors.public_procedures().prefetch_related("documents", "fees", "agencies"), code=code
    )
