"""Guiding a supplement or refusing at the counter without receiving (Decree 118/2025 art. 17.1.c, 16.3,
17.3): a record of its own with a numbered slip (Mẫu 02 or 03 of the forms in force), no dossier code and
no clock; only the counter's desk officers write it; the access matrix of its screens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.dossiers import guidance
from egov.dossiers.models import CounterGuidance, Dossier
from egov.dossiers.slips import Refusal, SupplementRequest
from tests.conftest import PERSONAS
from tests.dossiers.conftest import MONDAY, TZ
from tests.dossiers.test_slips import read, text

VISITOR = guidance.Visitor(name="Trần Thị Bình", id_number="001190054321", phone="0987654321")


def _record(cast, flows, outcome="guide", now=MONDAY, items="Bản sao giấy khai sinh\nTờ khai có chữ ký"):
    return guidance.record(
        actor=cast.desk_officer.user,
        agency=cast.province.commune_a,
        procedure=flows.simple,
        outcome=outcome,
        visitor=VISITOR,
        items=items,
        now=now,
    )


def test_guidance_at_the_counter_issues_no_dossier_code_and_no_clock_decree_118_art_17_1_c(cast, flows):
    g = _record(cast, flows)
    second = _record(cast, flows, outcome="refuse", items="Không thuộc thẩm quyền")
    assert (g.number, second.number) == ("000.00.31.H99-HD261116-001", "000.00.31.H99-HD261116-002")
    assert not Dossier.objects.exists()
    assert AuditEntry.objects.filter(action="dossiers.counter_guidance").count() == 2
    body = text(guidance.slip_pdf(g))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in body and "Số: 000.00.31.H99-HD261116-001" in body
    assert "1. Bản sao giấy khai sinh" in body and "2. Tờ khai có chữ ký" in body
    # Not received: no code line, no "received at" line (art. 17.3; test_slips_unreceived.py).
    assert "Mã hồ sơ" not in body and "tiếp nhận lúc" not in body
    refusal = guidance.slip_pdf(second)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text(refusal) and "Mã hồ sơ" not in text(refusal)


def test_guidance_slip_is_the_form_of_the_rules_in_force(cast, flows):
    assert isinstance(guidance.slip(_record(cast, flows)), SupplementRequest)
    old = _record(cast, flows, outcome="refuse", now=dt.datetime(2025, 6, 30, 9, tzinfo=TZ), items="Sai mẫu")
    assert isinstance(guidance.slip(old), Refusal)
    assert read(guidance.slip_pdf(old)).metadata["/Keywords"] == "Mẫu số 03 - Thông tư số 01/2018/TT-VPCP"


def test_guidance_needs_what_is_missing_and_a_desk_officer_of_the_counter(cast, flows):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError) as refused:
        _record(cast, flows, items="  \n ")
    assert "items" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        guidance.record(
            actor=cast.desk_officer.user,
            agency=cast.province.commune_b,
            procedure=flows.simple,
            outcome="guide",
            visitor=VISITOR,
            items="Tờ khai",
        )
    assert (
        not CounterGuidance.objects.exists()
        and not AuditEntry.objects.filter(action="dossiers.counter_guidance").exists()
    )


def _client(client, cast, persona):
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(cast, persona).user)
    return client


def _refused(response, persona):
    if persona == "anonymous":
        return response.status_code == 302 and "login" in response["Location"]
    return response.status_code in (403, 404)


def _fingerprint():
    return (list(CounterGuidance.objects.values()), AuditEntry.objects.count(), Dossier.objects.count())


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_access_matrix_of_the_guidance_screens(client, cast, flows, persona):
    g = _record(cast, flows)
    c = _client(client, cast, persona)
    page = c.get(reverse("dossiers:guidance"))
    printed = c.get(reverse("dossiers:guidance_slip", args=[g.pk]))
    # The counter writes; its desk officers and the province's auditor read the slips.
    if persona == "desk_officer":
        assert page.status_code == 200
    else:
        assert _refused(page, persona)
    if persona in ("desk_officer", "auditor"):
        assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    else:
        assert _refused(printed, persona)
    before = _fingerprint()
    posted = c.post(
        reverse("dossiers:guidance"),
        {
            "agency": cast.province.commune_a.pk,
            "procedure": flows.simple.pk,
            "outcome": "refuse",
            "applicant_name": "Lê Văn Cường",
            "items": "Hồ sơ không thuộc thẩm quyền",
        },
    )
    if persona == "desk_officer":
        assert posted.status_code == 302
        assert CounterGuidance.objects.filter(applicant_name="Lê Văn Cường", outcome="refuse").exists()
    else:
        assert _refused(posted, persona)
        assert _fingerprint() == before


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_kept(client, cast, flows, login):
    c = login(cast.desk_officer)
    page = c.post(
        reverse("dossiers:guidance"),
        {"agency": cast.province.commune_a.pk, "procedure": "x'; --", "outcome": "guide", "items": ""},
    )
    assert page.status_code == 400 and not CounterGuidance.objects.exists()
    html = page.content.decode()
    assert "Trần" not in html and 'name="applicant_name"' in html
    assert "Trường này là bắt buộc" in html


def test_the_receive_page_links_to_the_guidance(cast, flows, login):
    html = login(cast.desk_officer).get(reverse("dossiers:receive")).content.decode()
    assert reverse("dossiers:guidance") in html
