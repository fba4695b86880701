"""A staff member's phone follows the one rule for a Vietnamese number (core.forms.PhoneField,
core.validators.validate_phone) on the staff screen and in the spreadsheet import: SMS alerts to officers
go to it, so "12345678" (8 digits, once accepted as "8 to 15 digits") is refused and "+84 912 345 678" is
kept as "0912345678"."""

from django.urls import reverse

from egov.organizations import imports
from egov.organizations.models import Staff
from tests.organizations.test_import import workbook

RULE = "Nhập số điện thoại Việt Nam: 10 chữ số bắt đầu bằng 0 (hoặc 11 chữ số với máy cố định)."


def _create(client, office, phone):
    return client.post(
        reverse("organizations:staff_create"),
        {
            "username": "tran.binh",
            "full_name": "Trần Bình",
            "agency": office.pk,
            "roles": ["specialist"],
            "phone": phone,
        },
    )


def test_the_staff_screen_refuses_a_number_sms_cannot_reach_and_keeps_the_national_form(cast, login):
    client = login(cast.justice_admin)
    office = cast.province.justice_office
    refused = _create(client, office, "12345678")
    assert refused.status_code == 200 and RULE in refused.content.decode()
    assert not Staff.objects.filter(user__username="tran.binh").exists()
    assert _create(client, office, "+84 912 345 678").status_code == 302
    assert Staff.objects.get(user__username="tran.binh").user.phone == "0912345678"


def test_the_staff_import_applies_the_same_rule(cast):
    bad = workbook(["le.an", "Lê An", "000.01.01.H99", "specialist", "", "", "12345678", ""])
    result = imports.import_staff(cast.justice_admin.user, bad)
    assert not result.ok and {(e.row, e.key) for e in result.errors} == {(2, "phone")}
    assert any(RULE in str(e) for e in result.errors)
    good = workbook(["le.an", "Lê An", "000.01.01.H99", "specialist", "", "", "+84 912 345 678", ""])
    result = imports.import_staff(cast.justice_admin.user, good)
    assert result.ok, [str(e) for e in result.errors]
    assert Staff.objects.get(user__username="le.an").user.phone == "0912345678"
