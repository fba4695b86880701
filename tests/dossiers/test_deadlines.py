"""Deadlines from the one calendar: holidays, after-hours receipt, supplement pauses, restarts, apologies,
and the early / on time / late classification of dossiers and steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.dossiers import deadlines, selectors, services
from egov.dossiers.models import Dossier, Status, StepVisit, SupplementMode, Timeliness
from egov.dossiers.rules import RuleSet, rules_by_version, rules_for
from egov.organizations.models import Role
from egov.procedures.models import StepKind
from tests.dossiers.conftest import MONDAY, TZ, hours, make_procedure, receive, step


def at(y, m, d, h=8, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def test_five_working_days_across_reunification_and_labour_day(cast, flows):
    # Wed 29/4/2026 08:00: 7.5 h left that day; 30/4 and 1/5 are holidays (Labour Code 2019 art. 112),
    # then the weekend; Mon 4 - Thu 7 give 32 h; the last half hour falls on Fri 8/5 at 08:00.
    d = receive(cast, flows.simple, now=at(2026, 4, 29))
    assert d.due_at == at(2026, 5, 8)
    # The receiving step (4 h) ends the same morning.
    assert d.step_due_at == at(2026, 4, 29, 13, 30)


def test_receipt_after_hours_counts_from_the_next_working_morning(cast, flows):
    d = receive(cast, flows.simple, now=at(2026, 11, 20, 18, 30))  # Friday evening
    # The count starts Mon 23 at 07:30; Tue 24/11 is Vietnam Culture Day, a day off in the national calendar
    # data, so the five days are 23, 25, 26, 27 and 30 November.
    assert d.due_at == at(2026, 11, 30, 17, 0)


def test_supplement_pauses_the_clock_and_resumes_with_the_time_left(cast, flows):
    d = receive(cast, flows.simple)  # Mon 16/11 08:00, due Mon 23/11 08:00
    # A dossier under a "resume" rule (the 2018 set's; the 2025 set restarts: test_supplement_rules.py).
    Dossier.objects.filter(pk=d.pk).update(supplement_mode=SupplementMode.RESUME)
    d = step(d, "forward", cast.desk_officer, at(2026, 11, 16, 9))
    d = step(d, "assign", cast.specialist, at(2026, 11, 16, 9, 30), handler=cast.specialist.user)
    process_due = d.step_due_at
    d = step(
        d, "request_supplement", cast.specialist, at(2026, 11, 17), reason="Thiếu bản sao giấy khai sinh"
    )
    assert d.status == Status.SUPPLEMENT and d.paused_from == Status.PROCESSING
    # Used so far: Mon 08:00 → Tue 08:00 = 8 working hours; 32 h are left.
    # Waiting past the old due moment does not make it overdue: the clock is stopped.
    late_check = at(2026, 11, 25)
    assert not selectors.queue(cast.leader.user, "overdue", now=late_check).filter(pk=d.pk).exists()
    assert selectors.queue(cast.leader.user, "supplement", now=late_check).filter(pk=d.pk).exists()
    d = step(d, "supplement_received", cast.desk_officer, at(2026, 11, 30))
    assert d.status == Status.PROCESSING and d.paused_at is None
    assert d.due_at == at(2026, 12, 4)  # Mon 30/11 08:00 + 32 h
    paused = deadlines.working_hours_between(at(2026, 11, 17), at(2026, 11, 30))
    assert paused == Decimal(64)  # eight working days: 24/11 (Vietnam Culture Day) is off
    assert d.step_due_at == deadlines.add_working_hours(process_due, paused)
    visit = StepVisit.objects.get(dossier=d, finished_at__isnull=True)
    assert visit.paused_hours == paused
    d = step(d, "submit_for_approval", cast.specialist, at(2026, 12, 1))
    done = StepVisit.objects.filter(dossier=d, step__kind=StepKind.PROCESS).get()
    # Time at the processing step, pause excluded: Mon 16 09:00-17:00 (6.5 h) and Tue 17 07:30-08:00 (0.5 h),
    # then Mon 30 08:00 → Tue 1 08:00 (8 h).
    expected = (deadlines.working_hours_between(at(2026, 11, 16, 9), at(2026, 12, 1)) - paused).quantize(
        Decimal("0.01")
    )
    assert done.spent_hours == expected == Decimal("15.00")
    assert done.timeliness == Timeliness.EARLY


def test_supplement_at_a_restart_procedure_counts_the_whole_time_again(cast, flows):
    d = receive(cast, flows.simple)
    Dossier.objects.filter(pk=d.pk).update(supplement_mode=SupplementMode.RESTART)
    d = step(d, "request_supplement", cast.desk_officer, at(2026, 11, 18), reason="Thiếu tờ khai")
    d = step(d, "supplement_received", cast.desk_officer, at(2026, 11, 30))
    assert d.due_at == at(2026, 12, 7)  # 5 full working days from Mon 30/11 08:00


def test_rule_sets_are_chosen_by_the_moment_of_receipt(cast, flows):
    assert rules_for(at(2025, 6, 30)).version == "nd61-2018"
    assert rules_for(at(2025, 7, 1, 0, 1)).version == "nd118-2025"
    old = receive(cast, flows.simple, now=at(2025, 6, 30))
    new = receive(cast, flows.simple, now=at(2025, 7, 1))
    assert (old.rules_version, new.rules_version) == ("nd61-2018", "nd118-2025")
    # Circular 01/2018 had no form for the notice that processing stops; Circular 03/2025 has Mẫu 05.
    assert rules_by_version("nd61-2018").slip_form("stop") is None
    assert rules_by_version("nd118-2025").slip_form("stop") == "Mẫu số 05"
    with pytest.raises(LookupError):
        rules_for(dt.date(2018, 1, 1))


def test_a_procedure_listed_for_restart_gets_restart_mode():
    base = rules_by_version("nd61-2018")
    data = {**base.data, "supplement": {**base.data["supplement"], "restart_procedures": ["1.004227"]}}
    changed = RuleSet(base.version, base.effective_from, base.title, data)
    assert changed.supplement_mode("1.004227") == "restart"
    assert changed.supplement_mode("2.000635") == "resume"


def test_financial_obligations_pause_the_clock(cast, flows):
    d = receive(cast, flows.simple)
    d = step(d, "forward", cast.desk_officer, at(2026, 11, 16, 9))
    due = d.due_at
    d = step(d, "request_payment", cast.leader, at(2026, 11, 17), reason="Nộp lệ phí 8.000 đồng")
    d = step(d, "payment_received", cast.desk_officer, at(2026, 11, 18))
    assert d.status == Status.PROCESSING
    assert d.due_at == deadlines.add_working_hours(due, Decimal(8))


def test_late_finish_and_overdue_queue(cast, flows):
    d = receive(cast, flows.simple)  # due Mon 23/11 08:00
    d = step(d, "forward", cast.desk_officer, at(2026, 11, 16, 9))
    after_due = at(2026, 11, 23, 9)
    overdue = selectors.queue(cast.leader.user, "overdue", now=after_due)
    assert list(overdue.values_list("pk", flat=True)) == [d.pk]
    assert not selectors.queue(cast.commune_b_specialist.user, "overdue", now=after_due).exists()
    d = step(d, "assign", cast.specialist, after_due, handler=cast.specialist.user)
    d = step(d, "submit_for_approval", cast.specialist, after_due + hours(1))
    d = step(d, "approve", cast.leader, after_due + hours(2))
    assert d.status == Status.RESOLVED and d.timeliness == Timeliness.LATE
    assert StepVisit.objects.get(dossier=d, step__kind=StepKind.PROCESS).timeliness == Timeliness.LATE


def test_on_time_is_the_appointment_day_before_its_moment(cast, flows):
    due = at(2026, 11, 23)
    assert deadlines.classify(at(2026, 11, 23, 7, 45), due) == Timeliness.ON_TIME
    assert deadlines.classify(at(2026, 11, 20, 16), due) == Timeliness.EARLY
    assert deadlines.classify(at(2026, 11, 23, 8, 1), due) == Timeliness.LATE


def test_apology_sets_a_new_date_once(cast, flows):
    d = step(receive(cast, flows.simple), "forward", cast.desk_officer, at(2026, 11, 16, 9))
    with pytest.raises(ValidationError) as excinfo:
        step(d, "apologise", cast.leader, at(2026, 11, 20), reason="Chờ xác minh", new_due=d.due_at)
    assert "new_due" in excinfo.value.message_dict
    new_due = at(2026, 11, 27, 16)
    d = step(d, "apologise", cast.leader, at(2026, 11, 20), reason="Chờ xác minh", new_due=new_due)
    assert d.due_at == new_due and d.original_due_at == at(2026, 11, 23) and d.apologies == 1
    event = d.events.get(action="apologise")
    assert event.data["old_due"] == at(2026, 11, 23).isoformat()
    with pytest.raises(services.NotAllowedNow):
        step(d, "apologise", cast.leader, at(2026, 11, 24), reason="Lần nữa", new_due=at(2026, 12, 4))


def test_result_ready_straight_from_processing(cast, flows):
    quick = make_procedure(
        "1.001612",
        "Chứng thực bản sao từ bản chính",
        "0.5",
        [
            (StepKind.RECEIVE, Role.DESK_OFFICER, None, "1"),
            (StepKind.PROCESS, Role.SPECIALIST, cast.province.justice_office, "2"),
            (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
        ],
        flows.simple.field,
    )
    d = receive(cast, quick)
    assert d.due_at == at(2026, 11, 16, 13, 30)  # half a day, 4 office hours: 08:00-11:30, then 13:00-13:30
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(0.5))
    d = step(d, "result_ready", cast.specialist, MONDAY + hours(2))
    assert (d.status, d.current_kind, d.timeliness) == (Status.RESOLVED, StepKind.RETURN, Timeliness.ON_TIME)
    assert selectors.queue(cast.desk_officer.user, "to_return").filter(pk=d.pk).exists()
    d = step(d, "return_result", cast.desk_officer, MONDAY + hours(3))
    assert (
        selectors.queue(cast.desk_officer.user, "returned_today", now=MONDAY + hours(4))
        .filter(pk=d.pk)
        .exists()
    )


def test_one_clock_for_the_queues_the_page_and_the_lookup(cast, flows, login):
    d = step(
        receive(cast, flows.simple), "forward", cast.desk_officer, at(2026, 11, 16, 9)
    )  # due 23/11 08:00
    before, after = at(2026, 11, 20, 8), at(2026, 11, 23, 9)
    early = deadlines.clock(d, before)
    assert (early.running, early.paused, early.overdue, early.hours_left) == (True, False, False, Decimal(8))
    late = deadlines.clock(d, after)
    assert late.overdue and late.hours_left == Decimal(-1)
    assert deadlines.overdue(d, after) and not deadlines.overdue(d, before)
    for moment in (before, after):
        in_queue = selectors.queue(cast.leader.user, "overdue", now=moment).filter(pk=d.pk).exists()
        assert in_queue == deadlines.overdue(d, moment)
    # Paused: the clock stops at the pause and is never overdue, whatever the date.
    d = step(d, "request_supplement", cast.specialist, at(2026, 11, 19, 8), reason="Thiếu tờ khai")
    paused = deadlines.clock(d, at(2026, 12, 20, 8))
    assert (paused.paused, paused.overdue, paused.hours_left) == (True, False, Decimal(16))
    assert not selectors.queue(cast.leader.user, "overdue", now=at(2026, 12, 20, 8)).filter(pk=d.pk).exists()


def test_the_dossier_page_shows_an_overdue_dossier_as_overdue(cast, flows, login):
    d = step(receive(cast, flows.simple), "forward", cast.desk_officer, at(2026, 11, 16, 9))
    page = login(cast.leader).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert 'id="dossier-overdue"' in page  # due 23/11/2026, the page is read later
