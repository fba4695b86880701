"""A workflow whose step nobody could act on is refused when it is published (issue 9, item 8): the step is
named in the message and the draft stays a draft, so no dossier ever waits at such a step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from egov.organizations.models import AgencyKind, Role
from egov.procedures.models import PublicationStatus, StepKind
from egov.procedures.services import catalogue as services
from egov.procedures.services import workflows
from tests.factories import SYSTEM, make_agency, make_staff
from tests.procedures.conftest import build_procedure

pytestmark = pytest.mark.django_db

K = StepKind


def rows(*steps: tuple[str, str, Any, str]) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "name": f"Bước {n}", "role": role, "agency": agency, "allotted_hours": Decimal(hours)}
        for n, (kind, role, agency, hours) in enumerate(steps, start=1)
    ]


def publish(procedure, agency, steps):
    draft = workflows.new_workflow_draft(SYSTEM, procedure, agency)
    draft = workflows.save_workflow_steps(SYSTEM, draft, steps)
    return draft, (lambda: workflows.publish_workflow(SYSTEM, draft))


@pytest.fixture
def field():
    return services.save_field(SYSTEM, code="HT", name="Hộ tịch", sort_order=1)


def test_a_step_at_an_agency_where_nobody_holds_its_role_is_refused_with_its_name(cast, field):
    p = cast.province
    procedure = build_procedure(SYSTEM, field, [p.justice], publish=False)
    draft, go = publish(
        procedure,
        None,
        rows(
            (K.RECEIVE, Role.DESK_OFFICER, None, "0"),
            (K.PROCESS, Role.SPECIALIST, p.justice_office, "4"),
            (K.INTER_AGENCY, Role.LEADER, p.commune_b, "4"),  # commune B has no leader
            (K.APPROVE, Role.LEADER, p.justice, "0"),
            (K.RETURN, Role.DESK_OFFICER, None, "0"),
        ),
    )
    with pytest.raises(ValidationError) as refused:
        go()
    [message] = refused.value.messages
    assert "Bước 3" in message and p.commune_b.name in message
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT


def test_steps_without_an_agency_are_checked_at_the_counters_that_receive_the_procedure(cast, field):
    p = cast.province
    procedure = build_procedure(SYSTEM, field, [p.commune_a], publish=False)
    steps = rows(
        (K.RECEIVE, Role.DESK_OFFICER, None, "0"),
        (K.PROCESS, Role.SPECIALIST, None, "8"),
        (K.APPROVE, Role.LEADER, None, "0"),
        (K.RETURN, Role.DESK_OFFICER, None, "0"),
    )
    _draft, go = publish(procedure, None, steps)
    with pytest.raises(ValidationError) as refused:
        go()
    assert [m for m in refused.value.messages if p.commune_a.name in m and "Bước 2" in m]
    make_staff("hotich.anbinh", p.commune_a, (Role.SPECIALIST,), "Lý Thị Hộ")
    make_staff("chutich.anbinh", p.commune_a, (Role.LEADER,), "Trịnh Văn Chủ")
    assert go().status == PublicationStatus.PUBLISHED


def test_a_communes_signing_step_needs_a_leader_of_the_commune_not_of_the_province(cast, field):
    """Decree 30/2020/NĐ-CP Annex I (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH): a provincial leader's grant reaches
    the commune but does not make them a signer of its acts."""
    p = cast.province
    make_staff("hotich.anbinh", p.commune_a, (Role.SPECIALIST,), "Lý Thị Hộ")
    make_staff("chutich.tinh", p.root, (Role.LEADER,), "Lê Văn Tỉnh")
    procedure = build_procedure(SYSTEM, field, [p.commune_a], publish=False)
    steps = rows(
        (K.RECEIVE, Role.DESK_OFFICER, None, "0"),
        (K.PROCESS, Role.SPECIALIST, None, "8"),
        (K.APPROVE, Role.LEADER, None, "0"),
        (K.RETURN, Role.DESK_OFFICER, None, "0"),
    )
    _draft, go = publish(procedure, None, steps)
    with pytest.raises(ValidationError) as refused:
        go()
    [message] = refused.value.messages
    assert "Bước 3" in message
    make_staff("chutich.anbinh", p.commune_a, (Role.LEADER,), "Trịnh Văn Chủ")
    assert go().status == PublicationStatus.PUBLISHED


def test_the_provincial_centre_needs_its_own_route_to_the_department_decree_118_art_7_2_a(cast, field):
    """The provincial centre receives for a department without a counter of its own; it holds no
    specialist, so a workflow that leaves the examination "where the dossier was received" is refused, and
    the centre's own workflow that names the department is published."""
    p = cast.province
    home = make_agency("Sở Nội vụ", AgencyKind.DEPARTMENT, p.root)
    labour = make_agency("Phòng Lao động - Việc làm", AgencyKind.OFFICE, home)
    make_staff("motcua.tinh", p.center, (Role.DESK_OFFICER,), "Đặng Thu Trang")
    make_staff("chuyenvien.snv", labour, (Role.SPECIALIST,), "Vũ Văn Lao")
    make_staff("giamdoc.snv", home, (Role.LEADER,), "Phan Thị Nội")
    procedure = build_procedure(SYSTEM, field, [home], publish=False)
    everything_here = rows(
        (K.RECEIVE, Role.DESK_OFFICER, None, "0"),
        (K.PROCESS, Role.SPECIALIST, None, "8"),
        (K.APPROVE, Role.LEADER, home, "0"),
        (K.RETURN, Role.DESK_OFFICER, None, "0"),
    )
    _draft, go = publish(procedure, None, everything_here)
    with pytest.raises(ValidationError) as refused:
        go()
    [message] = refused.value.messages
    assert p.center.name in message and "Bước 2" in message
    routed = rows(
        (K.RECEIVE, Role.DESK_OFFICER, None, "0"),
        (K.PROCESS, Role.SPECIALIST, labour, "8"),
        (K.APPROVE, Role.LEADER, home, "0"),
        (K.RETURN, Role.DESK_OFFICER, None, "0"),
    )
    _own, publish_own = publish(procedure, p.center, routed)
    assert publish_own().status == PublicationStatus.PUBLISHED
    # with the centre's own route in place the default template is no longer received there
    assert go().status == PublicationStatus.PUBLISHED
