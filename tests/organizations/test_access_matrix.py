"""Access matrix of the agency, staff and account screens: GET and POST, every persona of the cast.

Allowed personas get 200 or 302 and the change happens; every other persona gets 403 or 404 (an
anonymous visitor, the login page) and nothing in the agency tree, the accounts, the roles or the audit
log changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from egov.accounts.models import User
from egov.core.models import AuditEntry
from egov.organizations.models import Agency, RoleGrant, Staff
from tests.conftest import PASSWORD, PERSONAS, Cast
from tests.organizations.test_import import workbook

ADMINS = {"province_admin", "justice_admin"}
READERS = {*ADMINS, "auditor"}
NEW_PASSWORD = "mat-khau-moi-that-dai-2026"


@dataclass
class Screen:
    url_name: str
    allowed: set[str]
    args: Callable[[Cast], list[Any]] = lambda cast: []
    data: Callable[[Cast], dict[str, Any]] | None = None  # None: a screen that only reads
    changed: Callable[[Cast, str], bool] | None = None
    get_allowed: set[str] | None = None  # who may open the form, when not the same as `allowed`
    refused_get: set[int] = field(default_factory=lambda: {403, 404})


def _agency_data(cast: Cast, parent: Agency, name: str, code: str) -> dict[str, Any]:
    return {
        "parent": parent.pk,
        "code": code,
        "name": name,
        "kind": "office",
        "sort_order": 0,
        "is_active": "on",
    }


def _staff_data(cast: Cast, agency: Agency, username: str) -> dict[str, Any]:
    return {
        "username": username,
        "full_name": "Tên Đã Đổi",
        "agency": agency.pk,
        "roles": ["specialist"],
        "is_active": "on",
    }


SCREENS = {
    "agency_list": Screen("organizations:agency_list", READERS),
    "staff_list": Screen("organizations:staff_list", READERS),
    "agency_detail_justice": Screen(
        "organizations:agency_detail", READERS, args=lambda c: [c.province.justice_office.pk]
    ),
    "agency_detail_commune": Screen(
        "organizations:agency_detail", {"province_admin", "auditor"}, args=lambda c: [c.province.commune_a.pk]
    ),
    "import_template": Screen("organizations:staff_import_template", ADMINS),
    "agency_create": Screen(
        "organizations:agency_create",
        ADMINS,
        data=lambda c: _agency_data(c, c.province.justice, "Phòng Mới", "000.09.01.H99"),
        changed=lambda c, _p: Agency.objects.filter(code="000.09.01.H99").exists(),
    ),
    "agency_edit_justice_office": Screen(
        "organizations:agency_edit",
        ADMINS,
        args=lambda c: [c.province.justice_office.pk],
        data=lambda c: _agency_data(c, c.province.justice, "Tên Mới", c.province.justice_office.code),
        changed=lambda c, _p: Agency.objects.filter(pk=c.province.justice_office.pk, name="Tên Mới").exists(),
    ),
    "agency_edit_commune": Screen(
        "organizations:agency_edit",
        {"province_admin"},
        args=lambda c: [c.province.commune_a.pk],
        data=lambda c: (
            _agency_data(c, c.province.root, "Tên Mới", c.province.commune_a.code)
            | {"kind": "commune", "admin_unit_code": "99001"}
        ),
        changed=lambda c, _p: Agency.objects.filter(pk=c.province.commune_a.pk, name="Tên Mới").exists(),
    ),
    "staff_create": Screen(
        "organizations:staff_create",
        ADMINS,
        data=lambda c: _staff_data(c, c.province.justice_office, "nguoi.moi"),
        changed=lambda c, _p: Staff.objects.filter(user__username="nguoi.moi").exists(),
    ),
    "staff_edit_specialist": Screen(
        "organizations:staff_edit",
        ADMINS,
        args=lambda c: [c.specialist.pk],
        data=lambda c: _staff_data(c, c.province.justice_office, "x"),
        changed=lambda c, _p: User.objects.filter(pk=c.specialist.user_id, full_name="Tên Đã Đổi").exists(),
    ),
    "staff_edit_desk_officer": Screen(
        "organizations:staff_edit",
        {"province_admin"},
        args=lambda c: [c.desk_officer.pk],
        data=lambda c: _staff_data(c, c.province.commune_a, "x"),
        changed=lambda c, _p: User.objects.filter(pk=c.desk_officer.user_id, full_name="Tên Đã Đổi").exists(),
    ),
    "staff_edit_province_admin": Screen(
        "organizations:staff_edit",
        {"province_admin"},
        args=lambda c: [c.province_admin.pk],
        data=lambda c: _staff_data(c, c.province.root, "x") | {"roles": ["province_admin"]},
        changed=lambda c, _p: User.objects.filter(
            pk=c.province_admin.user_id, full_name="Tên Đã Đổi"
        ).exists(),
    ),
    "staff_import": Screen(
        "organizations:staff_import",
        ADMINS,
        data=lambda c: {"file": workbook(["nhap.moi", "Nhập Mới", "000.01.01.H99", "specialist"])},
        changed=lambda c, _p: Staff.objects.filter(user__username="nhap.moi").exists(),
    ),
    "password_change": Screen(
        "accounts:password_change",
        set(PERSONAS),
        data=lambda c: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        changed=lambda c, persona: (
            getattr(c, persona)
            .user.__class__.objects.get(pk=getattr(c, persona).user_id)
            .check_password(NEW_PASSWORD)
        ),
    ),
}


def _world() -> tuple:
    """Everything a screen here could change."""
    return (
        list(
            Agency.objects.order_by("pk").values_list("pk", "name", "code", "parent_id", "path", "is_active")
        ),
        list(User.objects.order_by("pk").values_list("pk", "username", "full_name", "is_active", "password")),
        list(Staff.objects.order_by("pk").values_list("pk", "agency_id", "position")),
        sorted(RoleGrant.objects.values_list("user_id", "agency_id", "role")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("persona", [None, *PERSONAS])
@pytest.mark.parametrize("screen_key", sorted(SCREENS))
def test_access(cast, client, login, screen_key, persona):
    screen = SCREENS[screen_key]
    url = reverse(screen.url_name, args=screen.args(cast))
    if persona:
        login(getattr(cast, persona))
    allowed = persona in screen.allowed
    before = _world()

    response = client.get(url)
    if persona is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    elif allowed:
        assert response.status_code == 200, response.status_code
    else:
        assert response.status_code in screen.refused_get, response.status_code
    assert _world() == before, "a GET changed something"

    if screen.data is None:
        response = client.post(url, {})
        assert (response.status_code in (200, 405)) if allowed else (response.status_code in (302, 403, 404))
        assert _world() == before
        return
    response = client.post(url, screen.data(cast))
    if allowed:
        assert response.status_code in (200, 302)
        assert screen.changed(cast, persona), getattr(response, "context", None) and response.context.get(
            "form"
        )
    else:
        expected = {302} if persona is None else {403, 404}
        assert response.status_code in expected, response.status_code
        assert _world() == before
        assert not screen.changed(cast, persona or "province_admin")
