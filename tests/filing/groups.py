"""A linked group to file online (Decree 63/2024/NĐ-CP): birth registration (the filing tests' online
procedure), permanent residence at another commune's counter waiting for the birth result, and the child's
health-insurance card "if you choose it". Two papers are asked by two parts each; helpers fill a group
draft in through the services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from egov.filing import group_services as services
from egov.filing.group_models import GroupDraft
from egov.organizations.models import Role
from egov.procedures.models import (
    Fee,
    FormVersion,
    ProcedureGroup,
    PublicationStatus,
    RequiredDocument,
    StepKind,
)
from tests.dossiers.conftest import make_procedure
from tests.filing.conftest import ANSWERS_PAGE_1, ANSWERS_PAGE_2, APPLICANT, Online, upload
from tests.linked_groups import birth_residence_insurance

RESIDENCE_SCHEMA = {
    "fields": [
        {"name": "noi_thuong_tru", "label": "Nơi đăng ký thường trú", "type": "text", "required": True}
    ]
}


@dataclass
class Linked:
    group: ProcedureGroup
    birth: Online
    residence: Any
    insurance: Any
    #: Asked by the birth registration and the insurance card.
    birth_certificate: RequiredDocument
    #: Asked by the residence part only.
    home_proof: RequiredDocument
    counter: Any
    residence_counter: Any


def linked_group(online: Online, province: Any) -> Linked:
    field = online.procedure.field
    steps = [
        (StepKind.RECEIVE, Role.DESK_OFFICER, None, "8"),
        (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
    ]
    residence = make_procedure("1.004222", "Đăng ký thường trú", "2", steps, field)
    insurance = make_procedure("1.011111", "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "3", steps, field)
    FormVersion.objects.create(
        procedure=residence,
        version=1,
        schema=RESIDENCE_SCHEMA,
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    RequiredDocument.objects.create(procedure=insurance, name="Giấy chứng sinh", sort_order=1)
    home = RequiredDocument.objects.create(
        procedure=residence, name="Giấy tờ chứng minh chỗ ở hợp pháp", sort_order=1
    )
    # The same optional paper as the birth registration's: asked once for both.
    RequiredDocument.objects.create(
        procedure=residence, name="Văn bản ủy quyền", required=False, sort_order=2
    )
    Fee.objects.create(procedure=residence, name="Lệ phí đăng ký cư trú", amount=Decimal(10000))
    group = birth_residence_insurance(
        online.procedure, residence, insurance, province.commune_b, source="Nghị định 63/2024/NĐ-CP"
    )
    return Linked(
        group, online, residence, insurance, online.certificate, home, online.counter, province.commune_b
    )


def key_of(draft: GroupDraft, requirement: RequiredDocument) -> str:
    from egov.core.text import search_key

    return search_key(requirement.name)


def filled_group_draft(linked: Linked, citizen: Any, *, insurance: bool = True) -> GroupDraft:
    """A group draft with every step saved through the services, ready to submit."""
    draft = services.start(actor=citizen, group=linked.group)
    draft = services.save_applicant(actor=citizen, draft=draft, applicant=APPLICANT)
    draft = services.choose_parts(actor=citizen, draft=draft, optional=[3] if insurance else [])
    draft = services.save_answers(
        actor=citizen, draft=draft, position=1, step="form-1-1", answers=ANSWERS_PAGE_1
    )
    draft = services.save_answers(
        actor=citizen, draft=draft, position=1, step="form-1-2", answers=ANSWERS_PAGE_2
    )
    draft = services.save_answers(
        actor=citizen, draft=draft, position=2, step="form-2-1", answers={"noi_thuong_tru": "Xã Bắc Sơn"}
    )
    for line, name in (
        (linked.birth_certificate, "giay-chung-sinh.png"),
        (linked.home_proof, "cho-o.png"),
    ):
        services.add_upload(actor=citizen, draft=draft, key=key_of(draft, line), upload=upload(name))
    from egov.filing import group_journey

    for line in group_journey.paper_lines(group_journey.chosen_parts(draft)):
        draft = services.papers_done(actor=citizen, draft=draft, key=line.key)
    draft = services.choose_agency(actor=citizen, draft=draft, agency=linked.counter)
    return GroupDraft.objects.get(pk=draft.pk)
