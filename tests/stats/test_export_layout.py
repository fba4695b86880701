"""The exports as a person reads them (a browser review of the statistics exports): the PDF's tables with
columns wide enough for their headers and headed by what they list, the comparison heading written once,
numbers written as the web page writes them, a section heading never left alone at the bottom of a page, a
file poppler reads without complaint; the xlsx's comparison block with its column headers. Built from
hand-made reports: no database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from egov.stats import exports
from egov.stats.periods import last_days
from egov.stats.report import Report, Row
from egov.stats.selectors import Figures
from egov.stats.views.common import timeliness_chart

POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdfinfo) not installed")


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _row(key: int, name: str, kind: str = "agency", **counts: int) -> Row:
    figures = Figures()
    figures.counts.update(counts)
    return Row(key, name, figures, Figures(counts={"overdue": counts.get("overdue", 0)}), kind=kind)


def _report(procedures: int = 12, fields: int = 9) -> Report:
    period = last_days(dt.date(2026, 12, 6))
    total = _row(0, "Tổng cộng", "total", received=1234, early=29, on_time=20, late=34, refused=4, overdue=16)
    last_year = _row(0, "Tổng cộng", "total", received=2, early=1, on_time=3, late=0, refused=5)
    return Report(
        period=period,
        previous=period.previous_year(),
        agency_ids=[1, 2],
        procedure_ids=None,
        total=total,
        last_year=last_year,
        by_agency=[
            _row(1, "Ủy ban nhân dân xã An Bình", received=26, early=3, on_time=2, late=3),
            _row(2, "Trung tâm Phục vụ hành chính công xã An Bình", received=0, overdue=9),
        ],
        by_field=[_row(10 + i, f"Lĩnh vực số {i}", "field", received=i) for i in range(fields)],
        by_procedure=[
            _row(100 + i, f"Thủ tục đăng ký số {i} cho hộ kinh doanh cá thể", "procedure", received=i)
            for i in range(procedures)
        ],
        made_at=dt.datetime(2026, 12, 6, 1, 50, tzinfo=dt.UTC),
    )


def _pdf(r: Report) -> bytes:
    return exports.pdf_bytes(r, timeliness_chart(r))


def _data(r: Report, monkeypatch) -> dict[str, Any]:
    """What the PDF's template is given."""
    seen: dict[str, Any] = {}
    monkeypatch.setattr(exports, "render", lambda template, data, files: seen.update(data) or b"%PDF")
    exports.pdf_bytes(r, "<svg/>")
    return seen


