"""The slips as the forms prescribe: form numbers of both circulars, the "Số:" line, the heading, and
tables whose text stays in its columns.

Forms: Circular 01/2018/TT-VPCP, annex (05 control sheet, 06 tracking book) and Circular
03/2025/TT-VPCP, Annex I (05 stop notice, 06 control sheet, 07 tracking book), as listed in
docs/legal-notes/forms-and-codes.md.
Layout: Decree 30/2020/NĐ-CP, Annex I, Part I (II.3 number, II.4 place and date).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import itertools
import re

import pytest
from pypdf.generic import ContentStream

from egov.dossiers.rules import rules_by_version
from egov.dossiers.slips import (
    BookRow,
    ControlSheet,
    Office,
    Paper,
    StepRow,
    Timeliness,
    TrackingBook,
    render_pdf,
)
from tests.dossiers.test_slips import (
    APPLICANT,
    RECEIVED,
    RECEIVED_2024,
    apology,
    book,
    control,
    dossier,
    page_texts,
    read,
    receipt,
    refusal,
    stop,
    supplement,
    text,
)
from tests.pdftext import pdf_text

HOA_BINH_XANH = Office(
    name="Trung tâm Phục vụ hành chính công tỉnh",
    parent_name="Ủy ban nhân dân tỉnh Hòa Bình Xanh",
    locality="Hòa Bình Xanh",
)


# --- form numbers -------------------------------------------------------------------------------


def test_form_numbers_circular_01_2018_annex_control_sheet_05_tracking_book_06():
    rules = rules_by_version("nd61-2018")
    kinds = ("receipt", "supplement", "refusal", "apology", "control", "book")
    assert [rules.slip_form(s) for s in kinds] == [
        "Mẫu số 01",
        "Mẫu số 02",
        "Mẫu số 03",
        "Mẫu số 04",
        "Mẫu số 05",
        "Mẫu số 06",
    ]
    assert rules.slip_form("stop") is None
    old = dossier(RECEIVED_2024)
    # Printed at the top right of the page, as the annex's forms are referred to.
    assert "Mẫu số 05 - Thông tư số 01/2018/TT-VPCP" in text(render_pdf(control(dossier=old)))
    assert "Mẫu số 06 - Thông tư số 01/2018/TT-VPCP" in text(render_pdf(book(start=dt.date(2024, 10, 1))))
    assert "Mẫu số 01 - Thông tư số 01/2018/TT-VPCP" in text(render_pdf(receipt(dossier=old)))


def test_form_numbers_circular_03_2025_annex_i_stop_05_control_sheet_06_tracking_book_07():
    rules = rules_by_version("nd118-2025")
    assert (rules.slip_form("stop"), rules.slip_form("control"), rules.slip_form("book")) == (
        "Mẫu số 05",
        "Mẫu số 06",
        "Mẫu số 07",
    )
    annex = "Thông tư số 03/2025/TT-VPCP, Phụ lục I"
    assert f"Mẫu số 05 - {annex}" in text(render_pdf(stop()))
    assert f"Mẫu số 06 - {annex}" in text(render_pdf(control()))
    assert f"Mẫu số 07 - {annex}" in text(render_pdf(book()))
    assert f"Mẫu số 04 - {annex}" in text(render_pdf(apology()))


# --- the "Số:" line ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [receipt, supplement, refusal, apology, stop],
    ids=["receipt", "supplement", "refusal", "apology", "stop"],
)
def test_numbered_forms_print_their_number_decree_30_annex_i_ii_3(make):
    slip = dataclasses.replace(make(), number="07/ABC-TTPVHCC")
    assert "Số: 07/ABC-TTPVHCC" in text(render_pdf(slip))


@pytest.mark.parametrize("make", [control, book], ids=["control", "book"])
def test_control_sheet_and_tracking_book_have_no_number_line(make):
    assert "Số:" not in text(render_pdf(make()))


def test_place_and_date_line_under_the_motto_decree_30_annex_i_ii_4():
    body = text(render_pdf(receipt(office=HOA_BINH_XANH)))
    assert "Hòa Bình Xanh, ngày 06 tháng 10 năm 2025" in body


# --- where the words land (pdftotext -bbox) ------------------------------------------------------

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.DOTALL
)


def words(pdf: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    """The words of one page with their boxes (text, x0, y0, x1, y1), in points from the top left."""
    out = pdf_text(pdf, "-bbox", "-f", str(page), "-l", str(page))
    return [
        (html.unescape(t).replace("\u200b", ""), float(a), float(b), float(c), float(d))
        for a, b, c, d, t in WORD.findall(out)
    ]


def lines_of(found: list[tuple[str, float, float, float, float]]) -> list[str]:
    rows: dict[int, list[tuple[float, str]]] = {}
    for t, x0, y0, _x1, _y1 in found:
        rows.setdefault(round(y0), []).append((x0, t))
    return [" ".join(t for _, t in sorted(row)) for _, row in sorted(rows.items())]


def _times(m: list[float], n: list[float]) -> list[float]:
    """The PDF matrix product m × n ([a b c d e f])."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def column_rules(pdf: bytes, page: int) -> list[tuple[float, float, float]]:
    """The vertical lines stroked on a page (a table's column borders): (x, top, bottom) from the top left."""
    reader = read(pdf)
    sheet = reader.pages[page - 1]
    height = float(sheet.mediabox.height)
    ctm, saved, paths, found = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], [], []
    for operands, op in ContentStream(sheet.get_contents(), reader).operations:
        if op == b"q":
            saved.append(ctm)
        elif op == b"Q":
            ctm = saved.pop()
        elif op == b"cm":
            ctm = _times([float(x) for x in operands], ctm)
        elif op == b"m":
            paths.append([(float(operands[0]), float(operands[1]))])
        elif op == b"l" and paths:
            paths[-1].append((float(operands[0]), float(operands[1])))
        elif op == b"S":
            for points in paths:
                at = [(x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5]) for x, y in points]
                for (x1, y1), (x2, y2) in itertools.pairwise(at):
                    if abs(x1 - x2) < 0.1 and abs(y1 - y2) > 5:
                        found.append((x1, height - max(y1, y2), height - min(y1, y2)))
            paths = []
        elif op in (b"n", b"f", b"f*", b"B", b"B*", b"b", b"b*"):
            paths = []
    return found


