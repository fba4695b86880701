"""The screens: queues per role, the dossier page and its moves, counter receipt, the public look-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from egov.dossiers import intake, selectors
from egov.dossiers.models import Attachment, Dossier, DossierEvent, Status
from tests.dossiers.conftest import MONDAY, hours, receive, step


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_each_role_sees_its_queues(cast, flows, login):
    expect = {
        "desk_officer": {
            "to_receive",
            "to_process",
            "due_soon",
            "overdue",
            "supplement",
            "to_return",
            "returned_today",
            "papers_to_send",  # Decree 118/2025 art. 20.1.a
        },
        "specialist": {"to_process", "due_soon", "overdue", "supplement"},
        "leader": {"to_approve", "due_soon", "overdue", "supplement", "returned_today"},
        "clerk": {"to_process"},
        "auditor": {"overdue"},
        "province_admin": set(),
    }
    for persona, keys in expect.items():
        user = getattr(cast, persona).user
        assert {q.key for q in selectors.queues_for(user)} == keys, persona
        client = login(getattr(cast, persona))
        response = client.get(reverse("dossiers:queues"))
        if keys:
            assert response.status_code == 302
        else:
            assert response.status_code == 403
        for key in selectors.QUEUE_BY_KEY:
            status = client.get(reverse("dossiers:queue", args=[key])).status_code
            assert status == (200 if key in keys else 403), (persona, key)


def test_a_dossier_moves_through_the_queues(cast, flows, login):
    d = receive(cast, flows.simple, now=timezone.now())
    desk = login(cast.desk_officer)
    assert d.code in _page(desk, reverse("dossiers:queue", args=["to_process"]))
    step(d, "forward", cast.desk_officer, timezone.now())
    assert d.code not in _page(desk, reverse("dossiers:queue", args=["to_process"]))
    specialist = login(cast.specialist)
    assert d.code in _page(specialist, reverse("dossiers:queue", args=["to_process"]))
    # Commune B's specialist sees neither the queue entry nor the dossier.
    other = login(cast.commune_b_specialist)
    assert d.code not in _page(other, reverse("dossiers:queue", args=["to_process"]))
    assert other.get(reverse("dossiers:detail", args=[d.pk])).status_code == 404


def test_queue_filters_and_sorting(cast, flows, login):
    now = timezone.now()
    first = receive(cast, flows.simple, now=now - dt.timedelta(days=3))
    second = receive(
        cast,
        flows.inter,
        now=now,
        applicant=intake.Applicant(name="Trần Thị Bích", id_number="079123456789"),
    )
    client = login(cast.desk_officer)
    url = reverse("dossiers:queue", args=["to_process"])
    page = _page(client, url + "?applicant=tran thi bich")
    assert second.code in page and first.code not in page
    page = _page(client, url + "?applicant=079123456789")
    assert second.code in page and first.code not in page
    page = _page(client, url + f"?procedure={flows.simple.pk}")
    assert first.code in page and second.code not in page
    page = _page(client, url + f"?code={second.code[:-2]}")
    assert second.code in page
    page = _page(client, url + f"?received_from={timezone.localdate(now):%Y-%m-%d}")
    assert second.code in page and first.code not in page
    page = _page(client, url + "?sort=-received")
    assert page.index(second.code) < page.index(first.code)
    page = _page(client, url + "?sort=received")
    assert page.index(first.code) < page.index(second.code)


@pytest.mark.parametrize("key", ["to_process", "overdue"])
def test_queue_query_count_does_not_grow_with_the_page(cast, flows, login, key):
    client = login(cast.desk_officer)
    url = reverse("dossiers:queue", args=[key])
    old = timezone.now() - dt.timedelta(days=30)
    receive(cast, flows.simple, now=old)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(20):
        receive(cast, flows.simple, now=old)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.content.decode().count("/ho-so/") >= 20
    assert len(large) == len(small)


def test_dossier_page_shows_only_the_moves_of_this_person(cast, flows, login):
    d = step(receive(cast, flows.simple, now=timezone.now()), "forward", cast.desk_officer, timezone.now())
    page = _page(login(cast.specialist), reverse("dossiers:detail", args=[d.pk]))
    for action in ("assign", "submit_for_approval", "request_supplement", "refuse", "apologise"):
        assert f'id="action-{action}"' in page
    for action in ("approve", "stop", "withdraw", "return_result", "forward"):
        assert f'id="action-{action}"' not in page
    leader_page = _page(login(cast.leader), reverse("dossiers:detail", args=[d.pk]))
    assert 'id="action-stop"' in leader_page and 'id="action-submit_for_approval"' not in leader_page
    auditor_page = _page(login(cast.auditor), reverse("dossiers:detail", args=[d.pk]))
    assert 'id="action-' not in auditor_page
    assert d.code in auditor_page


def test_moves_through_the_form_double_click_and_stale_form(cast, flows, login):
    d = receive(cast, flows.simple, now=timezone.now())
    client = login(cast.desk_officer)
    url = reverse("dossiers:act", args=[d.pk, "forward"])
    form = {"version": 1, "idem": "abc123", "comment": "Chuyển phòng"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # the double click
    assert DossierEvent.objects.filter(dossier=d, action="forward").count() == 1
    # A second officer's form shown before the move: refused with a message, nothing changes.
    before = Dossier.objects.values().get(pk=d.pk)
    response = client.post(
        reverse("dossiers:act", args=[d.pk, "withdraw"]),
        {"version": 1, "idem": "zzz", "reason": "Rút"},
        follow=True,
    )
    assert (
        "vừa được người khác" in response.content.decode()
        or "changed by someone else" in response.content.decode()
    )
    assert Dossier.objects.values().get(pk=d.pk) == before


def test_a_move_without_its_reason_shows_the_form_again(cast, flows, login):
    d = receive(cast, flows.simple, now=timezone.now())
    client = login(cast.desk_officer)
    response = client.post(
        reverse("dossiers:act", args=[d.pk, "request_supplement"]), {"version": 1, "idem": "q1"}
    )
    assert response.status_code == 400
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED


def test_a_refused_move_by_url_changes_nothing(cast, flows, login):
    d = receive(cast, flows.simple, now=timezone.now())
    client = login(cast.specialist)  # not yet at the specialist's step
    response = client.post(
        reverse("dossiers:act", args=[d.pk, "forward"]), {"version": 1, "idem": "x1"}, follow=True
    )
    assert (
        response.status_code == 404
    )  # the specialist cannot even see a dossier still at the commune counter
    client = login(cast.clerk)  # a clerk of the receiving commune reads no dossier not given to them
    response = client.post(
        reverse("dossiers:act", args=[d.pk, "forward"]), {"version": 1, "idem": "x2"}, follow=True
    )
    assert response.status_code == 404
    client = login(cast.auditor)  # the auditor reads it but may not move it
    response = client.post(reverse("dossiers:act", args=[d.pk, "forward"]), {"version": 1, "idem": "x3"})
    assert response.status_code == 403
    assert DossierEvent.objects.filter(dossier=d).count() == 1


def test_receive_at_the_counter_through_the_form(cast, flows, login):
    flows.simple.fees.create(name="Lệ phí cấp bản sao", amount=8000)
    client = login(cast.desk_officer)
    page = _page(client, reverse("dossiers:receive") + f"?procedure={flows.simple.pk}")
    assert "Lệ phí cấp bản sao" in page
    fee = flows.simple.fees.get()
    data = {
        "receive": "1",
        "idem": "form-1",
        "agency": cast.province.commune_a.pk,
        "procedure": flows.simple.pk,
        "channel": "counter",
        "applicant_type": "citizen",
        "applicant_name": "Lê Thị Cúc",
        "applicant_id_number": "001190000111",
        "applicant_phone": "0987654321",
        "fees": [str(fee.pk)],
        "papers": [SimpleUploadedFile("don.pdf", b"%PDF-1.4 don", content_type="application/pdf")],
    }
    response = client.post(reverse("dossiers:receive"), data)
    assert response.status_code == 302
    d = Dossier.objects.get(applicant_name="Lê Thị Cúc")
    assert response["Location"] == reverse("dossiers:detail", args=[d.pk])
    assert d.fees.get().amount == 8000 and Attachment.objects.get(dossier=d).name == "don.pdf"
    data["papers"] = [SimpleUploadedFile("don.pdf", b"%PDF-1.4 don", content_type="application/pdf")]
    client.post(reverse("dossiers:receive"), data)  # the same form sent twice
    assert Dossier.objects.filter(applicant_name="Lê Thị Cúc").count() == 1
    bad = {**data, "idem": "form-2", "applicant_name": "", "applicant_phone": "abc"}
    response = client.post(reverse("dossiers:receive"), bad)
    assert response.status_code == 200 and Dossier.objects.count() == 1
    assert login(cast.specialist).get(reverse("dossiers:receive")).status_code == 403


def test_attachment_download_is_scoped(cast, flows, login):
    upload = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    d = receive(cast, flows.simple, files=[upload])
    item = Attachment.objects.get(dossier=d)
    response = login(cast.desk_officer).get(reverse("dossiers:attachment", args=[item.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert (
        login(cast.commune_b_specialist).get(reverse("dossiers:attachment", args=[item.pk])).status_code
        == 404
    )


def test_home_panel_counts(cast, flows, login):
    receive(cast, flows.simple, now=MONDAY)
    page = _page(login(cast.desk_officer), reverse("core:home"))
    assert reverse("dossiers:queue", args=["to_process"]) in page


def test_time_per_step_on_the_page(cast, flows, login):
    d = receive(cast, flows.simple)
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    page = _page(login(cast.leader), reverse("dossiers:detail", args=[d.pk]))
    assert "1 / 4" in page
