"""Agencies' electronic identifiers (mã định danh điện tử), the prefix of their dossier codes (Decree
118/2025 art. 28.2.a): the form of Decision 20/2020/QĐ-TTg art. 4 (amended by Decision 09/2025/QĐ-TTg),
and the four-group form of QCVN 102:2016/BTTTT still used by the national procedure database; checked on
every new or changed identifier (model, form, staff import, load_admin_units), never on one already
stored while other details are edited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.demo.province import plan_province
from egov.organizations import imports, services
from egov.organizations.identifiers import is_well_formed
from egov.organizations.models import Agency, AgencyKind
from tests.organizations.test_import import workbook

WELL_FORMED = [
    "H99",  # a provincial People's Committee, level 1
    "H99.03",
    "H99.03.01",
    "G15.10.2A",
    "K01.1",
    "H26.00070",
    "000.00.40.H99",  # QCVN 102:2016 four groups, level 4 first
    "000.03.01.H99",
    "H99." + ".".join(["1234567"] * 4),  # 35 characters
]
MALFORMED = [
    "DVHC-01",
    "X1",
    "H9",
    "H999",
    "Z01.01",  # no such group of bodies
    "99H.01",
    "H99.",
    ".H99",
    "H99..01",
    "H99.01-02",
    "H99 01",
    "H99.0Ă",
    "000.0.00.H99",
    "000.00.00.H99.01",
    "H99." + ".".join(["1234567"] * 4) + "8",  # 36 characters
]


@pytest.mark.parametrize("code", WELL_FORMED)
def test_identifiers_of_decision_20_2020_art_4_are_accepted(cast, code):
    agency = services.create_agency(
        cast.province_admin.user, parent=cast.province.root, code=code, name="Đơn vị", kind=AgencyKind.UNIT
    )
    assert Agency.objects.get(pk=agency.pk).code == code


@pytest.mark.parametrize("code", MALFORMED)
def test_malformed_identifiers_are_refused_and_nothing_is_created_decision_20_2020_art_4(cast, code):
    before = (Agency.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        services.create_agency(
            cast.province_admin.user, parent=cast.province.root, code=code, name="Xã", kind=AgencyKind.UNIT
        )
    assert "code" in error.value.message_dict
    assert (Agency.objects.count(), AuditEntry.objects.count()) == before


def test_an_identifier_typed_in_small_letters_is_stored_in_capitals(cast):
    agency = services.create_agency(
        cast.province_admin.user, parent=cast.province.root, code=" h99.40 ", name="Ban", kind=AgencyKind.UNIT
    )
    assert agency.code == "H99.40"


def test_the_form_refuses_a_malformed_identifier_in_vietnamese_and_keeps_what_was_typed(cast, login):
    client = login(cast.province_admin)
    before = Agency.objects.count()
    data = {"parent": cast.province.root.pk, "code": "SO-TU-PHAP", "name": "Sở mới", "kind": "department"}
    response = client.post(reverse("organizations:agency_create"), {**data, "sort_order": 0})
    assert response.status_code == 200
    page = response.content.decode()
    assert "không phải mã định danh điện tử của cơ quan" in page
    assert 'value="Sở mới"' in page and "SO-TU-PHAP" in page
    assert Agency.objects.count() == before


def test_an_identifier_stored_before_the_check_is_kept_while_other_details_change(cast):
    """No data migration: the check applies to new and changed identifiers only (docs/dossiers.md)."""
    old = cast.province.justice_office
    Agency.objects.filter(pk=old.pk).update(code="DVHC-00070")
    renamed = services.update_agency(cast.province_admin.user, old, name="Phòng Hộ tịch")
    assert (renamed.code, renamed.name) == ("DVHC-00070", "Phòng Hộ tịch")
    with pytest.raises(ValidationError) as error:
        services.update_agency(cast.province_admin.user, old, code="DVHC-00071")
    assert "code" in error.value.message_dict
    assert Agency.objects.get(pk=old.pk).code == "DVHC-00070"


def test_the_staff_import_names_a_malformed_identifier_as_such(cast):
    result = imports.import_staff(
        cast.province_admin.user,
        workbook(["le.an", "Lê An", "PHONG-TU-PHAP", "specialist", "", "", "", ""]),
    )
    messages = [str(e) for e in result.errors]
    assert len(messages) == 1 and "không phải mã định danh điện tử của cơ quan" in messages[0], messages


def test_the_staff_import_finds_an_agency_by_its_identifier_in_small_letters(cast):
    code = cast.province.justice_office.code.lower()
    result = imports.import_staff(
        cast.province_admin.user, workbook(["le.an", "Lê An", code, "specialist", "", "", "", ""])
    )
    assert result.ok, [str(e) for e in result.errors]


def test_loading_a_province_needs_its_level_1_identifier(db):
    with pytest.raises(CommandError):
        call_command("load_admin_units", "01", identifier="HN")
    assert not Agency.objects.exists()
    call_command("load_admin_units", "01", identifier="h26")
    assert Agency.objects.get(admin_unit_code="01").code == "H26"
    assert Agency.objects.get(admin_unit_code="00070").code == "H26.00070"


def test_every_demo_agency_has_a_well_formed_identifier():
    assert [a.code for a in plan_province(2026).agencies if not is_well_formed(a.code)] == []


def test_the_form_takes_an_identifier_typed_in_small_letters(cast, login):
    client = login(cast.province_admin)
    data = {"parent": cast.province.root.pk, "code": "h99.41", "name": "Sở mới", "kind": "department"}
    response = client.post(reverse("organizations:agency_create"), {**data, "sort_order": 0})
    assert response.status_code == 302
    assert Agency.objects.filter(code="H99.41", name="Sở mới").exists()
