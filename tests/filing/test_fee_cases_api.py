"""`POST /api/v1/filings` takes the applicant's fee cases as the fee step takes them (`fee_cases.checked`):
a late birth registration owes the late charge instead of the on-time line (Luật Hộ tịch 2014 art. 11 as
the demo catalogue cites it, not read); a line that is not one of the procedure's chosen cases is refused
in Vietnamese and nothing is kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from egov.dossiers.models import Dossier
from egov.organizations.models import Role
from egov.procedures.models import StepKind
from tests.dossiers.conftest import make_procedure
from tests.filing.conftest import LATE_CASE, refused_case_ids
from tests.filing.test_api_filing import body, post, stored_files

pytestmark = pytest.mark.django_db

REFUSED = "Đăng ký khai sinh: hãy chọn trong các trường hợp tính phí, lệ phí mà thủ tục này liệt kê."


def owed(answer) -> list[tuple[str, Decimal, str]]:
    dossier = Dossier.objects.get(code=answer.json()["code"])
    return [(f.name, f.amount, f.why) for f in dossier.fees.all()]


def test_a_late_registration_filed_through_the_api_owes_the_late_charge(client, cast, online, citizen, late):
    client.force_login(citizen)
    answer = post(client, body(online, fee_cases=[late.pk]))
    assert answer.status_code == 201, answer.content
    assert answer.json()["amount_due"] == "5000"
    assert owed(answer) == [("Lệ phí đăng ký khai sinh quá hạn", 5000, LATE_CASE)]


def test_without_fee_cases_the_api_filing_owes_the_normal_fees(client, cast, online, citizen, late):
    client.force_login(citizen)
    answer = post(client, body(online))
    assert answer.status_code == 201, answer.content
    assert answer.json()["amount_due"] == "0"
    assert owed(answer) == [("Lệ phí đăng ký khai sinh", 0, "")]


@pytest.mark.parametrize("which", ["always", "confirmed", "foreign", "not an id", "true"])
def test_a_fee_case_the_procedure_does_not_ask_is_refused_and_nothing_is_kept(
    client, cast, online, citizen, late, which
):
    receive = [(StepKind.RECEIVE, Role.DESK_OFFICER, None, "4")]
    other = make_procedure("1.000001", "Thủ tục khác", "1", receive, online.procedure.field)
    given = {**refused_case_ids(online.procedure, other, late), "true": True}[which]
    client.force_login(citizen)
    answer = post(client, body(online, fee_cases=[late.pk, given]))
    assert answer.status_code == 400, answer.content
    assert answer.json()["errors"] == [REFUSED]
    assert not Dossier.objects.exists() and stored_files() == set()


def test_fee_cases_that_are_not_a_list_are_refused(client, cast, online, citizen, late):
    client.force_login(citizen)
    answer = post(client, body(online, fee_cases=late.pk))
    assert answer.status_code == 400
    assert answer.json()["errors"] == ["fee_cases phải là một danh sách JSON gồm mã các dòng phí, lệ phí."]
    assert not Dossier.objects.exists()


def test_the_fee_cases_and_the_fee_line_ids_are_in_the_openapi_document(client, cast, online, late):
    document = client.get("/api/v1/openapi.json").json()
    filing = document["paths"]["/api/v1/filings"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert "fee_cases" in filing["schema"]["properties"]["filing"]["description"]
    assert "id" in document["components"]["schemas"]["FeeOut"]["properties"]
    fees = client.get(f"/api/v1/procedures/{online.procedure.code}").json()["fees"]
    assert {(f["id"], f["applies"]) for f in fees} >= {(late.pk, "chosen")}
