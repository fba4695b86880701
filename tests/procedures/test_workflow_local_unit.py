"""A shared workflow step may name an agency and send the dossier to that agency's unit serving the commune
where the dossier was received (the commune police station): each body of an inter-agency route does its
own task (Decree 118/2025 art. 20.2). One function resolves the place (`egov.procedures.places`); the
publication check looks at every place a step can resolve to; the catalogue and the editor carry the flag."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.organizations import services as org_services
from egov.organizations.models import AgencyKind, Role
from egov.procedures import catalogue_version
from egov.procedures.catalogue_io import export, importer
from egov.procedures.models import PublicationStatus, StepKind, WorkflowStep
from egov.procedures.places import step_place
from egov.procedures.services import catalogue as services
from egov.procedures.services import workflows
from tests.factories import SYSTEM, make_agency, make_staff
from tests.procedures.conftest import build_procedure
from tests.procedures.test_screens import formset

pytestmark = pytest.mark.django_db

K = StepKind


@pytest.fixture
def police(cast):
    """The provincial police with a station for each of the two communes (their admin unit codes)."""
    p = cast.province
    police = make_agency("Công an tỉnh", AgencyKind.DEPARTMENT, p.root, code="000.00.29.H99")
    station_a = make_agency(
        "Công an xã An Bình", AgencyKind.UNIT, police, code="000.29.11.H99", admin_unit_code="99001"
    )
    station_b = make_agency(
        "Công an phường Bắc Sơn", AgencyKind.UNIT, police, code="000.29.12.H99", admin_unit_code="99002"
    )
    make_staff("cuutru.anbinh", station_a, (Role.SPECIALIST,), "Lại Văn Trú")
    make_staff("motcua.bacson", p.commune_b, (Role.DESK_OFFICER,), "Đinh Thị Nhận")
    make_staff("chutich.anbinh", p.commune_a, (Role.LEADER,), "Trịnh Văn Chủ")
    make_staff("hotich.anbinh", p.commune_a, (Role.SPECIALIST,), "Lý Thị Hộ")
    make_staff("chutich.bacson", p.commune_b, (Role.LEADER,), "Tạ Văn Ký")
    return police, station_a, station_b


@pytest.fixture
def field():
    return services.save_field(SYSTEM, code="HT", name="Hộ tịch", sort_order=1)


def rows(agency: Any, local: bool) -> list[dict[str, Any]]:
    steps = (
        (K.RECEIVE, "Tiếp nhận", Role.DESK_OFFICER, None, "0"),
        (K.PROCESS, "Công chức tư pháp kiểm tra", Role.SPECIALIST, None, "4"),
        (K.INTER_AGENCY, "Chuyển Công an cấp xã đăng ký thường trú", Role.SPECIALIST, agency, "4"),
        (K.APPROVE, "Chủ tịch UBND xã ký", Role.LEADER, None, "0"),
        (K.RETURN, "Trả kết quả", Role.DESK_OFFICER, None, "0"),
    )
    return [
        {"kind": k, "name": n, "role": r, "agency": a, "local_unit": local, "allotted_hours": Decimal(h)}
        for k, n, r, a, h in steps
    ]


def test_a_local_unit_step_goes_to_the_unit_of_the_receiving_commune_decree_118_art_20_2(cast, police):
    p = cast.province
    force, station_a, station_b = police
    centre_a = make_agency("Trung tâm PVHCC xã An Bình", AgencyKind.SERVICE_CENTER, p.commune_a)
    step = WorkflowStep(kind=K.INTER_AGENCY, role=Role.SPECIALIST, agency=force, local_unit=True)
    assert step_place(step, p.commune_a) == station_a
    assert step_place(step, p.commune_b) == station_b
    # a centre without a code of its own stands in its commune (the nearest ancestor's code)
    assert step_place(step, centre_a) == station_a
    # the provincial centre's commune is none: the named agency itself
    assert step_place(step, p.center) == force
    step.local_unit = False
    assert step_place(step, p.commune_a) == force
    step.agency = None
    assert step_place(step, p.commune_a) == p.commune_a


def test_the_places_kept_per_process_follow_every_change_of_the_agencies(
    cast, police, django_assert_num_queries
):
    """`unit_code_of` and `local_unit` are kept under the catalogue's token (each move to a commune's unit
    asks them): asked again, no query; a unit made, a code given, a unit closed or moved, is seen at the
    next ask."""
    p = cast.province
    force, station_a, station_b = police
    centre_a = make_agency("Trung tâm PVHCC xã An Bình", AgencyKind.SERVICE_CENTER, p.commune_a)
    step = WorkflowStep(kind=K.INTER_AGENCY, role=Role.SPECIALIST, agency=force, local_unit=True)
    catalogue_version.request_started()  # as in a request: the token read once
    try:
        assert step_place(step, centre_a) == station_a
        with django_assert_num_queries(0):
            assert step_place(step, centre_a) == station_a
    finally:
        catalogue_version.request_finished()
    # the centre gets a code of its own, and a station serving that code appears
    centre_a = org_services.update_agency(SYSTEM, centre_a, admin_unit_code="99009")
    assert step_place(step, centre_a) == force  # no unit of the police serves 99009 yet
    station_c = make_agency(
        "Công an điểm Trung tâm", AgencyKind.UNIT, force, code="000.29.19.H99", admin_unit_code="99009"
    )
    assert step_place(step, centre_a) == station_c
    # the station closes: the police themselves again
    org_services.update_agency(SYSTEM, station_c, is_active=False)
    assert step_place(step, centre_a) == force
    # the centre moves under the other commune and loses its own code: that commune's station
    centre_a = org_services.update_agency(SYSTEM, centre_a, admin_unit_code="")
    assert step_place(step, centre_a) == station_a
    centre_b = org_services.update_agency(SYSTEM, centre_a, parent=p.commune_b)
    assert step_place(step, centre_b) == station_b


def test_publication_checks_the_unit_of_every_receiving_commune_decree_118_art_20_2(cast, police, field):
    p = cast.province
    force, _station_a, station_b = police
    procedure = build_procedure(SYSTEM, field, [p.commune_a, p.commune_b], publish=False)
    draft = workflows.new_workflow_draft(SYSTEM, procedure)
    draft = workflows.save_workflow_steps(SYSTEM, draft, rows(force, True))
    # station B's specialist is missing: a dossier received in Bắc Sơn would wait there for nobody
    with pytest.raises(ValidationError) as refused:
        workflows.publish_workflow(SYSTEM, draft)
    [message] = refused.value.messages
    assert "Bước 3" in message and station_b.name in message
    make_staff("cuutru.bacson", station_b, (Role.SPECIALIST,), "Lò Văn Trú")
    assert workflows.publish_workflow(SYSTEM, draft).status == PublicationStatus.PUBLISHED
    assert draft.steps.get(position=3).local_unit is True


def test_the_catalogue_carries_the_flag_and_refuses_it_without_an_agency_decree_118_art_20_2(
    cast, police, field
):
    p = cast.province
    force, _a, _b = police
    make_staff("cuutru.bacson", police[2], (Role.SPECIALIST,), "Lò Văn Trú")
    procedure = build_procedure(SYSTEM, field, [p.commune_a, p.commune_b], publish=False)
    draft = workflows.save_workflow_steps(
        SYSTEM, workflows.new_workflow_draft(SYSTEM, procedure), rows(force, True)
    )
    workflows.publish_workflow(SYSTEM, draft)
    data = export.export_catalogue()
    [item] = data["procedures"]
    step = item["workflow"]["steps"][2]
    assert step["agency"] == force.code and step["local_unit"] is True
    assert "local_unit" not in item["workflow"]["steps"][1]
    assert importer.import_catalogue(SYSTEM, data).unchanged == [procedure.code]

    step["agency"] = None
    result = importer.import_catalogue(SYSTEM, data)
    assert [e.where for e in result.errors] == ["Thủ tục thứ 1 (1.001193), workflow › steps › 3 › local_unit"]
    assert procedure.workflows.get(status=PublicationStatus.PUBLISHED).steps.get(position=3).agency == force


def test_the_workflow_editor_shows_and_edits_the_flag_decree_118_art_20_2(cast, police, field, client):
    p = cast.province
    force, _a, _b = police
    procedure = build_procedure(SYSTEM, field, [p.commune_a, p.commune_b], publish=False)
    template = workflows.new_workflow_draft(SYSTEM, procedure)
    client.force_login(cast.province_admin.user)
    url = reverse("procedures:admin_workflow", args=[procedure.pk, template.pk])
    posted = [
        {"kind": r["kind"], "name": r["name"], "role": r["role"], "allotted_hours": str(r["allotted_hours"]),
         "ORDER": str(n)}
        for n, r in enumerate(rows(None, False), start=1)
    ]  # fmt: skip
    posted[2]["local_unit"] = "on"  # no agency named: refused, nothing saved
    page = client.post(url, {**formset("steps", posted, initial=4), "action": "save"}).content.decode()
    assert "Hãy chọn cơ quan có đơn vị phục vụ xã thực hiện bước này." in page
    assert not template.steps.filter(local_unit=True).exists()
    posted[2]["agency"] = str(force.pk)
    client.post(url, {**formset("steps", posted, initial=4), "action": "save"})
    step = template.steps.get(position=3)
    assert step.agency == force and step.local_unit
    page = client.get(url).content.decode()
    assert (
        'name="steps-2-local_unit"' in page and "checked" in page.split('name="steps-2-local_unit"')[1][:40]
    )
