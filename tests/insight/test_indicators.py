"""Decision 766/QĐ-TTg's computed indicators and the IT-application counts, each on a hand-made example
whose figure is worked by hand in the docstring. Period: November 2026 (Vietnam time)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egov.core.audit import SystemActor
from egov.dossiers.models import Attachment, Dossier, DossierFee, Outcome, Status, Timeliness
from egov.insight import indicators, it_indicators
from egov.insight.periods import Period, parse
from egov.payments.models import Payment
from egov.procedures.models import Procedure, ServiceLevel
from egov.stats.services import rebuild
from tests.dossiers.conftest import MONDAY, TZ, receive

NOV = (dt.datetime(2026, 11, 1, tzinfo=TZ), dt.datetime(2026, 12, 1, tzinfo=TZ))
OCT_5 = dt.datetime(2026, 10, 5, 9, 0, tzinfo=TZ)


def _set(d: Dossier, **fields) -> None:
    """Change the dossier's row beside the services, then recount the statistics' summary tables, which
    some indicators read (as after any bulk write: docs/stats.md)."""
    Dossier.objects.filter(pk=d.pk).update(**fields)
    rebuild(actor=SystemActor("test"))


def _finished(cast, flows, timeliness: str, at: dt.datetime = MONDAY, **more) -> Dossier:
    d = receive(cast, flows.simple)
    fields = {"finished_at": at, "returned_at": at, "timeliness": timeliness, "outcome": Outcome.GRANTED}
    _set(d, status=Status.RETURNED, **fields, **more)
    return d


@pytest.mark.django_db
def test_on_time_share_decision_766_group_2(cast, flows):
    """Finished in November: 2 early, 1 on time, 1 late; one late in October is outside the period.
    (2 + 1) / 4 = 75.0 %."""
    for t in (Timeliness.EARLY, Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE):
        _finished(cast, flows, t)
    _finished(cast, flows, Timeliness.LATE, at=OCT_5)
    ratio = indicators.on_time(cast.province.root, *NOV)
    assert (ratio.numerator, ratio.denominator, ratio.percent) == (3, 4, Decimal("75.0"))
    # Another commune's subtree has none of them.
    assert indicators.on_time(cast.province.commune_b, *NOV).percent is None


@pytest.mark.django_db
def test_overdue_open_share_decision_766_group_2(cast, flows):
    """Open at the end of November: 3 dossiers, one due on 20 November (past), two due in December.
    1 / 3 = 33.3 %."""
    a, b, c = (receive(cast, flows.simple) for _ in range(3))
    _set(a, due_at=dt.datetime(2026, 11, 20, 17, tzinfo=TZ))
    for d in (b, c):
        _set(d, due_at=dt.datetime(2026, 12, 10, 17, tzinfo=TZ))
    assert indicators.overdue_open(cast.province.root, *NOV).percent == Decimal("33.3")


@pytest.mark.django_db
def test_overdue_open_in_a_period_not_over_is_judged_now_decision_766_group_2(cast, flows):
    """A period that ends in a year: of 2 open dossiers, one due yesterday is overdue, one due tomorrow is
    not yet, although both are due before the period ends. 1 / 2 = 50.0 %."""
    from django.utils import timezone

    now = timezone.now()
    a, b = receive(cast, flows.simple, now=now - dt.timedelta(days=5)), receive(cast, flows.simple, now=now)
    _set(a, due_at=now - dt.timedelta(days=1))
    _set(b, due_at=now + dt.timedelta(days=1))
    period = (now - dt.timedelta(days=30), now + dt.timedelta(days=365))
    assert indicators.overdue_open(cast.province.root, *period).percent == Decimal("50.0")


@pytest.mark.django_db
def test_apologies_for_late_dossiers_decision_766_group_2(cast, flows):
    """Late in November: 2, one with an apology; an early one with none does not count. 1 / 2 = 50.0 %."""
    _finished(cast, flows, Timeliness.LATE, apologies=1)
    _finished(cast, flows, Timeliness.LATE)
    _finished(cast, flows, Timeliness.EARLY)
    assert indicators.apologised(cast.province.root, *NOV).percent == Decimal("50.0")


def _attach(d: Dossier, kind: str) -> None:
    Attachment.objects.create(
        dossier=d, kind=kind, name="x.pdf", file="dossiers/x.pdf", size=1, sha256="0" * 64, uploaded_at=MONDAY
    )


@pytest.mark.django_db
def test_digitised_papers_and_results_decision_766_group_3(cast, flows):
    """Received in November: 4, of which 3 with a paper stored (the fourth has only a working result draft)
    → 75.0 %. Returned in November: 2, one with a result file → 50.0 %."""
    ds = [receive(cast, flows.simple) for _ in range(4)]
    for d in ds[:3]:
        _attach(d, Attachment.Kind.PAPER)
    _set(ds[0], status=Status.RETURNED, returned_at=MONDAY)
    _set(ds[1], status=Status.RETURNED, returned_at=MONDAY)
    _attach(ds[0], Attachment.Kind.RESULT)
    _attach(ds[3], Attachment.Kind.RESULT)
    assert indicators.digitised_papers(cast.province.root, *NOV).percent == Decimal("75.0")
    assert indicators.digitised_results(cast.province.root, *NOV).percent == Decimal("50.0")


@pytest.mark.django_db
def test_filed_online_and_fully_online_procedures_decision_766_group_4(cast, flows):
    """Procedure "simple" fully online: 3 dossiers, 2 filed online; "inter" partly online: 1 dossier at the
    counter; a third procedure offered only as information: 1 dossier, not counted. Filed online:
    2 / 4 = 50.0 %. Procedures fully online: 1 of the 3 received = 33.3 %."""
    Procedure.objects.filter(pk=flows.simple.pk).update(service_level=ServiceLevel.FULLY_ONLINE)
    Procedure.objects.filter(pk=flows.inter.pk).update(service_level=ServiceLevel.PARTLY_ONLINE)
    simple = [receive(cast, flows.simple) for _ in range(3)]
    receive(cast, flows.inter)
    info_only = receive(cast, flows.simple)
    # The third procedure: a copy of "simple" offered as information only.
    third = Procedure.objects.get(pk=flows.simple.pk)
    third.pk, third.code = None, "9.999999"
    third.service_level = ServiceLevel.INFORMATION
    third.save()
    _set(info_only, procedure=third, channel="online")
    for d in simple[:2]:
        _set(d, channel="online")
    assert indicators.filed_online(cast.province.root, *NOV).percent == Decimal("50.0")
    assert indicators.fully_online_procedures(cast.province.root, *NOV).percent == Decimal("33.3")
    # IT application, per year: 2 dossiers filed online of a fully-online procedure, none partly.
    assert it_indicators.online_fully(cast.province.root, 2026) == 2
    assert it_indicators.online_partly(cast.province.root, 2026) == 0
    assert it_indicators.documents_electronic(cast.province.root, 2026) == 0
    _same_in_the_comparison_table(cast)


def _same_in_the_comparison_table(cast) -> None:
    """The comparison page counts in one grouped query per indicator: the same figures as one by one."""
    from egov.insight import selectors

    p = cast.province
    agencies, years = [p.root, p.justice, p.commune_a, p.commune_b], [2025, 2026]
    for indicator, per_agency in selectors.it_table(agencies, years):
        if indicator.manual:
            continue
        for agency, values in per_agency:
            expected = [it_indicators.COMPUTED[indicator.code](agency, y) for y in years]
            assert values == expected, (indicator.code, agency.name)


@pytest.mark.django_db
def test_paid_online_decision_766_online_payment(cast, flows):
    """Received in November with fees: 3; one with a confirmed online payment, one whose payment failed;
    a dossier without fees is not counted. 1 / 3 = 33.3 %; one online payment in the year."""
    with_fees = [receive(cast, flows.simple) for _ in range(3)]
    receive(cast, flows.simple)
    for d in with_fees:
        DossierFee.objects.create(dossier=d, name="Lệ phí", amount=10000)
    for i, (d, state) in enumerate(
        ((with_fees[0], Payment.State.PAID), (with_fees[1], Payment.State.FAILED))
    ):
        Payment.objects.create(
            dossier=d,
            gateway="sandbox",
            reference=f"R{i}",
            amount=10000,
            state=state,
            created_at=MONDAY,
            expires_at=MONDAY + dt.timedelta(hours=1),
        )
    assert indicators.paid_online(cast.province.root, *NOV).percent == Decimal("33.3")
    assert it_indicators.online_payments(cast.province.root, 2026) == 1
    _same_in_the_comparison_table(cast)


def test_periods_month_quarter_six_nine_months_year():
    assert Period("quarter", 2026, 4).first_day == dt.date(2026, 10, 1)
    assert Period("quarter", 2026, 4).end_day == dt.date(2027, 1, 1)
    assert Period("nine", 2026, 1).end_day == dt.date(2026, 10, 1)
    assert Period("half", 2026, 1).end_day == dt.date(2026, 7, 1)
    assert Period("month", 2026, 12).end_day == dt.date(2027, 1, 1)
    # Anything typed that makes no period falls back to the current month.
    assert parse("quarter", "2026", "9", dt.date(2026, 11, 3)) == Period("month", 2026, 11)
    assert parse("x", "abc", None, dt.date(2026, 11, 3)) == Period("month", 2026, 11)


@pytest.mark.django_db
def test_satisfied_share_decision_766_group_5(cast, flows):
    """Three returned dossiers rated on 19 November: two satisfied on every content, one with one content
    not satisfied (the overall level is the worst). None rated in December.
    2 / 3 = 66.7 %."""
    from egov.feedback import services as feedback
    from egov.feedback.criteria import Level
    from tests.factories import make_citizen
    from tests.feedback.conftest import ALL_SATISFIED, returned

    citizen = make_citizen("congdan.chi", full_name="Trần Thị Chi", email="chi@example.vn")
    dossiers = [returned(cast, flows.simple, owner=citizen) for _ in range(3)]
    unhappy = {**ALL_SATISFIED, "time": Level.NOT_SATISFIED}
    for d, levels in zip(dossiers, (ALL_SATISFIED, ALL_SATISFIED, unhappy), strict=True):
        feedback.rate(actor=citizen, dossier=d, levels=levels, now=MONDAY + dt.timedelta(days=3))
    ratio = indicators.satisfied(cast.province.root, *NOV)
    assert (ratio.numerator, ratio.denominator, ratio.percent) == (2, 3, Decimal("66.7"))
    assert (
        indicators.satisfied(cast.province.root, *(NOV[1], NOV[1] + dt.timedelta(days=30))).denominator == 0
    )
