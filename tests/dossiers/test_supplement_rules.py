"""Supplements under the one-stop rules (Decree 118/2025/NĐ-CP art. 11.2.c, 16.3, 17.1.c, 17.2.a, 19.5;
docs/legal-notes/decree-118.md §1): asked once, within three working days of receipt, the time limit counted
again from zero when the complete supplement arrives, and the dossier closed after fifteen days without it.
A dossier received under the 2018 rules keeps them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.dossiers import deadlines, services, slipbuild
from egov.dossiers.models import Dossier, DossierEvent, Status, SupplementMode
from egov.dossiers.rules import rules_by_version
from egov.dossiers.slips import render_pdf
from tests.dossiers.conftest import MONDAY, TZ, hours, receive, step
from tests.dossiers.test_slips import text


def at(y, m, d, h=8, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def _processing(cast, flows, now=MONDAY):
    d = step(receive(cast, flows.simple, now=now), "forward", cast.desk_officer, now + hours(1))
    return step(d, "assign", cast.specialist, now + hours(1.5), handler=cast.specialist.user)


# ---------------------------------------------------------------- once


def test_supplement_asked_once_decree_118_art_11_2_c_and_16_3(cast, flows):
    d = _processing(cast, flows)
    d = step(d, "request_supplement", cast.specialist, MONDAY + hours(3), reason="Thiếu tờ khai")
    d = step(d, "supplement_received", cast.desk_officer, MONDAY + hours(5))
    with pytest.raises(services.NotAllowedNow) as refused:
        step(d, "request_supplement", cast.specialist, MONDAY + hours(6), reason="Thiếu thêm giấy tờ")
    assert "Điều 16 khoản 3" in refused.value.message
    assert DossierEvent.objects.filter(dossier=d, action="request_supplement").count() == 1
    assert Dossier.objects.get(pk=d.pk).status == Status.PROCESSING


def test_supplement_once_counts_the_online_ask_to_complete_decree_118_art_17_2_a(cast, flows):
    """An online submission already asked to complete (the online queue's move) gets no second request."""
    d = _processing(cast, flows)
    DossierEvent.objects.create(
        dossier=d, action="ask_to_complete", at=MONDAY, actor_name="x", to_status=Status.SUBMITTED
    )
    with pytest.raises(services.NotAllowedNow):
        step(d, "request_supplement", cast.specialist, MONDAY + hours(3), reason="Thiếu tờ khai")


# ---------------------------------------------------------------- within three working days of receipt


def test_supplement_requested_within_3_working_days_of_receipt_decree_118_art_19_5(cast, flows):
    # Received Mon 16/11 08:00: the request may come until Thu 19/11 08:00.
    late = _processing(cast, flows)
    with pytest.raises(services.NotAllowedNow) as refused:
        step(late, "request_supplement", cast.specialist, at(2026, 11, 19, 8, 1), reason="Thiếu tờ khai")
    assert "19/11/2026" in refused.value.message and "Điều 19 khoản 5" in refused.value.message
    assert Dossier.objects.get(pk=late.pk).status == Status.PROCESSING
    in_time = _processing(cast, flows)
    in_time = step(
        in_time, "request_supplement", cast.specialist, at(2026, 11, 19, 8), reason="Thiếu tờ khai"
    )
    assert in_time.status == Status.SUPPLEMENT


def test_2018_rules_set_no_limit_after_receipt(cast, flows):
    received = at(2025, 6, 30)  # the last day of Decree 61/2018
    d = _processing(cast, flows, now=received)
    d = step(d, "request_supplement", cast.specialist, at(2025, 7, 14), reason="Thiếu tờ khai")
    assert (d.rules_version, d.status) == ("nd61-2018", Status.SUPPLEMENT)


# ---------------------------------------------------------------- the time limit after the supplement


def test_time_limit_restarts_from_zero_after_the_supplement_decree_118_art_19_5(cast, flows):
    d = _processing(cast, flows)
    assert d.supplement_mode == SupplementMode.RESTART
    d = step(d, "request_supplement", cast.specialist, at(2026, 11, 17), reason="Thiếu tờ khai")
    d = step(d, "supplement_received", cast.desk_officer, at(2026, 11, 30))
    # Five full working days from Mon 30/11 08:00, not the 32 h that were left.
    assert d.due_at == deadlines.dossier_due(at(2026, 11, 30), flows.simple) == at(2026, 12, 7)


def test_a_dossier_received_under_the_2018_rules_resumes_with_the_time_left(cast, flows):
    d = _processing(cast, flows, now=at(2025, 6, 30))  # due Mon 7/7/2025 08:00
    assert d.supplement_mode == SupplementMode.RESUME
    due = d.due_at
    d = step(d, "request_supplement", cast.specialist, at(2025, 7, 1), reason="Thiếu tờ khai")
    d = step(d, "supplement_received", cast.desk_officer, at(2025, 7, 3))
    assert d.due_at == deadlines.resume_due(due, at(2025, 7, 1), at(2025, 7, 3)) == at(2025, 7, 9)


# ---------------------------------------------------------------- closed after fifteen days


def _waiting(cast, flows):
    d = _processing(cast, flows)
    # The notice: Mon 16/11 11:00. Fifteen days counted from Tue 17/11 end with Tue 1/12.
    return step(
        d, "request_supplement", cast.specialist, MONDAY + hours(3), reason="Bản sao giấy khai sinh\nTờ khai"
    )


def test_closed_after_15_days_without_the_supplement_decree_118_art_19_5(cast, flows):
    d = _waiting(cast, flows)
    with pytest.raises(services.NotAllowedNow) as refused:
        step(d, "close_unsupplemented", cast.desk_officer, at(2026, 12, 1, 23, 59))
    assert "01/12/2026" in refused.value.message and "Điều 19 khoản 5" in refused.value.message
    with pytest.raises(services.NotPermitted):
        step(d, "close_unsupplemented", cast.specialist, at(2026, 12, 2))
    sent = OutboxMessage.objects.count()
    d = step(d, "close_unsupplemented", cast.desk_officer, at(2026, 12, 2))
    assert (d.status, d.national_status, d.finished_at, d.paused_at) == (
        Status.ABANDONED,
        8,
        at(2026, 12, 2),
        None,
    )
    assert not d.is_open and d.timeliness == ""
    assert OutboxMessage.objects.count() == sent + 2  # SMS and email to the applicant


def test_specialised_law_sets_its_own_closure_period_decree_118_art_19_5(cast, flows, monkeypatch):
    """Art. 19.5: "Sau 15 ngày kể từ khi thông báo hoặc theo thời hạn quy định của pháp luật chuyên
    ngành": a procedure listed in close_after_by_procedure waits its own period, on the notice too."""
    rules = rules_by_version("nd118-2025")
    monkeypatch.setitem(rules.data["supplement"], "close_after_by_procedure", {flows.simple.code: 30})
    d = _waiting(cast, flows)
    with pytest.raises(services.NotAllowedNow):
        step(d, "close_unsupplemented", cast.desk_officer, at(2026, 12, 2))
    assert services.close_unsupplemented_dossiers(actor=cast.desk_officer.user, now=at(2026, 12, 2)) == []
    d = step(d, "close_unsupplemented", cast.desk_officer, at(2026, 12, 17))
    assert d.status == Status.ABANDONED
    notice = slipbuild.build(d, "closure", dict(slipbuild.available(d))["closure"])
    assert notice.period_days == 30


def test_the_closure_notice_says_no_form_is_prescribed(cast, flows):
    d = step(_waiting(cast, flows), "close_unsupplemented", cast.desk_officer, at(2026, 12, 2))
    found = dict(slipbuild.available(d))
    notice = slipbuild.build(d, "closure", found["closure"])
    assert notice.missing == ("Bản sao giấy khai sinh", "Tờ khai") and notice.period_days == 15
    body = text(render_pdf(notice))
    assert "Không có mẫu quy định" in body and d.code in body
    assert "đóng hồ sơ" in body and "quá 15 ngày" in body


def test_the_daily_command_closes_each_expired_dossier_once(cast, flows, monkeypatch):
    expired = _waiting(cast, flows)
    fresh = step(
        _processing(cast, flows, now=at(2026, 11, 30)),
        "request_supplement",
        cast.specialist,
        at(2026, 11, 30, 11),
        reason="Thiếu tờ khai",
    )
    old_rules = step(
        _processing(cast, flows, now=at(2025, 6, 30)),
        "request_supplement",
        cast.specialist,
        at(2025, 7, 1),
        reason="Thiếu tờ khai",
    )
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 12, 2, 1))
    first, second = io.StringIO(), io.StringIO()
    call_command("close_unsupplemented_dossiers", stdout=first)
    call_command("close_unsupplemented_dossiers", stdout=second)
    assert first.getvalue().splitlines() == [expired.code, "closed: 1"]
    assert second.getvalue().splitlines() == ["closed: 0"]
    statuses = dict(Dossier.objects.values_list("pk", "status"))
    assert statuses[expired.pk] == Status.ABANDONED
    # Not yet fifteen days; and the 2018 rules close nothing.
    assert statuses[fresh.pk] == statuses[old_rules.pk] == Status.SUPPLEMENT
    closing = DossierEvent.objects.get(action="close_unsupplemented")
    assert closing.dossier_id == expired.pk and closing.actor_name == "close_unsupplemented_dossiers"


