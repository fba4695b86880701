"""The registers printed in the layout of Decree 30/2020 Appendix IV (ten columns) and the signatures'
visible blocks on an issued document."""

from __future__ import annotations

import io
import os
from pathlib import Path

from pypdf import PdfReader

from egov.documents import files, outgoing, printing, services
from egov.documents.models import Direction
from tests.documents.conftest import MONDAY, received, signed


def _text(data: bytes) -> str:
    """The text without line breaks or spaces: a table cell wraps where its column ends."""
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def _words(value: str) -> str:
    return "".join(value.split())


def _keep(name: str, data: bytes) -> None:
    """EGOV_TEST_OUTPUT=folder keeps the PDFs to look at."""
    folder = os.environ.get("EGOV_TEST_OUTPUT")
    if folder:
        Path(folder, name).write_bytes(data)


def test_incoming_register_prints_the_ten_columns_of_appendix_iv_vi_2(office):
    for n in range(3):
        services.register(
            received(office, summary=f'V/v số {n + 1} #eval("1") ]'), actor=office.clerk.user, now=MONDAY
        )
    data = printing.register_pdf(office.commune, Direction.INCOMING, 2026)
    _keep("so-den.pdf", data)
    text = _text(data)
    assert _words("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN") in text
    assert _words("Từ số 01 đến số 03") in text
    for column in ("Ngày đến", "Số đến", "Tác giả", "Ký nhận", "Ghi chú"):
        assert _words(column) in text
    assert _words('#eval("1") ]') in text  # printed as typed, never read as Typst


def test_outgoing_register_prints_number_symbol_and_recipients_appendix_iv_i_2(
    office, ca, agency_certificates
):
    doc = outgoing.issue(signed(office, ca), actor=office.clerk.user, now=MONDAY)
    _keep("van-ban-di.pdf", files.content(outgoing.latest(doc)))
    data = printing.register_pdf(office.commune, Direction.OUTGOING, 2026)
    _keep("so-di.pdf", data)
    text = _text(data)
    for value in ("01/QĐ-UBND", "Bưu điện tỉnh", "Nguyễn Văn Chủ", "Nơi nhận văn bản"):
        assert _words(value) in text
