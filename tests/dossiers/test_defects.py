"""Defects found in review, each with the behaviour that was broken: files kept only with their move,
the apology's new date, personal ID numbers, and the one-time key of a receipt."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from egov.core.validators import validate_cccd
from egov.dossiers import deadlines, demo_data, files, intake, services
from egov.dossiers.models import Attachment, Dossier, DossierEvent
from tests.dossiers.conftest import APPLICANT, MONDAY, TZ, hours, receive, step


def _stored() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _pdf(content: bytes = b"%PDF-1.4 ban sao") -> SimpleUploadedFile:
    return SimpleUploadedFile("ban-sao.pdf", content, content_type="application/pdf")


# ---------------------------------------------------------------- files and the transaction


def test_a_move_that_fails_after_its_upload_leaves_no_file(cast, flows, monkeypatch):
    d = receive(cast, flows.simple)

    def broken(*args, **kwargs):
        raise RuntimeError("the audit log is unreachable")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        step(d, "forward", cast.desk_officer, MONDAY + hours(1), files=[_pdf()])
    assert _stored() == []
    assert not Attachment.objects.exists()
    assert Dossier.objects.get(pk=d.pk).version == 1


def test_a_receipt_that_fails_after_its_upload_leaves_no_file(cast, flows, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the audit log is unreachable")

    monkeypatch.setattr(intake.audit, "record", broken)
    with pytest.raises(RuntimeError):
        receive(cast, flows.simple, files=[_pdf()])
    assert _stored() == [] and not Dossier.objects.exists()


def test_a_refused_move_with_files_leaves_no_file(cast, flows):
    d = receive(cast, flows.simple)
    with pytest.raises(services.StaleDossier):
        services.transition(
            d.pk, "forward", actor=cast.desk_officer.user, expected_version=7, files=[_pdf()], now=MONDAY
        )
    assert _stored() == []


def test_a_move_that_succeeds_keeps_its_file_with_its_checksum(cast, flows):
    content = b"%PDF-1.4 to trinh"
    d = receive(cast, flows.simple)
    step(d, "forward", cast.desk_officer, MONDAY + hours(1), files=[_pdf(content)])
    attachment = Attachment.objects.get(dossier=d)
    [path] = _stored()
    assert path.read_bytes() == content
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.event.action == "forward" and files.verify_attachment(attachment)


def test_an_empty_upload_is_refused_and_nothing_is_kept(cast, flows):
    d = receive(cast, flows.simple)
    with pytest.raises(ValidationError) as excinfo:
        step(d, "forward", cast.desk_officer, MONDAY + hours(1), files=[_pdf(b"%PDF"), _pdf(b"")])
    assert "files" in excinfo.value.message_dict
    assert _stored() == [] and DossierEvent.objects.filter(dossier=d).count() == 1


# ---------------------------------------------------------------- the apology's new date


def _processing(cast, flows) -> Dossier:
    return step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))


@pytest.mark.parametrize(
    "new_due",
    [
        dt.datetime(2026, 11, 28, 9, 0, tzinfo=TZ),  # a Saturday
        dt.datetime(2026, 11, 25, 20, 0, tzinfo=TZ),  # a working day, after hours
        dt.datetime(2026, 11, 24, 9, 0, tzinfo=TZ),  # Vietnam Culture Day, a day off
        dt.datetime(2026, 12, 7, 9, 0, tzinfo=TZ),  # beyond one more time limit (5 days) after 23/11
    ],
)
def test_an_apology_date_outside_working_time_or_the_rules_is_refused(cast, flows, new_due):
    d = _processing(cast, flows)  # due Mon 23/11 08:00
    before = Dossier.objects.values().get(pk=d.pk)
    with pytest.raises(ValidationError) as excinfo:
        step(d, "apologise", cast.leader, MONDAY + hours(2), reason="Chờ xác minh", new_due=new_due)
    assert "new_due" in excinfo.value.message_dict
    assert Dossier.objects.values().get(pk=d.pk) == before
    assert not DossierEvent.objects.filter(dossier=d, action="apologise").exists()


def test_the_latest_apology_date_the_rules_allow_is_accepted(cast, flows):
    d = _processing(cast, flows)
    # Five working days after Mon 23/11 08:00, 24/11 (Vietnam Culture Day) off: Tue 1/12 08:00.
    limit = deadlines.dossier_due(d.due_at, flows.simple)
    assert limit == dt.datetime(2026, 12, 1, 8, 0, tzinfo=TZ)
    d = step(d, "apologise", cast.leader, MONDAY + hours(2), reason="Chờ xác minh", new_due=limit)
    assert d.due_at == limit and d.apologies == 1


def test_the_apology_refusal_is_in_vietnamese(cast, flows, login):
    now = timezone.now()
    d = step(receive(cast, flows.simple, now=now), "forward", cast.desk_officer, now)
    saturday = timezone.localtime(d.due_at).replace(hour=9, minute=0)
    while saturday.weekday() != 5:
        saturday += dt.timedelta(days=1)
    client = login(cast.leader)
    response = client.post(
        reverse("dossiers:act", args=[d.pk, "apologise"]),
        {"version": d.version, "idem": "a1", "reason": "Chờ", "new_due": saturday.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert "giờ hành chính của một ngày làm việc" in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).apologies == 0


def test_a_one_time_key_longer_than_a_uuid_is_refused_not_a_500(cast, flows, login):
    """The views store the user's id and the key in a 64-character column: a key sent by hand up to the
    form's old 64-character limit overflowed it (PostgreSQL: a 500, found by a review)."""
    d = receive(cast, flows.simple, now=timezone.now())
    client = login(cast.desk_officer)
    url = reverse("dossiers:act", args=[d.pk, "forward"])
    response = client.post(url, {"version": d.version, "idem": "k" * 64})
    assert response.status_code == 400
    assert Dossier.objects.get(pk=d.pk).version == d.version
    assert client.post(url, {"version": d.version, "idem": "k" * 32}).status_code == 302