def _words(pdf: bytes, tmp_path: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Every word of the PDF: (page, xMin, yMin, xMax, yMax, text), from pdftotext -bbox."""
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    out = []
    for page, body in enumerate(html.split("<page ")[1:], start=1):
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body
        ):
            out.append((page, *(float(v) for v in m.groups()[:4]), m.group(5)))
    return out


def _lines(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """The text lines of each page."""
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]


# ---- PDF ------------------------------------------------------------------------------------------------


def test_the_comparison_heading_is_written_once(monkeypatch):
    r = _report()
    heading = _data(r, monkeypatch)["trend_heading"]
    assert heading == "So với cùng kỳ năm trước (07/11/2025–06/12/2025)"


def test_each_table_is_headed_by_what_it_lists(monkeypatch):
    data = _data(_report(), monkeypatch)
    firsts = [s["first"] for s in data["sections"]]
    assert firsts == ["", "Cơ quan", "Lĩnh vực", "Thủ tục"]
    assert data["trend_first"] == "Chỉ tiêu"
    assert "Tên" not in firsts


def test_the_counter_view_heads_its_tables_too(monkeypatch):
    r = dataclasses.replace(_report(), view="counter")
    firsts = [s["first"] for s in _data(r, monkeypatch)["sections"]]
    assert firsts == ["", "Bộ phận Một cửa", "Cơ quan giải quyết", "Lĩnh vực", "Thủ tục"]


def test_numbers_are_written_as_the_web_page_writes_them(monkeypatch):
    data = _data(_report(), monkeypatch)
    received = next(t for t in data["trend"] if t["name"] == "Được tiếp nhận")
    # 1234 against 2: +61600 %, with the decimal comma; the count as `intcomma` writes it (Django's
    # Vietnamese format groups no digits: "1234").
    assert received["values"] == [intcomma(1234), "2", "+61600,0"]
    refused = next(t for t in data["trend"] if t["name"] == "Từ chối giải quyết")
    assert refused["values"][2] == "-20,0"
    on_time = next(t for t in data["trend"] if t["name"] == "Đúng hạn")
    assert on_time["values"][2] == "+566,7"
    late = next(t for t in data["trend"] if t["name"] == "Quá hạn")
    assert late["values"][2] == "—"  # none a year earlier
    assert data["sections"][0]["rows"][0]["values"][0] == intcomma(1234)
    assert data["trend_headers"][2] == "Tăng/giảm (%)"


@needs_poppler
def test_the_comparison_headers_stay_in_their_cells(tmp_path):
    """No word of page 1 lies over another (the date headers spilled over the cell borders), and the
    comparison's first column is not the page's whole width."""
    words = [w for w in _words(_pdf(_report()), tmp_path) if w[0] == 1]
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            overlap_x = min(a[3], b[3]) - max(a[1], b[1])
            overlap_y = min(a[4], b[4]) - max(a[2], b[2])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)
    # The period's header: at most three lines.
    first = next(w for w in words if w[5] == "Chỉ")  # "Chỉ tiêu", the first column's header
    header = [w for w in words if first[2] - 1 < w[2] < first[2] + 40 and w[1] > first[3] and "2026" in w[5]]
    assert header and len({round(w[2]) for w in header}) <= 3
    # The first value column starts within the page's left third.
    width = 841.89
    period_header = min(w[1] for w in words if abs(w[2] - first[2]) < 2 and w[1] > first[3])
    assert period_header < width / 3


@needs_poppler
@pytest.mark.parametrize("fields", range(0, 30, 3))
def test_a_section_heading_starts_on_the_page_of_its_table(tmp_path, fields):
    """However long the tables before it, a section heading is never the last line of a page."""
    headings = {"Tổng cộng", "Theo cơ quan", "Theo lĩnh vực", "Theo thủ tục (nhiều hồ sơ nhất)"}
    pages = _lines(_pdf(_report(procedures=30, fields=fields)), tmp_path)
    for number, page in enumerate(pages, start=1):
        if page:
            assert page[-1] not in headings, (number, page[-3:])


@needs_poppler
def test_poppler_reads_the_pdf_without_complaint(tmp_path):
    """Typst marks the file tagged with `/MarkInfo << /Marked true /Suspects false >>`; poppler up to 25.x
    reports any Suspects but `true` as "Suspects object is wrong type (boolean)". False is the key's
    default, so the file says the same without it."""
    path = tmp_path / "r.pdf"
    path.write_bytes(_pdf(_report()))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert info.stderr == ""
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M)
    shown = subprocess.run(
        ["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stderr == ""


def test_the_pdf_still_parses_after_the_mark_info_is_trimmed():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(_pdf(_report())), strict=True)
    mark = reader.trailer["/Root"]["/MarkInfo"]
    assert mark["/Marked"] is True or mark["/Marked"] == True  # noqa: E712
    assert "/Suspects" not in mark
    assert "Tổng cộng" in reader.pages[0].extract_text()


# ---- xlsx -----------------------------------------------------------------------------------------------


def _sheet_rows(r: Report) -> list[list[Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(r))).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_xlsx_comparison_block_has_its_column_headers():
    r = _report()
    rows = _sheet_rows(r)
    title = next(i for i, row in enumerate(rows) if str(row[0]).startswith("So với"))
    assert rows[title][0] == "So với cùng kỳ năm trước (07/11/2025–06/12/2025)"
    header = [v for v in rows[title + 1] if v is not None]
    assert header == [
        "Chỉ tiêu",
        str(r.period.label),
        str(r.previous.label),
        "Tăng/giảm (%)",
    ]
    received = rows[title + 2]
    assert received[:4] == ["Được tiếp nhận", 1234, 2, 61600.0]
    # Nothing titles this period's figures as last year's.
    assert not any(row[0] == "Cùng kỳ năm trước" for row in rows)


def test_the_xlsx_tables_are_headed_by_what_they_list():
    rows = _sheet_rows(_report())
    firsts = [rows[i + 1][0] for i, row in enumerate(rows) if row[0] in {"Theo cơ quan", "Theo lĩnh vực"}]
    assert firsts == ["Cơ quan", "Lĩnh vực"]
    assert not any(row[0] == "Tên" for row in rows)
