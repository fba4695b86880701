"""The one-stop slips render as PDFs in their official layouts, with user text printed literally.

Forms: Circular 01/2018/TT-VPCP (forms 01-06) and Circular 03/2025/TT-VPCP Annex I (forms
01-07); layout rules of Decree 30/2020/NĐ-CP. See docs/slips.md.
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pypdf
import pytest

from egov.dossiers.slips import (
    Apology,
    Applicant,
    BookRow,
    ControlSheet,
    DossierRef,
    Fee,
    Office,
    Paper,
    ReceiptSlip,
    Refusal,
    Signer,
    StepRow,
    StopNotice,
    SupplementItem,
    SupplementRequest,
    Timeliness,
    TrackingBook,
    render_pdf,
)
from egov.dossiers.slips.closure import ClosureNotice
from egov.dossiers.slips.registry import LAYOUTS, layout_for
from egov.dossiers.slips.render import context_for, date_line, money, qr_svg, vn_date, vn_datetime

VN = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED = dt.datetime(2025, 10, 6, 9, 15, tzinfo=VN)
RECEIVED_2024 = dt.datetime(2024, 5, 6, 9, 0, tzinfo=VN)
DUE = dt.datetime(2025, 10, 27, 16, 0, tzinfo=VN)
URL = "https://dichvucong.example.gov.vn/tra-cuu?ma=H31.22-251006-0001"

OFFICE = Office(
    name="Trung tâm Phục vụ hành chính công tỉnh",
    parent_name="Ủy ban nhân dân\ntỉnh Hưng Yên",
    locality="Hưng Yên",
)
APPLICANT = Applicant(
    name="Nguyễn Thị Hồng Nhung",
    id_number="033190001234",
    address="Thôn Đông, xã Tiên Lữ, tỉnh Hưng Yên",
    phone="0912 345 678",
    email="nhung@example.vn",
)
SIGNER = Signer("Phạm Quốc Hùng", "Phó Giám đốc", "KT. Giám đốc")


def dossier(received: dt.datetime = RECEIVED, applicant: Applicant = APPLICANT, **kw) -> DossierRef:
    return DossierRef(
        code=kw.pop("code", "H31.22-251006-0001"),
        procedure_name=kw.pop("procedure_name", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
        received_at=received,
        applicant=applicant,
        due_at=DUE,
        **kw,
    )


def receipt(**kw) -> ReceiptSlip:
    return ReceiptSlip(
        office=kw.pop("office", OFFICE),
        dossier=kw.pop("dossier", dossier()),
        received_by="Trần Văn Bình",
        papers=kw.pop(
            "papers",
            (
                Paper("Đơn đề nghị cấp giấy phép xây dựng", "Bản chính", 1),
                Paper("Giấy chứng nhận quyền sử dụng đất", "Bản sao có chứng thực", 1),
            ),
        ),
        due_at=DUE,
        processing_time="15 ngày làm việc",
        return_place="Quầy số 5",
        channel="Trực tiếp",
        lookup_url=kw.pop("lookup_url", URL),
        fees=(Fee("Lệ phí cấp giấy phép xây dựng", 75000),),
        **kw,
    )


def supplement(**kw) -> SupplementRequest:
    return SupplementRequest(
        office=OFFICE,
        dossier=kw.pop("dossier", dossier()),
        items=kw.pop("items", (SupplementItem("Bản vẽ mặt bằng móng", "Hồ sơ chưa có bản vẽ móng"),)),
        officer="Trần Văn Bình",
        issued_at=RECEIVED + dt.timedelta(days=2),
        contact_person="bà Lê Thu Hà",
        contact_phone="0221 3555 777",
        lookup_url=URL,
    )


def refusal(**kw) -> Refusal:
    return Refusal(
        office=OFFICE,
        dossier=kw.pop("dossier", dossier()),
        reasons=kw.pop("reasons", ("Thửa đất nằm trong hành lang bảo vệ công trình thủy lợi.",)),
        officer="Trần Văn Bình",
        issued_at=RECEIVED,
    )


def apology(received: dt.datetime = RECEIVED, **kw) -> Apology:
    return Apology(
        office=OFFICE,
        dossier=kw.pop("dossier", dossier(received)),
        old_due_at=received + dt.timedelta(days=21),
        new_due_at=received + dt.timedelta(days=28),
        reason=kw.pop("reason", "Cần lấy ý kiến của Sở Xây dựng."),
        signer=SIGNER,
        issued_at=received + dt.timedelta(days=21),
        number="125/TTPVHCC-TNHS",
    )


def stop(**kw) -> StopNotice:
    return StopNotice(
        office=OFFICE,
        dossier=kw.pop("dossier", dossier()),
        reason=kw.pop("reason", "Ông/Bà có đơn đề nghị dừng giải quyết hồ sơ."),
        signer=SIGNER,
        issued_at=kw.pop("issued_at", RECEIVED + dt.timedelta(days=7)),
        legal_basis="Nghị định số 118/2025/NĐ-CP",
        number="130/TB-TTPVHCC",
    )


def closure(**kw) -> ClosureNotice:
    return ClosureNotice(
        office=OFFICE,
        dossier=kw.pop("dossier", dossier()),
        notice_at=RECEIVED + dt.timedelta(days=2),
        missing=("Bản sao giấy khai sinh",),
        period_days=15,
        signer=SIGNER,
        issued_at=RECEIVED + dt.timedelta(days=18),
    )


def step_rows(n: int) -> tuple[StepRow, ...]:
    kinds = [Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE]
    return tuple(
        StepRow(
            order=i + 1,
            from_unit=f"Đơn vị giao {i + 1}",
            from_person=f"Người giao {i + 1}",
            to_unit=f"Đơn vị nhận {i + 1}",
            to_person=f"Người nhận {i + 1}",
            handed_over_at=RECEIVED + dt.timedelta(hours=8 * i),
            due_at=RECEIVED + dt.timedelta(hours=8 * i + 16),
            finished_at=RECEIVED + dt.timedelta(hours=8 * i + 8),
            timeliness=kinds[i % 3],
        )
        for i in range(n)
    )


def control(n: int = 3, **kw) -> ControlSheet:
    return ControlSheet(
        office=OFFICE, dossier=kw.pop("dossier", dossier()), rows=step_rows(n), lookup_url=URL
    )


def book(n: int = 5, start: dt.date = dt.date(2025, 10, 1)) -> TrackingBook:
    rows = tuple(
        BookRow(
            dossier_code=f"H31.22-251006-{i:04d}",
            procedure_name="Đăng ký khai sinh",
            applicant_name=f"Công dân số {i}",
            received_at=RECEIVED + dt.timedelta(minutes=i),
            due_at=DUE,
            handling_agency="UBND xã Tiên Lữ",
            returned_at=DUE if i % 2 else None,
            note="Đã trả" if i % 2 else "Đang giải quyết",
        )
        for i in range(1, n + 1)
    )
    return TrackingBook(
        office=OFFICE,
        counter_name="Quầy số 5",
        period_start=start,
        period_end=start + dt.timedelta(days=30),
        rows=rows,
    )


def read(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with whitespace collapsed, so wrapped lines still match.

    The zero-width spaces the templates put after the hyphens of a code (so it may wrap there) are
    dropped, and so is the space a wrap leaves after such a hyphen: "H31.22-251006-0001" reads whole.
    """
    texts = (" ".join((page.extract_text() or "").split()) for page in read(pdf).pages)
    return [t.replace("\u200b ", "").replace("\u200b", "") for t in texts]


