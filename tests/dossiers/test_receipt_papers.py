"""The receipt slip (Mẫu số 01, Thông tư 03/2025/TT-VPCP: "Thành phần hồ sơ nộp gồm") lists every paper the
dossier was received with — for an online submission, each paper filed up to its acceptance, not only the
procedure's mandatory ones — and each copy (liên) of the slip keeps to its own page. The papers and fees are
the demo's birth registration (1.001193), whose receipt printed 3 of its 6 papers on 4 pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.dossiers import intake, slipbuild
from egov.dossiers.answer_models import FiledPaper
from egov.dossiers.slips import render_pdf
from egov.procedures.models import RequiredDocument
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, step
from tests.dossiers.test_slips import page_texts
from tests.factories import make_citizen

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[2] / "egov/procedures/data/demo_catalogue.json"


def _birth_registration() -> dict:
    procedures = json.loads(CATALOGUE.read_text())["procedures"]
    return next(p for p in procedures if p["code"] == "1.001193")


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(), content_type="application/pdf")


@pytest.fixture
def online(cast, flows):
    """An online birth registration with a file for each of the 6 papers of its checklist (3 of them
    optional) and a second file for the first, accepted at the counter."""
    source = _birth_registration()
    procedure = flows.simple
    procedure.documents.all().delete()
    checklist = [
        RequiredDocument.objects.create(
            procedure=procedure, name=x["name"], required=x["required"], sort_order=i
        )
        for i, x in enumerate(source["documents"])
    ]
    assert [doc.required for doc in checklist].count(True) == 3
    owner = make_citizen("an.nguyen")
    d = intake.submit_online(
        actor=owner,
        owner=owner,
        procedure=procedure,
        agency=cast.province.commune_a,
        applicant=APPLICANT,
        now=MONDAY,
        files=[_pdf(f"giay-{i}.pdf") for i in range(7)],
        fees=[(f["name"], int(f["amount"])) for f in source["fees"]],
    )
    # As the filing pages record them: each file for its checklist line, the 7th a second page of the 1st.
    for attachment, doc in zip(d.attachments.order_by("id"), [*checklist, checklist[0]], strict=True):
        FiledPaper.objects.create(attachment=attachment, requirement=doc)
    return step(d, "accept", cast.desk_officer, MONDAY + hours(1)), checklist


def test_the_receipt_lists_every_paper_filed_online_form_01_circular_03_2025(online):
    d, checklist = online
    slip = slipbuild.build(d, "receipt")
    assert [p.name for p in slip.papers] == [doc.name for doc in checklist]  # the checklist's order
    assert [p.quantity for p in slip.papers] == [2, 1, 1, 1, 1, 1]
    assert {p.copy_kind for p in slip.papers} == {"Bản điện tử"}
    printed = " ".join(page_texts(render_pdf(slip)))
    for doc in checklist:
        assert printed.count(" ".join(doc.name.split())) == 2, doc.name  # once on each copy


def test_a_supplement_sent_after_acceptance_is_not_on_the_receipt(online, cast):
    d, _ = online
    before = [p.name for p in slipbuild.build(d, "receipt").papers]
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(2))
    d = step(d, "request_supplement", cast.specialist, MONDAY + hours(3), reason="Thiếu giấy chứng sinh")
    d = step(d, "supplement_received", cast.desk_officer, MONDAY + hours(5), files=[_pdf("bo-sung.pdf")])
    assert [p.name for p in slipbuild.build(d, "receipt").papers] == before


def test_each_copy_of_the_receipt_keeps_to_its_own_page(online):
    d, _ = online
    pages = page_texts(render_pdf(slipbuild.build(d, "receipt")))
    assert len(pages) == 2  # two copies (liên), one page each, the applicant's with the rating box
    assert "Liên 1" in pages[0] and "Liên 2" in pages[1]
    for page in pages:
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in page and "Tổng cộng" in page and "(tiếp theo)" not in page
