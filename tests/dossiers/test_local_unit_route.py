"""A commune dossier whose shared workflow names the provincial police "at its unit serving the commune"
goes to the receiving commune's own police station, whose specialist acts on it and sends it back
(Decree 118/2025 art. 20.2: each body of the inter-agency route does its own task within its time)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from egov.dossiers import moves
from egov.dossiers.models import DossierEvent, StepVisit
from egov.organizations.models import AgencyKind, Role
from egov.procedures.models import Field, StepKind, WorkflowStep
from tests.dossiers.conftest import MONDAY, hours, make_procedure, receive, step
from tests.factories import make_agency, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def route(cast):
    p = cast.province
    police = make_agency("Công an tỉnh", AgencyKind.DEPARTMENT, p.root, code="000.00.29.H99")
    station_a = make_agency(
        "Công an xã An Bình", AgencyKind.UNIT, police, code="000.29.11.H99", admin_unit_code="99001"
    )
    station_b = make_agency(
        "Công an phường Bắc Sơn", AgencyKind.UNIT, police, code="000.29.12.H99", admin_unit_code="99002"
    )
    field = Field.objects.create(code="HT", name="Hộ tịch", name_folded="ho tich")
    procedure = make_procedure(
        "2.000986",
        "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế",
        "10",
        [
            (StepKind.RECEIVE, Role.DESK_OFFICER, None, "4"),
            (StepKind.PROCESS, Role.SPECIALIST, None, "24"),
            (StepKind.INTER_AGENCY, Role.SPECIALIST, police, "24"),
            (StepKind.APPROVE, Role.LEADER, None, "8"),
            (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
        ],
        field,
    )
    WorkflowStep.objects.filter(template__procedure=procedure, kind=StepKind.INTER_AGENCY).update(
        local_unit=True
    )
    return {
        "procedure": procedure,
        "police": police,
        "station_a": station_a,
        "station_b": station_b,
        "hotich": make_staff("hotich.anbinh", p.commune_a, (Role.SPECIALIST,), "Lý Thị Hộ"),
        "chutich": make_staff("chutich.anbinh", p.commune_a, (Role.LEADER,), "Trịnh Văn Chủ"),
        "cuutru_a": make_staff("cuutru.anbinh", station_a, (Role.SPECIALIST,), "Lại Văn Trú"),
        "cuutru_b": make_staff("cuutru.bacson", station_b, (Role.SPECIALIST,), "Lò Văn Trú"),
    }


def test_a_commune_dossier_goes_to_its_commune_police_station_and_back_decree_118_art_20_2(cast, route):
    p = cast.province
    d = receive(cast, route["procedure"])
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    assert d.current_agency == p.commune_a
    d = step(d, "assign", route["hotich"], MONDAY + hours(2), handler=route["hotich"].user)
    # the station serving An Bình is offered, not the provincial police nor another commune's station
    assert [u.pk for u in moves.next_step_holders(d)] == [route["cuutru_a"].user.pk]
    d = step(d, "send_to_agency", route["hotich"], MONDAY + hours(3))
    assert (d.current_kind, d.current_agency) == (StepKind.INTER_AGENCY, route["station_a"])
    with pytest.raises(PermissionDenied):
        step(d, "assign", route["cuutru_b"], MONDAY + hours(4), handler=route["cuutru_b"].user)
    d = step(d, "assign", route["cuutru_a"], MONDAY + hours(4), handler=route["cuutru_a"].user)
    d = step(d, "return_from_agency", route["cuutru_a"], MONDAY + hours(5))
    assert (d.current_kind, d.current_agency) == (StepKind.APPROVE, p.commune_a)
    d = step(d, "approve", route["chutich"], MONDAY + hours(6))
    d = step(d, "return_result", cast.desk_officer, MONDAY + hours(7))
    visits = StepVisit.objects.filter(dossier=d).order_by("started_at", "id")
    assert [v.agency for v in visits][2] == route["station_a"]
    event = DossierEvent.objects.get(dossier=d, action="send_to_agency")
    assert (event.from_agency, event.to_agency) == (p.commune_a, route["station_a"])
