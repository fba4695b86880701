"""A fee case the online form's answers decide (`Fee.when_field`, `when_days`): a birth registered more than
60 days after the birth pays the late charge instead of the free line (Luật Hộ tịch 2014 art. 15.1 for the
60 days, art. 11 for the exemption, as the demo catalogue cites them, not read). The applicant is not asked
"is it late?" after giving the child's birth date: the fee step leaves the case out and the date decides,
whatever was chosen; a date not answered leaves the case as chosen."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from egov.dossiers.models import Dossier
from egov.payments.fees import applicants_questions, fees_due, questions
from egov.procedures.demo import DEMO_FILE
from egov.procedures.formschema import date_fields
from egov.procedures.models import Channel, Fee, FormVersion, Procedure, PublicationStatus, ServiceLevel
from egov.procedures.services import catalogue
from tests.factories import SYSTEM, make_citizen

pytestmark = pytest.mark.django_db

FREE = "Lệ phí đăng ký khai sinh"
LATE = "Lệ phí đăng ký khai sinh quá hạn"
SCHEMA = {
    "fields": [
        {
            "name": "tre",
            "label": "Thông tin trẻ",
            "type": "group",
            "min": 1,
            "max": 1,
            "fields": [
                {"name": "ho_ten", "label": "Họ tên", "type": "text", "required": True},
                {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True, "max": "today"},
            ],
        }
    ]
}


def birth(procedure: Procedure) -> Fee:
    FormVersion.objects.create(
        procedure=procedure,
        version=1,
        schema=SCHEMA,
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    Fee.objects.create(procedure=procedure, name=FREE, amount=0, sort_order=1)
    return Fee.objects.create(
        procedure=procedure,
        name=LATE,
        amount=5000,
        applies=Fee.Applies.CHOSEN,
        case="Đăng ký quá hạn: trẻ đã sinh quá 60 ngày",
        case_basis="Luật Hộ tịch 2014 Điều 11, Điều 15.1",
        replaces=[FREE],
        when_field="tre.ngay_sinh",
        when_days=60,
        sort_order=2,
    )


def born(days_ago: int, today: dt.date) -> dict[str, Any]:
    return {"tre": [{"ho_ten": "Bé An", "ngay_sinh": (today - dt.timedelta(days=days_ago)).isoformat()}]}


def owed(procedure: Procedure, **kwargs: Any) -> list[tuple[str, Decimal]]:
    return [(d.name, d.amount) for d in fees_due(procedure, Channel.ONLINE, on=TODAY, **kwargs)]


TODAY = dt.date(2026, 12, 7)


def test_the_childs_birth_date_decides_a_late_registration_luat_ho_tich_art_15(procedure) -> None:
    late = birth(procedure)
    assert owed(procedure, answers=born(61, TODAY)) == [(LATE, Decimal(5000))]
    assert owed(procedure, answers=born(60, TODAY)) == [(FREE, Decimal(0))]  # the 60th day is in time
    # Whatever was chosen: the date says.
    assert owed(procedure, chosen={late.pk}, answers=born(10, TODAY)) == [(FREE, Decimal(0))]
    # No date answered (the counter, an older draft): as chosen.
    assert owed(procedure, chosen={late.pk}, answers={}) == [(LATE, Decimal(5000))]
    assert owed(procedure, chosen={late.pk}) == [(LATE, Decimal(5000))]


def test_the_applicant_is_not_asked_but_the_officer_may_correct_it(procedure) -> None:
    late = birth(procedure)
    assert applicants_questions(procedure) == []
    assert questions(procedure) == [late]  # the officer's fees page lists it


def test_the_catalogue_refuses_what_the_form_cannot_decide(procedure) -> None:
    birth(procedure)
    late = {"name": LATE, "amount": 5000, "applies": "chosen", "case": "Quá hạn", "case_basis": "Luật"}
    rows = [{"name": FREE, "amount": 0}, {**late, "when_field": "tre.ho_ten", "when_days": 60}]
    with pytest.raises(ValidationError) as refused:
        catalogue.save_fees(SYSTEM, procedure, rows)
    assert "tre.ho_ten" in refused.value.messages[0]
    rows[1]["when_field"] = "tre.ngay_sinh"
    catalogue.save_fees(SYSTEM, procedure, rows)
    assert procedure.fees.get(name=LATE).when_days == 60


def test_a_filing_of_a_late_birth_is_charged_the_late_charge(client, cast, procedure) -> None:
    birth(procedure)
    procedure.service_level = ServiceLevel.FULLY_ONLINE
    procedure.status = PublicationStatus.PUBLISHED
    procedure.save()
    citizen = make_citizen("cd.late", full_name="Trần Văn Muộn", id_number="001090012345", verified=True)
    client.force_login(citizen)
    filing = {
        "procedure": procedure.code,
        "agency": cast.province.commune_a.code,
        "applicant": {"phone": "0912345678", "address": "Xã An Bình"},
        "answers": born(90, timezone.localdate()),
    }
    answer = client.post(
        "/api/v1/filings", {"filing": json.dumps(filing)}, headers={"Idempotency-Key": "late-1"}
    )
    assert answer.status_code == 201, answer.content
    assert [(f.name, f.amount) for f in Dossier.objects.get().fees.all()] == [(LATE, Decimal(5000))]


def test_the_demo_decides_late_registrations_by_a_date_of_each_form() -> None:
    data = json.loads(DEMO_FILE.read_text())
    decided = {
        p["code"]: (p, f) for p in data["procedures"] for f in p.get("fees", []) if f.get("when_field")
    }
    assert {code: f["when_days"] for code, (_p, f) in decided.items()} == {"1.001193": 60, "1.000656": 15}
    for procedure, fee in decided.values():
        assert fee["when_field"] in date_fields(procedure["form"]), procedure["code"]
        assert fee["applies"] == "chosen"
