"""The official two-tier list (Resolution 202/2025/QH15: 34 provinces from 1 July 2025)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from egov.organizations import admin_units, services
from egov.organizations.models import Agency, AgencyKind


def test_the_official_list_has_34_provinces():
    assert len(admin_units.provinces()) == 34
    assert admin_units.lookup("01").name == "Thành phố Hà Nội"
    assert admin_units.lookup("00070").name == "Phường Hoàn Kiếm"
    assert admin_units.lookup("99") is None
    assert admin_units.lookup("abc") is None


def test_loading_a_province_creates_its_communes_once(db):
    call_command("load_admin_units", "01", identifier="H26")
    root = Agency.objects.get(admin_unit_code="01")
    communes = Agency.objects.subtree(root).filter(kind=AgencyKind.COMMUNE)
    assert communes.count() == len(admin_units.communes_of("01")) == 126
    assert communes.filter(name="UBND Phường Hoàn Kiếm", has_counter=True).exists()
    call_command("load_admin_units", "1", identifier="H26")
    assert Agency.objects.count() == 127


def test_unknown_province_code_is_an_error(db):
    with pytest.raises(CommandError):
        call_command("load_admin_units", "77", identifier="H26")
    assert not Agency.objects.exists()


def test_unit_codes_must_have_the_official_shape(cast):
    with pytest.raises(ValidationError) as error:
        services.create_agency(
            cast.province_admin.user,
            parent=cast.province.root,
            code="C-1",
            name="Xã",
            kind=AgencyKind.COMMUNE,
            admin_unit_code="123",
        )
    assert "admin_unit_code" in error.value.message_dict
    assert not Agency.objects.filter(code="C-1").exists()


def test_agency_page_checks_the_code_against_the_official_list(cast, login):
    from django.urls import reverse

    services.update_agency(cast.province_admin.user, cast.province.commune_a, admin_unit_code="00070")
    html = (
        login(cast.province_admin)
        .get(reverse("organizations:agency_detail", args=[cast.province.commune_a.pk]))
        .content.decode()
    )
    assert "Phường Hoàn Kiếm" in html
