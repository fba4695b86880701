"""Who may open and use each records screen, over GET and POST; a refusal changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.records import services
from egov.records.models import RecordEntry, RecordFile
from tests.documents.conftest import MONDAY, received

pytestmark = pytest.mark.django_db
PERSONAS = ("clerk", "leader", "specialist", "keeper", "outsider", "desk_officer", "anonymous")


@pytest.fixture
def setup(office, cast):
    keeper = office.justice_specialist  # not of the commune: given a commune grant below
    from egov.organizations.models import Role, RoleGrant

    RoleGrant.objects.create(user=keeper.user, agency=office.commune_office, role=Role.SPECIALIST)
    f = services.create_file(
        actor=office.clerk.user,
        agency=office.commune,
        line=services.FileLine(year=2026, code="01.VP", title="Hồ sơ hội nghị", keeper=keeper.user),
        now=MONDAY,
    )
    doc = received(office)
    services.add_document(actor=office.clerk.user, record_file=f, document=doc)
    other = received(office, number_symbol="99/UBND")
    return f, doc, other


def _client(client, login, office, cast, who):
    if who == "anonymous":
        return client
    staff = {"desk_officer": cast.desk_officer, "keeper": office.justice_specialist}.get(who)
    return login(staff or getattr(office, who))


def _state():
    return (
        list(RecordFile.objects.values_list("code", "state")),
        list(RecordEntry.objects.values_list("record_file_id", "document_id")),
        AuditEntry.objects.count(),
    )


READ = {"clerk": 200, "leader": 200, "specialist": 404, "keeper": 200, "outsider": 404, "desk_officer": 403,
        "anonymous": 302}  # fmt: skip
LIST = {**READ, "specialist": 200, "outsider": 200}
NEW = {"clerk": 200, "leader": 200, "specialist": 403, "keeper": 403, "outsider": 403, "desk_officer": 403,
       "anonymous": 302}  # fmt: skip
CHANGE = {"clerk": 302, "leader": 302, "specialist": 404, "keeper": 302, "outsider": 404, "desk_officer": 403,
          "anonymous": 302}  # fmt: skip


@pytest.mark.parametrize("who", PERSONAS)
def test_read_screens(client, login, office, cast, setup, who):
    f, _doc, _other = setup
    c = _client(client, login, office, cast, who)
    assert c.get(reverse("records:list"), {"nam": 2026}).status_code == LIST[who]
    for url in (
        reverse("records:detail", args=[f.pk]),
        *(reverse("records:export", args=[f.pk, x]) for x in ("pdf", "xml")),
    ):
        assert c.get(url).status_code == READ[who], url
    if READ[who] == 200:
        assert "Hồ sơ hội nghị" in c.get(reverse("records:list"), {"nam": 2026}).content.decode()
    elif LIST[who] == 200:
        assert "Hồ sơ hội nghị" not in c.get(reverse("records:list"), {"nam": 2026}).content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_new_file(client, login, office, cast, setup, who):
    c = _client(client, login, office, cast, who)
    assert c.get(reverse("records:new")).status_code == NEW[who]
    before = _state()
    response = c.post(
        reverse("records:new"),
        {"year": 2026, "code": "02.VP", "title": "Hồ sơ mới", "keeper": office.clerk.user.pk},
    )
    if NEW[who] == 200:
        assert response.status_code == 302
        assert RecordFile.objects.filter(code="02.VP").exists()
    else:
        assert response.status_code == NEW[who]
        assert _state() == before


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("action", ["them", "bo", "dong"])
def test_change_file(client, login, office, cast, setup, who, action):
    f, doc, other = setup
    c = _client(client, login, office, cast, who)
    before = _state()
    target = other if action == "them" else doc
    response = c.post(reverse("records:act", args=[f.pk, action]), {"document": target.pk})
    # The keeper, a specialist, does not read an incoming document that is not assigned to them (art. 22.1).
    expected = 403 if (who, action) == ("keeper", "them") else CHANGE[who]
    assert response.status_code == expected
    changed = _state() != before
    assert changed == (expected == 302 and who != "anonymous")


def test_a_duplicate_code_gets_a_vietnamese_message(client, login, office, setup):
    c = login(office.clerk)
    page = c.post(
        reverse("records:new"), {"year": 2026, "code": "01.VP", "title": "x", "keeper": office.clerk.user.pk}
    )
    assert "Danh mục hồ sơ năm 2026 đã có hồ sơ 01.VP." in page.content.decode()


def test_odd_input_never_answers_500(client, login, office, setup):
    f, _doc, _other = setup
    c = login(office.clerk)
    for q in ('"', "NEAR(", "x" * 5000, "😀", "1565/QĐ-UBND"):
        assert c.get(reverse("records:detail", args=[f.pk]), {"q": q}).status_code == 200
    for value in ("abc", "", "9" * 30, "-1"):
        assert c.post(reverse("records:act", args=[f.pk, "them"]), {"document": value}).status_code == 404
    assert c.get(reverse("records:list"), {"nam": "abc"}).status_code == 200
    assert c.get(reverse("records:export", args=[f.pk, "docx"])).status_code == 404
