"""The slips built from a dossier: which exist when, what they carry, and that each prints (the PDF layouts
themselves are tested with the renderers in test_slips*)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from django.conf import settings

from egov.dossiers import lookup, slipbuild, slips
from egov.dossiers.slips.render import render_pdf
from tests.dossiers.conftest import MONDAY, hours, receive, step
from tests.dossiers.test_slips import page_texts, text


def test_receipt_slip_carries_code_appointment_fees_and_lookup_qr(cast, flows):
    d = receive(cast, flows.simple, fees=[("Lệ phí", 8000)])
    assert [name for name, _ in slipbuild.available(d)] == ["receipt", "control"]
    slip = slipbuild.build(d, "receipt")
    assert isinstance(slip, slips.ReceiptSlip)
    assert slip.dossier.code == d.code and slip.due_at == d.due_at
    assert slip.lookup_url == f"{settings.EGOV_PUBLIC_URL}/tra-cuu/{d.code}/?t={lookup.token_for(d.code)}"
    assert slip.received_by == "Phạm Thu Hà" and slip.channel == "Trực tiếp"
    assert slip.processing_time == "5 ngày làm việc"
    assert slip.fees == (slips.Fee(name="Lệ phí", amount=8000),)
    # A commune's People's Committee heads its own tier: no governing body above its name.
    assert slip.office.name == "UBND xã An Bình" and slip.office.parent_name == ""


def test_control_sheet_follows_the_history(cast, flows):
    d = receive(cast, flows.simple)
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(1.5), handler=cast.specialist.user)
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(3))
    sheet = slipbuild.build(d, "control")
    assert isinstance(sheet, slips.ControlSheet)
    assert [(r.order, r.from_unit, r.to_unit) for r in sheet.rows] == [
        (1, "Tổ chức, cá nhân", "UBND xã An Bình"),
        (2, "UBND xã An Bình", "Phòng Hành chính tư pháp"),
        (3, "Phòng Hành chính tư pháp", "Sở Tư pháp"),
    ]
    assert sheet.rows[0].from_person == "Nguyễn Văn An" and sheet.rows[1].from_person == "Phạm Thu Hà"
    assert sheet.rows[1].to_person == "Đỗ Minh Đức"
    assert sheet.rows[0].timeliness == slips.Timeliness.ON_TIME and sheet.rows[2].timeliness is None
    assert sheet.rows[1].finished_at == MONDAY + hours(3)


def test_event_slips_supplement_apology_stop_refusal(cast, flows):
    d = step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(
        d,
        "request_supplement",
        cast.leader,
        MONDAY + hours(2),
        reason="Bản sao giấy khai sinh\nTờ khai có chữ ký",
    )
    d = step(d, "supplement_received", cast.desk_officer, MONDAY + hours(8))
    new_due = d.due_at + dt.timedelta(days=2)
    d = step(d, "apologise", cast.leader, MONDAY + hours(9), reason="Chờ xác minh", new_due=new_due)
    d = step(d, "stop", cast.leader, MONDAY + hours(10), reason="Người nộp đề nghị dừng")
    names = [name for name, _ in slipbuild.available(d)]
    assert names == ["receipt", "supplement", "apology", "stop", "control"]
    found = dict(slipbuild.available(d))
    supplement = slipbuild.build(d, "supplement", found["supplement"])
    assert [i.content for i in supplement.items] == ["Bản sao giấy khai sinh", "Tờ khai có chữ ký"]
    apology = slipbuild.build(d, "apology", found["apology"])
    assert apology.new_due_at == new_due and apology.reason == "Chờ xác minh"
    # Issued in the Department's name (its office has no seal), signed by its leader (test_slips_signers.py).
    assert apology.office.name == "Sở Tư pháp"
    assert apology.signer.name == "Hoàng Quốc Việt"
    stop = slipbuild.build(d, "stop", found["stop"])
    assert isinstance(stop, slips.StopNotice) and stop.reason == "Người nộp đề nghị dừng"


def test_refusal_at_the_counter_and_no_stop_form_before_2025(cast, flows):
    from egov.dossiers import services
    from tests.dossiers.conftest import APPLICANT

    d = services.submit_online(
        procedure=flows.simple, agency=cast.province.commune_a, applicant=APPLICANT, now=MONDAY
    )
    assert slipbuild.available(d) == []
    d = step(d, "reject", cast.desk_officer, MONDAY + hours(1), reason="Không thuộc thẩm quyền")
    [(name, event)] = slipbuild.available(d)
    refusal = slipbuild.build(d, name, event)
    assert isinstance(refusal, slips.Refusal) and refusal.reasons == ("Không thuộc thẩm quyền",)
    old = receive(cast, flows.simple, now=dt.datetime(2025, 3, 3, 8, tzinfo=MONDAY.tzinfo))
    old = step(old, "forward", cast.desk_officer, dt.datetime(2025, 3, 3, 9, tzinfo=MONDAY.tzinfo))
    old = step(old, "stop", cast.leader, dt.datetime(2025, 3, 3, 10, tzinfo=MONDAY.tzinfo), reason="Dừng")
    assert "stop" not in [name for name, _ in slipbuild.available(old)]


def test_tracking_book_of_a_counter_and_period(cast, flows):
    first = receive(cast, flows.simple)
    first = step(first, "forward", cast.desk_officer, MONDAY + hours(1))
    second = receive(cast, flows.simple, now=MONDAY + hours(2))
    receive(cast, flows.simple, now=MONDAY + dt.timedelta(days=7))  # outside the period
    book = slipbuild.book(cast.province.commune_a, MONDAY.date(), MONDAY.date() + dt.timedelta(days=1))
    assert [r.dossier_code for r in book.rows] == [first.code, second.code]
    assert book.rows[0].transferred_at == MONDAY + hours(1) and book.rows[1].transferred_at is None
    assert book.rows[0].note == "Đang giải quyết"


def test_slip_views_are_scoped(cast, flows, login):
    from django.urls import reverse

    d = receive(cast, flows.simple)
    assert (
        login(cast.commune_b_specialist).get(reverse("dossiers:slip", args=[d.pk, "receipt"])).status_code
        == 404
    )
    assert login(cast.desk_officer).get(reverse("dossiers:slip", args=[d.pk, "stop"])).status_code == 404
    assert login(cast.specialist).get(reverse("dossiers:book")).status_code == 403
    bad = login(cast.desk_officer).get(reverse("dossiers:book") + "?agency=1&start=2026-11-20&end=2026-11-01")
    assert bad.status_code == 400


def test_slip_pdfs(cast, flows, login):
    from django.urls import reverse

    d = receive(cast, flows.simple)
    client = login(cast.desk_officer)
    for kind in ("receipt", "control"):
        response = client.get(reverse("dossiers:slip", args=[d.pk, kind]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    day = MONDAY.date()
    response = client.get(
        reverse("dossiers:book")
        + f"?agency={cast.province.commune_a.pk}&start={day:%Y-%m-%d}&end={day:%Y-%m-%d}"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_every_slip_of_a_dossier_prints(cast, flows, login):
    from django.urls import reverse

    from egov.dossiers import services
    from tests.dossiers.conftest import APPLICANT

    d = step(
        receive(cast, flows.simple, fees=[("Lệ phí", 8000)]), "forward", cast.desk_officer, MONDAY + hours(1)
    )
    d = step(d, "request_supplement", cast.leader, MONDAY + hours(2), reason="Bản sao giấy khai sinh")
    d = step(d, "supplement_received", cast.desk_officer, MONDAY + hours(8))
    d = step(
        d,
        "apologise",
        cast.leader,
        MONDAY + hours(9),
        reason="Chờ xác minh",
        new_due=d.due_at + dt.timedelta(days=2),
    )
    d = step(d, "stop", cast.leader, MONDAY + hours(10), reason="Người nộp đề nghị dừng")
    refused = step(
        receive(cast, flows.simple),
        "refuse",
        cast.desk_officer,
        MONDAY + hours(1),
        reason="Không đủ điều kiện",
    )
    online = services.submit_online(
        procedure=flows.simple, agency=cast.province.commune_a, applicant=APPLICANT, now=MONDAY
    )
    rejected = step(online, "reject", cast.desk_officer, MONDAY + hours(1), reason="Sai thẩm quyền")
    client = login(cast.leader)
    desk = login(cast.desk_officer)
    printed = []
    for dossier, who in ((d, client), (refused, desk), (rejected, desk)):
        for name, event in slipbuild.available(dossier):
            url = reverse("dossiers:slip", args=[dossier.pk, name]) + (f"?event={event.pk}" if event else "")
            response = who.get(url)
            assert response.status_code == 200, (name, response.status_code)
            assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
            printed.append(name)
    assert sorted(set(printed)) == ["apology", "control", "receipt", "refusal", "stop", "supplement"]


@pytest.mark.parametrize("kind", ["receipt", "control"])
def test_the_qr_code_and_the_printed_link_use_the_public_url_and_carry_the_token(
    cast, flows, settings, monkeypatch, kind
):
    settings.EGOV_PUBLIC_URL = "https://dichvucong.hoabinhxanh.gov.vn"
    d = receive(cast, flows.simple)
    encoded: list[str] = []
    make = segno.make

    def spy(content: str, *args: Any, **kw: Any) -> Any:
        encoded.append(content)
        return make(content, *args, **kw)

    monkeypatch.setattr(segno, "make", spy)
    pdf = render_pdf(slipbuild.build(d, kind))
    expected = f"https://dichvucong.hoabinhxanh.gov.vn/tra-cuu/{d.code}/?t={lookup.token_for(d.code)}"
    assert encoded[0] == expected  # the receipt's second code is the rating link (test_receipt_prints_…)
    assert len(encoded) == (2 if kind == "receipt" else 1)
    printed = "".join(text(pdf).split()).replace("\u200b", "")
    assert expected in printed
    # The token in the QR code is what the look-up page takes as the second factor.
    token = parse_qs(urlsplit(encoded[0]).query)["t"][0]
    assert lookup.token_matches(d.code, token) and not lookup.token_matches(d.code + "X", token)


def test_demo_serves_and_prints_the_same_address():
    """`make demo` passes the address it serves on, unless EGOV_PUBLIC_URL is set."""
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "EGOV_PUBLIC_URL" and not k.startswith("MAKE")}
    dry = subprocess.run(
        ["make", "-n", "demo-serve", "HOST=10.1.2.3", "PORT=8123"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "EGOV_PUBLIC_URL=http://10.1.2.3:8123 " in dry and "--bind 10.1.2.3:8123" in dry
    dry = subprocess.run(
        ["make", "-n", "demo-serve", "HOST=10.1.2.3", "PORT=8123"],
        cwd=root,
        env={**env, "EGOV_PUBLIC_URL": "https://dvc.example.gov.vn"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "EGOV_PUBLIC_URL=https://dvc.example.gov.vn " in dry


def test_receipt_prints_the_rating_link_and_its_qr_code_in_the_applicants_copy(
    cast, flows, settings, monkeypatch
):
    """No slip is given when the result is returned, so the receipt's lower part carries "Đánh giá sau khi
    nhận kết quả" with the dossier's rating link (egov.feedback.links) and its QR code, in the applicant's
    copy only. (Ratings by rating forms and online: Decree 118/2025 art. 31.1 as docs/feedback.md summarises
    it; docs/legal-notes do not quote that article.)"""
    from egov.feedback.links import rating_link, token_matches

    settings.EGOV_PUBLIC_URL = "https://dichvucong.hoabinhxanh.gov.vn"
    d = receive(cast, flows.simple)
    encoded: list[str] = []
    make = segno.make

    def spy(content: str, *args: Any, **kw: Any) -> Any:
        encoded.append(content)
        return make(content, *args, **kw)

    monkeypatch.setattr(segno, "make", spy)
    slip = slipbuild.build(d, "receipt")
    assert isinstance(slip, slips.ReceiptSlip) and slip.rating_url == rating_link(d.pk)
    pdf = render_pdf(slip)
    link = rating_link(d.pk)
    assert link.startswith("https://dichvucong.hoabinhxanh.gov.vn/phan-anh/danh-gia/")
    assert encoded[1] == link and token_matches(d.pk, link.rstrip("/").rsplit("/", 1)[1])
    pages = [("".join(p.split())).replace("\u200b", "") for p in page_texts(pdf)]
    applicant, office = pages[0], pages[-1]
    assert "Đánhgiásaukhinhậnkếtquả" in applicant and link in applicant
    assert "Đánhgiásaukhinhậnkếtquả" not in office and link not in office
