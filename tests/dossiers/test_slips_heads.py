"""The head of a slip built from a dossier (egov.dossiers.sliphead) and the receipt's papers: the place of the
date line, the "Số:" number the system issues, and the papers by their legal names.

Decree 30/2020/NĐ-CP, Annex I, Part I: II.3 (number and symbol, numbered within the year), II.4 (place:
the administrative unit where the issuing body sits). Circular 03/2025/TT-VPCP, Annex I, Mẫu số 01
(receipt: the papers of the dossier, original or copy, and how many).
"""

from __future__ import annotations

import datetime as dt

from egov.dossiers import slipbuild
from egov.dossiers.sliphead import agency_symbol, office, place_name, slip_number
from egov.dossiers.slips import render_pdf
from egov.organizations.models import AgencyKind
from egov.procedures.models import RequiredDocument
from tests.dossiers.conftest import MONDAY, hours, receive, step
from tests.dossiers.test_slips import text
from tests.factories import make_agency


def test_place_is_the_commune_or_province_where_the_body_sits_decree_30_annex_i_ii_4(province):
    p = province
    assert place_name(p.commune_a) == "An Bình"  # "UBND xã An Bình"
    assert place_name(p.commune_b) == "Bắc Sơn"  # "UBND phường Bắc Sơn"
    assert place_name(p.root) == "Hòa Bình Xanh"  # "UBND tỉnh Hòa Bình Xanh"
    # A body under the province writes the province, however deep: never its own name.
    assert place_name(p.center) == "Hòa Bình Xanh"
    assert place_name(p.justice_office) == "Hòa Bình Xanh"  # Phòng Hành chính tư pháp, under Sở Tư pháp
    # A unit named by a number is written in full.
    ward = make_agency("Ủy ban nhân dân phường 1", AgencyKind.COMMUNE, p.root, code="000.00.33.H99")
    assert place_name(ward) == "Phường 1"
    city = make_agency("Ủy ban nhân dân Thành phố Hồ Chí Minh", AgencyKind.PROVINCE, code="000.00.00.H29")
    assert place_name(city) == "Thành phố Hồ Chí Minh"


def test_heading_names_the_governing_body_except_above_a_peoples_committee(province):
    p = province
    assert office(p.justice_office).parent_name == "Sở Tư pháp"
    assert office(p.justice).parent_name == "UBND tỉnh Hòa Bình Xanh"
    assert office(p.commune_a).parent_name == ""
    assert office(p.root).parent_name == ""


def test_slip_date_line_names_the_place(cast, flows):
    d = receive(cast, flows.simple)
    body = text(render_pdf(slipbuild.build(d, "receipt")))
    assert "An Bình, ngày 16 tháng 11 năm 2026" in body
    assert "tỉnh Hòa Bình Xanh, ngày" not in body


def test_agency_symbols():
    class A:
        def __init__(self, name: str) -> None:
            self.name, self.code = name, "X"

    assert agency_symbol(A("Trung tâm Phục vụ hành chính công tỉnh")) == "TTPVHCC"  # type: ignore[arg-type]
    assert agency_symbol(A("Sở Tư pháp")) == "STP"  # type: ignore[arg-type]
    assert agency_symbol(A("UBND xã An Bình")) == "UBND"  # type: ignore[arg-type]
    assert agency_symbol(A("Ủy ban nhân dân xã An Bình")) == "UBND"  # type: ignore[arg-type]
    assert agency_symbol(A("Sở Nông nghiệp và Môi trường")) == "SNNMT"  # type: ignore[arg-type]
    assert agency_symbol(A("Đài Phát thanh")) == "DPT"  # type: ignore[arg-type]
    assert agency_symbol(A("Phòng Văn hóa - Xã hội")) == "PVHXH"  # type: ignore[arg-type]
    assert agency_symbol(A("Ủy ban nhân dân thành phố Huế")) == "UBND"  # type: ignore[arg-type]


