"""An administrator never manages an account more privileged than themself.

The justice department's agency administrator tries every way in (the staff screen by GET and POST,
the services, the import) on accounts inside their subtree that are more privileged than they are:
a superuser, a Django staff account, an account with a role in another subtree, a province
administrator. Each attempt is refused and leaves the account, its roles and the audit log as they were.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.organizations import imports, services
from egov.organizations.models import Role, RoleGrant, Staff
from egov.organizations.permissions import may_grant_role, may_manage_account
from tests.factories import SYSTEM, make_staff
from tests.organizations.test_import import workbook

PRIVILEGED = ("superuser", "django_staff", "grant_elsewhere", "province_admin_here")


def _privileged(cast, kind: str) -> Staff:
    """An account working in the justice office (inside the justice admin's subtree), more privileged."""
    p = cast.province
    if kind == "grant_elsewhere":
        return make_staff("hai.noi", p.justice_office, (Role.SPECIALIST,))
    if kind == "province_admin_here":
        return make_staff("tinh.o.stp", p.justice, (Role.PROVINCE_ADMIN,))
    staff = make_staff(kind.replace("_", "."), p.justice_office, (Role.SPECIALIST,))
    staff.user.is_superuser = kind == "superuser"
    staff.user.is_staff = True
    staff.user.save()
    return staff


@pytest.fixture(params=PRIVILEGED)
def target(request, cast) -> Staff:
    staff = _privileged(cast, request.param)
    if request.param == "grant_elsewhere":
        RoleGrant.objects.create(user=staff.user, agency=cast.province.commune_a, role=Role.DESK_OFFICER)
    return staff


def _state(staff: Staff) -> tuple:
    staff.refresh_from_db()
    user = staff.user
    user.refresh_from_db()
    grants = sorted(user.role_grants.values_list("role", "agency_id"))
    return (
        user.full_name,
        user.is_active,
        user.password,
        staff.agency_id,
        grants,
        AuditEntry.objects.count(),
    )


def test_the_rule(cast, target):
    assert not may_manage_account(cast.justice_admin.user, target.user)
    assert may_manage_account(cast.justice_admin.user, cast.specialist.user)
    superuser = make_staff("sieu.quan", cast.province.root).user
    superuser.is_superuser = True
    assert may_manage_account(superuser, target.user)


def test_screen_refuses_get_and_post(cast, login, target):
    client = login(cast.justice_admin)
    before = _state(target)
    url = reverse("organizations:staff_edit", args=[target.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "username": target.user.username,
            "full_name": "Bị chiếm",
            "agency": cast.province.justice_office.pk,
            "roles": [],
            "password": "mat-khau-moi-rat-dai-2026",
        },
    )
    assert response.status_code == 403
    assert _state(target) == before


def test_staff_list_offers_no_edit_link(cast, login, target):
    html = login(cast.justice_admin).get(reverse("organizations:staff_list")).content.decode()
    assert target.user.full_name in html
    assert reverse("organizations:staff_edit", args=[target.pk]) not in html
    assert reverse("organizations:staff_edit", args=[cast.specialist.pk]) in html


@pytest.mark.parametrize(
    "attempt",
    [
        lambda actor, staff: services.update_staff(actor, staff, full_name="Bị chiếm"),
        lambda actor, staff: services.update_staff(actor, staff, is_active=False),
        lambda actor, staff: services.set_password(actor, staff, "mat-khau-moi-rat-dai-2026"),
        lambda actor, staff: services.set_roles(actor, staff, []),
    ],
    ids=["edit", "disable", "reset_password", "set_roles"],
)
def test_services_refuse(cast, target, attempt):
    before = _state(target)
    with pytest.raises(PermissionDenied):
        attempt(cast.justice_admin.user, target)
    assert _state(target) == before


def test_a_province_administrator_still_manages_them(cast):
    target = _privileged(cast, "grant_elsewhere")
    services.update_staff(cast.province_admin.user, target, is_active=False)
    target.user.refresh_from_db()
    assert not target.user.is_active


def test_only_a_province_administrator_grants_that_role(cast):
    justice = cast.province.justice
    assert not may_grant_role(cast.justice_admin.user, Role.PROVINCE_ADMIN, justice)
    assert may_grant_role(cast.justice_admin.user, Role.AGENCY_ADMIN, justice)
    assert may_grant_role(cast.province_admin.user, Role.PROVINCE_ADMIN, justice)
    before = _state(cast.specialist)
    with pytest.raises(PermissionDenied):
        services.set_roles(
            cast.justice_admin.user, cast.specialist, [services.GrantSpec(Role.PROVINCE_ADMIN, justice)]
        )
    with pytest.raises(PermissionDenied):
        services.create_staff(
            cast.justice_admin.user,
            agency=justice,
            username="tu.phong",
            full_name="Tự Phong",
            roles=[Role.PROVINCE_ADMIN],
        )
    assert _state(cast.specialist) == before
    assert not Staff.objects.filter(user__username="tu.phong").exists()


def test_the_import_refuses_a_role_the_administrator_could_not_hold(cast):
    before = Staff.objects.count()
    stream = workbook(["tu.phong", "Tự Phong", "000.00.01.H99", "province_admin", "", "", "", ""])
    result = imports.import_staff(cast.justice_admin.user, stream)
    assert [e.key for e in result.errors] == ["roles"]
    assert "vai trò" in str(result.errors[0]).lower() or "role" in str(result.errors[0]).lower()
    assert Staff.objects.count() == before


def test_create_staff_applies_the_password_validators(cast):
    with pytest.raises(ValidationError) as error:
        services.create_staff(
            SYSTEM, agency=cast.province.justice, username="yeu.qua", full_name="Yếu", password="12345678"
        )
    assert "password" in error.value.message_dict
    assert not Staff.objects.filter(user__username="yeu.qua").exists()


def test_password_reset_applies_the_validators_in_vietnamese(cast, login):
    client = login(cast.justice_admin)
    before = _state(cast.specialist)
    response = client.post(
        reverse("organizations:staff_edit", args=[cast.specialist.pk]),
        {
            "username": "x",
            "full_name": cast.specialist.user.full_name,
            "agency": cast.province.justice_office.pk,
            "roles": ["specialist"],
            "is_active": "on",
            "password": "chuyenvien.stp",
        },
    )
    assert response.status_code == 200
    # Django's own catalogue: "The password is too similar to the username".
    assert "Mật khẩu quá giống" in " ".join(response.context["form"].errors["password"])
    assert _state(cast.specialist) == before
