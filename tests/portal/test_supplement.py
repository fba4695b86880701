"""Supplements sent online by the applicant (Decree 118/2025 art. 16.3, 17.2.a, 19.5): an online submission
asked to be completed goes back to the counter's queue (`resubmit`); an accepted dossier waiting for its
supplement resumes (`supplement_online`), its time limit counted again from zero under the 2025 rules and
resumed with the time left under the 2018 rules. Nothing sent, a stale page or a repeated click changes
nothing more."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.channels.models import OutboxMessage
from egov.dossiers import deadlines
from egov.dossiers.models import Attachment, Dossier, DossierEvent, Status
from egov.portal import services
from tests.dossiers.conftest import MONDAY, TZ, hours, step
from tests.portal.conftest import file_online
from tests.portal.helpers import pdf, supplement_asked

pytestmark = pytest.mark.django_db


def at(y: int, m: int, d: int, h: int = 8, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def _post(client, d, **data):
    data = {"version": d.version, "idem": "once-1", **data}
    return client.post(reverse("portal:supplement", args=[d.pk]), data)


def test_the_completed_submission_goes_back_to_the_counters_queue_decree_118_art_17_2_a(
    client, cast, flows, people
):
    d = file_online(cast, flows.simple, people.owner)
    d = step(d, "ask_to_complete", cast.desk_officer, MONDAY + hours(1), reason="Thiếu tờ khai có chữ ký")
    client.force_login(people.owner)
    response = _post(client, d, files=pdf("to-khai-da-ky.pdf"), answer="Đã ký tờ khai")
    assert response.status_code == 302
    d = Dossier.objects.get(pk=d.pk)
    assert d.status == Status.SUBMITTED and d.received_at is None  # still no code and no clock
    event = d.events.get(action="resubmit")
    assert event.actor_id == people.owner.pk and event.comment == "Đã ký tờ khai"
    assert d.attachments.get(kind=Attachment.Kind.SUPPLEMENT, event=event).name == "to-khai-da-ky.pdf"
    assert d.accept_due_at is not None and d.accept_due_at > MONDAY + hours(1)  # new limits


def test_the_supplement_restarts_the_time_limit_from_zero_decree_118_art_19_5(client, cast, flows, people):
    d = supplement_asked(cast, flows, people.owner)
    assert d.rules_version == "nd118-2025"
    sent = MONDAY + dt.timedelta(days=2)  # Wednesday 18/11, 08:00
    d = services.send_supplement(actor=people.owner, dossier=d, files=[pdf()], now=sent)
    assert d.status == Status.PROCESSING
    assert d.due_at == deadlines.dossier_due(sent, flows.simple)  # the 5 working days counted again in full
    assert d.events.get(action="supplement_online").actor_id == people.owner.pk


def test_a_dossier_received_under_the_2018_rules_resumes_with_the_time_left(cast, flows, people):
    received = at(2025, 6, 30)  # the last day of Decree 61/2018
    d = supplement_asked(cast, flows, people.owner, at=received)
    assert d.rules_version == "nd61-2018"
    due_before, paused_at = d.due_at, d.paused_at
    sent = at(2025, 7, 7)
    d = services.send_supplement(actor=people.owner, dossier=d, answer="Đã nộp bổ sung", now=sent)
    assert d.status == Status.PROCESSING
    assert d.due_at == deadlines.resume_due(due_before, paused_at, sent)
    assert d.due_at != deadlines.dossier_due(sent, flows.simple)


def test_the_officer_handling_it_is_told(cast, flows, people):
    cast.specialist.user.email = "chuyenvien@stp.example.vn"
    cast.specialist.user.save()
    d = supplement_asked(cast, flows, people.owner)
    earlier = set(OutboxMessage.objects.values_list("pk", flat=True))
    services.send_supplement(actor=people.owner, dossier=d, files=[pdf()], now=MONDAY + hours(6))
    told = OutboxMessage.objects.exclude(pk__in=earlier).filter(topic=OutboxMessage.Topic.EMAIL)
    to_officer = [m.payload for m in told if m.payload["to"] == "chuyenvien@stp.example.vn"]
    assert len(to_officer) == 1 and "người nộp đã gửi hồ sơ bổ sung" in to_officer[0]["subject"]


def test_sending_nothing_is_refused_with_a_message_and_changes_nothing(client, cast, flows, people):
    d = supplement_asked(cast, flows, people.owner)
    before = DossierEvent.objects.count(), Attachment.objects.count()
    client.force_login(people.owner)
    response = _post(client, d)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page and "Hãy đính kèm giấy tờ được yêu cầu" in page
    assert Dossier.objects.get(pk=d.pk).status == Status.SUPPLEMENT
    assert (DossierEvent.objects.count(), Attachment.objects.count()) == before
    with pytest.raises(ValidationError):
        services.send_supplement(actor=people.owner, dossier=d, answer="   ")


def test_a_program_disguised_as_a_paper_is_refused_and_nothing_is_kept(client, cast, flows, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = supplement_asked(cast, flows, people.owner)
    client.force_login(people.owner)
    fake = SimpleUploadedFile("giay-khai-sinh.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    response = _post(client, d, files=fake)
    assert response.status_code == 400 and 'id="error-summary"' in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).status == Status.SUPPLEMENT
    assert not Attachment.objects.filter(dossier=d, kind=Attachment.Kind.SUPPLEMENT).exists()


def test_a_double_click_sends_one_supplement_and_a_stale_page_none(client, cast, flows, people):
    d = supplement_asked(cast, flows, people.owner)
    client.force_login(people.owner)
    first = _post(client, d, files=pdf())
    again = _post(client, d, files=pdf())  # the same one-time key
    assert first.status_code == again.status_code == 302
    assert d.events.filter(action="supplement_online").count() == 1
    assert Attachment.objects.filter(dossier=d, kind=Attachment.Kind.SUPPLEMENT).count() == 1
    stale = _post(client, d, idem="once-2", files=pdf())  # the page of before the supplement
    assert stale.status_code == 302
    assert d.events.filter(action="supplement_online").count() == 1


def test_no_supplement_form_when_nothing_is_asked(client, cast, flows, people):
    from tests.portal.helpers import processing

    d = processing(cast, flows, people.owner)
    client.force_login(people.owner)
    assert 'id="supplement-form"' not in client.get(reverse("portal:detail", args=[d.pk])).content.decode()
    assert _post(client, d, files=pdf()).status_code == 302
    assert not d.events.filter(action__in=("supplement_online", "resubmit")).exists()


def test_a_member_of_the_organisation_sends_the_supplement(cast, flows, people):
    d = supplement_asked(cast, flows, people.owner, organisation=people.organisation)
    d = services.send_supplement(actor=people.member, dossier=d, files=[pdf()], now=MONDAY + hours(6))
    assert d.status == Status.PROCESSING
    assert d.events.get(action="supplement_online").actor_id == people.member.pk
