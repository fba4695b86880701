"""Agencies and the signed-in user. Every list goes through the same scoped querysets as the screens."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from egov.api.schemas import AgencyOut, ErrorOut, MeOut, RoleOut
from egov.core.text import code_matches, matches
from egov.organizations.models import Agency, AgencyKind, RoleGrant
from egov.organizations.selectors import home_agency

router = Router(tags=["organizations"], auth=django_auth)


@router.get("/me", response=MeOut, summary="The signed-in user, their agency and roles")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    grants = RoleGrant.objects.filter(user_id=user.pk or 0).select_related("agency").order_by("role")
    agency = home_agency(user)
    return MeOut(
        username=user.get_username(),
        full_name=user.get_full_name(),  # type: ignore[union-attr]
        agency=AgencyOut.from_orm(agency) if agency else None,
        roles=[RoleOut(role=g.role, agency_id=g.agency_id, agency_name=g.agency.name) for g in grants],
    )


@router.get("/agencies", response=list[AgencyOut], summary="Agencies the user may see (their subtrees)")
@paginate(LimitOffsetPagination)
def agencies(request: HttpRequest, kind: str = "", q: str = ""):
    rows = Agency.objects.visible_to(request.user).order_by("path")
    if kind in AgencyKind.values:
        rows = rows.filter(kind=kind)
    if q:
        # Agency names are few (hundreds per province): matching in Python (whole words, folded as every
        # search box folds) needs no stored key.
        candidates = rows.only("pk", "name", "code")
        found = [a.pk for a in candidates if matches(a.name, q) or code_matches(a.code, q)]
        rows = rows.filter(pk__in=found)
    return rows


@router.get("/agencies/{agency_id}", response={200: AgencyOut, 404: ErrorOut})
def agency(request: HttpRequest, agency_id: int) -> Agency:
    return get_object_or_404(Agency.objects.visible_to(request.user), pk=agency_id)
