"""The linked group the bundle and group-filing tests share: birth registration, then permanent residence at
another commune (needs the birth's result), then optionally the child's health-insurance card (needs it too)
— the group of Decree 63/2024 as amended by Decree 301/2026."""

from __future__ import annotations

import datetime as dt

from egov.organizations.models import Agency
from egov.procedures.models import GroupPart, PartHandler, Procedure, ProcedureGroup, PublicationStatus


def birth_residence_insurance(
    birth: Procedure,
    residence: Procedure,
    insurance: Procedure,
    residence_agency: Agency,
    source: str = "Nghị định 63/2024/NĐ-CP, sửa đổi bởi Nghị định 301/2026/NĐ-CP",
) -> ProcedureGroup:
    group = ProcedureGroup.objects.create(
        code="KS-TT-BHYT",
        name="Khai sinh, thường trú, thẻ BHYT cho trẻ em dưới 6 tuổi",
        source=source,
        effective_from=dt.date(2024, 6, 10),
        status=PublicationStatus.PUBLISHED,
    )
    GroupPart.objects.create(group=group, position=1, procedure=birth, handler=PartHandler.CIVIL_STATUS)
    GroupPart.objects.create(
        group=group,
        position=2,
        procedure=residence,
        handler=PartHandler.RESIDENCE,
        agency=residence_agency,
        needs_result_of=1,
    )
    GroupPart.objects.create(
        group=group,
        position=3,
        procedure=insurance,
        handler=PartHandler.SOCIAL_INSURANCE,
        required=False,
        needs_result_of=1,
    )
    return group