def text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in read(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


ALL = {
    "receipt": (receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "01"),
    "supplement": (supplement, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "02"),
    "refusal": (refusal, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "03"),
    "apology": (apology, "V/v xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ", "04"),
    "stop": (stop, "THÔNG BÁO Về việc dừng giải quyết hồ sơ", "05"),
    "control": (control, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "06"),
    "book": (book, "SỔ THEO DÕI HỒ SƠ", "07"),
}


@pytest.mark.parametrize("name", ALL)
def test_each_slip_is_a_pdf_with_the_heading_and_its_vietnamese_text(name):
    make, title, form = ALL[name]
    pdf = render_pdf(make())
    assert len(pdf) > 5_000
    body = text(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body
    assert "Độc lập - Tự do - Hạnh phúc" in body
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH" in body
    assert "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" in body  # the governing body, upper case
    assert title in body
    # The form number and circular travel in the PDF's metadata.
    assert read(pdf).metadata["/Keywords"] == f"Mẫu số {form} - Thông tư số 03/2025/TT-VPCP, Phụ lục I"


@pytest.mark.parametrize("name", ALL)
def test_every_glyph_comes_from_the_shipped_times_compatible_font(name):
    # Had a Vietnamese letter been missing, Typst would have fallen back to another font.
    pdf = render_pdf(ALL[name][0]())
    assert fonts(pdf) <= {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }


def test_receipt_carries_dossier_applicant_papers_times_and_fees():
    pdf = render_pdf(receipt(sets=2))
    pages = page_texts(pdf)
    assert len(pages) == 2  # two copies (liên), one page each
    assert "Liên 1: Giao người nộp hồ sơ" in pages[0]
    assert "Liên 2: Lưu tại Bộ phận Một cửa" in pages[1]
    for page in pages:
        for expected in (
            "Mã hồ sơ: H31.22-251006-0001",
            "Bộ phận Một cửa: Trung tâm Phục vụ hành chính công tỉnh",
            "Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung",
            "Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "Giấy chứng nhận quyền sử dụng đất",
            "Bản sao có chứng thực",
            "Số lượng hồ sơ: 02 (bộ)",
            "Thời gian giải quyết hồ sơ theo quy định là: 15 ngày làm việc",
            "Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 06 tháng 10 năm 2025",
            "16 giờ 00 phút, ngày 27 tháng 10 năm 2025",
            "Lệ phí cấp giấy phép xây dựng: 75.000 đồng",
            "Hưng Yên, ngày 06 tháng 10 năm 2025",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Trần Văn Bình",
        ):
            assert expected in page, expected


def test_receipt_prints_the_lookup_address_under_its_qr_code_only_when_there_is_one():
    assert "tra-cuu?ma=H31.22-251006-0001" in text(render_pdf(receipt())).replace(" ", "").replace(
        "\u200b", ""
    )  # the address may wrap at "/" and "-"
    assert "tra-cuu" not in text(render_pdf(receipt(lookup_url="")))


def test_qr_code_is_an_svg_of_the_lookup_address():
    svg = qr_svg(URL)
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert qr_svg(URL) == svg and qr_svg(URL + "x") != svg


def test_supplement_lists_items_with_reasons_and_the_contact():
    body = text(render_pdf(supplement()))
    assert "1. Bản vẽ mặt bằng móng" in body
    assert "Lý do: Hồ sơ chưa có bản vẽ móng" in body
    assert "liên hệ với bà Lê Thu Hà, số điện thoại 0221 3555 777" in body
    assert "NGƯỜI HƯỚNG DẪN" in body


def test_refusal_states_every_reason():
    body = text(render_pdf(refusal(reasons=("Lý do thứ nhất.", "Lý do thứ hai."))))
    assert "thông báo không tiếp nhận, giải quyết hồ sơ này" in body
    assert "1. Lý do thứ nhất." in body and "2. Lý do thứ hai." in body


def test_apology_2025_asks_for_an_extension_with_the_new_date_and_is_signed_by_the_head():
    body = text(render_pdf(apology()))
    assert "Số: 125/TTPVHCC-TNHS" in body
    assert "Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung" in body
    assert "Ngày 06 tháng 10 năm 2025," in body
    assert "đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ" in body
    assert "09 giờ 15 phút, ngày 03 tháng 11 năm 2025" in body  # received + 28 days
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in body and "Phạm Quốc Hùng" in body


def test_a_dossier_received_under_circular_01_2018_prints_in_its_layout():
    pdf = render_pdf(apology(RECEIVED_2024))
    body = text(pdf)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in body
    assert "sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào 09 giờ 00 phút, ngày 03 tháng 6 năm 2024" in body
    assert read(pdf).metadata["/Keywords"] == "Mẫu số 04 - Thông tư số 01/2018/TT-VPCP"

    old_receipt = text(render_pdf(receipt(dossier=dossier(RECEIVED_2024))))
    assert "Bộ phận tiếp nhận và trả kết quả: Trung tâm" in old_receipt
    assert "Bộ phận Một cửa" not in old_receipt

    old_book = render_pdf(book(start=dt.date(2024, 10, 1)))
    assert read(old_book).metadata["/Keywords"] == "Mẫu số 06 - Thông tư số 01/2018/TT-VPCP"


def test_the_layout_can_be_forced_to_a_date():
    pdf = render_pdf(apology(), on=dt.date(2025, 9, 14))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text(pdf)


def test_registry_picks_the_version_in_force():
    assert layout_for(ReceiptSlip, dt.date(2025, 9, 14)).source == "Thông tư số 01/2018/TT-VPCP"
    assert layout_for(ReceiptSlip, dt.date(2025, 9, 15)).source.startswith("Thông tư số 03/2025/TT-VPCP")
    assert layout_for(TrackingBook, dt.date(2024, 1, 1)).form_number == "06"
    assert layout_for(TrackingBook, dt.date(2026, 1, 1)).form_number == "07"
    # The stop notice exists only in Circular 03/2025: earlier dates get that form.
    assert layout_for(StopNotice, dt.date(2024, 1, 1)).form_number == "05"
    assert layout_for(StopNotice, dt.date(2024, 1, 1)).effective_from == dt.date(2025, 9, 15)
    with pytest.raises(LookupError):
        layout_for(int, dt.date(2025, 1, 1))


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda lay: f"{lay.kind.__name__}-{lay.form_number}")
def test_every_registered_layout_renders(layout):
    make = {
        ReceiptSlip: receipt,
        SupplementRequest: supplement,
        Refusal: refusal,
        Apology: apology,
        StopNotice: stop,
        ControlSheet: control,
        TrackingBook: book,
        ClosureNotice: closure,
    }[layout.kind]
    pdf = render_pdf(make(), on=layout.effective_from)
    assert read(pdf).metadata["/Title"] == layout.form_name
    assert read(pdf).metadata["/Keywords"] == layout.citation


def test_stop_notice_gives_basis_and_reason():
    body = text(render_pdf(stop()))
    assert "Căn cứ Nghị định số 118/2025/NĐ-CP," in body
    assert "thông báo dừng giải quyết hồ sơ nêu trên" in body
    assert "Lý do: Ông/Bà có đơn đề nghị dừng giải quyết hồ sơ." in body


def test_control_sheet_with_twelve_hand_overs_spans_pages_and_repeats_its_header():
    pdf = render_pdf(control(12))
    pages = page_texts(pdf)
    assert len([page for page in pages if "1. Giao:" in page]) >= 2
    # The table's header on every page that carries rows of it.
    assert all("THỜI GIAN GIAO, NHẬN HỒ SƠ" in page for page in pages if "1. Giao:" in page)
    body = " ".join(pages)
    for i in range(1, 13):
        assert f"1. Giao: Đơn vị giao {i} 2. Nhận: Đơn vị nhận {i}" in body
        assert f"Người giao {i}" in body and f"Người nhận {i}" in body
    assert body.count("Trước hạn") >= 4 and body.count("Đúng hạn") >= 4 and body.count("Quá hạn") >= 4
    assert pages[1].startswith("2 ")  # page number, top centre, from page two


def test_tracking_book_with_200_rows_keeps_every_row_in_order():
    pdf = render_pdf(book(200))
    pages = page_texts(pdf)
    assert len(pages) > 5
    assert all("Tên thủ tục hành chính" in page for page in pages)  # header on every page
    body = " ".join(pages)
    positions = [body.index(f"H31.22-251006-{i:04d}") for i in range(1, 201)]
    assert positions == sorted(positions)
    assert "Từ ngày 01/10/2025 đến ngày 31/10/2025" in body
    assert read(pdf).pages[0].mediabox.width > read(pdf).pages[0].mediabox.height  # landscape


HOSTILE = [
    "Nguyễn \"Văn\" 'A'",
    r"C:\temp\new \\ back\slash",
    '#set page(width: 1cm) #panic("boom")',
    "$x^2$ và *đậm* _nghiêng_ `mã`",
    "[link](x) <nhãn> @tham-chieu = Đề mục",
    "- gạch đầu dòng + liệt kê / 1. số",
    "// chú thích /* khối */ ~ ---",
    '")] #{ import "x.typ": * } [(',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_printed_literally_in_every_slip(value):
    applicant = Applicant(name=value, address=value, phone=value, email=value)
    d = dossier(applicant=applicant, procedure_name=value, code="HS-" + value)
    slips = [
        receipt(dossier=d, papers=(Paper(value, value, 1),)),
        supplement(dossier=d, items=(SupplementItem(value, value),)),
        refusal(dossier=d, reasons=(value,)),
        apology(dossier=d, reason=value),
        stop(dossier=d, reason=value),
        control(dossier=d),
    ]
    expected = " ".join(value.split())
    for slip in slips:
        assert expected in text(render_pdf(slip)), type(slip).__name__


def test_very_long_names_wrap_instead_of_failing():
    name = "Công ty trách nhiệm hữu hạn một thành viên " * 12
    long_word = "A" * 300
    slip = receipt(dossier=dossier(applicant=Applicant(name=name + long_word), procedure_name=name))
    pdf = render_pdf(slip)
    assert " ".join(name.split()) in text(pdf)
    assert long_word in text(pdf).replace(" ", "")  # cut into boxes so it wraps, every letter kept
    assert len(read(pdf).pages) >= 2


def test_naive_and_foreign_times_print_in_vietnam_time():
    utc = dt.datetime(2025, 10, 5, 20, 30, tzinfo=dt.UTC)
    assert vn_datetime(utc) == "03 giờ 30 phút, ngày 06 tháng 10 năm 2025"
    assert vn_datetime(dt.datetime(2025, 10, 6, 3, 30)) == "03 giờ 30 phút, ngày 06 tháng 10 năm 2025"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Decree 30/2020/NĐ-CP, Annex I: a leading zero for days below 10 and for months 1 and 2.
        (dt.date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
        (dt.date(2025, 1, 15), "ngày 15 tháng 01 năm 2025"),
        (dt.date(2025, 3, 5), "ngày 05 tháng 3 năm 2025"),
        (dt.date(2025, 9, 15), "ngày 15 tháng 9 năm 2025"),
        (dt.date(2025, 12, 1), "ngày 01 tháng 12 năm 2025"),
    ],
)
def test_dates_follow_decree_30(day, expected):
    assert vn_date(day) == expected


def test_date_line_and_money():
    assert date_line(OFFICE, dt.date(2025, 9, 2)) == "Hưng Yên, ngày 02 tháng 9 năm 2025"
    assert date_line(Office(name="X"), dt.date(2025, 9, 2)) == "Ngày 02 tháng 9 năm 2025"
    assert money(1_250_000) == "1.250.000 đồng"
    assert money(0) == "0 đồng"


def test_context_is_plain_json_strings():
    layout, ctx = context_for(receipt())
    assert layout.template == "receipt.typ"
    assert ctx["applicant"]["name"] == "Nguyễn Thị Hồng Nhung"
    assert ctx["papers"][0] == {
        "name": "Đơn đề nghị cấp giấy phép xây dựng",
        "copy_kind": "Bản chính",
        "quantity": "1",
    }


def test_anything_else_is_refused():
    with pytest.raises(TypeError):
        render_pdf(OFFICE)  # type: ignore[arg-type]


def test_receipt_prints_the_keypad_number_for_the_telephone_line_on_one_page_per_copy():
    pdf = render_pdf(receipt(keypad_number="12344", ivr_phone="0218 3 123 456"))
    pages = page_texts(pdf)
    assert len(pages) == 2
    for page in pages:
        assert "Tra cứu qua điện thoại (0218 3 123 456): bấm 12344 rồi phím #" in " ".join(page.split())
    assert "Tra cứu qua điện thoại" not in text(render_pdf(receipt()))