def test_receipt_numbers_run_per_counter_within_the_year_decree_30_annex_i_ii_3(cast, flows):
    first = receive(cast, flows.simple)
    second = receive(cast, flows.simple, now=MONDAY + hours(1))
    same_moment = receive(cast, flows.simple, now=MONDAY + hours(1))
    assert slip_number(first, "receipt") == "01/TNHS-UBND"
    assert slip_number(second, "receipt") == "02/TNHS-UBND"
    assert slip_number(same_moment, "receipt") == "03/TNHS-UBND"  # a tie goes by row id
    # Receiving another dossier later does not renumber the earlier ones: a reprint shows the same number.
    receive(cast, flows.simple, now=MONDAY + hours(2))
    assert slip_number(first, "receipt") == "01/TNHS-UBND"
    # A new year starts at 01.
    next_year = receive(cast, flows.simple, now=dt.datetime(2027, 1, 4, 8, tzinfo=MONDAY.tzinfo))
    assert slip_number(next_year, "receipt") == "01/TNHS-UBND"
    # The number is on the printed receipt; the control sheet's form has none.
    assert "Số: 02/TNHS-UBND" in text(render_pdf(slipbuild.build(second, "receipt")))
    assert "Số:" not in text(render_pdf(slipbuild.build(second, "control")))


def test_event_slips_number_their_own_sequence_per_issuing_agency(cast, flows):
    a = step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))
    b = step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))
    a = step(a, "request_supplement", cast.leader, MONDAY + hours(2), reason="Bản sao giấy khai sinh")
    b = step(b, "request_supplement", cast.leader, MONDAY + hours(3), reason="Tờ khai")
    b = step(b, "supplement_received", cast.desk_officer, MONDAY + hours(4))
    b = step(b, "stop", cast.leader, MONDAY + hours(5), reason="Người nộp đề nghị dừng")
    supplement_a = dict(slipbuild.available(a))["supplement"]
    found_b = dict(slipbuild.available(b))
    # The supplement request is issued by the counter (the receiving commune): its own sequence.
    assert slip_number(a, "supplement", supplement_a) == "01/BSHS-UBND"
    assert slip_number(b, "supplement", found_b["supplement"]) == "02/BSHS-UBND"
    # The stop notice is issued by the body the dossier was at: the Department above its office (Phòng Hành
    # chính tư pháp has no seal of its own), counted in the Department's sequence.
    assert slip_number(b, "stop", found_b["stop"]) == "01/TB-STP"
    stop = slipbuild.build(b, "stop", found_b["stop"])
    assert stop.number == "01/TB-STP" and stop.office.name == "Sở Tư pháp"
    assert "Số: 01/TB-STP" in text(render_pdf(stop))


def test_receipt_lists_the_papers_by_their_legal_names_from_the_procedure(cast, flows):
    documents = [
        ("Tờ khai đăng ký khai sinh theo mẫu", RequiredDocument.Copy.ORIGINAL, 1, True),
        ("Giấy chứng sinh", RequiredDocument.Copy.CERTIFIED_COPY, 2, True),
        ("Văn bản ủy quyền (nếu có)", RequiredDocument.Copy.ORIGINAL, 1, False),
    ]
    for order, (name, copy, quantity, required) in enumerate(documents):
        RequiredDocument.objects.create(
            procedure=flows.simple,
            name=name,
            copy_kind=copy,
            quantity=quantity,
            required=required,
            sort_order=order,
        )
    d = receive(cast, flows.simple)
    papers = slipbuild.receipt_papers(d)
    assert [(p.name, p.copy_kind, p.quantity) for p in papers] == [
        ("Tờ khai đăng ký khai sinh theo mẫu", "Bản chính", 1),
        ("Giấy chứng sinh", "Bản sao có chứng thực", 2),
    ]
    body = text(render_pdf(slipbuild.build(d, "receipt")))
    assert "1 Tờ khai đăng ký khai sinh theo mẫu Bản chính 1" in body
    assert "2 Giấy chứng sinh Bản sao có chứng thực 2" in body
    assert "Văn bản ủy quyền" not in body
