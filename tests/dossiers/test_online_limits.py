"""Online submissions before acceptance: the alert to the counter and the acceptance limit (Decree 118/2025
art. 17.2 and 17.2.a-c; point a as amended by Decree 309/2026 art. 8.1), shown in the counter's queue and
counted per receiving agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.dossiers import deadlines, intake, online, online_queue, selectors, services, slipbuild
from egov.dossiers.errors import NotAllowedNow, NotPermitted
from egov.dossiers.models import Attachment, Dossier, Status
from egov.dossiers.rules import rules_by_version
from egov.organizations.models import Role
from tests.dossiers.conftest import APPLICANT, MONDAY, TZ, hours, receive, step
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def at(y: int, m: int, d: int, h: int = 8, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def submit(cast: Any, flows: Any, now: dt.datetime = MONDAY, agency: Any = None) -> Dossier:
    return intake.submit_online(
        procedure=flows.simple, agency=agency or cast.province.commune_a, applicant=APPLICANT, now=now
    )


def alerts(d: Dossier) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.about(d).filter(payload__purpose=online.ALERT).order_by("id"))


@pytest.fixture
def officers(cast: Any) -> Any:
    """The counter of commune A: one desk officer with an email, one with a phone only."""
    user = cast.desk_officer.user
    user.email = "ha.motcua@anbinh.gov.vn"
    user.save(update_fields=["email"])
    other = make_staff("motcua2.anbinh", cast.province.commune_a, (Role.DESK_OFFICER,), "Lý Thị Mai")
    other.user.phone = "0987000111"
    other.user.save(update_fields=["phone"])
    return cast


# --- the limits are data of the rule set, with their sources --------------------------------------------


def test_the_2025_rules_carry_both_limits_with_their_articles_decree_118_art_17_2():
    rules = rules_by_version("nd118-2025")
    assert (rules.online_alert_hours, rules.online_accept_hours) == (2, 8)
    assert "Điều 17 khoản 2" in rules.data["online"]["alert_source"]
    assert "08 (tám) giờ làm việc" in rules.data["online"]["accept_source"]
    assert "309/2026/NĐ-CP, Điều 8 khoản 1" in rules.data["online"]["accept_source"]
    # The 2018 rule set sets neither.
    assert rules_by_version("nd61-2018").online_accept_hours is None


# --- the alert (art. 17.2) --------------------------------------------------------------------------------


def test_a_submission_alerts_the_counters_officers_within_2_plain_hours_decree_118_art_17_2(
    officers: Any, flows: Any
) -> None:
    friday_evening = at(2026, 11, 20, 16, 30)
    d = submit(officers, flows, now=friday_evening)
    # Plain hours: 18:30 the same Friday, not counted in office hours.
    assert d.alert_due_at == at(2026, 11, 20, 18, 30)
    sent = alerts(d)
    assert {(m.topic, m.payload["to"]) for m in sent} == {
        ("email", "ha.motcua@anbinh.gov.vn"),
        ("sms", "0987000111"),
    }
    email = next(m for m in sent if m.topic == "email")
    assert d.code in email.payload["body"] and flows.simple.name in email.payload["body"]
    assert all(m.created_at == friday_evening for m in sent)


def test_the_alert_is_written_in_the_submissions_transaction(officers: Any, flows: Any, monkeypatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(online.outbox, "enqueue", broken)
    with pytest.raises(RuntimeError):
        submit(officers, flows)
    assert not Dossier.objects.exists()


# --- the acceptance limit (art. 17.2.c) -------------------------------------------------------------------


def test_the_counter_answers_within_8_working_hours_decree_118_art_17_2_c(cast: Any, flows: Any) -> None:
    # Friday 15:00: 2 h that day, then Monday 07:30-11:30 and 13:00-15:00.
    assert submit(cast, flows, now=at(2026, 11, 20, 15)).accept_due_at == at(2026, 11, 23, 15)
    # Submitted at night: counted from the next working morning.
    night = submit(cast, flows, now=at(2026, 11, 16, 20))
    assert night.accept_due_at == at(2026, 11, 17, 17)
    # No clock and no appointment before acceptance.
    assert (night.received_at, night.due_at) == (None, None)


def test_a_procedure_whose_specialised_law_sets_its_own_acceptance_time_keeps_it_decree_118_art_17_2_c(
    cast: Any, flows: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Art. 17.2.c: "... hoặc theo thời hạn được quy định tại pháp luật chuyên ngành": a procedure listed
    in the rules' accept_by_procedure keeps its own limit; the others the decree's 8 working hours."""
    rules = rules_by_version("nd118-2025")
    monkeypatch.setitem(rules.data["online"], "accept_by_procedure", {flows.simple.code: 16})
    assert rules.online_accept_hours_for(flows.simple.code) == 16
    assert rules.online_accept_hours_for("0.000000") == 8
    # Friday 15:00 + 16 working hours: 2 h on Friday, 8 on Monday, Tuesday 24/11 is Culture Day (off), so
    # the last 6 on Wednesday, to 15:00.
    assert submit(cast, flows, now=at(2026, 11, 20, 15)).accept_due_at == at(2026, 11, 25, 15)


