"""The Django admin shows the models whose writes are audited but never writes them."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from egov.accounts.models import User
from egov.core.models import AuditEntry
from egov.organizations.models import Agency, RoleGrant, Staff

#: Models written only by services, each write with its audit row (and their whole apps below).
AUDITED_MODELS = {Agency, Staff, RoleGrant, AuditEntry}
AUDITED_APPS = {"organizations", "procedures", "dossiers"}


@pytest.fixture
def superuser(cast) -> User:
    user = cast.province_admin.user
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def _audited_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model in AUDITED_MODELS or model._meta.app_label in AUDITED_APPS
    ]


def test_no_admin_writes_an_audited_model(superuser):
    found = _audited_admins()
    assert {model for model, _admin in found} >= AUDITED_MODELS
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in found:
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


def test_the_screens_refuse_by_get_and_post(cast, client, superuser):
    client.force_login(superuser)
    agency = cast.province.commune_b
    assert client.get(reverse("admin:organizations_agency_changelist")).status_code == 200
    assert client.get(reverse("admin:organizations_agency_add")).status_code == 403
    assert client.post(reverse("admin:organizations_agency_add"), {"name": "X"}).status_code == 403
    delete = reverse("admin:organizations_agency_delete", args=[agency.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    grant = cast.clerk.user.role_grants.get()
    grant_delete = reverse("admin:organizations_rolegrant_delete", args=[grant.pk])
    assert client.post(grant_delete, {"post": "yes"}).status_code == 403
    entry = AuditEntry.objects.first()
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    client.post(change, {"action": "tampered"})
    assert Agency.objects.filter(pk=agency.pk, name=agency.name).exists()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    entry.refresh_from_db()
    assert entry.action != "tampered"


def test_a_staff_account_that_is_no_superuser_cannot_touch_one(cast, client, superuser):
    helper = cast.auditor.user
    helper.is_staff = True
    helper.save()
    helper.user_permissions.set(
        Permission.objects.filter(codename__in=["change_user", "view_user", "delete_user"])
    )
    client.force_login(helper)
    url = reverse("admin:accounts_user_change", args=[superuser.pk])
    response = client.post(url, {"username": superuser.username, "is_superuser": "", "is_active": ""})
    assert response.status_code in (302, 403)
    superuser.refresh_from_db()
    assert superuser.is_superuser and superuser.is_active
    # An ordinary account it may edit, but not make staff or superuser.
    clerk = cast.clerk.user
    response = client.get(reverse("admin:accounts_user_change", args=[clerk.pk]))
    assert response.status_code == 200
    assert "is_superuser" not in response.context["adminform"].form.fields
