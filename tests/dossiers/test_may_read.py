"""The dossier page asks `permissions.may_read` of the one dossier it read; it must be the rule of
`visible_to` (visibility_q), for every persona and every way a dossier becomes readable: received here,
sitting here now, once visited here (an inter-agency step that has moved on), assigned to the person."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from egov.dossiers import permissions, selectors
from egov.dossiers.models import Dossier
from tests.conftest import PERSONAS
from tests.dossiers.conftest import MONDAY, hours, receive, step


@pytest.fixture
def dossiers(cast, flows):
    received = receive(cast, flows.simple)
    inter = step(receive(cast, flows.inter), "forward", cast.desk_officer, MONDAY + hours(1))
    inter = step(inter, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    at_commune_b = step(inter, "send_to_agency", cast.specialist, MONDAY + hours(3))
    back = step(receive(cast, flows.inter), "forward", cast.desk_officer, MONDAY + hours(1))
    back = step(back, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    back = step(back, "send_to_agency", cast.specialist, MONDAY + hours(3))
    back = step(back, "return_from_agency", cast.commune_b_specialist, MONDAY + hours(4))
    return {"received": received, "at commune B": at_commune_b, "back from commune B": back}


def test_may_read_is_the_rule_of_visible_to_for_every_persona(cast, dossiers):
    people = [getattr(cast, name).user for name in PERSONAS] + [AnonymousUser()]
    visited_only = 0
    for d in dossiers.values():
        d = Dossier.objects.select_related("receiving_agency", "current_agency").get(pk=d.pk)
        for user in people:
            expected = Dossier.objects.visible_to(user).filter(pk=d.pk).exists()
            assert permissions.may_read(user, d) == expected, (d.code, user)
            if expected and not (
                permissions.has_role(user, permissions.READ_ROLES, d.receiving_agency)
                or permissions.has_role(user, permissions.READ_ROLES, d.current_agency)
                or d.handler_id == user.pk
            ):
                visited_only += 1
    assert visited_only, "no dossier was readable through a step visit alone: the test lost its point"


def test_the_page_of_a_dossier_is_refused_as_missing(cast, dossiers):
    d = dossiers["received"]
    with pytest.raises(Dossier.DoesNotExist):
        selectors.dossier_for(cast.commune_b_specialist.user, d.pk)
    assert selectors.dossier_for(cast.desk_officer.user, d.pk).pk == d.pk
