"""A commune's act is signed by the commune's own leaders (Decree 30/2020/NĐ-CP, Annex I, part I, II.7.b):
the Chairman "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", a Vice-Chairman "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"; a provincial
leader whose grant reaches down the tree is neither offered nor accepted at the signing step."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egov.dossiers import moves, services
from egov.dossiers.signers import act_signature, signature_lines
from egov.organizations.models import AgencyKind, Role
from egov.procedures.models import Field, StepKind
from tests.dossiers.conftest import MONDAY, hours, make_procedure, receive, step
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(cast):
    p = cast.province
    field = Field.objects.create(code="HT", name="Hộ tịch", name_folded="ho tich")
    procedure = make_procedure(
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        "1",
        [
            (StepKind.RECEIVE, Role.DESK_OFFICER, None, "1"),
            (StepKind.PROCESS, Role.SPECIALIST, None, "4"),
            (StepKind.APPROVE, Role.LEADER, None, "2"),
            (StepKind.RETURN, Role.DESK_OFFICER, None, "1"),
        ],
        field,
    )
    return {
        "procedure": procedure,
        "specialist": make_staff("hotich.anbinh", p.commune_a, (Role.SPECIALIST,), "Lý Thị Hộ"),
        "chair": make_staff(
            "chutich.anbinh",
            p.commune_a,
            (Role.LEADER,),
            "Trịnh Văn Chủ",
            position="Chủ tịch Ủy ban nhân dân xã",
        ),
        "vice": make_staff(
            "phochutich.anbinh",
            p.commune_a,
            (Role.LEADER,),
            "Mai Thị Phó",
            position="Phó Chủ tịch Ủy ban nhân dân xã",
        ),
        "province_chair": make_staff(
            "chutich.tinh", p.root, (Role.LEADER,), "Lê Văn Tỉnh", position="Chủ tịch Ủy ban nhân dân tỉnh"
        ),
    }


def at_approval(cast, commune):
    d = receive(cast, commune["procedure"])
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    return step(d, "submit_for_approval", commune["specialist"], MONDAY + hours(3))


def test_only_the_communes_own_leaders_are_offered_to_sign_decree_30_2020_annex_i(cast, commune):
    d = receive(cast, commune["procedure"])
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    offered = {u.username for u in moves.next_step_holders(d)}
    outsider = commune["province_chair"].user
    assert offered == {"chutich.anbinh", "phochutich.anbinh"}
    with pytest.raises(ValidationError) as refused:
        step(d, "submit_for_approval", commune["specialist"], MONDAY + hours(2), handler=outsider)
    assert "handler" in refused.value.message_dict


def test_a_provincial_leader_cannot_sign_a_communes_act_decree_30_2020_annex_i(cast, commune):
    d = at_approval(cast, commune)
    with pytest.raises(services.TransitionRefused):
        services.check(d, "approve", commune["province_chair"].user)
    services.check(d, "approve", commune["chair"].user)


def test_the_chairman_signs_tm_the_peoples_committee_decree_30_2020_annex_i_ii_7_b(cast, commune):
    d = at_approval(cast, commune)
    d = step(d, "approve", commune["chair"], MONDAY + hours(4))
    block = act_signature(d)
    assert block is not None
    assert (block.authority, block.title, block.name) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trịnh Văn Chủ")


def test_a_vice_chairman_signs_kt_chairman_decree_30_2020_annex_i_ii_7_b(cast, commune):
    d = at_approval(cast, commune)
    d = step(d, "approve", commune["vice"], MONDAY + hours(4))
    block = act_signature(d)
    assert block is not None
    assert (block.authority, block.title) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_signature_lines_of_other_bodies_decree_30_2020_annex_i_ii_7_b():
    # The department is named in the heading: its own lines are "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC".
    deputy = signature_lines("Phó Giám đốc Sở Tư pháp", AgencyKind.DEPARTMENT)
    assert (deputy.authority, deputy.title) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert signature_lines("Giám đốc Sở", AgencyKind.DEPARTMENT).authority == ""
    assert signature_lines("Chủ tịch Ủy ban nhân dân tỉnh", AgencyKind.PROVINCE).title == "CHỦ TỊCH"
