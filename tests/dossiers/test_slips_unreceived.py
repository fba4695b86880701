"""Slips of papers that were not received: a dossier code exists only once a dossier is received
(Decree 118/2025/NĐ-CP art. 17.3). Papers guided or refused at the counter without receiving (art. 17.1.c)
print no code line and no "received at" line; an online submission refused or sent back before acceptance
(art. 17.2) prints its submission reference, labelled as such, never as "Mã hồ sơ"; so do its pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.dossiers import guidance, services, slipbuild
from egov.dossiers.slips import render_pdf
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, step
from tests.dossiers.test_slips import text

pytestmark = pytest.mark.django_db

REFERENCE_LABEL = "Mã tham chiếu hồ sơ nộp trực tuyến"


def _guided(cast, flows, outcome: str):
    return guidance.record(
        actor=cast.desk_officer.user,
        agency=cast.province.commune_a,
        procedure=flows.simple,
        outcome=outcome,
        visitor=guidance.Visitor(name="Trần Thị Bình"),
        items="Bản sao giấy khai sinh",
        now=MONDAY,
    )


def _flat(pdf: bytes) -> str:
    return " ".join(text(pdf).split())


@pytest.mark.parametrize("outcome", ["guide", "refuse"])
def test_guidance_slip_prints_no_code_and_no_receipt_time_decree_118_art_17_1_c(cast, flows, outcome):
    body = _flat(guidance.slip_pdf(_guided(cast, flows, outcome)))
    assert "Trần Thị Bình" in body
    for wrong in ("Mã hồ sơ", "Chưa cấp", "tiếp nhận lúc", "Mã tham chiếu"):
        assert wrong not in body, wrong


def _online(cast, flows):
    return services.submit_online(
        procedure=flows.simple, agency=cast.province.commune_a, applicant=APPLICANT, now=MONDAY
    )


def test_refused_online_submission_prints_its_reference_not_a_code_decree_118_art_17_3(cast, flows):
    d = step(_online(cast, flows), "reject", cast.desk_officer, MONDAY + hours(1), reason="Sai thẩm quyền")
    [(name, event)] = slipbuild.available(d)
    slip = slipbuild.build(d, name, event)
    assert (slip.dossier.code, slip.dossier.submission_ref) == ("", d.submission_ref)
    body = _flat(render_pdf(slip))
    assert f"{REFERENCE_LABEL}: {d.submission_ref}" in body
    assert "Mã hồ sơ" not in body


def test_online_submission_sent_back_to_complete_prints_its_reference_and_filing_time_decree_118_art_17_2(
    cast, flows
):
    d = _online(cast, flows)
    d = step(d, "ask_to_complete", cast.desk_officer, MONDAY + hours(1), reason="Tờ khai có chữ ký")
    found = dict(slipbuild.available(d))
    body = _flat(render_pdf(slipbuild.build(d, "supplement", found["supplement"])))
    assert f"{REFERENCE_LABEL}: {d.submission_ref}, nộp lúc 08 giờ 00 phút" in body
    assert "Mã hồ sơ" not in body and "tiếp nhận lúc" not in body


def test_received_dossier_still_prints_its_code_and_receipt_time(cast, flows):
    from tests.dossiers.conftest import receive

    d = step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "request_supplement", cast.leader, MONDAY + hours(2), reason="Bản sao giấy khai sinh")
    found = dict(slipbuild.available(d))
    body = _flat(render_pdf(slipbuild.build(d, "supplement", found["supplement"])))
    assert f"Mã hồ sơ: {d.code}, tiếp nhận lúc" in body and REFERENCE_LABEL not in body


def test_pages_label_a_pending_submission_as_a_reference_decree_118_art_17_3(cast, flows, login):
    d = _online(cast, flows)
    client = login(cast.desk_officer)
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert 'id="code-kind"' in page and d.submission_ref in page
    queue = client.get(reverse("dossiers:queue", args=["to_receive"])).content.decode()
    assert d.submission_ref in queue and "code-kind" in queue
    accepted = step(d, "accept", cast.desk_officer, MONDAY + hours(1))
    page = client.get(reverse("dossiers:detail", args=[accepted.pk])).content.decode()
    assert 'id="code-kind"' not in page and accepted.code in page
