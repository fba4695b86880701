"""Who may open and use each documents screen, over GET and POST; a refusal changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.documents.models import Document, DocumentEvent, Status
from tests.documents.conftest import pdf, received

PERSONAS = ("clerk", "leader", "specialist", "outsider", "justice_leader", "desk_officer", "anonymous")


def _client(client, login, office, cast, who):
    if who == "anonymous":
        return client
    staff = cast.desk_officer if who == "desk_officer" else getattr(office, who)
    return login(staff)


def _state():
    return (
        Document.objects.count(),
        DocumentEvent.objects.count(),
        list(Document.objects.values_list("status", flat=True)),
    )


LIST = {
    "clerk": 200,
    "leader": 200,
    "specialist": 200,
    "outsider": 200,
    "justice_leader": 200,
    "desk_officer": 403,
    "anonymous": 302,
}
RECEIVE = {
    "clerk": 200,
    "leader": 403,
    "specialist": 403,
    "outsider": 403,
    "justice_leader": 403,
    "desk_officer": 403,
    "anonymous": 302,
}
DRAFT = {
    "clerk": 200,
    "leader": 200,
    "specialist": 200,
    "outsider": 200,
    "justice_leader": 200,
    "desk_officer": 403,
    "anonymous": 302,
}
#: A specialist of an office sees an incoming document once it is assigned to their unit (test_incoming).
DETAIL = {
    "clerk": 200,
    "leader": 200,
    "specialist": 404,
    "outsider": 404,
    "justice_leader": 404,
    "desk_officer": 403,
    "anonymous": 302,
}
REGISTER = {
    "clerk": 200,
    "leader": 200,
    "specialist": 403,
    "outsider": 403,
    "justice_leader": 200,
    "desk_officer": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", PERSONAS)
def test_documents_list(client, login, office, cast, who):
    assert _client(client, login, office, cast, who).get(reverse("documents:list")).status_code == LIST[who]


@pytest.mark.parametrize("who", PERSONAS)
def test_receive_screen_get_and_post(client, login, office, cast, who):
    c = _client(client, login, office, cast, who)
    assert c.get(reverse("documents:receive")).status_code == RECEIVE[who]
    before = _state()
    data = {
        "doc_type": "CV",
        "issuer_name": "UBND tỉnh",
        "number_symbol": "12/UBND-VP",
        "issued_on": "2026-05-28",
        "summary": "V/v thử",
        "urgency": "normal",
        "confidentiality": "normal",
        "main": pdf(),
    }
    response = c.post(reverse("documents:receive"), data)
    if who == "clerk":
        assert response.status_code == 302
        assert Document.objects.get().number_symbol == "12/UBND-VP"
    else:
        assert response.status_code == RECEIVE[who]
        assert _state() == before


@pytest.mark.parametrize("who", PERSONAS)
def test_draft_screen_get_and_post(client, login, office, cast, who):
    c = _client(client, login, office, cast, who)
    assert c.get(reverse("documents:draft")).status_code == DRAFT[who]
    if who in ("desk_officer", "anonymous"):
        before = _state()
        response = c.post(
            reverse("documents:draft"),
            {"doc_type": "QĐ", "summary": "x", "external": "Bưu điện", "main": pdf()},
        )
        assert response.status_code == DRAFT[who]
        assert _state() == before


@pytest.mark.parametrize("who", PERSONAS)
def test_detail_and_its_file(client, login, office, cast, who):
    doc = received(office)
    c = _client(client, login, office, cast, who)
    assert c.get(reverse("documents:detail", args=[doc.pk])).status_code == DETAIL[who]
    item = doc.files.get()
    assert c.get(reverse("documents:file", args=[doc.pk, item.pk])).status_code == DETAIL[who]


REGISTER_ACTION = {
    "clerk": 302,
    "leader": 403,
    "specialist": 404,
    "outsider": 404,
    "justice_leader": 404,
    "desk_officer": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", PERSONAS)
def test_register_action_get_and_post(client, login, office, cast, who):
    doc = received(office)
    c = _client(client, login, office, cast, who)
    url = reverse("documents:act", args=[doc.pk, "register"])
    expected_get = 200 if who == "clerk" else REGISTER_ACTION[who]
    assert c.get(url).status_code == expected_get
    before = _state()
    response = c.post(url)
    assert response.status_code == REGISTER_ACTION[who]
    doc.refresh_from_db()
    if who == "clerk":
        assert doc.status == Status.REGISTERED and doc.register_number == 1
    else:
        assert _state() == before and doc.register_number is None


def test_an_unknown_action_is_404(client, login, office):
    doc = received(office)
    assert login(office.clerk).post(reverse("documents:act", args=[doc.pk, "delete"])).status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_registers_on_screen_and_printed(client, login, office, cast, who):
    c = _client(client, login, office, cast, who)
    assert c.get(reverse("documents:register", args=["incoming", 2026])).status_code == REGISTER[who]
    response = c.get(reverse("documents:register_pdf", args=["incoming", 2026]))
    assert response.status_code == REGISTER[who]
    if REGISTER[who] == 200:
        assert response["Content-Type"] == "application/pdf"


def test_a_register_of_no_direction_is_404(client, login, office):
    assert login(office.clerk).get("/van-ban/so/sideways/2026/").status_code == 404


def test_a_form_with_bad_input_answers_400_in_place_and_keeps_nothing(client, login, office):
    c = login(office.clerk)
    response = c.post(reverse("documents:receive"), {"doc_type": "XYZ", "summary": "", "main": pdf()})
    assert response.status_code == 400
    assert not Document.objects.exists()