# ---------------------------------------------------------------- personal ID numbers


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        ("citizen", "123090012345"),  # 123 is no province's code
        ("citizen", "00109001234"),  # 11 digits
        ("citizen", "001990012345"),  # born in 2199
        ("organisation", "12345"),
        ("business", "0101234567-1"),
    ],
)
def test_an_invalid_id_number_is_refused_at_intake(cast, flows, kind, number):
    applicant = intake.Applicant(name="Nguyễn Văn An", type=kind, id_number=number)
    with pytest.raises(ValidationError) as excinfo:
        receive(cast, flows.simple, applicant=applicant)
    assert "applicant_id_number" in excinfo.value.message_dict
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("kind", "number", "stored"),
    [
        ("citizen", "001 090 012 345", "001090012345"),
        ("organisation", "0101234567", "0101234567"),
        ("business", "0101234567-001", "0101234567-001"),
    ],
)
def test_a_valid_id_number_is_kept(cast, flows, kind, number, stored):
    d = receive(
        cast, flows.simple, applicant=intake.Applicant(name="Công ty An", type=kind, id_number=number)
    )
    assert Dossier.objects.get(pk=d.pk).applicant_id_number == stored


def test_the_receive_form_refuses_an_invalid_personal_id_in_vietnamese(cast, flows, login):
    client = login(cast.desk_officer)
    data = {
        "receive": "1",
        "idem": "cccd-1",
        "agency": cast.province.commune_a.pk,
        "procedure": flows.simple.pk,
        "channel": "counter",
        "applicant_type": "citizen",
        "applicant_name": "Lê Thị Cúc",
        "applicant_id_number": "123456789012",
    }
    with translation.override("vi"):
        response = client.post(reverse("dossiers:receive"), data)
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert "123" in response.content.decode() and "tỉnh" in response.content.decode()


def test_the_demo_gives_every_applicant_a_valid_personal_id():
    for seed in range(300):
        validate_cccd(demo_data.person(random.Random(seed)).id_number)


# ---------------------------------------------------------------- the one-time key


def test_a_repeated_receipt_answers_with_the_first_dossier_and_keeps_no_second_file(cast, flows):
    first = receive(cast, flows.simple, idempotency_key="k-1", files=[_pdf()])
    again = receive(cast, flows.simple, idempotency_key="k-1", files=[_pdf()])
    assert again.pk == first.pk
    assert len(_stored()) == 1 and Dossier.objects.count() == 1


def test_a_key_used_by_a_move_is_not_taken_as_a_receipt(cast, flows):
    d = receive(cast, flows.simple)
    services.transition(d.pk, "forward", actor=cast.desk_officer.user, idempotency_key="k-2", now=MONDAY)
    with pytest.raises(services.StaleDossier):
        intake.receive(
            actor=cast.desk_officer.user,
            procedure=flows.simple,
            agency=cast.province.commune_a,
            applicant=APPLICANT,
            idempotency_key="k-2",
            now=MONDAY,
        )
