"""How often the bulk generator draws each flow (workflow × receiving counter): the volumes of a province
after the two-tier reform of 1 July 2025, not one chance per flow (development and benchmarks only).

A uniform draw gave each of the demo province's ~1,470 flows the same chance: 34 commune service centres
with ~36 procedures each and 34 police stations with ~7 outweighed the one provincial centre, whose ten
flows carry every department's procedures, so a department got under 1 % of the dossiers (Sở Tư pháp one
in ~1,500) and its leader's dashboard and trends had next to nothing to show.

Now the draw goes in three stages, each worked out once per run (`flow_weights`):

1. **The tier**: `PROVINCE_SHARE` of the receipts at the counters that serve the whole province (the
   provincial centre, the provincial police's records office), the rest at the counters that serve one
   commune (its service centre and its police station). An estimate: no published breakdown of a
   province's dossiers by level since the reform was found (docs/demo.md, "How often each procedure is
   drawn", lists what was). The figures found bracket it: a commune centre receiving ~1,000-4,000 dossiers a
   month against a provincial centre's ~2,000-12,000 (before the reform) puts 5-25 % of the receipts at
   the province's counter; one commune centre resolved only a fifth of what it received itself, the rest
   being of provincial competence. The demo receives the departments' procedures only at the provincial
   centre, so its share stands for that competence too, hence more than the receipts alone suggest; a
   third still leaves the communes the larger part, as the reform meant (278 district procedures moved
   down to the communes, 18 up to the province).
2. **The commune**: each commune the same share of its tier (the demo has no population figures), the
   province's counters one group.
3. **The procedure**: within a group, each flow in proportion to its procedure's `FREQUENCY` (1 unless
   listed), so certified copies and births outnumber wills and re-registrations.

The tiers present share the whole: in a test world with counters of one tier only, that tier gets every
dossier. The generator draws with the cumulative weights and `bisect`, as it draws the fates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from egov.dossiers.demo_data import Flow
from egov.organizations.models import Agency, AgencyKind
from egov.procedures import places

#: The share of receipts at the counters serving the whole province (module docstring).
PROVINCE_SHARE = 1 / 3

#: Relative frequency of a procedure (national code) against an ordinary one (1), within its counters. An
#: estimate from what one-stop counters are known to receive most (certified copies and signatures, births,
#: deaths, marriages, marital status at a commune; residence and ID cards at its police; land registration
#: and changes, company registration and criminal record certificates at the province), not counted.
FREQUENCY: dict[str, int] = {
    # commune service centre: certification and civil status
    "2.000815": 12,  # certified copy from the original
    "2.000884": 4,  # certified signature
    "2.001035": 2,  # certified contract on movables, land use rights
    "1.001193": 5,  # birth registration
    "2.000986": 3,  # birth and permanent residence, linked
    "1.000656": 2,  # death registration
    "1.000894": 2,  # marriage registration
    "1.004873": 4,  # marital status certificate
    "2.000635": 3,  # copy of a civil-status extract (also at the provincial centre)
    # commune service centre: land, households' businesses, construction, social protection, insurance
    "1.013978": 3,  # first land registration and certificate
    "1.001612": 2,  # household business registration
    "2.000720": 2,  # household business changes
    "1.013225": 2,  # construction permit, grade III-IV
    "1.001776": 2,  # monthly social allowance
    "1.014137": 2,  # health-insurance card
    # commune police station
    "1.004222": 4,  # permanent residence
    "1.004194": 4,  # temporary residence
    "1.003197": 2,  # permanent residence struck off
    "1.014061": 4,  # ID card, 14 and over
    "1.014062": 2,  # ID card, under 14
    # provincial centre and the provincial police's records office
    "1.012783": 4,  # land certificate renewed
    "1.013992": 4,  # change of land use registered
    "1.012784": 2,  # parcels split or merged
    "2.001583": 3,  # single-member limited company registered
    "3.000333": 4,  # criminal record certificate
}


def flow_weights(flows: Sequence[Flow]) -> list[float]:
    """Each flow's share of the receipts, in the order of `flows` (they add up to 1)."""
    communes = set(
        Agency.objects.filter(kind=AgencyKind.COMMUNE)
        .exclude(admin_unit_code="")
        .values_list("admin_unit_code", flat=True)
    )
    group_of: dict[int, str | None] = {}
    for flow in flows:
        counter = flow.counter
        if counter.pk not in group_of:
            code = places.unit_code_of(counter)
            # None: the province's own counters, one group; a commune's code: its centre and police station
            group_of[counter.pk] = code if code in communes else None
    frequency = [FREQUENCY.get(f.template.procedure.code, 1) for f in flows]
    group_total: dict[str | None, int] = defaultdict(int)
    for flow, weight in zip(flows, frequency, strict=True):
        group_total[group_of[flow.counter.pk]] += weight
    commune_groups = sum(1 for g in group_total if g is not None)
    province_share = (PROVINCE_SHARE if commune_groups else 1.0) if None in group_total else 0.0
    commune_share = (1.0 - province_share) / commune_groups if commune_groups else 0.0
    weights = []
    for flow, weight in zip(flows, frequency, strict=True):
        group = group_of[flow.counter.pk]
        share = province_share if group is None else commune_share
        weights.append(share * weight / group_total[group])
    return weights
