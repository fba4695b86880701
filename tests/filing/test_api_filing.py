"""`POST /api/v1/filings`: a whole dossier in one multipart request, checked as the filing pages check it and
made by the same service (egov.filing.direct → intake.submit_online)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.channels.models import OutboxMessage
from egov.citizens.models import Membership, Organisation
from egov.core.models import AuditEntry
from egov.dossiers import files as filestore
from egov.dossiers.models import Attachment, Dossier, FiledPaper, Status
from tests.filing.conftest import ANSWERS_PAGE_1, ANSWERS_PAGE_2, png_bytes
from tests.scratch import run_script

URL = "/api/v1/filings"
RACE = Path(__file__).with_name("api_race_script.py")


def body(online: Any, **changes: Any) -> dict[str, Any]:
    filing = {
        "procedure": online.procedure.code,
        "agency": online.counter.code,
        "applicant": {"phone": "0912345678", "address": "Xã An Bình"},
        "answers": {**ANSWERS_PAGE_1, **ANSWERS_PAGE_2},
        **changes,
    }
    return {
        "filing": json.dumps(filing),
        f"paper-{online.certificate.pk}": SimpleUploadedFile("to-khai.png", png_bytes("a"), "image/png"),
    }


def post(client: Any, data: dict[str, Any], key: str = "k-1") -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(URL, data, headers=headers)


def stored_files() -> set[str]:
    root = Path(filestore.storage().location)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.django_db
def test_one_request_files_the_dossier_with_its_papers_alerts_and_audit_as_the_pages_do(
    client, cast, online, citizen
):
    client.force_login(citizen)
    answer = post(client, body(online))
    assert answer.status_code == 201, answer.content
    d = Dossier.objects.get(code=answer.json()["code"])
    assert (d.status, d.owner, d.receiving_agency) == (Status.SUBMITTED, citizen, online.counter)
    assert d.accept_due_at is not None and d.alert_due_at is not None
    assert d.applicant_name == citizen.full_name and d.applicant_phone == "0912345678"
    assert d.form_answers.answers["nguoi_lam_chung"] == [{"ten": "Lê Văn Chứng"}]
    [attachment] = Attachment.objects.filter(dossier=d)
    assert filestore.verify_attachment(attachment)
    assert FiledPaper.objects.get(attachment=attachment).requirement_id == online.certificate.pk
    assert OutboxMessage.objects.filter(subject_id=str(d.pk)).exists()
    assert AuditEntry.objects.filter(action="dossier.submit", object_id=str(d.pk)).exists()
    assert answer.json()["amount_due"] == "8000"


@pytest.mark.django_db
def test_a_wrong_filing_is_refused_with_every_reason_in_vietnamese_and_nothing_is_kept(
    client, cast, online, citizen
):
    client.force_login(citizen)
    data = body(online, answers={"ho_ten_cha": "", "ngay_sinh": "2999-01-01"}, agency="nowhere")
    data.pop(f"paper-{online.certificate.pk}")
    answer = post(client, data)
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert "Chọn bộ phận một cửa có tiếp nhận thủ tục này." in errors
    assert any(e.startswith("Họ tên người cha:") for e in errors)
    assert any(e.startswith("Ngày sinh của con:") for e in errors)
    assert any("Giấy chứng sinh" in e for e in errors)
    assert not any("Tờ khai" in e or "tùy thân" in e for e in errors)  # not asked online
    assert answer.json()["detail"] == "Chưa nộp hồ sơ nào."
    assert not Dossier.objects.exists() and stored_files() == set()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["1.999999", "\u0000", "1.0\u0000", "x" * 3000])
def test_a_procedure_or_counter_code_that_names_nothing_is_answered_not_a_500(
    client, cast, online, citizen, code
):
    client.force_login(citizen)
    answer = post(client, body(online, procedure=code))
    assert (
        answer.status_code == 404
        and answer.json()["detail"] == "Không có thủ tục đã công bố nào mang mã này."
    )
    answer = post(client, body(online, agency=code))
    assert answer.status_code == 400
    assert "Chọn bộ phận một cửa có tiếp nhận thủ tục này." in answer.json()["errors"]
    answer = post(client, body(online, organisation=code))
    assert answer.status_code == 400
    assert answer.json()["errors"] == ["Bạn không phải thành viên của tổ chức này."]
    assert not Dossier.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"procedure": "\ud800"},
        {"agency": "1.0\udfff"},
        {"organisation": "\ud800"},
        {"applicant": {"phone": "0912345678", "address": "Xã An Bình", "name": "Lê \ud83d"}},
    ],
)
def test_a_lone_surrogate_anywhere_in_the_filing_is_a_400_not_a_500(client, cast, online, citizen, changes):
    client.force_login(citizen)
    answer = post(client, body(online, **changes))
    assert answer.status_code == 400, answer.content
    assert not Dossier.objects.exists() and stored_files() == set()


@pytest.mark.django_db
def test_a_file_whose_content_is_not_allowed_is_refused_and_the_other_is_not_kept(
    client, cast, online, citizen
):
    client.force_login(citizen)
    data = body(online)
    program = SimpleUploadedFile("uy-quyen.pdf", b"MZ\x90\x00program", "application/pdf")
    data[f"paper-{online.proxy.pk}"] = program
    answer = post(client, data)
    assert answer.status_code == 400, answer.content
    assert not Dossier.objects.exists() and stored_files() == set()


@pytest.mark.django_db
def test_papers_over_the_per_file_limit_are_refused(client, cast, online, citizen, settings):
    settings.EGOV_FILING_FILE_MAX_MB = 1
    client.force_login(citizen)
    data = body(online)
    big = png_bytes("a") + b"\0" * (1024 * 1024)
    data[f"paper-{online.certificate.pk}"] = SimpleUploadedFile("to-khai.png", big, "image/png")
    answer = post(client, data)
    assert answer.status_code == 400 and not Dossier.objects.exists()
    assert any("1 MB" in e for e in answer.json()["errors"]), answer.json()


@pytest.mark.django_db
def test_papers_over_the_dossier_limit_together_are_refused(client, cast, online, citizen, settings):
    settings.EGOV_FILING_FILE_MAX_MB = 1
    settings.EGOV_FILING_DOSSIER_MAX_MB = 1
    client.force_login(citizen)
    data = body(online)
    half = png_bytes("b") + b"\0" * (600 * 1024)
    data[f"paper-{online.proxy.pk}"] = SimpleUploadedFile("uy-quyen.png", half, "image/png")
    data[f"paper-{online.certificate.pk}"] = SimpleUploadedFile("to-khai.png", half, "image/png")
    answer = post(client, data)
    assert answer.status_code == 400 and not Dossier.objects.exists(), answer.content
    assert stored_files() == set()


@pytest.mark.django_db
def test_a_retry_with_the_same_idempotency_key_answers_with_the_first_dossier(client, cast, online, citizen):
    client.force_login(citizen)
    first = post(client, body(online), key="once")
    files_after_first = stored_files()
    again = post(client, body(online), key="once")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"] and again.json()["created"] is False
    assert Dossier.objects.count() == 1 and stored_files() == files_after_first
    assert post(client, body(online), key="another").status_code == 201


@pytest.mark.django_db
def test_without_an_idempotency_key_nothing_is_filed(client, cast, online, citizen):
    client.force_login(citizen)
    answer = post(client, body(online), key="")
    assert answer.status_code == 400 and not Dossier.objects.exists()
    assert "Idempotency-Key" in answer.json()["errors"][0]


@pytest.mark.django_db
def test_another_citizens_key_makes_its_own_dossier(client, cast, online, citizen, other_citizen):
    client.force_login(citizen)
    assert post(client, body(online), key="same").status_code == 201
    client.force_login(other_citizen)
    assert post(client, body(online), key="same").status_code == 201
    assert Dossier.objects.count() == 2


@pytest.mark.django_db
def test_a_citizen_files_for_an_organisation_only_as_its_member(client, cast, online, citizen):
    company = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH Bình An")
    client.force_login(citizen)
    refused = post(client, body(online, organisation=company.tax_code), key="org-1")
    assert refused.status_code == 400 and not Dossier.objects.exists()
    assert "Bạn không phải thành viên của tổ chức này." in refused.json()["errors"]
    Membership.objects.create(organisation=company, user=citizen)
    answer = post(client, body(online, organisation=company.tax_code), key="org-2")
    assert answer.status_code == 201, answer.content
    d = Dossier.objects.get()
    assert (d.organisation, d.applicant_name, d.applicant_id_number) == (company, company.name, "0101234567")


@pytest.mark.django_db
def test_staff_and_visitors_cannot_file(client, cast, online):
    assert post(client, body(online)).status_code == 401
    client.force_login(cast.desk_officer.user)
    assert post(client, body(online)).status_code in (403,)
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_an_unverified_citizen_is_refused(client, cast, online):
    from tests.factories import make_citizen

    client.force_login(make_citizen("chuaxacminh", id_number="001090012399"))
    answer = post(client, body(online))
    assert answer.status_code == 403 and not Dossier.objects.exists()


@pytest.mark.django_db
def test_the_endpoint_is_described_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operation = paths[URL]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])


def test_two_identical_api_filings_at_once_make_one_dossier(tmp_path):
    """Two threads with their own connections, in a child process on a throw-away database (PostgreSQL when
    the suite runs on it, otherwise a fresh SQLite file): one dossier, both answered with it, one file
    kept."""
    race = run_script(RACE, tmp_path)
    [dossier] = race["dossiers"]
    assert race["outcomes"] == [f"ok {dossier} False", f"ok {dossier} True"], race
    assert (race["submits"], race["attachments"], race["files"]) == (1, 1, 1), race
