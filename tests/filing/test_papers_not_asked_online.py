"""Papers the online filing does not ask for (`RequiredDocument.online`): the declaration the online form
is, and the identity paper the one-stop reads from the population database. Decree 118/2025/NĐ-CP art.
17.1.b: a paper whose electronic data can be read through the shared databases is neither declared again
nor filed again; art. 5.1.i forbids asking for it again. The counter's checklist is unchanged.

The fixture's procedure (tests/filing/conftest.py) lists four papers: the declaration (form), the birth
certificate (uploaded), a proxy's authorisation (uploaded, optional) and the identity paper (database)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.dossiers import papers, slipbuild
from egov.dossiers.models import Dossier
from egov.filing import journey, services
from egov.filing.models import DraftPaper
from tests.filing.conftest import (
    ANSWERS_PAGE_1,
    ANSWERS_PAGE_2,
    filled_draft,
    png_bytes,
    stored_paper,
    upload,
)

pytestmark = pytest.mark.django_db


def test_the_journey_asks_only_for_the_papers_uploaded_online_decree_118_art_17_1_b(online, citizen):
    draft = services.start(actor=citizen, procedure=online.procedure)
    keys = [s.key for s in journey.steps_of(draft)]
    assert [k for k in keys if k.startswith("paper-")] == [
        f"paper-{online.certificate.pk}",
        f"paper-{online.proxy.pk}",
    ]


@pytest.mark.parametrize("line", ["declaration", "identity"])
def test_a_paper_not_asked_online_has_no_page_and_takes_no_file_decree_118_art_5_1_i(
    client, cast, online, citizen, line
):
    requirement = getattr(online, line)
    draft = services.start(actor=citizen, procedure=online.procedure)
    client.force_login(citizen)
    url = reverse("filing:paper", args=(draft.pk, requirement.pk))
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "continue", "file": upload("x.png")}).status_code == 404
    with pytest.raises(ValidationError) as refused:
        services.add_upload(actor=citizen, draft=draft, requirement=requirement, upload=upload("x.png"))
    assert requirement.name in refused.value.messages[0]
    kept = stored_paper(online, citizen, cast, name=requirement.name)  # named as the line: offered elsewhere
    with pytest.raises(ValidationError):
        services.add_reused(actor=citizen, draft=draft, requirement=requirement, stored_paper=kept)
    assert not DraftPaper.objects.exists()


def test_the_start_and_check_pages_name_them_with_the_reason(client, online, citizen):
    client.force_login(citizen)
    start = client.get(reverse("filing:start", args=(online.procedure.code,))).content.decode()
    ready, not_asked = start.split('id="not-asked"')
    assert "Giấy chứng sinh" in ready and "Tờ khai đăng ký khai sinh" not in ready
    assert "Tờ khai đăng ký khai sinh" in not_asked and "Giấy tờ tùy thân để xuất trình" in not_asked
    assert "Nghị định 118/2025/NĐ-CP" in not_asked
    draft = filled_draft(online, citizen)
    check = client.get(reverse("filing:check", args=(draft.pk,))).content.decode()
    assert 'id="error-summary"' not in check  # nothing missing: the two are not asked
    assert "Tờ khai đăng ký khai sinh" in check[check.index('id="not-asked"') :]


def test_a_draft_with_the_uploaded_papers_is_submitted_and_the_receipt_lists_the_form(
    client, cast, online, citizen
):
    dossier = services.submit(actor=citizen, draft=filled_draft(online, citizen))
    listed = [(p.name, p.copy_kind, p.quantity) for p in slipbuild.receipt_papers(dossier)]
    # The declaration came as the online form's answers; the identity paper is read by the officer.
    assert listed == [
        ("Tờ khai đăng ký khai sinh", "Biểu mẫu điện tử", 1),
        ("Giấy chứng sinh", "Bản điện tử", 1),
    ]
    # The counter's checklist still lists every paper (a dossier received there hands all four in).
    assert [d.name for d in papers.missing_required(online.procedure, [])] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Giấy tờ tùy thân để xuất trình",
    ]
    client.force_login(cast.desk_officer.user)
    page = client.get(reverse("dossiers:detail", args=(dossier.pk,))).content.decode()
    from_databases = page[page.index('id="from-databases"') :]
    assert from_databases.index("Giấy tờ tùy thân để xuất trình") < from_databases.index("</ul>")


def test_the_api_refuses_a_file_for_a_paper_not_asked_online_and_asks_for_neither(client, online, citizen):
    client.force_login(citizen)
    filing = {
        "procedure": online.procedure.code,
        "agency": online.counter.code,
        "applicant": {"phone": "0912345678", "address": "Xã An Bình"},
        "answers": {**ANSWERS_PAGE_1, **ANSWERS_PAGE_2},
    }
    data = {
        "filing": json.dumps(filing),
        f"paper-{online.certificate.pk}": SimpleUploadedFile("chung-sinh.png", png_bytes("a"), "image/png"),
        f"paper-{online.declaration.pk}": SimpleUploadedFile("to-khai.png", png_bytes("b"), "image/png"),
    }
    answer = client.post("/api/v1/filings", data, headers={"Idempotency-Key": "n-1"})
    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error.startswith("“Tờ khai đăng ký khai sinh” không tải lên khi nộp trực tuyến.")
    assert not Dossier.objects.exists()
    del data[f"paper-{online.declaration.pk}"]
    data[f"paper-{online.certificate.pk}"] = SimpleUploadedFile("chung-sinh.png", png_bytes("a"), "image/png")
    answer = client.post("/api/v1/filings", data, headers={"Idempotency-Key": "n-2"})
    assert answer.status_code == 201, answer.content