def crossings(pdf: bytes, page: int) -> list[str]:
    """The words that cross a column border: text that ran out of its cell."""
    rules = column_rules(pdf, page)
    assert rules, "no table on the page"
    return [
        t
        for t, x0, y0, x1, y1 in words(pdf, page)
        for x, top, bottom in rules
        if x0 + 0.3 < x < x1 - 0.3 and top < (y0 + y1) / 2 < bottom
    ]


def test_heading_breaks_before_the_unit_and_evenly_never_one_word_alone():
    pdf = render_pdf(receipt(office=HOA_BINH_XANH))
    left = [w for w in words(pdf, 1) if w[3] < 300 and w[2] < 160]
    assert lines_of(left)[:4] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH HÒA BÌNH XANH",
        "TRUNG TÂM PHỤC VỤ",
        "HÀNH CHÍNH CÔNG TỈNH",
    ]


def test_a_short_heading_stays_on_one_line():
    pdf = render_pdf(receipt(office=Office(name="Sở Tư pháp", parent_name="UBND tỉnh Hòa Bình Xanh")))
    left = [w for w in words(pdf, 1) if w[3] < 300 and w[2] < 160]
    assert lines_of(left)[:2] == ["UBND TỈNH HÒA BÌNH XANH", "SỞ TƯ PHÁP"]


PROCEDURES = (
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi (liên thông)",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp",
    "Đăng ký kết hôn",
)
NAMES = (
    "Nguyễn Thị Hồng Nhung",
    "Công ty Trách nhiệm hữu hạn Thương mại và Dịch vụ Vận tải Hòa Bình Xanh",
    "Tôn Nữ Thị Phương Thảo",
)
AGENCIES = ("Sở Xây dựng", "Ủy ban nhân dân phường Bắc Sơn", "Phòng Văn hóa - Xã hội")


def thirty_rows() -> tuple[BookRow, ...]:
    rows = []
    for i in range(30):
        at = RECEIVED + dt.timedelta(hours=3 * i)
        rows.append(
            BookRow(
                dossier_code=f"000.00.31.H99-251006-{i + 1:04d}",
                procedure_name=PROCEDURES[i % 4],
                applicant_name=NAMES[i % 3],
                received_at=at,
                due_at=at + dt.timedelta(days=15),
                applicant_address="Số 123 ngõ 45 đường Nguyễn Văn Linh, thôn Đông Hưng, xã An Bình",
                applicant_phone=f"0912 345 {i + 1:03d}",
                quantity=1 + i % 2,
                handling_agency=AGENCIES[i % 3],
                transferred_at=at + dt.timedelta(hours=1),
                result_received_at=at + dt.timedelta(days=10) if i % 2 else None,
                returned_at=at + dt.timedelta(days=11) if i % 3 == 0 else None,
                note=("Đã trả", "Đang giải quyết", "Chờ bổ sung")[i % 3],
            )
        )
    return tuple(rows)


