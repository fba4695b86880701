"""The access matrix of the dossier screens: every persona of the cast, GET and POST. Allowed personas get
200 or 302 and the change happens; the others get 403 or 404 (anonymous visitors go to the login page)
and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.dossiers import deadlines
from egov.dossiers.models import Attachment, Dossier, DossierEvent
from egov.dossiers.transitions import TABLE
from tests.conftest import PERSONAS
from tests.dossiers.conftest import receive, step
from tests.dossiers.test_transition_table import EXPECTED

#: Who reads a dossier received at commune A and sitting at the Justice office: its counter, the step's
#: holders and their leader, the province's auditor. Not IT administrators, not the commune's clerk.
READERS = {"desk_officer", "specialist", "leader", "auditor"}


class Rollback(Exception):
    pass


def _client(client, cast, persona: str):
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(cast, persona).user)
    return client


def _fingerprint() -> tuple:
    return (
        list(Dossier.objects.order_by("pk").values()),
        DossierEvent.objects.count(),
        OutboxMessage.objects.count(),
        Attachment.objects.count(),
        AuditEntry.objects.count(),
    )


def _refused(response, persona: str) -> bool:
    if persona == "anonymous":
        return response.status_code == 302 and "login" in response["Location"]
    return response.status_code in (403, 404)


@pytest.fixture
def at_justice(cast, flows) -> Dossier:
    now = timezone.now()
    upload = SimpleUploadedFile("don.pdf", b"%PDF-1.4 don", content_type="application/pdf")
    return step(receive(cast, flows.simple, now=now, files=[upload]), "forward", cast.desk_officer, now)


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_reading_screens(client, cast, at_justice, persona):
    d = at_justice
    c = _client(client, cast, persona)
    attachment = Attachment.objects.get(dossier=d)
    reads = {
        reverse("dossiers:detail", args=[d.pk]): READERS,
        reverse("dossiers:attachment", args=[attachment.pk]): READERS,
        reverse("dossiers:slip", args=[d.pk, "receipt"]): READERS,
        reverse("dossiers:receive"): {"desk_officer"},
        reverse("dossiers:book"): {"desk_officer", "leader", "auditor"},
        reverse("dossiers:queues"): {
            "desk_officer",
            "specialist",
            "leader",
            "clerk",
            "auditor",
            "commune_b_specialist",
        },
    }
    for url, allowed in reads.items():
        response = c.get(url)
        if persona in allowed:
            assert response.status_code in (200, 302), (persona, url, response.status_code)
        else:
            assert _refused(response, persona), (persona, url, response.status_code)


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_receiving_by_post(client, cast, flows, persona):
    c = _client(client, cast, persona)
    data = {
        "receive": "1",
        "idem": f"r-{persona}",
        "agency": cast.province.commune_a.pk,
        "procedure": flows.simple.pk,
        "channel": "counter",
        "applicant_type": "citizen",
        "applicant_name": "Lê Thị Cúc",
        "applicant_id_number": "001190000111",
    }
    before = _fingerprint()
    response = c.post(reverse("dossiers:receive"), data)
    if persona == "desk_officer":
        assert response.status_code == 302 and Dossier.objects.filter(applicant_name="Lê Thị Cúc").exists()
    else:
        assert _refused(response, persona), (persona, response.status_code)
        assert _fingerprint() == before


def _form(d: Dossier, action: str, persona: str, cast) -> dict[str, Any]:
    data: dict[str, Any] = {"version": d.version, "idem": f"{action}-{persona}", "reason": "Lý do"}
    if action == "assign":
        handler = cast.specialist.user if persona != "specialist" else getattr(cast, persona).user
        data["handler"] = handler.pk
    if action == "apologise":
        new_due = deadlines.add_working_hours(d.due_at, 16)
        data["new_due"] = timezone.localtime(new_due).strftime("%Y-%m-%dT%H:%M")
    return data


@pytest.mark.parametrize("state", ["received", "processing_free"])
def test_every_move_by_post(client, cast, flows, state):
    now = timezone.now()
    d = receive(cast, flows.simple, now=now)
    if state == "processing_free":
        d = step(d, "forward", cast.desk_officer, now)
    detail = reverse("dossiers:detail", args=[d.pk])
    for action in TABLE:
        allowed = EXPECTED[state].get(action, set())
        for persona in (*PERSONAS, "anonymous"):
            c = _client(client, cast, persona)
            before = _fingerprint()
            url = reverse("dossiers:act", args=[d.pk, action])
            if persona in allowed:
                try:
                    with transaction.atomic():
                        response = c.post(url, _form(d, action, persona, cast))
                        assert response.status_code == 302, (state, action, persona, response.status_code)
                        assert DossierEvent.objects.filter(dossier=d, action=action).count() == 1
                        raise Rollback
                except Rollback:
                    pass
            else:
                response = c.post(url, _form(d, action, persona, cast))
                # A reader whose move the dossier's state does not allow now (a page gone stale) is sent
                # back to the dossier with the reason; anyone else is refused outright.
                told = persona in READERS and response.status_code == 302 and response["Location"] == detail
                assert _refused(response, persona) or told, (state, action, persona, response.status_code)
                assert _fingerprint() == before, (state, action, persona)
