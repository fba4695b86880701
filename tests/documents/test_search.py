"""Search over all documents (issue 13 item 9; Decree 30/2020 Appendix VI, Part I, III.6.d: every input
field and the content of the documents): folded words, numbers typed any way, full text of PDFs, ranking,
filters, and only what the person may read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from egov.documents import outgoing, search_index
from egov.documents.models import Direction, ExtractedText, SearchEntry, Status
from tests.documents.conftest import MONDAY, draft, pdf, received
from tests.documents.search_helpers import ids, text_pdf

pytestmark = pytest.mark.django_db


def _receive_text(office, tmp_path, text, **meta):
    from egov.documents import services
    from tests.documents.conftest import META

    m = services.Metadata(**{**vars(META), **meta})
    return services.receive(
        actor=office.clerk.user, agency=office.commune, meta=m, main=text_pdf(tmp_path, text), now=MONDAY
    )


def test_marks_and_d_give_identical_results_decree_30_appendix_vi_iii_6_d(office):
    land = received(office, summary="V/v đăng ký đất đai năm 2026", number_symbol="10/UBND-ĐC")
    received(office, summary="V/v đăng kiểm xe công vụ", number_symbol="11/UBND-VP")
    user = office.clerk.user
    marked = ids(user, text="đăng ký đất đai")
    assert marked == [land.pk]
    for variant in ("dang ky dat dai", "ĐĂNG KÝ ĐẤT ĐAI", "Đăng kí đất đai", "DANG KY DAT DAI"):
        assert ids(user, text=variant) == marked, variant


def test_number_typed_any_way_finds_the_document_first(office, tmp_path):
    wanted = received(office, number_symbol="1565/QĐ-UBND", summary="Quyết định phê duyệt kế hoạch")
    # Another document that cites the number in its text comes after it.
    citing = _receive_text(
        office, tmp_path, "Thực hiện Quyết định số 1565/QĐ-UBND của UBND tỉnh", number_symbol="20/SNV-VP"
    )
    received(office, number_symbol="15650/QĐ-UBND", summary="Một quyết định khác")
    user = office.clerk.user
    for typed in ("1565/QĐ-UBND", "1565/QD-UBND", "1565 qd ubnd", " 1565 / qđ - ubnd "):
        found = ids(user, text=typed)
        assert found[:2] == [wanted.pk, citing.pk], typed
        assert ids(user, number=typed) == [wanted.pk], typed
    assert ids(user, number="1565") == [wanted.pk]


def test_full_text_of_the_pdf_is_searched(office, tmp_path):
    flood = _receive_text(office, tmp_path, "Kế hoạch phòng, chống lụt bão và tìm kiếm cứu nạn năm 2026")
    received(office, summary="Báo cáo tình hình kinh tế")
    user = office.clerk.user
    assert ids(user, text="lụt bão") == [flood.pk]
    assert ids(user, text="lut bao cuu nan") == [flood.pk]
    assert ExtractedText.objects.filter(words__contains="lut bao").count() == 1


def test_metadata_ranks_before_the_text_of_the_files(office, tmp_path):
    in_text = _receive_text(
        office, tmp_path, "Nội dung có nhắc đến chuyển đổi số một lần", summary="V/v khác"
    )
    in_summary = received(office, summary="V/v đẩy mạnh chuyển đổi số")
    assert ids(office.clerk.user, text="chuyển đổi số") == [in_summary.pk, in_text.pk]


def test_only_the_last_version_of_a_draft_is_its_text(office, tmp_path):
    doc = outgoing.create_draft(
        actor=office.specialist.user,
        agency=office.commune,
        draft=outgoing.Draft(
            doc_type="QĐ", summary="Quyết định thành lập tổ", drafting_unit=office.commune_office,
            internal=[office.justice],
        ),
        main=text_pdf(tmp_path, "phiên bản đầu tiên về cây xanh"),
        now=MONDAY,
    )  # fmt: skip
    user = office.specialist.user
    assert ids(user, text="cay xanh") == [doc.pk]
    outgoing.new_version(
        doc, actor=user, main=text_pdf(tmp_path, "bản sửa về chiếu sáng công cộng"), now=MONDAY
    )
    assert ids(user, text="cay xanh") == []
    assert ids(user, text="chieu sang cong cong") == [doc.pk]


def test_a_reader_finds_only_what_they_may_read(office, cast):
    doc = received(office, summary="Giấy mời họp giao ban")
    assert ids(office.clerk.user, text="giao ban") == [doc.pk]
    assert ids(office.leader.user, text="giao ban") == [doc.pk]
    # Another commune's specialist, and the commune's own specialist before it is assigned (art. 22.1).
    assert ids(office.outsider.user, text="giao ban") == []
    assert ids(office.specialist.user, text="giao ban") == []
    assert ids(office.outsider.user, number=doc.number_symbol) == []


def test_every_metadata_filter(office):
    a = received(
        office, doc_type="TB", summary="Thông báo lịch tiếp dân", issuer_name="Sở Tài nguyên và Môi trường",
        signer_name="Đặng Văn Đông", urgency="urgent", issued_on=dt.date(2026, 3, 2),
        number_symbol="5/TB-STNMT",
    )  # fmt: skip
    b = received(
        office, summary="Công văn về tiếp dân", issued_on=dt.date(2026, 5, 20), number_symbol="6/UBND"
    )
    user = office.clerk.user
    assert ids(user, doc_type="TB") == [a.pk]
    assert ids(user, issuer="so tai nguyen") == [a.pk]
    assert ids(user, signer="dang van dong") == [a.pk]
    assert ids(user, summary="tiep dan") == [b.pk, a.pk]
    assert ids(user, urgency="urgent") == [a.pk]
    assert ids(user, date_from=dt.date(2026, 4, 1)) == [b.pk]
    assert ids(user, date_to=dt.date(2026, 4, 1)) == [a.pk]
    assert ids(user, direction=Direction.OUTGOING) == []
    assert set(ids(user, status=Status.RECEIVED)) == {a.pk, b.pk}
    from egov.documents import services

    services.register(a, actor=user, now=MONDAY)
    a.refresh_from_db()
    assert ids(user, register=a.register) == [a.pk]
    assert ids(user, status=Status.REGISTERED) == [a.pk]


def test_punctuation_alone_finds_nothing_never_everything(office):
    received(office)
    for typed in ('"', "*", "-", "^", "()", "%", "…"):
        assert ids(office.clerk.user, text=typed) == [], typed


def test_index_command_rebuilds_the_entries(office, tmp_path):
    doc = _receive_text(office, tmp_path, "Quy hoạch vùng nguyên liệu chè")
    SearchEntry.objects.all().delete()
    ExtractedText.objects.all().delete()
    assert ids(office.clerk.user, text="nguyen lieu che") == []
    call_command("index_documents", verbosity=0)
    assert ids(office.clerk.user, text="nguyen lieu che") == [doc.pk]
    assert search_index.reindex_all()[1] == 1


def test_copies_of_an_issued_document_are_found_by_the_receiver(office, ca, agency_certificates):
    from tests.documents.conftest import signed

    doc = signed(office, ca, summary="Quyết định về cải cách hành chính")
    outgoing.issue(doc, actor=office.clerk.user, now=MONDAY)
    copy = doc.deliveries.get()
    assert ids(office.justice_clerk.user, text="cai cach hanh chinh") == [copy.pk]
    assert ids(office.justice_clerk.user, number=doc.number_symbol) == [copy.pk]


def test_plain_draft_without_text_is_found_by_its_metadata(office):
    doc = draft(office, summary="Kế hoạch tổ chức Tết Trồng cây")
    assert ids(office.specialist.user, text="tet trong cay") == [doc.pk]
    assert pdf  # the blank PDF of the fixtures has no words: metadata alone finds it