def test_tracking_book_of_thirty_real_looking_rows_keeps_each_text_in_its_column_and_row_on_a_page():
    slip = TrackingBook(
        office=HOA_BINH_XANH,
        counter_name="Trung tâm Phục vụ hành chính công tỉnh Hòa Bình Xanh",
        period_start=dt.date(2025, 10, 6),
        period_end=dt.date(2025, 10, 12),
        rows=thirty_rows(),
    )
    pdf = render_pdf(slip)
    body = text(pdf)
    for i in range(1, 31):
        assert f"000.00.31.H99-251006-{i:04d}" in body
    pages = page_texts(pdf)
    assert len(pages) >= 2
    for page in range(1, len(pages) + 1):
        assert crossings(pdf, page) == []
    # A row is never split between pages: each code is on the page of its row's last cell (the phone).
    for i in range(1, 31):
        [page] = [n for n, t in enumerate(pages) if f"000.00.31.H99-251006-{i:04d}" in t]
        assert f"0912 345 {i:03d}" in pages[page]


def test_control_sheet_with_long_names_keeps_each_text_in_its_column():
    rows = tuple(
        StepRow(
            order=i + 1,
            from_unit="Trung tâm Phục vụ hành chính công tỉnh Hòa Bình Xanh",
            from_person="Nguyễn Thị Hồng Nhung",
            to_unit="Phòng Quản lý xây dựng và Phát triển đô thị, Sở Xây dựng tỉnh Hòa Bình Xanh",
            to_person="Tôn Nữ Thị Phương Thảo",
            handed_over_at=RECEIVED + dt.timedelta(hours=8 * i),
            due_at=RECEIVED + dt.timedelta(hours=8 * i + 16),
            finished_at=RECEIVED + dt.timedelta(hours=8 * i + 8),
            timeliness=Timeliness.ON_TIME,
            result="Trình Lãnh đạo Sở ký duyệt giấy phép",
            note="Hồ sơ đã được bổ sung bản vẽ móng",
        )
        for i in range(6)
    )
    pdf = render_pdf(ControlSheet(office=HOA_BINH_XANH, dossier=dossier(applicant=APPLICANT), rows=rows))
    assert text(pdf).count("1. Giao: Trung tâm Phục vụ hành chính công tỉnh Hòa Bình Xanh") == 6
    for page in range(1, 3):
        assert crossings(pdf, page) == []


def _long_papers(n: int) -> tuple[Paper, ...]:
    return tuple(
        Paper(f"Giấy tờ số {i}: bản sao giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở", "Bản sao", 1)
        for i in range(1, n + 1)
    )


def test_a_receipt_copy_of_nine_long_papers_keeps_to_its_page():
    """Tightened, then shrunk as a whole (at least 80 %): each copy on its own page, every paper listed."""
    pages = page_texts(render_pdf(receipt(papers=_long_papers(9))))
    assert len(pages) == 2
    assert all(f"Giấy tờ số {i}:" in page for page in pages for i in range(1, 10))
    assert "(tiếp theo)" not in "".join(pages)


def test_a_receipt_copy_on_two_pages_names_its_dossier_and_copy_on_the_second():
    """Too many papers to fit even at 80 %: the copy runs on, and says whose it is on its second page."""
    pages = page_texts(render_pdf(receipt(papers=_long_papers(24))))
    assert len(pages) == 4
    assert pages[1].startswith("Mã hồ sơ: H31.22-251006-0001 - Liên 1: Giao người nộp hồ sơ (tiếp theo)")
    assert pages[3].startswith("Mã hồ sơ: H31.22-251006-0001 - Liên 2: Lưu tại Bộ phận Một cửa (tiếp theo)")
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in pages[1] and "NGƯỜI TIẾP NHẬN HỒ SƠ" in pages[3]
    assert "(tiếp theo)" not in pages[0] + pages[2]
