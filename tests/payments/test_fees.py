"""Fees reduced for online filing where the fee's own rule says so: the residence registration charge of
Circular 75/2022/TT-BTC (20,000 đ filed directly, 10,000 đ filed through the online public-service portal,
in force from 05/02/2023), carried by the catalogue editor, import, export and API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from egov.payments.fees import fees_due
from egov.procedures import catalogue_version
from egov.procedures.catalogue_io import export, importer, xlsx_read, xlsx_write
from egov.procedures.models import Channel, Fee, Procedure
from egov.procedures.services import catalogue
from tests.factories import SYSTEM
from tests.procedures.test_screens import formset

CIRCULAR_75 = "Thông tư 75/2022/TT-BTC, Biểu mức thu lệ phí đăng ký cư trú"
IN_FORCE = dt.date(2023, 2, 5)
TODAY = dt.date(2026, 11, 16)
RESIDENCE_FEE = {
    "kind": "charge",
    "name": "Lệ phí đăng ký thường trú",
    "amount": Decimal("20000"),
    "condition": "",
    "legal_basis": "Thông tư 75/2022/TT-BTC",
    "online_amount": Decimal("10000"),
    "online_basis": CIRCULAR_75,
    "online_from": IN_FORCE,
    "online_until": None,
}


@pytest.fixture
def residence(procedure: Procedure) -> Procedure:
    catalogue.save_fees(SYSTEM, procedure, [RESIDENCE_FEE])
    return procedure


def test_online_filing_pays_the_online_amount_circular_75_2022(residence: Procedure) -> None:
    online = fees_due(residence, Channel.ONLINE, on=TODAY)
    assert [(d.name, d.amount) for d in online] == [("Lệ phí đăng ký thường trú", Decimal("10000"))]
    counter = fees_due(residence, Channel.COUNTER, on=TODAY)
    assert [(d.name, d.amount) for d in counter] == [("Lệ phí đăng ký thường trú", Decimal("20000"))]
    assert fees_due(residence, Channel.POST, on=TODAY)[0].amount == Decimal("20000")


def test_the_online_amount_applies_only_between_its_dates(residence: Procedure) -> None:
    day_before = IN_FORCE - dt.timedelta(days=1)
    assert fees_due(residence, Channel.ONLINE, on=day_before)[0].amount == Decimal("20000")
    assert fees_due(residence, Channel.ONLINE, on=IN_FORCE)[0].amount == Decimal("10000")
    Fee.objects.filter(procedure=residence).update(online_until=dt.date(2025, 12, 31))
    catalogue_version.bump()  # what a write around the signals owes the lines kept per process
    assert fees_due(residence, Channel.ONLINE, on=dt.date(2025, 12, 31))[0].amount == Decimal("10000")
    assert fees_due(residence, Channel.ONLINE, on=TODAY)[0].amount == Decimal("20000")


def test_a_fee_without_online_amount_costs_the_same_online(procedure: Procedure) -> None:
    catalogue.save_fees(SYSTEM, procedure, [{**RESIDENCE_FEE, "online_amount": None, "online_basis": ""}])
    assert fees_due(procedure, Channel.ONLINE, on=TODAY)[0].amount == Decimal("20000")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"online_amount": Decimal("30000")}, "online_amount"),
        ({"online_basis": ""}, "online_basis"),
        ({"online_until": dt.date(2023, 1, 1)}, "online_until"),
    ],
)
def test_an_online_amount_above_the_amount_or_without_its_basis_is_refused(procedure, change, field) -> None:
    with pytest.raises(ValidationError) as refused:
        catalogue.save_fees(SYSTEM, procedure, [{**RESIDENCE_FEE, **change}])
    assert field in refused.value.message_dict
    assert not procedure.fees.exists()


def test_the_catalogue_editor_saves_the_online_amount(client: Any, cast: Any, procedure: Procedure) -> None:
    client.force_login(cast.province_admin.user)
    row = {
        "kind": "charge",
        "name": "Lệ phí đăng ký thường trú",
        "amount": "20000",
        "online_amount": "10000",
        "online_basis": CIRCULAR_75,
        "online_from": "2023-02-05",
    }
    client.post(f"/quan-tri/thu-tuc/{procedure.pk}/phi/", formset("rows", [row]))
    fee = procedure.fees.get()
    assert (fee.online_amount, fee.online_basis, fee.online_from) == (Decimal("10000"), CIRCULAR_75, IN_FORCE)


def test_export_import_and_workbook_carry_the_online_amount(residence: Procedure) -> None:
    # A procedure the importer accepts whole: its applicants named, its steps adding up to its time.
    Procedure.objects.filter(pk=residence.pk).update(
        applicant_types=["citizen"], processing_time=Decimal("4.5"), channels=["counter"]
    )
    paper = {"name": "Tờ khai thay đổi thông tin cư trú", "copy_kind": "original", "quantity": 1}
    catalogue.save_documents(SYSTEM, residence, [{**paper, "required": True, "reusable": True}])
    data = export.export_catalogue()
    fee = data["procedures"][0]["fees"][0]
    assert (fee["online_amount"], fee["online_basis"], fee["online_from"]) == (
        "10000",
        CIRCULAR_75,
        "2023-02-05",
    )
    fee["online_amount"] = "8000"
    outcome = importer.import_catalogue(SYSTEM, data)
    assert outcome.updated == [residence.code], (outcome.errors, outcome.unchanged)
    assert residence.fees.get().online_amount == Decimal("8000")
    content = xlsx_write.write(export.export_catalogue())
    read, locate, errors = xlsx_read.read(io.BytesIO(content))
    assert errors == []
    result = importer.import_catalogue(SYSTEM, read, locate)
    assert result.ok and result.updated == [], result.errors
    assert residence.fees.get().online_from == IN_FORCE


def test_the_api_shows_the_online_amount(client: Any, residence: Procedure) -> None:
    fee = client.get(f"/api/v1/procedures/{residence.code}").json()["fees"][0]
    assert (Decimal(str(fee["online_amount"])), fee["online_from"]) == (Decimal("10000"), "2023-02-05")


def test_the_public_procedure_page_shows_the_online_amount(client: Any, residence: Procedure) -> None:
    page = client.get(f"/thu-tuc/{residence.code}/").content.decode()
    assert "nộp trực tuyến: 10.000" in page


EXEMPTION = {
    "kind": "charge",
    "name": "Lệ phí đăng ký cư trú (trường hợp miễn)",
    "amount": Decimal(0),
    "applies": "confirmed",
    "case": "Đối tượng được miễn lệ phí",
    "case_basis": "Thông tư 75/2022/TT-BTC Điều 4",
    "replaces": ["Lệ phí đăng ký thường trú"],
}


def test_export_import_and_workbook_carry_when_a_fee_applies(residence: Procedure) -> None:
    Procedure.objects.filter(pk=residence.pk).update(
        applicant_types=["citizen"], processing_time=Decimal("4.5"), channels=["counter"]
    )
    paper = {"name": "Tờ khai thay đổi thông tin cư trú", "copy_kind": "original", "quantity": 1}
    catalogue.save_documents(SYSTEM, residence, [{**paper, "required": True, "reusable": True}])
    data = export.export_catalogue()
    fees = data["procedures"][0]["fees"]
    assert fees[0]["applies"] == "always"
    fees.append({**EXEMPTION, "amount": "0", "replaces": ["Lệ phí đăng ký thường trú"]})
    outcome = importer.import_catalogue(SYSTEM, data)
    assert outcome.updated == [residence.code], outcome.errors
    line = residence.fees.get(applies=Fee.Applies.CONFIRMED)
    assert (line.case, line.replaces) == (EXEMPTION["case"], ["Lệ phí đăng ký thường trú"])
    # A name with commas survives the workbook (one name a line in its cell).
    content = xlsx_write.write(export.export_catalogue())
    read, locate, errors = xlsx_read.read(io.BytesIO(content))
    assert errors == []
    result = importer.import_catalogue(SYSTEM, read, locate)
    assert result.ok and result.updated == [], result.errors


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"case": ""}, "case"),
        ({"case_basis": ""}, "case_basis"),
        ({"replaces": ["Lệ phí không có"]}, "replaces"),
        ({"applies": "sometimes"}, "applies"),
    ],
)
def test_an_imported_case_without_its_words_or_basis_is_refused(residence: Procedure, change, key) -> None:
    Procedure.objects.filter(pk=residence.pk).update(
        applicant_types=["citizen"], processing_time=Decimal("4.5"), channels=["counter"]
    )
    data = export.export_catalogue()
    data["procedures"][0]["fees"].append({**EXEMPTION, "amount": "0", **change})
    outcome = importer.import_catalogue(SYSTEM, data)
    assert not outcome.ok and any(key in str(e) for e in outcome.errors), outcome.errors
    assert not residence.fees.filter(applies=Fee.Applies.CONFIRMED).exists()
