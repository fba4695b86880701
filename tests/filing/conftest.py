"""Online filing fixtures: a procedure filed online (form of two pages, two papers, a fee) received at the
test province's counters, a citizen, and helpers to fill a draft in."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from egov.datastore.models import StoredPaper
from egov.dossiers import intake
from egov.filing import services
from egov.filing.models import Draft
from egov.organizations.models import Role
from egov.procedures.models import (
    ApplicantType,
    Fee,
    Field,
    FormVersion,
    Procedure,
    PublicationStatus,
    RequiredDocument,
    ServiceLevel,
    StepKind,
)
from tests.dossiers.conftest import make_procedure
from tests.factories import make_citizen

SCHEMA = {
    "fields": [
        {"name": "ho_ten_cha", "label": "Họ tên người cha", "type": "text", "required": True},
        {"name": "ngay_sinh", "label": "Ngày sinh của con", "type": "date", "required": True, "max": "today"},
        {
            "name": "nguoi_lam_chung",
            "label": "Người làm chứng",
            "type": "group",
            "min": 1,
            "max": 3,
            "fields": [{"name": "ten", "label": "Họ tên", "type": "text", "required": True}],
        },
    ]
}
ANSWERS_PAGE_1 = {"ho_ten_cha": "Nguyễn Văn Bố", "ngay_sinh": "2026-10-01"}
ANSWERS_PAGE_2 = {"nguoi_lam_chung": [{"ten": "Lê Văn Chứng"}]}
APPLICANT = {
    "type": ApplicantType.CITIZEN,
    "name": "Trần Thị Công Dân",
    "id_number": "001090012345",
    "phone": "0912345678",
    "email": "congdan@example.vn",
    "address": "Xã An Bình",
}


def png_bytes(text: str = "giay-to") -> bytes:
    out = io.BytesIO()
    segno.make(text).save(out, kind="png", scale=4)
    return out.getvalue()


def upload(name: str = "to-khai.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else png_bytes(name), "image/png")


@dataclass
class Online:
    procedure: Procedure
    form: FormVersion
    #: Uploaded online.
    certificate: RequiredDocument
    proxy: RequiredDocument
    counter: Any
    #: Not asked online: the online form is the declaration; the one-stop reads the identity paper from
    #: the population database (RequiredDocument.Online, Decree 118/2025/NĐ-CP art. 4.2a).
    declaration: RequiredDocument
    identity: RequiredDocument


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def online_procedure(*, root: Any, justice: Any, office: Any, counter: Any) -> Online:
    """A procedure filed online: its workflow, a published form of two pages, a fee, and four papers of
    which two are uploaded online (the birth certificate, and a proxy's authorisation if there is one)."""
    field = Field.objects.create(code="HT", name="Hộ tịch", name_folded="ho tich")
    procedure = make_procedure(
        "1.001193",
        "Đăng ký khai sinh",
        "3",
        [
            (StepKind.RECEIVE, Role.DESK_OFFICER, None, "4"),
            (StepKind.PROCESS, Role.SPECIALIST, office, "12"),
            (StepKind.APPROVE, Role.LEADER, justice, "8"),
            (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
        ],
        field,
    )
    procedure.service_level = ServiceLevel.FULLY_ONLINE
    procedure.applicant_types = [ApplicantType.CITIZEN, ApplicantType.ORGANISATION]
    procedure.save()
    form = FormVersion.objects.create(
        procedure=procedure,
        version=1,
        schema=SCHEMA,
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    declaration = RequiredDocument.objects.create(
        procedure=procedure, name="Tờ khai đăng ký khai sinh", online=RequiredDocument.Online.FORM
    )
    certificate = RequiredDocument.objects.create(procedure=procedure, name="Giấy chứng sinh", sort_order=1)
    proxy = RequiredDocument.objects.create(
        procedure=procedure, name="Văn bản ủy quyền", required=False, sort_order=2
    )
    identity = RequiredDocument.objects.create(
        procedure=procedure,
        name="Giấy tờ tùy thân để xuất trình",
        online=RequiredDocument.Online.DATABASE,
        sort_order=4,
    )
    Fee.objects.create(procedure=procedure, name="Lệ phí đăng ký khai sinh", amount=Decimal(8000))
    return Online(procedure, form, certificate, proxy, counter, declaration, identity)


@pytest.fixture
def online(cast) -> Online:
    p = cast.province
    return online_procedure(root=p.root, justice=p.justice, office=p.justice_office, counter=p.commune_a)


@pytest.fixture
def citizen(db):
    return make_citizen(
        "congdan",
        full_name="Trần Thị Công Dân",
        id_number="001090012345",
        email="cd@example.vn",
        verified=True,
    )


@pytest.fixture
def other_citizen(db):
    return make_citizen("congdan2", full_name="Lý Văn Khác", id_number="001090054321", verified=True)


def filled_draft(online: Online, citizen: Any, *, papers: bool = True, place: bool = True) -> Draft:
    """A draft with every step saved through the services, ready to submit."""
    draft = services.start(actor=citizen, procedure=online.procedure)
    draft = services.save_who(actor=citizen, draft=draft, organisation=None)
    draft = services.save_applicant(actor=citizen, draft=draft, applicant=APPLICANT)
    draft = services.save_answers(actor=citizen, draft=draft, step="form-1", answers=ANSWERS_PAGE_1)
    draft = services.save_answers(actor=citizen, draft=draft, step="form-2", answers=ANSWERS_PAGE_2)
    if papers:
        services.add_upload(actor=citizen, draft=draft, requirement=online.certificate, upload=upload())
        draft = services.papers_done(actor=citizen, draft=draft, requirement=online.certificate)
        draft = services.papers_done(actor=citizen, draft=draft, requirement=online.proxy)
    if place:
        draft = services.choose_agency(actor=citizen, draft=draft, agency=online.counter)
    return Draft.objects.get(pk=draft.pk)


def stored_paper(online, owner, cast, **fields) -> StoredPaper:
    """A paper of `owner`'s store: a file received with an earlier dossier."""
    earlier = intake.receive(
        actor=cast.desk_officer.user,
        procedure=online.procedure,
        agency=online.counter,
        applicant=intake.Applicant(name="Trần Thị Công Dân"),
        files=[upload("cu.png")],
    )
    attachment = earlier.attachments.get()
    return StoredPaper.objects.create(
        owner=owner,
        kind=StoredPaper.Kind.PAPER,
        attachment=attachment,
        stored_at=timezone.now(),
        **{"name": online.certificate.name, **fields},
    )


LATE_CASE = "Đăng ký quá hạn: trẻ đã sinh quá 60 ngày"


@pytest.fixture
def late(online) -> Fee:
    """The fixture's 8,000 đ line becomes the free on-time line, and a late line replaces it when chosen."""
    online.procedure.fees.update(amount=0)
    return Fee.objects.create(
        procedure=online.procedure,
        name="Lệ phí đăng ký khai sinh quá hạn",
        amount=Decimal(5000),
        applies=Fee.Applies.CHOSEN,
        case=LATE_CASE,
        case_basis="Luật Hộ tịch 2014 Điều 11",
        replaces=["Lệ phí đăng ký khai sinh"],
        sort_order=5,
    )


def refused_case_ids(procedure: Procedure, other: Procedure, late: Fee) -> dict[str, object]:
    """A fee case of each kind an applicant may not give for `procedure`: its line charged always, a line
    an officer confirms, `other`'s case line, and the late line's id as text."""
    confirmed = Fee.objects.create(
        procedure=procedure, name="Miễn lệ phí", amount=0, applies=Fee.Applies.CONFIRMED, case="Hộ nghèo"
    )
    foreign = Fee.objects.create(
        procedure=other, name="Phí khác", amount=1000, applies=Fee.Applies.CHOSEN, case="Khác"
    )
    return {
        "always": procedure.fees.get(applies=Fee.Applies.ALWAYS).pk,
        "confirmed": confirmed.pk,
        "foreign": foreign.pk,
        "not an id": str(late.pk),
    }
