"""Demo data shared by the dossier demo builders (development and benchmarks only): applicants with valid
personal ID numbers, and the published workflows the demo province can take from receipt to return."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from egov.core.validators import BIRTH_PROVINCE_CODES
from egov.dossiers.intake import Applicant
from egov.organizations.models import Agency, RoleGrant
from egov.procedures import places
from egov.procedures.models import Procedure, PublicationStatus, StepKind, WorkflowStep, WorkflowTemplate
from egov.procedures.services.workflows import receiving_counters

PROVINCE_CODES = sorted(BIRTH_PROVINCE_CODES)

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Quốc", "Ngọc", "Đức", "Thanh", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
]
GIVEN += ["Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Việt", "Yến"]


# `rng._randbelow(n)` is what `rng.choice` and `rng.randint` draw with, so these give the values they gave
# (a seed still gives the same people) at a third of the cost: the bulk generator draws millions of people.


def cccd(rng: random.Random) -> str:
    """A valid 12-digit personal ID: birth province (3), century and sex (1), birth year (2), serial (6)."""
    below = rng._randbelow  # type: ignore[attr-defined]
    year = 1950 + below(57)  # randint(1950, 2006)
    century_sex = (year // 100 - 19) * 2 + below(2)
    return f"{PROVINCE_CODES[below(len(PROVINCE_CODES))]}{century_sex}{year % 100:02d}{below(1_000_000):06d}"


def person(rng: random.Random) -> Applicant:
    below = rng._randbelow  # type: ignore[attr-defined]
    name = f"{FAMILY[below(len(FAMILY))]} {MIDDLE[below(len(MIDDLE))]} {GIVEN[below(len(GIVEN))]}"
    return Applicant(
        name=name,
        id_number=cccd(rng),
        phone=f"09{10_000_000 + below(90_000_000)}",  # randint(10000000, 99999999)
        email="",
        address=f"Thôn {1 + below(12)}",  # randint(1, 12)
    )


@dataclass
class Flow:
    template: WorkflowTemplate
    counter: Agency
    steps: list[WorkflowStep]


def usable_flows(root: Agency | None = None) -> list[Flow]:
    """Published workflows that a counter of the province can take from receipt to return with its staff."""
    counters = Agency.objects.filter(has_counter=True, is_active=True)
    if root is not None:
        counters = counters.filter(path__startswith=root.path)
    grants = defaultdict(set)
    for role, path in RoleGrant.objects.filter(user__is_active=True).values_list("role", "agency__path"):
        grants[role].add(path)

    def staffed(role: str, agency: Agency) -> bool:
        return any(agency.path.startswith(p) for p in grants[role])

    flows = []
    templates = list(
        WorkflowTemplate.objects.filter(
            status=PublicationStatus.PUBLISHED, procedure__status=PublicationStatus.PUBLISHED
        ).select_related("procedure", "agency")
    )
    owned: dict[int, list[str]] = defaultdict(list)
    for template in templates:
        if template.agency is not None:
            owned[template.procedure_id].append(template.agency.path)
    # Where the catalogue says each procedure is received (the counters of the agencies that carry it out,
    # else the province's service centres): a birth-certificate copy at the commune's centre, never at the
    # commune police, whose counter takes residence and ID cards. A procedure the catalogue gives no agency
    # (a bare test catalogue) may be taken by any counter.
    carried = set(Procedure.agencies.through.objects.values_list("procedure_id", flat=True))
    receivers = {t.pk: {c.pk for c in receiving_counters(t)} for t in templates if t.procedure_id in carried}
    for template in templates:
        steps = list(template.steps.select_related("agency").order_by("position"))
        if not steps or steps[0].kind != StepKind.RECEIVE or steps[-1].kind != StepKind.RETURN:
            continue
        # An agency's own workflow runs at that agency and below, unless a nearer agency has its own (as
        # `procedures.selectors` chooses).
        for counter in counters:
            if not _applies(template, counter, owned[template.procedure_id]):
                continue
            if template.pk in receivers and counter.pk not in receivers[template.pk]:
                continue
            if all(staffed(s.role, places.step_place(s, counter)) for s in steps):
                flows.append(Flow(template, counter, steps))
    return flows


def _applies(template: WorkflowTemplate, counter: Agency, own_paths: list[str]) -> bool:
    """Whether a dossier received at `counter` follows `template`: the nearest agency's own, else the
    default."""
    covering = [p for p in own_paths if counter.path.startswith(p)]
    if template.agency is None:
        return not covering
    return counter.path.startswith(template.agency.path) and template.agency.path == max(covering, key=len)
