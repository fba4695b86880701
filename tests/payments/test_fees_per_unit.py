"""A fee line charged per unit (`Fee.per_field`, `per_from`): each copy of the birth certificate (Circular
281/2016/TT-BTC as the demo catalogue's rows cite it, not read), each criminal-record certificate from the
third on (Circular 244/2016/TT-BTC as cited, not read). The number is the online form's answer, asked once:
the fee step no longer asks "do you need copies?", none asked is not charged, and the officer's correction
of the case leaves the counted line as it was."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from egov.dossiers.models import Dossier
from egov.payments import corrections
from egov.payments.fees import fees_due
from egov.procedures.catalogue_io import export, importer
from egov.procedures.demo import DEMO_FILE
from egov.procedures.formschema import number_fields
from egov.procedures.models import Channel, Fee, FormVersion, Procedure, PublicationStatus
from egov.procedures.services import catalogue
from tests.factories import SYSTEM
from tests.payments.conftest import file_online
from tests.payments.test_fee_cases import exempt_lines

pytestmark = pytest.mark.django_db

COPY = "Phí cấp bản sao Giấy khai sinh"
SCHEMA = {
    "fields": [
        {"name": "ho_ten", "label": "Họ tên", "type": "text", "required": True},
        {
            "name": "so_ban_sao",
            "label": "Số bản sao Giấy khai sinh đề nghị cấp",
            "type": "number",
            "min": 0,
            "max": 20,
        },
    ]
}


def with_form(procedure: Procedure, schema: dict[str, Any] = SCHEMA) -> FormVersion:
    return FormVersion.objects.create(
        procedure=procedure,
        version=1,
        schema=schema,
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now(),
    )


def copies(procedure: Procedure, **fields: Any) -> Fee:
    return Fee.objects.create(
        procedure=procedure, name=COPY, kind=Fee.Kind.FEE, amount=8000, per_field="so_ban_sao", **fields
    )


def test_each_copy_asked_in_the_form_is_charged_and_none_is_not_circular_281_2016(procedure) -> None:
    with_form(procedure)
    line = copies(procedure)
    [due] = fees_due(procedure, Channel.ONLINE, answers={"so_ban_sao": "3"})
    assert (due.name, due.amount, due.count, due.fee_id) == (COPY, Decimal(24000), 3, line.pk)
    assert due.counted and due.why == "Số bản sao Giấy khai sinh đề nghị cấp: 3"
    for none in ({"so_ban_sao": "0"}, {"so_ban_sao": ""}, {}, {"so_ban_sao": None}, {"so_ban_sao": True}):
        assert fees_due(procedure, Channel.ONLINE, answers=none) == []
    assert fees_due(procedure, Channel.ONLINE, answers={"so_ban_sao": " 2.0 "})[0].amount == 16000
    # Never a number rounded, nor one past four digits (an answer that did not go through the form).
    for wrong in ("2.5", "ba", "1e9", "1e1000000", "-3", "99999"):
        with pytest.raises(ValidationError):
            fees_due(procedure, Channel.ONLINE, answers={"so_ban_sao": wrong})
    # Without answers (the counter ticks what is paid; the start page lists the fees): once.
    [once] = fees_due(procedure, Channel.COUNTER)
    assert (once.amount, once.count, once.counted) == (Decimal(8000), 1, False)


def test_units_from_the_third_on_circular_244_2016(procedure) -> None:
    with_form(
        procedure, {"fields": [{"name": "so_luong", "label": "Số lượng phiếu", "type": "number", "max": 10}]}
    )
    Fee.objects.create(procedure=procedure, name="Phí", amount=200000)
    Fee.objects.create(
        procedure=procedure, name="Phí cấp thêm", amount=5000, per_field="so_luong", per_from=3
    )
    two = fees_due(procedure, Channel.ONLINE, answers={"so_luong": "2"})
    five = fees_due(procedure, Channel.ONLINE, answers={"so_luong": "5"})
    assert [(d.name, d.amount) for d in two] == [("Phí", Decimal(200000))]
    assert [(d.name, d.amount) for d in five] == [("Phí", Decimal(200000)), ("Phí cấp thêm", Decimal(15000))]


def test_an_exemption_replacing_the_counted_line_withdraws_it(cast: Any, procedure, owner) -> None:
    with_form(procedure)
    copies(procedure)
    exempt = Fee.objects.create(
        procedure=procedure,
        name="Miễn phí bản sao",
        amount=0,
        applies=Fee.Applies.CONFIRMED,
        case="Người thuộc hộ nghèo",
        case_basis="Thông tư 281/2016/TT-BTC",
        replaces=[COPY],
    )
    d = file_online(
        cast, procedure, owner, fees=fees_due(procedure, Channel.ONLINE, answers={"so_ban_sao": "2"})
    )
    corrections.correct_fees(
        actor=cast.desk_officer.user, dossier=d, chosen=(), confirmed={exempt.pk}, note="Sổ hộ nghèo"
    )
    assert [(f.name, f.amount) for f in d.fees.all()] == [("Miễn phí bản sao", Decimal(0))]


def test_a_form_that_drops_the_counted_field_is_not_published(procedure) -> None:
    from egov.procedures.services import forms as form_services

    with_form(procedure)
    copies(procedure)
    draft = form_services.new_form_draft(SYSTEM, procedure)
    draft = form_services.save_form_schema(SYSTEM, draft, {"fields": SCHEMA["fields"][:1]})
    with pytest.raises(ValidationError) as refused:
        form_services.publish_form(SYSTEM, draft)
    assert "so_ban_sao" in refused.value.messages[0]


@pytest.mark.parametrize(("asked", "kept"), [("0", []), ("2", [(COPY, Decimal(16000))])])
def test_a_correction_of_the_case_leaves_the_counted_line_as_charged(
    cast: Any, procedure, owner, asked, kept
) -> None:
    with_form(procedure)
    copies(procedure)
    lines = exempt_lines(procedure)
    # The correction knows no answers: it must neither charge a copy none asked for nor drop those asked.
    d = file_online(
        cast, procedure, owner, fees=fees_due(procedure, Channel.ONLINE, answers={"so_ban_sao": asked})
    )
    corrections.correct_fees(
        actor=cast.desk_officer.user, dossier=d, chosen=(), confirmed={lines["Lệ phí (trường hợp miễn)"].pk},
        note="Sổ hộ nghèo",
    )  # fmt: skip
    assert sorted((f.name, f.amount) for f in d.fees.all()) == sorted(
        [("Lệ phí (trường hợp miễn)", Decimal(0)), *kept]
    )


def test_the_catalogue_counts_only_by_a_number_field_of_the_form(procedure) -> None:
    with_form(procedure)
    with pytest.raises(ValidationError) as refused:
        catalogue.save_fees(SYSTEM, procedure, [{"name": COPY, "amount": 8000, "per_field": "ho_ten"}])
    assert "ho_ten" in refused.value.messages[0]
    catalogue.save_fees(SYSTEM, procedure, [{"name": COPY, "amount": 8000, "per_field": "so_ban_sao"}])
    assert procedure.fees.get().per_field == "so_ban_sao"


def test_the_import_and_export_keep_it_and_refuse_a_field_the_form_lacks(procedure) -> None:
    procedure.status = PublicationStatus.PUBLISHED
    procedure.save()
    with_form(procedure)
    copies(procedure, per_from=2)
    data = export.export_catalogue()
    [item] = [p for p in data["procedures"] if p["code"] == procedure.code]
    assert item["fees"][0]["per_field"] == "so_ban_sao" and item["fees"][0]["per_from"] == 2
    item["fees"][0]["per_field"] = "so_ban"
    result = importer.import_catalogue(SYSTEM, data)
    assert not result.ok and any("so_ban" in str(e) for e in result.errors)
    assert procedure.fees.get().per_field == "so_ban_sao"


def test_the_demo_counts_copies_by_a_number_field_of_each_form() -> None:
    data = json.loads(DEMO_FILE.read_text())
    counted = [(p, f) for p in data["procedures"] for f in p.get("fees", []) if f.get("per_field")]
    assert {p["code"] for p, _f in counted} >= {"1.001193", "1.000656", "2.000635", "3.000333", "1.000894"}
    # No line left asking "do you need copies?" on the fee step: the form asks how many.
    assert not any(
        f.get("case", "").startswith("Tôi cần thêm bản sao")
        for p in data["procedures"]
        for f in p.get("fees", [])
    )
    for procedure, fee in counted:
        assert fee["per_field"] in number_fields(procedure["form"]), procedure["code"]
        assert fee.get("applies", "always") == "always"


def test_an_online_filing_is_charged_for_the_copies_its_form_asks(client, cast, procedure, owner) -> None:
    from egov.procedures.models import ServiceLevel
    from tests.factories import make_citizen

    procedure.service_level = ServiceLevel.FULLY_ONLINE
    procedure.status = PublicationStatus.PUBLISHED
    procedure.save()
    with_form(procedure)
    copies(procedure)
    citizen = make_citizen("cd.copies", full_name="Trần Văn Bản", id_number="001090012345", verified=True)
    client.force_login(citizen)
    filing = {
        "procedure": procedure.code,
        "agency": cast.province.commune_a.code,
        "applicant": {"phone": "0912345678", "address": "Xã An Bình"},
        "answers": {"ho_ten": "Trần Văn Bản", "so_ban_sao": 2},
    }
    answer = client.post(
        "/api/v1/filings", {"filing": json.dumps(filing)}, headers={"Idempotency-Key": "copies-1"}
    )
    assert answer.status_code == 201, answer.content
    d = Dossier.objects.get()
    assert [(f.name, f.amount) for f in d.fees.all()] == [(COPY, Decimal(16000))]
    assert answer.json()["amount_due"] == "16000"
