"""Screens for administrators to manage agencies and staff. Thin: forms in, services out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from egov.accounts.http import AuthedRequest
from egov.core.forms import apply_error
from egov.core.querystring import without_page
from egov.core.text import code_matches, matches, query_words
from egov.organizations import admin_units, imports, services
from egov.organizations.forms import AgencyForm, StaffForm, StaffImportForm
from egov.organizations.models import ADMIN_ROLES, Agency, AgencyKind, Role, Staff
from egov.organizations.permissions import can_administer, has_role, may_manage_account
from egov.organizations.selectors import administered_agencies, visible_staff

READERS = (*ADMIN_ROLES, Role.AUDITOR)


def _require(request: AuthedRequest, roles: tuple[str, ...]) -> None:
    if not has_role(request.user, roles):
        raise PermissionDenied


@login_required
def agency_list(request: AuthedRequest) -> HttpResponse:
    _require(request, READERS)
    agencies = Agency.objects.visible_to(request.user).annotate(staff_count=Count("staff"))
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind in AgencyKind.values:
        agencies = agencies.filter(kind=kind)
    rows = list(agencies.order_by("path"))
    if query:
        rows = [a for a in rows if matches(a.name, query) or code_matches(a.code, query)]
    top = min((a.depth for a in rows), default=0)
    for row in rows:
        # egov.css has classes tree-depth-1…12 (a style= attribute would break the Content-Security-Policy).
        row.indent = min(row.depth + 1, 12)  # type: ignore[attr-defined]
    return render(
        request,
        "organizations/agency_list.html",
        {
            "rows": rows,
            "top": top,
            "q": query,
            "kind": kind,
            "kinds": AgencyKind.choices,
            "can_add": bool(administered_agencies(request.user).exists()),
        },
    )


@login_required
def agency_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    _require(request, READERS)
    agency = get_object_or_404(Agency.objects.visible_to(request.user).select_related("parent"), pk=pk)
    return render(
        request,
        "organizations/agency_detail.html",
        {
            "agency": agency,
            "children": agency.children.order_by("sort_order", "name"),
            "staff": visible_staff(request.user).filter(agency=agency).order_by("user__full_name"),
            "can_edit": can_administer(request.user, agency),
            "official_unit": admin_units.lookup(agency.admin_unit_code) if agency.admin_unit_code else None,
        },
    )


@login_required
def agency_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    _require(request, ADMIN_ROLES)
    parents = administered_agencies(request.user).order_by("path")
    agency = get_object_or_404(parents, pk=pk) if pk else None
    if agency is not None:
        parents = parents.exclude(path__startswith=agency.path)
    initial = {"parent": request.GET.get("parent")} if agency is None else None
    form = AgencyForm(request.POST or None, instance=agency, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            if agency is None:
                agency = services.create_agency(request.user, **data)
                messages.success(request, _("Agency created."))
            else:
                if agency.parent_id is None:
                    data.pop("parent", None)
                agency = services.update_agency(request.user, agency, **data)
                messages.success(request, _("Agency saved."))
            return redirect("organizations:agency_detail", pk=agency.pk)
        except ValidationError as error:
            apply_error(form, error)
    return render(request, "organizations/agency_form.html", {"form": form, "agency": agency})


def _staff_matching(staff: Any, query: str) -> list[int]:
    """Staff whose name has the query's words (folded as every search box folds: "Lí" finds "Lý"), or
    whose username or email contains the query; a query of punctuation alone finds nobody.

    Matched in Python over one narrow query: a province has thousands of staff, not millions, and the
    user table has no folded name to match in SQL.
    """
    if not query_words(query):
        return []
    lowered = query.lower()
    return [
        pk
        for pk, name, username, email in staff.values_list(
            "pk", "user__full_name", "user__username", "user__email"
        )
        if matches(name, query) or lowered in username.lower() or lowered in email.lower()
    ]


@login_required
def staff_list(request: AuthedRequest) -> HttpResponse:
    _require(request, READERS)
    staff = visible_staff(request.user)
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    agency_id = request.GET.get("agency", "")
    if query:
        staff = staff.filter(pk__in=_staff_matching(staff, query))
    if role in Role.values:
        staff = staff.filter(user__role_grants__role=role).distinct()
    if agency_id.isdigit():
        scope = Agency.objects.visible_to(request.user).filter(pk=agency_id).first()
        if scope is not None:
            staff = staff.filter(agency__path__startswith=scope.path)
    page = Paginator(staff.order_by("agency__path", "user__full_name"), 50).get_page(request.GET.get("page"))
    grants: dict[int, list[str]] = {}
    from egov.organizations.models import RoleGrant

    for grant in RoleGrant.objects.filter(user_id__in=[s.user_id for s in page]).select_related("agency"):
        grants.setdefault(grant.user_id, []).append(grant.get_role_display())
    for member in page:
        member.role_labels = grants.get(member.user_id, [])  # type: ignore[attr-defined]
        member.can_manage = may_manage_account(request.user, member.user)  # type: ignore[attr-defined]
    return render(
        request,
        "organizations/staff_list.html",
        {
            "page_obj": page,
            "q": query,
            "role": role,
            "agency": agency_id,
            "roles": Role.choices,
            "agencies": Agency.objects.visible_to(request.user).order_by("path").only("id", "name", "depth"),
            "querystring_without_page": without_page(request),
            "can_add": has_role(request.user, ADMIN_ROLES),
        },
    )


@login_required
def staff_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    _require(request, ADMIN_ROLES)
    agencies = administered_agencies(request.user).order_by("path")
    staff = get_object_or_404(visible_staff(request.user), pk=pk) if pk else None
    if staff is not None and not may_manage_account(request.user, staff.user):
        raise PermissionDenied
    initial: dict[str, Any] = {"agency": request.GET.get("agency")}
    if staff is not None:
        user = staff.user
        initial = {
            "username": user.username,
            "full_name": user.full_name,
            "agency": staff.agency_id,
            "position": staff.position,
            "employee_code": staff.employee_code,
            "email": user.email,
            "phone": user.phone,
            "is_active": user.is_active,
            "roles": list(user.role_grants.filter(agency=staff.agency).values_list("role", flat=True)),
        }
    form = StaffForm(request.POST or None, initial=initial, agencies=agencies, editing=staff is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff = _save_staff(request.user, staff, data)
            messages.success(request, _("Staff member saved."))
            return redirect("organizations:staff_list")
        except ValidationError as error:
            apply_error(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
    return render(request, "organizations/staff_form.html", {"form": form, "staff": staff})


def _save_staff(actor: Any, staff: Staff | None, data: dict[str, Any]) -> Staff:
    from django.db import transaction

    with transaction.atomic():
        if staff is None:
            return services.create_staff(
                actor,
                agency=data["agency"],
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                position=data["position"],
                employee_code=data["employee_code"],
                roles=data["roles"],
                password=data["password"] or None,
            )
        staff = services.update_staff(
            actor,
            staff,
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            is_active=data["is_active"],
            agency=data["agency"],
            position=data["position"],
            employee_code=data["employee_code"],
        )
        other = [
            services.GrantSpec(g.role, g.agency)
            for g in staff.user.role_grants.select_related("agency").exclude(agency=staff.agency)
        ]
        services.set_roles(
            actor, staff, [*other, *(services.GrantSpec(r, staff.agency) for r in data["roles"])]
        )
        if data["password"]:
            services.set_password(actor, staff, data["password"])
        return staff


@login_required
def staff_import(request: AuthedRequest) -> HttpResponse:
    _require(request, ADMIN_ROLES)
    form = StaffImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = imports.import_staff(request.user, form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _("%(n)s staff members imported.") % {"n": len(result.created)})
            return redirect("organizations:staff_list")
    return render(request, "organizations/staff_import.html", {"form": form, "result": result})


@login_required
def staff_import_template(request: AuthedRequest) -> HttpResponse:
    _require(request, ADMIN_ROLES)
    response = HttpResponse(
        imports.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-can-bo.xlsx"'
    return response
