"""The apology and new date under Decree 118/2025/NĐ-CP art. 19.6 and 12.5 (docs/legal-notes/decree-118.md
§4): at least one working day before the due moment, once, never while overdue or paused, and the one-stop
unit told as well as the applicant. A dossier received under the 2018 rules keeps them (an apology for an
overdue dossier)."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.channels.models import OutboxMessage
from egov.dossiers import limits, services
from egov.dossiers.models import Dossier
from tests.dossiers.conftest import TZ, hours, receive, step


def at(y, m, d, h=8, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


NEW_DUE = at(2026, 11, 27, 16)


def _processing(cast, flows, now=None):
    now = now or at(2026, 11, 16)
    # Received Mon 16/11 08:00: due Mon 23/11 08:00.
    return step(receive(cast, flows.simple, now=now), "forward", cast.desk_officer, now + hours(1))


def _apologise(d, cast, moment, new_due=NEW_DUE):
    return step(d, "apologise", cast.leader, moment, reason="Chờ xác minh", new_due=new_due)


def test_apology_at_least_one_working_day_before_due_decree_118_art_19_6(cast, flows):
    # One working day before Mon 23/11 08:00 is Fri 20/11 08:00 (Fri 08:00-17:00 7.5 h, Mon 07:30-08:00).
    late = _processing(cast, flows)
    with pytest.raises(services.NotAllowedNow) as refused:
        _apologise(late, cast, at(2026, 11, 20, 8, 1))
    assert "Điều 19 khoản 6" in refused.value.message and "23/11/2026" in refused.value.message
    assert Dossier.objects.get(pk=late.pk).apologies == 0
    d = _apologise(_processing(cast, flows), cast, at(2026, 11, 20, 8))
    assert (d.due_at, d.apologies) == (NEW_DUE, 1)


def test_apology_never_once_overdue_decree_118_art_19_6(cast, flows):
    d = _processing(cast, flows)
    moment = at(2026, 11, 23, 9)
    with pytest.raises(services.NotAllowedNow) as refused:
        _apologise(d, cast, moment, new_due=at(2026, 11, 30, 16))
    assert refused.value.message == limits._apology_not_overdue(d, moment)
    assert Dossier.objects.get(pk=d.pk).apologies == 0


def test_apology_never_while_paused_decree_118_art_19_6(cast, flows):
    d = step(_processing(cast, flows), "request_supplement", cast.leader, at(2026, 11, 17), reason="Thiếu")
    moment = at(2026, 11, 18)
    with pytest.raises(services.NotAllowedNow) as refused:
        _apologise(d, cast, moment)
    assert refused.value.message == limits._apology_not_paused(d, moment)


def test_apology_informs_the_one_stop_unit_decree_118_art_12_5(cast, flows):
    desk = cast.desk_officer.user
    desk.email = "motcua.anbinh@example.vn"
    desk.save(update_fields=["email"])
    d = _processing(cast, flows)
    before = set(OutboxMessage.objects.values_list("pk", flat=True))
    _apologise(d, cast, at(2026, 11, 19))
    sent = OutboxMessage.objects.exclude(pk__in=before)
    recipients = sorted(m.payload["to"] for m in sent)
    # The applicant by SMS and email, and the receiving counter's desk officer.
    assert recipients == ["0912345678", "an@example.vn", "motcua.anbinh@example.vn"]
    to_counter = sent.get(payload__to="motcua.anbinh@example.vn")
    assert d.code in to_counter.payload["subject"] and "27/11/2026" in to_counter.payload["body"]


def test_a_dossier_received_under_the_2018_rules_may_apologise_when_overdue(cast, flows):
    d = _processing(cast, flows, now=at(2025, 6, 30))  # due Mon 7/7/2025 08:00
    d = _apologise(d, cast, at(2025, 7, 8), new_due=at(2025, 7, 10, 16))
    assert (d.rules_version, d.apologies) == ("nd61-2018", 1)
