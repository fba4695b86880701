"""Dossier fixtures: two published procedures of the test province and helpers to put a dossier in any state.

Flow "simple" (a Justice procedure received at commune A, as the two-tier
government receives dossiers regardless of the deciding level):
    1 receive (desk officer, receiving agency) → 2 process (specialist, Justice office)
    → 3 approve (leader, Justice dept) → 4 return (desk officer, receiving agency)
Flow "inter-agency": 1 receive → 2 process (Justice office) → 3 inter-agency step at
commune B (its specialist) → 4 approve (Justice dept) → 5 return.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from egov.dossiers import intake, services
from egov.dossiers.models import Dossier
from egov.organizations.models import Role
from egov.procedures.models import (
    Field,
    Procedure,
    PublicationStatus,
    StepKind,
    TimeUnit,
    WorkflowStep,
    WorkflowTemplate,
)

TZ = dt.timezone(dt.timedelta(hours=7))
#: Monday 16 November 2026, 08:00 in Vietnam: an ordinary working morning.
MONDAY = dt.datetime(2026, 11, 16, 8, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def make_procedure(
    code: str, name: str, days: str, steps: list[tuple[str, str, Any, str]], field: Field
) -> Procedure:
    procedure = Procedure.objects.create(
        code=code,
        name=name,
        field=field,
        processing_time=Decimal(days),
        time_unit=TimeUnit.WORKING_DAYS,
        status=PublicationStatus.PUBLISHED,
        levels=["province"],
        channels=["counter", "online", "post"],
    )
    template = WorkflowTemplate.objects.create(
        procedure=procedure, version=1, status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )
    for position, (kind, role, agency, hours) in enumerate(steps, start=1):
        WorkflowStep.objects.create(
            template=template,
            position=position,
            kind=kind,
            name=f"{StepKind(kind).label} {position}",
            role=role,
            agency=agency,
            allotted_hours=Decimal(hours),
        )
    return procedure


@dataclass
class Flows:
    simple: Procedure
    inter: Procedure


@pytest.fixture
def flows(cast) -> Flows:
    p = cast.province
    field = Field.objects.create(code="HT", name="Hộ tịch", name_folded="ho tich")
    simple = make_procedure(
        "2.000635",
        "Cấp bản sao trích lục hộ tịch",
        "5",
        [
            (StepKind.RECEIVE, Role.DESK_OFFICER, None, "4"),
            (StepKind.PROCESS, Role.SPECIALIST, p.justice_office, "24"),
            (StepKind.APPROVE, Role.LEADER, p.justice, "8"),
            (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
        ],
        field,
    )
    inter = make_procedure(
        "1.001193",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "10",
        [
            (StepKind.RECEIVE, Role.DESK_OFFICER, None, "4"),
            (StepKind.PROCESS, Role.SPECIALIST, p.justice_office, "24"),
            (StepKind.INTER_AGENCY, Role.SPECIALIST, p.commune_b, "24"),
            (StepKind.APPROVE, Role.LEADER, p.justice, "8"),
            (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
        ],
        field,
    )
    return Flows(simple, inter)


APPLICANT = intake.Applicant(
    name="Nguyễn Văn An",
    id_number="001090012345",
    phone="0912345678",
    email="an@example.vn",
    address="Xã An Bình",
)


def receive(cast, procedure: Procedure, now: dt.datetime = MONDAY, **kw: Any) -> Dossier:
    return intake.receive(
        actor=cast.desk_officer.user,
        procedure=procedure,
        agency=cast.province.commune_a,
        applicant=kw.pop("applicant", APPLICANT),
        now=now,
        **kw,
    )


def step(dossier: Dossier, action: str, staff: Any, at: dt.datetime, **kw: Any) -> Dossier:
    return services.transition(dossier.pk, action, actor=staff.user, now=at, **kw)


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)
