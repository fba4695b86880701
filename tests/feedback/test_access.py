"""Who opens each feedback page, over GET and POST: a visitor, the citizen who sent the feedback (and owns the
returned dossier), another citizen, staff of the responsible agency, a leader above it, staff of another
agency. A refused POST changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from egov.feedback import services
from egov.feedback.models import Feedback, Rating
from egov.organizations.models import Role
from tests.factories import make_staff

from .conftest import ALL_SATISFIED, returned, send_about_agency

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "citizen", "other_citizen", "agency_staff", "leader_above", "other_agency_staff")


@pytest.fixture
def world(cast, flows, citizen, other_citizen) -> dict[str, Any]:
    leader_above = make_staff("chutich.tinh", cast.province.root, (Role.LEADER,), "Trịnh Văn Tỉnh")
    item = send_about_agency(citizen, cast.province.commune_a, name="", phone="")
    return {
        "item": item,
        "dossier": returned(cast, flows.simple, owner=citizen),
        "users": {
            "anonymous": None,
            "citizen": citizen,
            "other_citizen": other_citizen,
            "agency_staff": cast.desk_officer.user,
            "leader_above": leader_above.user,
            "other_agency_staff": cast.commune_b_specialist.user,
        },
    }


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _state(world) -> tuple[Any, ...]:
    item = Feedback.objects.get(pk=world["item"].pk)
    return (Feedback.objects.count(), item.status, item.answer, item.assignee_id, Rating.objects.count())


# (name, method, url(world), data(world), expected status per persona in PERSONAS' order)
LOGIN, CITIZEN_LOGIN = "login", "citizen-login"
CASES = [
    ("public list", "get", lambda w: reverse("feedback:public"), None, (200,) * 6),
    ("new form", "get", lambda w: reverse("feedback:new"), None, (200,) * 6),
    (
        "my feedback",
        "get",
        lambda w: reverse("feedback:mine"),
        None,
        (CITIZEN_LOGIN, 200, 200, 403, 403, 403),
    ),
    ("inbox", "get", lambda w: reverse("feedback:inbox"), None, (LOGIN, 403, 403, 200, 200, 200)),
    (
        "one item",
        "get",
        lambda w: reverse("feedback:handle", args=[w["item"].pk]),
        None,
        (LOGIN, 403, 403, 200, 200, 404),
    ),
    (
        "answer",
        "post",
        lambda w: reverse("feedback:act", args=[w["item"].pk, "answer"]),
        lambda w: {"answer": "Đã xử lý."},
        (LOGIN, 403, 403, 302, 302, 404),
    ),
    (
        "assign",
        "post",
        lambda w: reverse("feedback:act", args=[w["item"].pk, "assign"]),
        lambda w: {"assignee": w["users"]["agency_staff"].pk},
        (LOGIN, 403, 403, 302, 302, 404),
    ),
    (
        "rate my dossier",
        "get",
        lambda w: reverse("feedback:rate", args=[w["dossier"].pk]),
        None,
        (CITIZEN_LOGIN, 200, 404, 403, 403, 403),
    ),
    (
        "rate my dossier (send)",
        "post",
        lambda w: reverse("feedback:rate", args=[w["dossier"].pk]),
        lambda w: {f"c_{k}": str(v) for k, v in ALL_SATISFIED.items()},
        (CITIZEN_LOGIN, 200, 404, 403, 403, 403),
    ),
    (
        "rating card",
        "get",
        lambda w: reverse("feedback:rating_card", args=[w["dossier"].pk]),
        None,
        # A citizen gets the boundary's 403: a staff screen, although under /phan-anh/ (citizens/boundary.py).
        (LOGIN, 403, 403, 200, 404, 404),
    ),
    (
        "record a paper card",
        "post",
        lambda w: reverse("feedback:rating_card", args=[w["dossier"].pk]),
        lambda w: {f"c_{k}": str(v) for k, v in ALL_SATISFIED.items()},
        (LOGIN, 403, 403, 302, 404, 404),
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "url", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_access_matrix(client, world, persona, name, method, url, data, expected):
    want = expected[PERSONAS.index(persona)]
    before = _state(world)
    c = _client(client, world["users"][persona])
    response = getattr(c, method)(url(world), data(world) if data else None)
    if want == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    elif want == CITIZEN_LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/cong-dan/dang-nhap/")
    else:
        assert response.status_code == want
    if method == "post" and want not in (200, 302):
        assert _state(world) == before


def test_the_inbox_lists_an_agencys_feedback_to_its_staff_and_the_leaders_above_only(client, world):
    reference = world["item"].reference
    for persona, sees in (("agency_staff", True), ("leader_above", True), ("other_agency_staff", False)):
        client.force_login(world["users"][persona])
        assert (reference in client.get(reverse("feedback:inbox")).content.decode()) is sees, persona


def test_a_citizen_sees_only_their_own_feedback(client, world):
    client.force_login(world["users"]["other_citizen"])
    assert world["item"].reference not in client.get(reverse("feedback:mine")).content.decode()
    client.force_login(world["users"]["citizen"])
    assert world["item"].reference in client.get(reverse("feedback:mine")).content.decode()


def test_staff_below_the_responsible_agency_do_not_handle_it(cast, world):
    """A specialist of the Justice office (below the Department) does not see what the Department gets."""
    item = send_about_agency(services.Visitor(), cast.province.justice)
    assert not Feedback.objects.handled_by(cast.specialist.user).filter(pk=item.pk).exists()
    assert Feedback.objects.handled_by(cast.leader.user).filter(pk=item.pk).exists()