def test_a_late_supplement_request_is_refused_on_the_page_in_vietnamese_citing_art_19_5(cast, flows, login):
    long_ago = timezone.now() - dt.timedelta(days=14)
    d = step(receive(cast, flows.simple, now=long_ago), "forward", cast.desk_officer, long_ago + hours(1))
    client = login(cast.leader)
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert 'id="action-request_supplement"' not in page  # not offered once the time has passed
    response = client.post(
        reverse("dossiers:act", args=[d.pk, "request_supplement"]),
        {"version": d.version, "idem": "s1", "reason": "Thiếu tờ khai"},
        follow=True,
    )
    html = response.content.decode()
    assert "Đã hết thời hạn yêu cầu bổ sung" in html and "Điều 19 khoản 5" in html
    assert Dossier.objects.get(pk=d.pk).status == Status.PROCESSING


def test_the_closed_dossier_page_offers_its_closure_notice(cast, flows, login):
    d = step(_waiting(cast, flows), "close_unsupplemented", cast.desk_officer, at(2026, 12, 2))
    event = d.events.get(action="close_unsupplemented")
    client = login(cast.desk_officer)
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    link = reverse("dossiers:slip", args=[d.pk, "closure"])
    assert link in page and "Thông báo đóng hồ sơ" in page
    pdf = client.get(link, {"event": event.pk})
    assert pdf.status_code == 200 and "Không có mẫu quy định" in text(pdf.content)
