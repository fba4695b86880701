"""Feedback fixtures: the dossier fixtures (two procedures of the test province), a returned dossier
owned by a citizen account, and feedback routed to commune A."""

from __future__ import annotations

from typing import Any

import pytest

from egov.dossiers.models import Dossier
from egov.feedback import services
from egov.feedback.models import Feedback, Topic
from tests.dossiers.conftest import MONDAY, _media, flows, hours, receive, step  # noqa: F401
from tests.factories import make_citizen


@pytest.fixture
def citizen(db) -> Any:
    return make_citizen("congdan.an", full_name="Nguyễn Văn An", email="an@example.vn")


@pytest.fixture
def other_citizen(db) -> Any:
    return make_citizen("congdan.binh", full_name="Lê Thị Bình", email="binh@example.vn")


def returned(cast: Any, procedure: Any, owner: Any = None) -> Dossier:
    """A dossier of `procedure` received at commune A and taken to the return of its result."""
    d = receive(cast, procedure)
    if owner is not None:
        Dossier.objects.filter(pk=d.pk).update(owner=owner)
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(3))
    d = step(d, "approve", cast.leader, MONDAY + hours(4))
    return step(d, "return_result", cast.desk_officer, MONDAY + hours(5))


@pytest.fixture
def returned_dossier(cast, flows, citizen) -> Dossier:  # noqa: F811
    return returned(cast, flows.simple, owner=citizen)


#: Every content of the Decree 118 set rated "satisfied" (2).
ALL_SATISFIED = {
    key: 2
    for key in ("time", "agencies", "contacts", "information", "attitude", "lawful", "explanations", "online")
}


def send_about_agency(actor: Any, agency: Any, **kw: Any) -> Feedback:
    fields = {
        "topic": Topic.AGENCY,
        "agency": agency,
        "title": "Thái độ phục vụ",
        "content": "Cán bộ hướng dẫn chưa rõ.",
        "name": "Phạm Văn Khách",
        "phone": "0987654321",
    }
    fields.update(kw)
    return services.send(actor=actor, **fields)