def test_answers_record_whether_they_came_after_the_limit_decree_118_art_17_2_c(cast: Any, flows: Any):
    on_time = step(submit(cast, flows), "accept", cast.desk_officer, MONDAY + hours(2))
    late = step(submit(cast, flows), "accept", cast.desk_officer, MONDAY + hours(30))
    assert on_time.events.get(action="accept").data["accept_late"] is False
    assert late.events.get(action="accept").data["accept_late"] is True


# --- asking to complete, and the applicant's way back (art. 17.2.a, as amended by 309 art. 8.1) -------------


def test_ask_to_complete_names_everything_once_and_starts_no_clock_decree_118_art_17_2_a(
    cast: Any, flows: Any
) -> None:
    d = submit(cast, flows)
    with pytest.raises(ValidationError):
        step(d, "ask_to_complete", cast.desk_officer, MONDAY + hours(1))
    reason = "Thiếu bản sao giấy tờ chứng minh quan hệ\nTờ khai chưa ký"
    d = step(d, "ask_to_complete", cast.desk_officer, MONDAY + hours(1), reason=reason)
    assert d.status == Status.SUPPLEMENT
    assert (d.received_at, d.due_at, d.paused_at) == (None, None, None)
    # Waiting for the applicant, and never overdue: there is no clock.
    later = MONDAY + dt.timedelta(days=30)
    user = cast.desk_officer.user
    assert selectors.queue(user, "supplement", now=later).filter(pk=d.pk).exists()
    assert not selectors.queue(user, "overdue", now=later).filter(pk=d.pk).exists()
    assert not deadlines.clock(d, later).running
    assert not Dossier.objects.filter(deadlines.running_q(), pk=d.pk).exists()
    # The applicant is told, with the reasons, by SMS and email.
    texts = [m.payload.get("text") or m.payload.get("body") for m in OutboxMessage.objects.about(d)]
    assert any("Tờ khai chưa ký" in (t or "") for t in texts)
    # The supplement request (Mẫu 02) lists each reason.
    slip = slipbuild.build(d, "supplement", d.events.get(action="ask_to_complete"))
    assert ("supplement", d.events.get(action="ask_to_complete")) in slipbuild.available(d)
    assert [item.content for item in slip.items] == reason.splitlines()
    # No apology or supplement receipt on a dossier that has no appointment.
    with pytest.raises(NotAllowedNow):
        step(d, "supplement_received", cast.desk_officer, MONDAY + hours(2))
    with pytest.raises(NotAllowedNow):
        step(d, "apologise", cast.desk_officer, MONDAY + hours(2), reason="x", new_due=MONDAY + hours(48))


def test_the_completed_submission_returns_to_the_queue_with_new_limits(officers: Any, flows: Any) -> None:
    d = submit(officers, flows)
    d = step(d, "ask_to_complete", officers.desk_officer, MONDAY + hours(1), reason="Thiếu tờ khai")
    back = MONDAY + dt.timedelta(days=3, hours=6)  # Thursday 14:00
    paper = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 to khai", content_type="application/pdf")
    d = services.transition(d.pk, "resubmit", actor=online.ApplicantActor(d), files=[paper], now=back)
    assert d.status == Status.SUBMITTED
    assert d.accept_due_at == at(2026, 11, 20, 14)  # Thursday 14:00 + 8 working hours
    assert d.alert_due_at == back + hours(2)
    assert (d.received_at, d.due_at) == (None, None)
    assert d.events.get(action="resubmit").actor_name == APPLICANT.name
    assert Attachment.objects.get(dossier=d, kind=Attachment.Kind.SUPPLEMENT).name == "to-khai.pdf"
    assert len([m for m in alerts(d) if m.created_at == back]) == 2
    assert selectors.queue(officers.desk_officer.user, "to_receive").filter(pk=d.pk).exists()
    # Accepted now: the clock starts from the acceptance.
    d = step(d, "accept", officers.desk_officer, back + hours(1))
    assert d.received_at == back + hours(1) and d.due_at is not None


def test_a_completed_submission_is_not_asked_to_complete_again_decree_118_art_17_2_a(
    officers: Any, flows: Any
) -> None:
    """The request names everything missing in one go (art. 17.2.a, 11.2.c): once it was made, the
    resubmitted dossier is accepted or refused, never asked again, and no supplement is asked later."""
    d = submit(officers, flows)
    d = step(d, "ask_to_complete", officers.desk_officer, MONDAY + hours(1), reason="Thiếu tờ khai")
    d = services.transition(d.pk, "resubmit", actor=online.ApplicantActor(d), now=MONDAY + hours(3))
    with pytest.raises(NotAllowedNow):
        step(d, "ask_to_complete", officers.desk_officer, MONDAY + hours(4), reason="Thiếu bản sao")
    assert Dossier.objects.get(pk=d.pk).status == Status.SUBMITTED


