"""The citizen's profile and what the online forms are prefilled from."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egov.channels.models import OutboxMessage
from egov.citizens.models import Citizen, Membership, Organisation
from egov.citizens.permissions import may_file
from egov.citizens.selectors import prefill_for
from egov.core.models import AuditEntry
from tests.citizens.conftest import CCCD, verified_citizen

pytestmark = pytest.mark.django_db


def _form(**change):
    data = {
        "full_name": "Trần Thị Lan",
        "id_number": CCCD,
        "birth_date": "25/04/1990",
        "address": "Số 1, thôn Đông, xã An Bình",
        "email": "lan@example.vn",
        "phone": "",
    }
    data.update(change)
    return data


def test_the_profile_saves_the_details_forms_are_prefilled_from(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("citizens:profile"), _form(phone="0912 345 678"))
    assert response.status_code == 302
    citizen.refresh_from_db()
    profile = Citizen.objects.get(user=citizen)
    assert profile.birth_date == dt.date(1990, 4, 25) and profile.address == "Số 1, thôn Đông, xã An Bình"
    assert citizen.phone == "0912345678"
    assert AuditEntry.objects.filter(action="citizen.profile", object_id=str(profile.pk)).exists()
    assert prefill_for(citizen) == {
        "applicant_type": "citizen",
        "applicant_name": "Trần Thị Lan",
        "applicant_id_number": CCCD,
        "applicant_phone": "0912345678",
        "applicant_email": "lan@example.vn",
        "applicant_address": "Số 1, thôn Đông, xã An Bình",
    }


def test_a_changed_email_must_be_verified_again(client, citizen):
    client.force_login(citizen)
    assert may_file(citizen)
    response = client.post(reverse("citizens:profile"), _form(email="lan.moi@example.vn"))
    assert response["Location"].startswith(reverse("citizens:verify"))
    citizen.refresh_from_db()
    assert citizen.email == "lan.moi@example.vn"
    assert Citizen.objects.get(user=citizen).email_verified_at is None
    assert not may_file(citizen)
    assert OutboxMessage.objects.filter(payload__to="lan.moi@example.vn").exists()


def test_an_unchanged_email_stays_verified(client, citizen):
    client.force_login(citizen)
    client.post(reverse("citizens:profile"), _form(address="Thôn Tây"))
    assert Citizen.objects.get(user=citizen).email_verified_at is not None
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id_number": "123"}, "id_number"),  # not 12 digits
        ({"id_number": "999190012345"}, "id_number"),  # 999 is no birth province
        ({"birth_date": "31/02/1990"}, "birth_date"),
        ({"birth_date": "01/01/0001"}, "birth_date"),  # accepted once, then shown as 01/01/1 and unsavable
        ({"birth_date": "14/03/0988"}, "birth_date"),
        ({"email": "", "phone": ""}, "email"),  # nothing left to log in with
        ({"phone": "0241234567"}, "phone"),  # a fixed line gets no SMS
    ],
)
def test_a_bad_profile_says_why_and_changes_nothing(client, citizen, change, field):
    client.force_login(citizen)
    response = client.post(reverse("citizens:profile"), _form(**change))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert "Có lỗi cần sửa" in response.content.decode()
    assert Citizen.objects.get(user=citizen).address == ""


def test_an_email_of_another_account_is_refused(client, citizen):
    verified_citizen(email="khac@example.vn")
    client.force_login(citizen)
    response = client.post(reverse("citizens:profile"), _form(email="KHAC@example.vn"))
    assert "email" in response.context["form"].errors
    citizen.refresh_from_db()
    assert citizen.email == "lan@example.vn"


def test_an_id_number_proved_by_the_provider_cannot_be_changed(client, citizen):
    Citizen.objects.filter(user=citizen).update(identity_provider="VNeID")
    client.force_login(citizen)
    # The field is shown disabled, so a browser sends nothing; a forged value is ignored.
    client.post(reverse("citizens:profile"), _form(id_number="001190099999"))
    assert Citizen.objects.get(user=citizen).id_number == CCCD


def test_prefill_for_an_organisation_gives_its_name_and_tax_code(citizen):
    org = Organisation.objects.create(
        tax_code="0101234567", name="Công ty TNHH An Bình", address="Xã An Bình"
    )
    Membership.objects.create(organisation=org, user=citizen, is_admin=True)
    assert prefill_for(citizen, org) == {
        "applicant_type": "organisation",
        "applicant_name": "Công ty TNHH An Bình",
        "applicant_id_number": "0101234567",
        "applicant_phone": "",
        "applicant_email": "lan@example.vn",  # the organisation has none: the member's
        "applicant_address": "Xã An Bình",
    }


def test_a_citizen_changes_the_password_with_the_current_one(client, citizen):
    client.force_login(citizen)
    url = reverse("citizens:password_change")
    new = {"password": "mot-mat-khau-moi-2026", "password2": "mot-mat-khau-moi-2026"}
    response = client.post(url, {"old_password": "sai-mat-khau", **new})
    assert "old_password" in response.context["form"].errors
    citizen.refresh_from_db()
    assert citizen.check_password("matkhau-demo-123")
    response = client.post(url, {"old_password": "matkhau-demo-123", **new})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("mot-mat-khau-moi-2026")
    assert client.get(reverse("citizens:profile")).status_code == 200  # still logged in here
