"""How often the bulk generator draws each flow (egov.dossiers.demo_volumes): a third of the receipts at the
counters serving the whole province, the rest shared by the communes, common procedures more often."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from egov.dossiers import demo_bulk, demo_volumes
from egov.dossiers.demo_data import usable_flows
from egov.dossiers.models import Dossier
from egov.organizations.models import Role
from tests.factories import make_staff

NOW = dt.datetime(2026, 12, 5, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def centre_desk(cast):
    """A desk officer at the provincial service centre: its counter takes both test procedures too."""
    return make_staff("motcua.tinh", cast.province.center, (Role.DESK_OFFICER,), "Lý Thị Tâm")


def test_each_flow_weighs_its_tier_its_commune_and_its_procedure(cast, flows, centre_desk):
    found = usable_flows()
    counters = {f.counter for f in found}
    assert counters == {cast.province.commune_a, cast.province.center}
    weights = dict(
        zip(
            [(f.counter, f.template.procedure.code) for f in found],
            demo_volumes.flow_weights(found),
            strict=True,
        )
    )
    assert sum(weights.values()) == pytest.approx(1)
    centre = sum(w for (counter, _), w in weights.items() if counter == cast.province.center)
    assert centre == pytest.approx(demo_volumes.PROVINCE_SHARE)
    # within a counter, a birth registration (5) against a copy of an extract (3)
    commune = cast.province.commune_a
    assert weights[(commune, "1.001193")] / weights[(commune, "2.000635")] == pytest.approx(5 / 3)


def test_a_tier_alone_takes_every_dossier(cast, flows):
    found = usable_flows()
    assert {f.counter for f in found} == {cast.province.commune_a}
    assert sum(demo_volumes.flow_weights(found)) == pytest.approx(1)


def test_the_provincial_counter_receives_about_a_third_of_the_generated_dossiers(cast, flows, centre_desk):
    """A uniform draw over the four flows would give the centre half of them."""
    assert demo_bulk.bulk_generate(3000, now=NOW, seed=6, open_share=None) == 3000
    received = Counter(Dossier.objects.values_list("receiving_agency", flat=True))
    share = received[cast.province.center.pk] / 3000
    assert 0.29 <= share <= 0.38, share
    procedures = Counter(
        Dossier.objects.filter(receiving_agency=cast.province.commune_a).values_list(
            "procedure__code", flat=True
        )
    )
    assert 1.3 <= procedures["1.001193"] / procedures["2.000635"] <= 2.1, procedures
