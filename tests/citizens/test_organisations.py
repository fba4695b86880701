"""Organisations: created under a tax code by a verified citizen, who administers its members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.channels.models import OutboxMessage
from egov.citizens.models import Membership, Organisation
from egov.citizens.permissions import may_file_for
from egov.citizens.selectors import organisations_of
from egov.core.models import AuditEntry
from tests.citizens.conftest import verified_citizen
from tests.factories import make_citizen

pytestmark = pytest.mark.django_db


def _create(client, tax_code="0101234567", name="Công ty TNHH An Bình"):
    return client.post(reverse("citizens:organisations"), {"tax_code": tax_code, "name": name})


def test_a_citizen_registers_an_organisation_and_administers_it(client, citizen):
    client.force_login(citizen)
    response = _create(client, tax_code="0101234567-001")
    org = Organisation.objects.get(tax_code="0101234567-001")
    assert response["Location"] == reverse("citizens:organisation", args=[org.pk])
    assert Membership.objects.get(organisation=org, user=citizen).is_admin
    assert list(organisations_of(citizen)) == [org]
    assert may_file_for(citizen, org)
    assert AuditEntry.objects.filter(action="organisation.create", object_id=str(org.pk)).exists()


@pytest.mark.parametrize("tax_code", ["12345", "0101234567-1", "010123456A", ""])
def test_a_bad_tax_code_is_refused_as_the_counter_refuses_it(client, citizen, tax_code):
    client.force_login(citizen)
    response = _create(client, tax_code=tax_code)
    assert response.status_code == 200 and "tax_code" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_a_tax_code_already_registered_is_refused(client, citizen):
    Organisation.objects.create(tax_code="0101234567", name="Đã có")
    client.force_login(citizen)
    response = _create(client)
    assert "tax_code" in response.context["form"].errors
    assert not Membership.objects.exists()


def test_an_unverified_citizen_cannot_register_an_organisation(client):
    client.force_login(make_citizen(email="moi@example.vn"))
    response = _create(client)
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def _org_of(admin):
    org = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH An Bình")
    Membership.objects.create(organisation=org, user=admin, is_admin=True)
    return org


def test_an_administrator_adds_a_member_by_verified_phone_and_the_member_is_told(client, citizen):
    org = _org_of(citizen)
    member = verified_citizen(phone="0912345678")
    client.force_login(citizen)
    response = client.post(reverse("citizens:organisation", args=[org.pk]), {"identifier": "0912345678"})
    assert response.status_code == 302
    assert may_file_for(member, org) and list(organisations_of(member)) == [org]
    assert OutboxMessage.objects.filter(topic="sms", payload__to="0912345678").exists()


def test_an_unverified_contact_cannot_be_added(client, citizen):
    org = _org_of(citizen)
    make_citizen(phone="0912345678")
    client.force_login(citizen)
    response = client.post(reverse("citizens:organisation", args=[org.pk]), {"identifier": "0912345678"})
    assert "identifier" in response.context["form"].errors
    assert Membership.objects.count() == 1


def test_a_plain_member_cannot_add_or_remove_members(client, citizen):
    org = _org_of(citizen)
    member = verified_citizen(phone="0912345678")
    mine = Membership.objects.create(organisation=org, user=member)
    verified_citizen(email="khac@example.vn")
    client.force_login(member)
    response = client.post(reverse("citizens:organisation", args=[org.pk]), {"identifier": "khac@example.vn"})
    assert response.status_code == 403
    admin_row = Membership.objects.get(user=citizen)
    response = client.post(reverse("citizens:remove_member", args=[org.pk, admin_row.pk]))
    assert response.status_code == 403
    assert Membership.objects.count() == 2
    # A member may leave.
    client.post(reverse("citizens:remove_member", args=[org.pk, mine.pk]))
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_the_last_administrator_cannot_be_removed(client, citizen):
    org = _org_of(citizen)
    row = Membership.objects.get(user=citizen)
    client.force_login(citizen)
    response = client.post(reverse("citizens:remove_member", args=[org.pk, row.pk]), follow=True)
    assert "người quản trị cuối cùng" in response.content.decode()
    assert Membership.objects.filter(pk=row.pk).exists()


def test_an_organisation_is_invisible_to_non_members(client, citizen):
    org = _org_of(citizen)
    client.force_login(verified_citizen(email="khac@example.vn"))
    assert client.get(reverse("citizens:organisation", args=[org.pk])).status_code == 404
    assert not may_file_for(verified_citizen(email="ba@example.vn"), org)
