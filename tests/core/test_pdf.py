"""The PDF pipeline (egov.core.pdf): data goes in as inputs and prints literally, whatever it holds."""

from __future__ import annotations

import io

import pypdf
import pytest

from egov.core import pdf

# Typst markup and code a user could type into a name, a reason or a form label.
HOSTILE = [
    '#eval("1 + 1")',
    '#import "../../settings.py": *',
    "] *bold* _emph_ [",
    "$ x^2 $ <label> @ref",
    "\\ #{ panic() } `raw`",
    '")] #{ read("/etc/passwd") } [("',
]


def text(document: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(document))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "echo.typ"
    path.write_text(
        '#set text(font: "Liberation Serif")\n'
        "#let data = json(bytes(sys.inputs.data))\n"
        "#for line in data.lines [#line #parbreak()]\n"
        '#sys.inputs.at("note", default: "")\n',
        encoding="utf-8",
    )
    return path


def test_hostile_text_prints_exactly_as_typed(template):
    printed = text(pdf.render(template, {"lines": HOSTILE}))
    for value in HOSTILE:
        assert " ".join(value.split()) in printed
    assert "2" not in printed.replace("x^2", "")  # #eval("1 + 1") was not evaluated


def test_vietnamese_prints_with_the_shipped_fonts(template):
    document = pdf.render(template, {"lines": ["Nguyễn Thị Hồng Nhung, phường Đông Hưng"]})
    assert "Nguyễn Thị Hồng Nhung, phường Đông Hưng" in text(document)
    fonts = pypdf.PdfReader(io.BytesIO(document)).pages[0]["/Resources"]["/Font"]
    assert all("LiberationSerif" in font.get_object()["/BaseFont"] for font in fonts.values())


def test_named_files_arrive_as_their_own_inputs(template):
    assert "ghi chú" in text(pdf.render(template, {"lines": []}, files={"note": "ghi chú"}))


def test_a_broken_template_raises_pdf_error_with_typst_s_message(tmp_path):
    broken = tmp_path / "broken.typ"
    broken.write_text("#let x = (\n", encoding="utf-8")
    with pytest.raises(pdf.PdfError, match=r"broken\.typ"):
        pdf.render(broken, {})


def test_qr_svg_is_an_svg_that_changes_with_its_text():
    svg = pdf.qr_svg("https://example.vn/tra-cuu/H31")
    assert svg.startswith("<svg") and svg == pdf.qr_svg("https://example.vn/tra-cuu/H31")
    assert svg != pdf.qr_svg("https://example.vn/tra-cuu/H32")
