"""What looking at the rendered pages fixed (docs/slips.md): the closure notice follows the common header
with its own "Số:" line (Decree 30/2020/NĐ-CP, Annex I, part I, II.3) and says once that no form is
prescribed; the control sheet prints the code once; the body's letters do not claim the body received the
dossier at its counter; the 2025 apology's "V/v" summary breaks between phrases."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.dossiers import slipbuild
from egov.dossiers.slips import render_pdf
from tests.dossiers.conftest import MONDAY, TZ, hours, receive, step
from tests.dossiers.test_slips import text

pytestmark = pytest.mark.django_db


def _flat(pdf: bytes) -> str:
    return " ".join(text(pdf).split())


def test_closure_notice_is_numbered_and_signed_by_the_body_decree_30_2020_annex_i_ii_3(cast, flows):
    d = step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "request_supplement", cast.specialist, MONDAY + hours(3), reason="Tờ khai")
    d = step(d, "close_unsupplemented", cast.desk_officer, dt.datetime(2026, 12, 2, 8, tzinfo=TZ))
    notice = slipbuild.build(d, "closure", dict(slipbuild.available(d))["closure"])
    assert notice.number == "01/TBDHS-UBND"
    body = _flat(render_pdf(notice))
    assert "Số: 01/TBDHS-UBND" in body and body.count("Không có mẫu quy định") == 1
    assert "TM. ỦY BAN NHÂN DÂN" in body and "(Ký, ghi rõ họ tên và đóng dấu)" in body


def test_control_sheet_prints_the_code_once(cast, flows):
    d = receive(cast, flows.simple)
    body = _flat(render_pdf(slipbuild.build(d, "control")))
    assert body.count(d.code) == 1 + body.count("tra-cuu")  # the heading line, and the QR code's address
    assert "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)" in body


def test_the_bodys_letters_do_not_say_it_received_the_dossier(cast, flows):
    d = step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(
        d,
        "apologise",
        cast.leader,
        MONDAY + hours(2),
        reason="Chờ xác minh",
        new_due=d.due_at + dt.timedelta(days=2),
    )
    d = step(d, "stop", cast.leader, MONDAY + hours(3), reason="Người nộp đề nghị dừng")
    found = dict(slipbuild.available(d))
    for name in ("apology", "stop"):
        body = _flat(render_pdf(slipbuild.build(d, name, found[name])))
        assert "Sở Tư pháp tiếp nhận" not in body and f"{d.code}) đã được tiếp nhận" in body, name


def test_a_receipt_without_papers_leaves_rows_to_write_them_in(cast, flows):
    from egov.dossiers.slips import Paper, ReceiptSlip

    d = receive(cast, flows.simple)
    slip = slipbuild.build(d, "receipt")
    assert isinstance(slip, ReceiptSlip) and slip.papers == ()
    lines = text(render_pdf(slip)).split("1. Thành phần hồ sơ nộp gồm:")[1].split("2. Số lượng")[0].split()
    assert lines[-3:] == ["1", "2", "3"]
    listed = render_pdf(ReceiptSlip(**{**slip.__dict__, "papers": (Paper(name="Tờ khai", quantity=1),)}))
    assert text(listed).split("Số lượng")[1].split("2. Số lượng")[0].split()[:3] == ["1", "Tờ", "khai"]


@pytest.mark.parametrize("kind", ["receipt", "control"])
def test_the_printed_lookup_address_stays_inside_the_right_margin(cast, flows, kind):
    """Decree 30/2020/NĐ-CP, Annex I: right margin 15-20 mm; the address under the QR code ran past it."""
    from tests.dossiers.test_slips_forms import words

    pdf = render_pdf(slipbuild.build(receive(cast, flows.simple), kind))
    right_edge = (210 - 15) / 25.4 * 72  # A4, 15 mm right margin, in points
    assert max(x1 for _, _, _, x1, _ in words(pdf, 1)) <= right_edge + 0.5


def test_a_bodys_refusal_puts_its_qr_code_under_the_recipients_not_alone_at_the_foot(cast, flows):
    from tests.dossiers.test_slips_forms import words

    d = step(receive(cast, flows.simple), "refuse", cast.desk_officer, MONDAY + hours(1), reason="Sai")
    found = dict(slipbuild.available(d))
    placed = words(render_pdf(slipbuild.build(d, "refusal", found["refusal"])), 1)
    address = [w for w in placed if "tra-cuu" in w[0]]
    recipients = [w for w in placed if w[0] == "Nơi"]
    assert address and recipients
    # In the recipients' column (left of the signature), below "Nơi nhận:".
    assert max(w[3] for w in address) < 105 / 25.4 * 72 and address[0][2] > recipients[0][2]
