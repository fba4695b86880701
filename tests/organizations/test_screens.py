"""Access matrix and behaviour of the agency and staff screens."""

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.organizations.models import Agency, Staff

# screen → personas allowed (everyone else gets 403; anonymous is sent to the login page). The agency,
# staff and account screens have their GET and POST matrix in test_access_matrix.py.
MATRIX = {
    "core:audit_list": {"province_admin", "justice_admin", "auditor"},
    "core:home": {
        "province_admin",
        "justice_admin",
        "desk_officer",
        "specialist",
        "leader",
        "clerk",
        "auditor",
        "commune_b_specialist",
    },
}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access_matrix(cast, client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    if url_name == "core:home":
        # The site's address: a visitor gets the portal's front page (tests/portal/test_front_page.py).
        assert response.status_code == 200 and "Cán bộ, công chức: đăng nhập" in response.content.decode()
    else:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    for persona, staff in cast.all().items():
        client.force_login(staff.user)
        expected = 200 if persona in MATRIX[url_name] else 403
        assert client.get(url).status_code == expected, (persona, url_name)


def test_agency_detail_is_scoped(cast, login):
    p = cast.province
    client = login(cast.justice_admin)
    assert client.get(reverse("organizations:agency_detail", args=[p.justice_office.pk])).status_code == 200
    assert client.get(reverse("organizations:agency_detail", args=[p.commune_a.pk])).status_code == 404
    assert client.get(reverse("organizations:agency_edit", args=[p.commune_a.pk])).status_code == 404


def test_agency_list_shows_only_the_subtree(cast, login):
    html = login(cast.justice_admin).get(reverse("organizations:agency_list")).content.decode()
    assert "Phòng Hành chính tư pháp" in html
    assert "UBND xã An Bình" not in html


def test_staff_list_is_scoped(cast, login):
    html = login(cast.justice_admin).get(reverse("organizations:staff_list")).content.decode()
    assert "Đỗ Minh Đức" in html
    assert "Phạm Thu Hà" not in html


def test_admin_creates_agency_through_the_screen(cast, login):
    client = login(cast.justice_admin)
    response = client.post(
        reverse("organizations:agency_create"),
        {
            "parent": cast.province.justice.pk,
            "code": "000.02.01.H99",
            "name": "Phòng Bổ trợ tư pháp",
            "kind": "office",
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = Agency.objects.get(code="000.02.01.H99")
    assert created.path.startswith(cast.province.justice.path)
    assert AuditEntry.objects.filter(action="agency.create", object_id=str(created.pk)).exists()


def test_agency_admin_cannot_pick_a_parent_outside_the_subtree(cast, login):
    client = login(cast.justice_admin)
    before = Agency.objects.count()
    response = client.post(
        reverse("organizations:agency_create"),
        {
            "parent": cast.province.commune_a.pk,
            "code": "X-9",
            "name": "Ngoài phạm vi",
            "kind": "office",
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert Agency.objects.count() == before


def test_bad_agency_input_shows_errors_and_changes_nothing(cast, login):
    client = login(cast.province_admin)
    before = Agency.objects.count()
    response = client.post(
        reverse("organizations:agency_create"),
        {
            "parent": cast.province.root.pk,
            "code": "000.00.01.H99",
            "name": "",
            "kind": "nonsense",
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "kind", "code"} <= set(errors)
    assert Agency.objects.count() == before


def test_admin_creates_and_edits_staff(cast, login):
    client = login(cast.justice_admin)
    office = cast.province.justice_office
    response = client.post(
        reverse("organizations:staff_create"),
        {
            "username": "tran.binh",
            "full_name": "Trần Bình",
            "agency": office.pk,
            "roles": ["specialist"],
            "is_active": "on",
            "password": "mot-mat-khau-dai-2026",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    staff = Staff.objects.get(user__username="tran.binh")
    assert staff.user.check_password("mot-mat-khau-dai-2026")
    response = client.post(
        reverse("organizations:staff_edit", args=[staff.pk]),
        {
            "username": "ignored",
            "full_name": "Trần Văn Bình",
            "agency": office.pk,
            "roles": ["specialist", "leader"],
            "position": "Trưởng phòng",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    staff.refresh_from_db()
    staff.user.refresh_from_db()
    assert staff.user.username == "tran.binh"
    assert staff.user.full_name == "Trần Văn Bình"
    assert not staff.user.is_active
    assert set(staff.user.role_grants.values_list("role", flat=True)) == {"specialist", "leader"}
    assert AuditEntry.objects.filter(action="staff.roles", object_id=str(staff.pk)).exists()


def test_weak_password_is_refused_and_nothing_changes(cast, login):
    client = login(cast.province_admin)
    response = client.post(
        reverse("organizations:staff_edit", args=[cast.clerk.pk]),
        {
            "username": "x",
            "full_name": "Tên Mới",
            "agency": cast.province.commune_a.pk,
            "roles": ["clerk"],
            "is_active": "on",
            "password": "123",
        },
    )
    assert response.status_code == 200
    cast.clerk.user.refresh_from_db()
    assert cast.clerk.user.full_name == "Vũ Thị Lan"


def test_audit_detail_is_scoped(cast, login):
    outside = AuditEntry.objects.filter(agency_path__startswith=cast.province.commune_a.path).first()
    inside = AuditEntry.objects.filter(agency_path__startswith=cast.province.justice.path).first()
    client = login(cast.justice_admin)
    assert client.get(reverse("core:audit_detail", args=[inside.pk])).status_code == 200
    assert client.get(reverse("core:audit_detail", args=[outside.pk])).status_code == 404


def test_home_panels_follow_the_role(cast, login):
    admin_home = login(cast.justice_admin).get(reverse("core:home"))
    panels = [p["template"] for p in admin_home.context["panels"]]
    assert "organizations/panel_admin.html" in panels
    admin_panel = next(
        p for p in admin_home.context["panels"] if p["template"] == "organizations/panel_admin.html"
    )
    assert admin_panel["agency_count"] == 2  # the department and its office
    assert admin_panel["staff"]["total"] == 3
    desk_home = login(cast.desk_officer).get(reverse("core:home"))
    assert not [p for p in desk_home.context["panels"] if p["template"].startswith("organizations/")]
    assert "UBND xã An Bình" in desk_home.content.decode()
