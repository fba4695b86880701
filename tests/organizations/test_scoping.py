"""A role granted on a node reaches its descendants, and nothing else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from egov.core.models import AuditEntry
from egov.organizations import services
from egov.organizations.models import Agency, AgencyKind, Role
from egov.organizations.permissions import has_role
from egov.organizations.selectors import visible_staff


def names(qs):
    return {a.name for a in qs}


def test_paths_follow_the_tree(province):
    assert province.justice_office.path.startswith(province.justice.path)
    assert province.justice_office.depth == 2
    assert province.root.depth == 0
    assert set(Agency.objects.subtree(province.justice)) == {province.justice, province.justice_office}


def test_province_admin_sees_everything(cast):
    assert Agency.objects.visible_to(cast.province_admin.user).count() == Agency.objects.count()


def test_department_admin_sees_its_subtree_only(cast):
    p = cast.province
    assert names(Agency.objects.visible_to(cast.justice_admin.user)) == {
        p.justice.name,
        p.justice_office.name,
    }
    staff = {s.user.username for s in visible_staff(cast.justice_admin.user)}
    assert staff == {"quantri.stp", "chuyenvien.stp", "lanhdao.stp"}


def test_commune_staff_see_their_commune_only(cast):
    assert names(Agency.objects.visible_to(cast.desk_officer.user)) == {cast.province.commune_a.name}
    assert names(Agency.objects.visible_to(cast.commune_b_specialist.user)) == {cast.province.commune_b.name}


def test_user_without_role_sees_nothing(db, province):
    from tests.factories import UserFactory

    assert not Agency.objects.visible_to(UserFactory()).exists()


def test_roles_are_checked_against_ancestors(cast):
    p = cast.province
    assert has_role(cast.leader.user, Role.LEADER, p.justice_office)
    assert not has_role(cast.leader.user, Role.LEADER, p.commune_a)
    assert not has_role(cast.leader.user, Role.SPECIALIST, p.justice)


def test_agency_admin_cannot_create_outside_subtree(cast):
    with pytest.raises(PermissionDenied):
        services.create_agency(
            cast.justice_admin.user,
            parent=cast.province.commune_a,
            code="X1",
            name="X",
            kind=AgencyKind.OFFICE,
        )
    assert not Agency.objects.filter(code="X1").exists()


def test_agency_admin_cannot_grant_province_admin(cast):
    with pytest.raises(PermissionDenied):
        services.create_staff(
            cast.justice_admin.user,
            agency=cast.province.justice,
            username="new.one",
            full_name="Người Mới",
            roles=[Role.PROVINCE_ADMIN],
        )
    assert not visible_staff(cast.province_admin.user).filter(user__username="new.one").exists()


def test_moving_an_agency_moves_its_subtree_and_is_audited(cast):
    p = cast.province
    services.update_agency(cast.province_admin.user, p.justice, parent=p.center)
    p.justice_office.refresh_from_db()
    p.justice.refresh_from_db()
    assert p.justice.path.startswith(p.center.path)
    assert p.justice_office.path.startswith(p.justice.path)
    assert p.justice_office.depth == 3
    entry = AuditEntry.objects.filter(action="agency.update").latest("id")
    assert entry.before == {"parent": p.root.pk}
    assert entry.after == {"parent": p.center.pk}


def test_agency_cannot_move_under_itself(cast):
    p = cast.province
    with pytest.raises(ValidationError):
        services.update_agency(cast.province_admin.user, p.justice, parent=p.justice_office)
    p.justice.refresh_from_db()
    assert p.justice.parent_id == p.root.pk


def test_duplicate_code_is_refused_with_a_clear_message(cast):
    with pytest.raises(ValidationError) as error:
        services.create_agency(
            cast.province_admin.user,
            parent=cast.province.root,
            code="000.00.01.H99",
            name="Trùng",
            kind=AgencyKind.DEPARTMENT,
        )
    assert "000.00.01.H99" in str(error.value)
