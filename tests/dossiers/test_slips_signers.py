"""Who signs each slip (docs/slips.md, "Who signs"): the counter's officer signs the counter's slips; the
competent body signs the slips it issues, with the lines of Decree 30/2020/NĐ-CP, Annex I, part I, II.7.b
("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"), and
nobody signs "TL." for a body they do not lead."""

from __future__ import annotations

import pytest

from egov.dossiers import slipbuild, slips
from egov.dossiers.signers import SignatureBlock, body_signature
from egov.dossiers.slips import render_pdf
from egov.organizations.models import Role
from tests.dossiers.conftest import MONDAY, hours, receive, step
from tests.dossiers.test_slips import text
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _lines(block: SignatureBlock) -> tuple[str, str, str]:
    return (block.authority, block.title, block.name)


def test_commune_slips_are_signed_tm_or_kt_by_the_communes_own_leaders_decree_30_2020_annex_i_ii_7_b(cast):
    p = cast.province
    chair = make_staff("ct.ab", p.commune_a, (Role.LEADER,), "Trịnh Văn Chủ", position="Chủ tịch UBND xã")
    vice = make_staff("pct.ab", p.commune_a, (Role.LEADER,), "Mai Thị Phó", position="Phó Chủ tịch UBND xã")
    province = make_staff("ct.tinh", p.root, (Role.LEADER,), "Lê Văn Tỉnh", position="Chủ tịch UBND tỉnh")
    assert _lines(body_signature(p.commune_a, chair.user)) == (
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trịnh Văn Chủ",
    )
    assert _lines(body_signature(p.commune_a, vice.user)) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Mai Thị Phó")
    # A provincial leader whose grant reaches down the tree, or a desk officer, signs nothing for the commune:
    # the block is left for its Chairman.
    assert _lines(body_signature(p.commune_a, province.user)) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "")
    assert _lines(body_signature(p.commune_a, cast.desk_officer.user)) == (
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "",
    )
    assert _lines(body_signature(p.commune_a, None)) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "")


def test_department_slips_are_signed_by_its_leader_with_its_own_lines_decree_30_2020_annex_i_ii_7_b(cast):
    p = cast.province
    deputy = make_staff("pgd.stp", p.justice, (Role.LEADER,), "Đinh Văn Phó", position="Phó Giám đốc")
    # Work done at the Department's office is signed for the Department (the office has no seal).
    assert _lines(body_signature(p.justice_office, deputy.user)) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Đinh Văn Phó",
    )
    assert _lines(body_signature(p.justice_office, cast.specialist.user)) == ("", "GIÁM ĐỐC", "")
    # A leader without a recorded position signs under the head's title, never "TL.".
    assert _lines(body_signature(p.justice, cast.leader.user)) == ("", "GIÁM ĐỐC", "Hoàng Quốc Việt")


def test_refusal_after_reception_is_the_bodys_and_at_reception_the_officers_decree_118_art_19(cast, flows):
    refused = step(receive(cast, flows.simple), "refuse", cast.desk_officer, MONDAY + hours(1), reason="Sai")
    [(_, event)] = [(n, e) for n, e in slipbuild.available(refused) if n == "refusal"]
    slip = slipbuild.build(refused, "refusal", event)
    assert isinstance(slip, slips.Refusal) and slip.signer is not None
    assert (slip.signer.authority, slip.signer.title, slip.signer.name) == (
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "",
    )
    body = text(render_pdf(slip))
    assert "TM. ỦY BAN NHÂN DÂN" in body and "NGƯỜI TIẾP NHẬN HỒ SƠ" not in body


def test_the_bodys_slips_print_its_head_block_and_the_counters_its_officer_decree_30_2020_annex_i(
    cast, flows
):
    d = step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "request_supplement", cast.leader, MONDAY + hours(2), reason="Bản sao giấy khai sinh")
    d = step(d, "supplement_received", cast.desk_officer, MONDAY + hours(8))
    d = step(d, "stop", cast.leader, MONDAY + hours(10), reason="Người nộp đề nghị dừng")
    found = dict(slipbuild.available(d))
    # The supplement request asked for at the Department goes out from the counter, signed by its officer.
    supplement = slipbuild.build(d, "supplement", found["supplement"])
    assert isinstance(supplement, slips.SupplementRequest) and supplement.officer == "Phạm Thu Hà"
    stop = slipbuild.build(d, "stop", found["stop"])
    assert isinstance(stop, slips.StopNotice)
    assert (stop.signer.authority, stop.signer.title, stop.signer.name) == ("", "GIÁM ĐỐC", "Hoàng Quốc Việt")
    body = text(render_pdf(stop))
    assert "GIÁM ĐỐC" in body and "TL." not in body
