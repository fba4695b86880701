"""One dossier as its applicant sees it: status in plain words, the timeline in plain Vietnamese with what
officers wrote for the applicant (and nothing they wrote for each other), what is asked now with its
deadline, the refusal's reason at once, the fees with the payment link, the result to download."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from egov.dossiers.models import Attachment, DossierFee
from tests.dossiers.conftest import MONDAY, hours, step
from tests.portal.conftest import file_online
from tests.portal.helpers import processing, resolved, supplement_asked

pytestmark = pytest.mark.django_db


def _page(client, user, d) -> str:
    client.force_login(user)
    response = client.get(reverse("portal:detail", args=[d.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_timeline_in_plain_vietnamese_without_internal_names_or_notes(client, cast, flows, people):
    d = processing(cast, flows, people.owner)
    d = step(
        d, "submit_for_approval", cast.specialist, MONDAY + hours(4), comment="Ghi chú nội bộ: xem lại điểm 3"
    )
    d = step(d, "send_back", cast.leader, MONDAY + hours(5), reason="Dự thảo sai căn cứ pháp lý")
    page = _page(client, people.owner, d)
    timeline = page[page.index('id="timeline"') :]
    for label in ("Mới đăng ký", "Tiếp nhận hồ sơ trực tuyến", "Chuyển bước tiếp theo", "Trình phê duyệt"):
        assert label in timeline, label
    # No action code, no assignment, no note or reason officers wrote for each other.
    for internal in ("submit_for_approval", "forward", "Phân công xử lý", "Ghi chú nội bộ", "sai căn cứ"):
        assert internal not in timeline, internal


def test_the_supplement_request_its_text_and_its_deadline_decree_118_art_19_5(client, cast, flows, people):
    """Asked on Monday 16/11/2026: the applicant has 15 days from the day after the notice, until the end of
    01/12/2026 (limits.closable_from, rules supplement.close_after_days)."""
    d = supplement_asked(cast, flows, people.owner)
    page = _page(client, people.owner, d)
    assert "Thiếu bản sao Giấy khai sinh" in page[page.index('id="ask-reason"') :]
    assert "01/12/2026" in page[page.index('id="ask-deadline"') :]
    assert 'id="supplement-form"' in page


def test_the_refusal_reason_is_shown_at_once(client, cast, flows, people):
    d = processing(cast, flows, people.owner)
    d = step(d, "refuse", cast.specialist, MONDAY + hours(4), reason="Người yêu cầu không có quan hệ hộ tịch")
    page = _page(client, people.owner, d)
    assert "Bị từ chối giải quyết" in page
    assert "Người yêu cầu không có quan hệ hộ tịch" in page[page.index('id="ask-reason"') :]
    # A refusal is shown as bad news, not in the finished dossiers' green.
    badge = page[page.rindex("<span", 0, page.index('id="plain-status"')) : page.index('id="plain-status"')]
    assert "outcome-refused" in badge


def test_a_submission_not_accepted_shows_its_reference_and_the_counters_reason(client, cast, flows, people):
    d = file_online(cast, flows.simple, people.owner)
    d = step(d, "reject", cast.desk_officer, MONDAY + hours(1), reason="Không thuộc thẩm quyền của xã")
    page = _page(client, people.owner, d)
    assert "Mã tham chiếu hồ sơ nộp trực tuyến" in page and d.code in page
    assert "Không thuộc thẩm quyền của xã" in page[page.index('id="ask-reason"') :]


def test_fees_with_their_payment_state_and_the_pay_link_once_payments_names_it(client, cast, flows, people):
    d = file_online(cast, flows.simple, people.owner, fees=[("Lệ phí cấp bản sao", 8000)])
    page = _page(client, people.owner, d)
    assert "Lệ phí cấp bản sao" in page and "8.000\xa0đ" in page and "chưa nộp" in page
    try:
        pay_url = reverse("payments:pay", args=[d.pk])
    except NoReverseMatch:
        assert 'id="pay-link"' not in page  # the payments app names the page on its own branch
    else:
        assert pay_url in page
    DossierFee.objects.filter(dossier=d).update(paid_at=MONDAY + hours(2))
    page = _page(client, people.owner, d)
    assert "đã nộp" in page and 'id="pay-link"' not in page


def test_the_result_is_listed_and_downloaded_by_the_owner(client, cast, flows, people):
    d = resolved(cast, flows, people.owner)
    result = d.attachments.get(kind=Attachment.Kind.RESULT)
    page = _page(client, people.owner, d)
    url = reverse("portal:download", args=[d.pk, result.pk])
    assert url in page and "Đã có kết quả, chờ bạn nhận" in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ket-qua.pdf"
    assert "attachment" in response["Content-Disposition"]


def test_no_result_is_offered_before_it_is_ready(client, cast, flows, people):
    """The approval step carries the result file; before it, or during a correction, nothing is offered."""
    d = supplement_asked(cast, flows, people.owner)
    page = _page(client, people.owner, d)
    assert 'id="results"' not in page


def test_a_dossier_ended_without_a_result_asks_for_no_payment(client, cast, flows, people):
    d = file_online(cast, flows.simple, people.owner, fees=[("Lệ phí cấp bản sao", 8000)])
    d = step(d, "withdraw", cast.desk_officer, MONDAY + hours(1), reason="Đơn rút hồ sơ")
    page = _page(client, people.owner, d)
    assert "Lệ phí cấp bản sao" in page  # still listed, as a record
    assert "chưa nộp" not in page and 'id="pay-link"' not in page and 'id="due-at"' not in page
    assert "khi nhận kết quả" not in page  # nor to pay at the counter


def test_an_overdue_dossier_is_marked_late_in_the_list(client, cast, flows, people):
    late = processing(cast, flows, people.owner)  # due five working days after Monday 16/11/2026
    on_time = processing(cast, flows, people.owner, at=timezone.now())
    client.force_login(people.owner)
    rows = client.get(reverse("portal:dossiers")).content.decode().split('<li class="card">')[1:]
    marked = {c for c in (late.code, on_time.code) for row in rows if c in row and "badge late" in row}
    assert marked == {late.code}
