"""Each move that matters sends its own notification template, by the channels the applicant can be reached
on and, for a dossier with an owner account, the channels that account chose for the message's kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from egov.backoffice.notifications import services as templates
from egov.channels.models import OutboxMessage
from egov.channels.notifications import sandbox
from egov.channels.notifications.events import EVENTS, default_texts
from egov.citizens import notify_choices
from egov.dossiers import intake
from egov.dossiers.models import Dossier
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, receive, step
from tests.factories import make_citizen

Move = Callable[[Any, Any], Dossier]


def _processing(cast, flows) -> Dossier:
    d = step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))
    return step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)


def _resolved(cast, flows) -> Dossier:
    d = step(_processing(cast, flows), "submit_for_approval", cast.specialist, MONDAY + hours(3))
    # On the appointment day (not before it, which would be "result early").
    return step(d, "approve", cast.leader, d.due_at - hours(1))


def _accepted(cast, flows) -> Dossier:
    d = intake.submit_online(
        procedure=flows.simple, agency=cast.province.commune_a, applicant=APPLICANT, now=MONDAY
    )
    return step(d, "accept", cast.desk_officer, MONDAY + hours(1))


MOVES: dict[str, Move] = {
    "receive": lambda cast, flows: receive(cast, flows.simple),
    "request_supplement": lambda cast, flows: step(
        _processing(cast, flows),
        "request_supplement",
        cast.specialist,
        MONDAY + hours(3),
        reason="Thiếu tờ khai",
    ),
    "refuse": lambda cast, flows: step(
        _processing(cast, flows), "refuse", cast.leader, MONDAY + hours(3), reason="Không đủ điều kiện"
    ),
    "result_ready": _resolved,
    "apologise": lambda cast, flows: step(
        _processing(cast, flows),
        "apologise",
        cast.leader,
        MONDAY + hours(3),
        reason="Chờ xác minh",
        new_due=MONDAY + 9 * hours(24),
    ),
    "accept": _accepted,
}


def _latest(d: Dossier, topic: str) -> OutboxMessage:
    found = (
        OutboxMessage.objects.about(d)
        .filter(topic=topic, payload__event__isnull=False)
        .order_by("-id")
        .first()
    )
    assert found is not None, f"no {topic} to the applicant"
    return found


@pytest.mark.parametrize("event", sorted(MOVES))
def test_each_move_sends_its_events_shipped_template_by_sms_and_email(cast, flows, event):
    d = MOVES[event](cast, flows)
    sms, email = _latest(d, "sms"), _latest(d, "email")
    assert sms.payload["event"] == email.payload["event"] == event
    assert (sms.payload["to"], email.payload["to"]) == (APPLICANT.phone, APPLICANT.email)
    shipped = default_texts(event)
    first_words = sandbox.render(shipped.sms, {name: "" for name in EVENTS[event].variables}).split()[:2]
    assert sms.payload["text"].split()[:2] == first_words
    assert d.code in sms.payload["text"] and d.code in email.payload["subject"]
    assert sms.payload["text"] in email.payload["body"]  # the email says what the SMS says, and more


@pytest.mark.parametrize("event", sorted(MOVES))
def test_an_administrators_template_is_the_one_sent_for_its_event(cast, flows, event):
    for channel in ("sms", "email"):
        templates.save_template(
            actor=cast.province_admin.user,
            event=event,
            channel=channel,
            subject=f"[{event}] {{{{ code }}}}",
            body=f"MAU-{event} {{{{ code }}}}",
        )
    d = MOVES[event](cast, flows)
    assert _latest(d, "sms").payload["text"] == f"MAU-{event} {d.code}"
    email = _latest(d, "email")
    assert (email.payload["subject"], email.payload["body"]) == (
        f"[{event}] {d.code}",
        f"MAU-{event} {d.code}",
    )


def _owned(cast, flows, user) -> Dossier:
    d = receive(cast, flows.simple)
    Dossier.objects.filter(pk=d.pk).update(owner=user)
    return Dossier.objects.get(pk=d.pk)


def _applicant_topics(d: Dossier, after: int) -> list[str]:
    rows = OutboxMessage.objects.about(d).filter(pk__gt=after, payload__event__isnull=False)
    return sorted(rows.values_list("topic", flat=True))


def test_the_owners_choice_per_kind_is_respected(cast, flows):
    owner = make_citizen("cd.chon", verified=True)
    notify_choices.save_choices(
        actor=owner, choices={"progress": {"sms"}, "results": {"email"}, "payments": {"sms"}}
    )
    d = _owned(cast, flows, owner)
    last = OutboxMessage.objects.order_by("-id").first().pk  # type: ignore[union-attr]
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    d = step(d, "request_supplement", cast.specialist, MONDAY + hours(3), reason="Thiếu tờ khai")
    assert _applicant_topics(d, last) == ["sms"]  # progress: SMS only

    d = step(d, "supplement_received", cast.desk_officer, MONDAY + hours(4))
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(5))
    last = OutboxMessage.objects.order_by("-id").first().pk  # type: ignore[union-attr]
    step(d, "approve", cast.leader, MONDAY + 4 * hours(24))
    assert _applicant_topics(d, last) == ["email"]  # results: email only


def test_a_choice_that_cannot_be_met_falls_back_to_the_channel_the_dossier_has(cast, flows):
    owner = make_citizen("cd.sms", verified=True)
    notify_choices.save_choices(
        actor=owner, choices={"progress": {"sms"}, "results": {"sms"}, "payments": {"sms"}}
    )
    no_phone = intake.Applicant(name="Lê Thị Hoa", email="hoa@example.vn")
    d = receive(cast, flows.simple, applicant=no_phone)
    Dossier.objects.filter(pk=d.pk).update(owner=owner)
    d = step(Dossier.objects.get(pk=d.pk), "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    last = OutboxMessage.objects.order_by("-id").first().pk  # type: ignore[union-attr]
    step(d, "request_supplement", cast.specialist, MONDAY + hours(3), reason="Thiếu tờ khai")
    assert _applicant_topics(d, last) == ["email"]


@pytest.mark.parametrize(
    ("applicant", "topics"),
    [
        (intake.Applicant(name="Phạm Văn Bình", phone="0987654321"), ["sms"]),
        (intake.Applicant(name="Phạm Văn Bình", email="binh@example.vn"), ["email"]),
        (intake.Applicant(name="Phạm Văn Bình"), []),
    ],
    ids=["phone-only", "email-only", "nothing"],
)
def test_a_counter_applicant_without_an_account_gets_what_the_officer_recorded(
    cast, flows, applicant, topics
):
    d = receive(cast, flows.simple, applicant=applicant)
    assert _applicant_topics(d, 0) == topics


def test_a_long_reason_is_shortened_so_the_sms_fits_the_limit_and_the_email_keeps_it_whole(
    cast, flows, settings
):
    settings.EGOV_SMS_MAX_SEGMENTS = 2
    reason = "Chờ kết quả xác minh của cơ quan công an về nơi cư trú của người được cấp, " * 6
    new_due = MONDAY + 9 * hours(24)
    d = step(
        _processing(cast, flows), "apologise", cast.leader, MONDAY + hours(3), reason=reason, new_due=new_due
    )
    from egov.channels.segments import count_segments

    text = _latest(d, "sms").payload["text"]
    assert count_segments(text).segments == 2 and "...)" in text
    # Only the reason was cut: what follows it, the new appointment, is whole.
    assert text.endswith(f"Hẹn trả kết quả mới: {timezone.localtime(d.due_at):%H:%M %d/%m/%Y}.")
    assert reason.strip() in _latest(d, "email").payload["body"]
