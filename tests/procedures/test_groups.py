"""Linked procedure groups in the catalogue (Decree 63/2024/NĐ-CP as amended by Decree 301/2026/NĐ-CP): saved
by a province administrator with their parts in order, shown to the public, carried by the JSON format, and
each part received where the group's filing sends it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from egov.core.models import AuditEntry
from egov.procedures import groups
from egov.procedures.catalogue_io import export, importer
from egov.procedures.demo import DEMO_FILE
from egov.procedures.models import GroupPart, PartHandler, ProcedureGroup, PublicationStatus
from egov.procedures.services.groups import PartData, save_group
from tests.factories import SYSTEM, make_agency
from tests.procedures.conftest import build_procedure

pytestmark = pytest.mark.django_db

BIRTH_GROUP = {
    "code": "KS-TT-BHYT",
    "name": "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi",
    "source": "Nghị định 63/2024/NĐ-CP Điều 1, sửa đổi bởi Nghị định 301/2026/NĐ-CP Điều 1",
    "effective_from": dt.date(2024, 6, 10),
    "combined_days": Decimal(3),
    "combined_cutoff": dt.time(15, 0),
    "combined_source": "Nghị định 63/2024/NĐ-CP Điều 7.2, sửa đổi bởi Nghị định 301/2026/NĐ-CP Điều 5",
    "status": PublicationStatus.PUBLISHED,
}


@pytest.fixture
def residence(cast, catalogue):
    return build_procedure(
        SYSTEM, catalogue.civil, [cast.province.commune_a], code="1.004222", name="Đăng ký thường trú"
    )


def parts(catalogue: Any, residence: Any, **second: Any) -> list[PartData]:
    return [
        PartData(procedure=catalogue.birth, handler=PartHandler.CIVIL_STATUS),
        PartData(
            procedure=residence,
            handler=PartHandler.RESIDENCE,
            **({"needs_result_of": 1, "source": "Nghị định 63/2024/NĐ-CP Điều 8.2"} | second),
        ),
    ]


def test_province_admin_saves_a_group_with_its_parts_in_order(cast, catalogue, residence):
    group = save_group(cast.province_admin.user, None, data=BIRTH_GROUP, parts=parts(catalogue, residence))
    rows = list(
        group.parts.order_by("position").values_list("position", "procedure__code", "needs_result_of")
    )
    assert rows == [(1, "1.001193", None), (2, "1.004222", 1)]
    assert AuditEntry.objects.filter(action="procedure_group.save", object_id=str(group.pk)).exists()
    # Saved again with the parts swapped round: the order is the new one, nothing else is left behind.
    swapped = [
        PartData(procedure=residence, handler=PartHandler.RESIDENCE),
        PartData(procedure=catalogue.birth, handler=PartHandler.CIVIL_STATUS),
    ]
    save_group(cast.province_admin.user, group, data=BIRTH_GROUP, parts=swapped)
    assert list(group.parts.order_by("position").values_list("procedure__code", flat=True)) == [
        "1.004222",
        "1.001193",
    ]


def test_only_a_province_administrator_changes_a_group(cast, catalogue, residence):
    with pytest.raises(PermissionDenied):
        save_group(cast.justice_admin.user, None, data=BIRTH_GROUP, parts=parts(catalogue, residence))
    assert not ProcedureGroup.objects.exists()


@pytest.mark.parametrize("waits", [2, 3])
def test_a_part_waits_only_for_an_earlier_part(cast, catalogue, residence, waits):
    with pytest.raises(ValidationError, match="chỉ có thể chờ một phần trước"):
        save_group(
            cast.province_admin.user,
            None,
            data=BIRTH_GROUP,
            parts=parts(catalogue, residence, needs_result_of=waits),
        )
    assert not ProcedureGroup.objects.exists()


def test_a_published_group_holds_only_published_procedures(cast, catalogue):
    draft_parts = [
        PartData(procedure=catalogue.birth, handler=PartHandler.CIVIL_STATUS),
        PartData(procedure=catalogue.draft, handler=PartHandler.RESIDENCE),
    ]
    with pytest.raises(ValidationError, match=catalogue.draft.code):
        save_group(cast.province_admin.user, None, data=BIRTH_GROUP, parts=draft_parts)
    saved = save_group(
        cast.province_admin.user,
        None,
        data={**BIRTH_GROUP, "status": PublicationStatus.DRAFT},
        parts=draft_parts,
    )
    assert saved.status == PublicationStatus.DRAFT


def test_public_page_shows_the_parts_in_order_and_the_combined_limit_decree_63_art_7_2(
    client, cast, catalogue, residence
):
    group = save_group(cast.province_admin.user, None, data=BIRTH_GROUP, parts=parts(catalogue, residence))
    page = client.get(f"/thu-tuc/lien-thong/{group.code}/").content.decode()
    assert page.index("Thủ tục đăng ký khai sinh") < page.index("Đăng ký thường trú")
    assert "Nghị định 63/2024/NĐ-CP Điều 7.2" in page and "15:00" in page
    assert "Nghị định 63/2024/NĐ-CP Điều 8.2" in page
    assert group.name in client.get("/thu-tuc/lien-thong/").content.decode()
    assert (
        f"/thu-tuc/lien-thong/{group.code}/"
        in client.get(f"/thu-tuc/{catalogue.birth.code}/").content.decode()
    )


def test_a_draft_group_is_not_public(client, cast, catalogue, residence):
    data = {**BIRTH_GROUP, "status": PublicationStatus.DRAFT}
    group = save_group(cast.province_admin.user, None, data=data, parts=parts(catalogue, residence))
    assert client.get(f"/thu-tuc/lien-thong/{group.code}/").status_code == 404
    assert client.get("/thu-tuc/lien-thong/khong-co/").status_code == 404


def test_edit_screen_is_the_province_administrators(client, login, cast, catalogue, residence):
    login(cast.justice_admin)
    assert client.get("/quan-tri/lien-thong/").status_code == 200
    assert client.get("/quan-tri/lien-thong/moi/").status_code == 403
    login(cast.province_admin)
    form = {
        "code": "KS-TT",
        "name": "Khai sinh và thường trú",
        "source": "Nghị định 63/2024/NĐ-CP",
        "effective_from": "2024-06-10",
        "status": "published",
        "parts-TOTAL_FORMS": "3",
        "parts-INITIAL_FORMS": "0",
        "parts-0-procedure": str(catalogue.birth.pk),
        "parts-0-handler": "civil_status",
        "parts-0-required": "on",
        "parts-1-procedure": str(residence.pk),
        "parts-1-handler": "residence",
        "parts-1-required": "on",
        "parts-1-needs_result_of": "1",
    }
    response = client.post("/quan-tri/lien-thong/moi/", form)
    assert response.status_code == 302
    group = ProcedureGroup.objects.get(code="KS-TT")
    assert list(group.parts.values_list("position", "needs_result_of")) == [(1, None), (2, 1)]
    bad = {**form, "code": "KS-TT-2", "parts-1-needs_result_of": "2"}
    page = client.post("/quan-tri/lien-thong/moi/", bad, follow=True).content.decode()
    assert "chỉ có thể chờ một phần trước nó" in page
    assert not ProcedureGroup.objects.filter(code="KS-TT-2").exists()


def test_json_export_carries_groups_and_importing_them_again_changes_nothing(cast, catalogue, residence):
    group = save_group(cast.province_admin.user, None, data=BIRTH_GROUP, parts=parts(catalogue, residence))
    data = json.loads(export.export_json())
    exported = data["groups"]
    assert exported[0]["code"] == group.code
    assert [p["procedure"] for p in exported[0]["parts"]] == ["1.001193", "1.004222"]
    assert exported[0]["combined_days"] == "3" and exported[0]["combined_cutoff"] == "15:00"
    before = AuditEntry.objects.filter(action="procedure_group.save").count()
    result = importer.import_catalogue(cast.province_admin.user, data)
    assert result.ok and result.groups_changed == []
    assert AuditEntry.objects.filter(action="procedure_group.save").count() == before
    # The same group under another code with its parts: created from the file.
    data["groups"][0]["code"] = "KS-TT-BHYT-2"
    result = importer.import_catalogue(cast.province_admin.user, data)
    assert result.ok and result.groups_changed == ["KS-TT-BHYT-2"]
    assert ProcedureGroup.objects.get(code="KS-TT-BHYT-2").parts.count() == 2


def test_a_group_naming_an_unknown_procedure_is_refused_and_the_file_changes_nothing(
    cast, catalogue, residence
):
    save_group(cast.province_admin.user, None, data=BIRTH_GROUP, parts=parts(catalogue, residence))
    data = json.loads(export.export_json())
    data["groups"][0]["code"] = "MOI"
    data["groups"][0]["parts"][1]["procedure"] = "9.999999"
    data["procedures"][0]["name"] = "Tên đã đổi"
    result = importer.import_catalogue(cast.province_admin.user, data)
    assert not result.ok and "9.999999" in str(result.errors[0])
    assert not ProcedureGroup.objects.filter(code="MOI").exists()
    assert catalogue.birth.__class__.objects.get(code="1.001193").name != "Tên đã đổi"


def test_each_part_is_received_where_the_group_sends_it(cast, catalogue, residence):
    p = cast.province
    police = make_agency("Công an tỉnh", parent=p.root, code="000.00.19.H99")
    station_a = make_agency(
        "Công an xã An Bình", "unit", police, code="000.11.19.H99", admin_unit_code="99001", has_counter=True
    )
    group = save_group(cast.province_admin.user, None, data=BIRTH_GROUP, parts=parts(catalogue, residence))
    birth, home = group.parts.order_by("position")
    # No agency named and the procedure has no counter of its own in that commune: where it is filed.
    assert groups.part_place(birth, p.commune_a) == p.commune_a
    # The procedure is carried out by the commune's police station: there.
    residence.agencies.set([station_a])
    assert groups.part_place(home, p.commune_a) == station_a
    assert groups.part_place(home, p.commune_b) == p.commune_b  # no station serves commune B
    # The group names the provincial police and its unit serving the commune.
    GroupPart.objects.filter(pk=home.pk).update(agency=police, local_unit=True)
    home.refresh_from_db()
    assert groups.part_place(home, p.commune_a) == station_a
    GroupPart.objects.filter(pk=home.pk).update(local_unit=False)
    home.refresh_from_db()
    assert groups.part_place(home, p.commune_a) == police


# --- the demo catalogue's two groups, against the decree's text -------------------------------------

DEMO = {g["code"]: g for g in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["groups"]}


def test_demo_birth_group_is_birth_residence_insurance_and_optional_id_card_decree_301_art_1():
    group = DEMO["KS-TT-BHYT"]
    assert [p["procedure"] for p in group["parts"]] == ["1.001193", "1.004222", "1.014137", "1.014062"]
    assert [p["required"] for p in group["parts"]] == [True, True, True, False]
    # Residence and insurance use the birth certificate; the ID card the residence result (art. 8.3a).
    assert [p["needs_result_of"] for p in group["parts"]] == [None, 1, 1, 2]
    assert (group["combined_days"], group["combined_cutoff"]) == ("3", "15:00")
    assert "Điều 7" in group["combined_source"] and "301/2026" in group["combined_source"]


def test_demo_death_group_is_death_residence_removal_and_funeral_allowance_decree_301_art_10():
    group = DEMO["KT-XTT-MTP"]
    assert [p["procedure"] for p in group["parts"]] == ["1.000656", "1.003197", "1.014177"]
    assert [p["handler"] for p in group["parts"]] == ["civil_status", "residence", "social_insurance"]
    assert [p["needs_result_of"] for p in group["parts"]] == [None, 1, 1]
    assert group["combined_days"] == ""  # the decree sets each part's limit, none for the group


PROCEDURES = {p["code"]: p for p in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["procedures"]}


@pytest.mark.parametrize(
    ("code", "days", "quoted"),
    [
        ("1.003197", "1", "01 ngày làm việc"),  # removal of residence: 301 art. 10 (63 art. 14.2)
        ("1.014062", "5", "05 ngày làm việc"),  # a child's ID card: 301 art. 6.4 (63 art. 8.3a)
        (
            "1.014177",
            "8",
            "08 ngày làm việc",
        ),  # funeral allowance, social insurance: 301 art. 10 (63 art. 14.3.a)
    ],
)
def test_demo_member_time_limits_are_the_decree_301_art_6_and_10_ones(code, days, quoted):
    procedure = PROCEDURES[code]
    assert (procedure["processing_time"], procedure["time_unit"]) == (days, "days")
    assert quoted in procedure["time_limit_source"] and "301/2026" in procedure["time_limit_source"]


def test_demo_health_insurance_card_time_is_marked_unverified():
    assert PROCEDURES["1.014137"]["time_limit_source"].startswith("Chưa kiểm chứng")