def test_only_the_applicant_or_the_counter_sends_it_again(cast: Any, flows: Any) -> None:
    d = step(submit(cast, flows), "ask_to_complete", cast.desk_officer, MONDAY + hours(1), reason="Thiếu")
    stranger = submit(cast, flows)
    with pytest.raises(NotPermitted):
        services.transition(d.pk, "resubmit", actor=online.ApplicantActor(stranger), now=MONDAY + hours(2))
    with pytest.raises(NotPermitted):
        step(d, "resubmit", cast.specialist, MONDAY + hours(2))
    assert step(d, "resubmit", cast.desk_officer, MONDAY + hours(2)).status == Status.SUBMITTED
    # An accepted dossier's supplement comes back through "supplement received", not here.
    received = step(receive(cast, flows.simple), "request_supplement", cast.desk_officer, MONDAY, reason="x")
    with pytest.raises(NotAllowedNow):
        services.transition(received.pk, "resubmit", actor=online.ApplicantActor(received), now=MONDAY)


# --- counted per receiving agency, and shown in the queue --------------------------------------------------


def test_answers_and_waiting_submissions_are_counted_per_receiving_agency(cast: Any, flows: Any) -> None:
    p = cast.province
    step(submit(cast, flows), "accept", cast.desk_officer, MONDAY + hours(1))
    step(submit(cast, flows), "ask_to_complete", cast.desk_officer, MONDAY + hours(30), reason="Thiếu")
    submit(cast, flows)  # still waiting
    submit(cast, flows, now=timezone.now())  # waiting, limit not reached
    submit(cast, flows, agency=p.commune_b)
    rows = online_queue.online_limits([p.commune_a.pk, p.commune_b.pk], now=MONDAY + hours(40))
    assert {(r.agency_name, r.on_time, r.late, r.pending_late) for r in rows} == {
        (p.commune_a.name, 1, 1, 1),
        (p.commune_b.name, 0, 0, 1),
    }
    # Only the answers of a period, when asked.
    period = online_queue.online_limits([p.commune_a.pk], since=MONDAY + hours(2), now=MONDAY)
    assert [(r.on_time, r.late, r.pending_late) for r in period] == [(0, 1, 0)]


def test_the_queue_shows_both_limits_and_marks_late_ones(officers: Any, flows: Any, login: Any) -> None:
    late = submit(officers, flows)  # 16/11/2026: both limits long past
    fresh = submit(officers, flows, now=timezone.now())
    # The alert about the fresh one went out at once; the old one's alert only now.
    OutboxMessage.objects.about(fresh).filter(payload__purpose=online.ALERT).update(sent_at=timezone.now())
    # Sent again three hours ago: only the alerts of the new submission count, and none has gone out.
    again = submit(officers, flows)
    OutboxMessage.objects.about(again).update(sent_at=MONDAY + hours(1))
    again = step(again, "ask_to_complete", officers.desk_officer, MONDAY + hours(2), reason="Thiếu")
    again = step(again, "resubmit", officers.desk_officer, timezone.now() - hours(3))
    client = login(officers.desk_officer)
    page = client.get(reverse("dossiers:queue", args=["to_receive"])).content.decode()
    rows = {d.code: page.split(d.code, 1)[1].split("</tr>", 1)[0] for d in (late, fresh, again)}
    assert "chưa gửi" in rows[again.code] and rows[again.code].count("badge late") == 1
    assert timezone.localtime(late.alert_due_at).strftime("%H:%M %d/%m/%Y") in rows[late.code]
    assert timezone.localtime(late.accept_due_at).strftime("%H:%M %d/%m/%Y") in rows[late.code]
    assert rows[late.code].count("badge late") == 2
    assert "badge late" not in rows[fresh.code]
    # The alert sent, in Vietnamese (the words were once left in English: no catalogue held them).
    assert "đã gửi " in rows[fresh.code] and "sent " not in rows[fresh.code]
    summary = page.split('id="online-limits"', 1)[1].split("</section>", 1)[0]
    assert officers.province.commune_a.name in summary and '<span class="badge late">1</span>' in summary


def test_an_online_submission_keeps_its_owner_organisation_and_fees(cast: Any, flows: Any) -> None:
    from decimal import Decimal

    from egov.citizens.models import Organisation
    from tests.factories import make_citizen

    owner = make_citizen("cd.owner")
    firm = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH Ánh Dương")
    d = intake.submit_online(
        procedure=flows.simple,
        agency=cast.province.commune_a,
        applicant=APPLICANT,
        owner=owner,
        organisation=firm,
        fees=[("Lệ phí", Decimal("50000"))],
        now=MONDAY,
    )
    d.refresh_from_db()
    assert (d.owner, d.organisation) == (owner, firm)
    assert [(f.name, f.amount) for f in d.fees.all()] == [("Lệ phí", Decimal("50000"))]
