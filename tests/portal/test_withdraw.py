"""The applicant withdraws a dossier online before its result, with a reason (Decree 118/2025 art. 21.1-21.2:
"được yêu cầu dừng … đến trước khi cơ quan, tổ chức có thẩm quyền ban hành quyết định giải quyết thủ tục
hành chính hoặc có văn bản thông báo kết quả"), through the `withdraw` move."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.dossiers.models import Dossier, DossierEvent, Status
from egov.portal import services
from tests.dossiers.conftest import MONDAY, hours
from tests.portal.conftest import file_online
from tests.portal.helpers import processing, resolved, supplement_asked

pytestmark = pytest.mark.django_db


def _withdraw(client, d, **data):
    data = {"version": d.version, "idem": "w-1", "reason": "Tôi không còn nhu cầu", **data}
    return client.post(reverse("portal:withdraw", args=[d.pk]), data)


@pytest.mark.parametrize("state", ["submitted", "processing", "supplement"])
def test_withdrawn_before_the_result_with_its_reason_decree_118_art_21(client, cast, flows, people, state):
    d = {
        "submitted": lambda: file_online(cast, flows.simple, people.owner),
        "processing": lambda: processing(cast, flows, people.owner),
        "supplement": lambda: supplement_asked(cast, flows, people.owner),
    }[state]()
    client.force_login(people.owner)
    assert client.get(reverse("portal:withdraw", args=[d.pk])).status_code == 200
    response = _withdraw(client, d)
    assert response.status_code == 302
    d = Dossier.objects.get(pk=d.pk)
    assert d.status == Status.WITHDRAWN and d.national_status == 7
    event = d.events.get(action="withdraw")
    assert event.actor_id == people.owner.pk and event.data["reason"] == "Tôi không còn nhu cầu"
    assert AuditEntry.objects.filter(action="dossier.withdraw", actor_id=people.owner.pk).exists()
    page = client.get(reverse("portal:detail", args=[d.pk])).content.decode()
    assert "Đã rút hồ sơ" in page and "Tôi không còn nhu cầu" in page


def test_no_withdrawal_once_the_result_is_issued_decree_118_art_21(client, cast, flows, people):
    d = resolved(cast, flows, people.owner)
    client.force_login(people.owner)
    assert 'id="withdraw-link"' not in client.get(reverse("portal:detail", args=[d.pk])).content.decode()
    before = DossierEvent.objects.count()
    assert _withdraw(client, d).status_code == 302
    assert Dossier.objects.get(pk=d.pk).status == Status.RESOLVED
    assert DossierEvent.objects.count() == before
    with pytest.raises(services.services.NotAllowedNow):
        services.withdraw(actor=people.owner, dossier=d, reason="Muộn", now=MONDAY + hours(6))


def test_a_reason_is_required(client, cast, flows, people):
    d = processing(cast, flows, people.owner)
    client.force_login(people.owner)
    response = _withdraw(client, d, reason="  ")
    assert response.status_code == 400
    assert "Hãy ghi lý do bạn rút hồ sơ." in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).status == Status.PROCESSING


def test_the_counter_still_records_a_withdrawal_asked_at_the_counter(cast, flows, people):
    from tests.dossiers.conftest import step

    d = processing(cast, flows, people.owner)
    d = step(d, "withdraw", cast.desk_officer, MONDAY + hours(4), reason="Đơn rút hồ sơ nộp tại quầy")
    assert d.status == Status.WITHDRAWN


def test_the_officer_handling_it_is_told_of_the_withdrawal(cast, flows, people):
    from egov.channels.models import OutboxMessage

    cast.specialist.user.email = "chuyenvien@stp.example.vn"
    cast.specialist.user.save()
    d = processing(cast, flows, people.owner)  # handled by the specialist
    earlier = set(OutboxMessage.objects.values_list("pk", flat=True))
    services.withdraw(actor=people.owner, dossier=d, reason="Tôi không còn nhu cầu", now=MONDAY + hours(4))
    told = [
        m.payload
        for m in OutboxMessage.objects.exclude(pk__in=earlier)
        if m.payload["to"] == "chuyenvien@stp.example.vn"
    ]
    assert len(told) == 1 and "Tôi không còn nhu cầu" in told[0]["body"]
