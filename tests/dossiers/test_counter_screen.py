"""The counter's screen (issue 9, item 12): the procedures this counter receives in Vietnamese order, the
paper checklist ticked at receipt and stored with the dossier, amounts as "8.000 đ", "receive and print",
and each move saying where it sends the dossier and to whom."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from egov.dossiers import slipbuild, slips
from egov.dossiers.counter import procedures_received_at
from egov.dossiers.models import CounterGuidance, Dossier, ReceivedPaper
from egov.dossiers.papers import Paper, received_papers
from egov.organizations.models import Role, Staff
from egov.procedures.models import (
    Field,
    Procedure,
    PublicationStatus,
    RequiredDocument,
    StepKind,
    WorkflowStep,
    WorkflowTemplate,
)
from tests.dossiers.conftest import MONDAY, receive, step
from tests.factories import make_staff

NBSP = "\u00a0"
COPY = RequiredDocument.Copy


def _procedure(code: str, name: str, *, agencies=(), workflow_at=None, published=True, workflow=True):
    field, _ = Field.objects.get_or_create(code="TEST", defaults={"name": "Thử", "name_folded": "thu"})
    p = Procedure.objects.create(
        code=code,
        name=name,
        field=field,
        processing_time=Decimal(3),
        status=PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT,
    )
    p.agencies.set(agencies)
    if workflow:
        t = WorkflowTemplate.objects.create(
            procedure=p,
            agency=workflow_at,
            version=1,
            status=PublicationStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        for position, kind in enumerate((StepKind.RECEIVE, StepKind.RETURN), start=1):
            WorkflowStep.objects.create(
                template=t,
                position=position,
                kind=kind,
                name=f"B{position}",
                role=Role.DESK_OFFICER,
                allotted_hours=Decimal(4),
            )
    return p


def _options(html: str) -> list[str]:
    select = re.search(r'<select id="pick-procedure".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group(0))


def _form(cast, procedure, **extra: Any) -> dict[str, Any]:
    return {
        "receive": "1",
        "idem": extra.pop("idem", "counter-1"),
        "agency": cast.province.commune_a.pk,
        "procedure": procedure.pk,
        "channel": "counter",
        "applicant_type": "citizen",
        "applicant_name": "Lê Thị Cúc",
        "applicant_id_number": "001190000111",
        **extra,
    }


# ---------------------------------------------------------------- the procedure selector


def test_the_selector_lists_what_this_counter_receives_decree_118_art_14_2(cast):
    """A commune's centre receives province-wide (art. 14.2): its commune's procedures and the
    departments'; not a procedure whose only workflow is another counter's, nor an unpublished one, nor
    one with no published workflow. A department's own counter receives its own procedures only."""
    p = cast.province
    commune = _procedure("9.000001", "Đăng ký khai tử", agencies=[p.commune_a, p.commune_b])
    justice = _procedure("9.000002", "Cấp phiếu lý lịch tư pháp", agencies=[p.justice])
    elsewhere = _procedure(
        "9.000003", "Chứng thực ở Bắc Sơn", agencies=[p.commune_b], workflow_at=p.commune_b
    )
    _procedure("9.000004", "Thủ tục nháp", agencies=[p.commune_a], published=False)
    _procedure("9.000005", "Thủ tục chưa có quy trình", agencies=[p.commune_a], workflow=False)

    assert set(procedures_received_at(p.commune_a)) == {commune, justice}
    assert set(procedures_received_at(p.commune_b)) == {commune, justice, elsewhere}
    assert set(procedures_received_at(p.justice)) == {justice}
    assert set(procedures_received_at(p.center)) == {commune, justice}


def test_the_selector_is_in_vietnamese_alphabetical_order(cast, login):
    p = cast.province
    for code, name in [
        ("9.000011", "Đăng ký thường trú"),
        ("9.000012", "Dừng kinh doanh"),
        ("9.000013", "Chứng thực di chúc"),
        ("9.000014", "Chuyển trường"),
        ("9.000015", "Cấp bản sao"),
        ("9.000016", "Ủy quyền"),
        ("9.000017", "Tách thửa"),
        ("9.000018", "Tạm trú"),
    ]:
        _procedure(code, name, agencies=[p.commune_a])
    html = login(cast.desk_officer).get(reverse("dossiers:receive")).content.decode()
    names = [o.rsplit(" (", 1)[0] for o in _options(html)]
    assert names == [
        "Cấp bản sao",
        "Chuyển trường",
        "Chứng thực di chúc",
        "Dừng kinh doanh",
        "Đăng ký thường trú",
        "Tách thửa",
        "Tạm trú",
        "Ủy quyền",
    ]


def test_the_guidance_screen_lists_the_same_procedures_in_the_same_order(cast, login):
    """Guiding a supplement without receiving (art. 17.1.c) starts from the same list as receiving: what
    this counter receives, in Vietnamese order; another counter's procedure is not offered."""
    p = cast.province
    for code, name in [("9.000031", "Đăng ký thường trú"), ("9.000032", "Dừng kinh doanh")]:
        _procedure(code, name, agencies=[p.commune_a])
    _procedure("9.000033", "Chỉ ở Bắc Sơn", agencies=[p.commune_b], workflow_at=p.commune_b)
    html = login(cast.desk_officer).get(reverse("dossiers:guidance")).content.decode()
    select = re.search(r'<select name="procedure".*?</select>', html, re.S)
    assert select is not None
    names = [
        o.rsplit(" (", 1)[0] for o in re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select[0])
    ]
    assert names == ["Dừng kinh doanh", "Đăng ký thường trú"]


def test_a_procedure_this_counter_does_not_receive_is_refused(cast, login):
    p = cast.province
    elsewhere = _procedure("9.000021", "Chỉ ở Bắc Sơn", agencies=[p.commune_b], workflow_at=p.commune_b)
    client = login(cast.desk_officer)
    with translation.override("vi"):
        response = client.post(reverse("dossiers:receive"), _form(cast, elsewhere))
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert "UBND xã An Bình không tiếp nhận thủ tục này" in response.content.decode()
    for junk in ("abc", "-1", "999999", ""):
        page = client.get(reverse("dossiers:receive"), {"procedure": junk, "agency": junk})
        assert page.status_code == 200 and 'id="receive-form"' not in page.content.decode()


def test_choose_pressed_with_no_procedure_says_so(cast, login):
    """It reloaded the page silently (a newcomer's walk)."""
    client = login(cast.desk_officer)
    html = client.get(reverse("dossiers:receive"), {"procedure": ""}).content.decode()
    assert "Chọn một thủ tục trong danh sách trước." in html
    assert (
        "Chọn một thủ tục trong danh sách trước."
        not in client.get(reverse("dossiers:receive")).content.decode()
    )


# ---------------------------------------------------------------- the paper checklist


@pytest.fixture
def with_papers(flows):
    docs = [
        RequiredDocument.objects.create(
            procedure=flows.simple, name="Tờ khai theo mẫu", copy_kind=COPY.ORIGINAL, quantity=1, sort_order=1
        ),
        RequiredDocument.objects.create(
            procedure=flows.simple,
            name="Giấy tờ tùy thân",
            copy_kind=COPY.ORIGINAL_OR_COPY,
            quantity=1,
            sort_order=2,
        ),
        RequiredDocument.objects.create(
            procedure=flows.simple,
            name="Văn bản ủy quyền",
            copy_kind=COPY.CERTIFIED_COPY,
            required=False,
            sort_order=3,
        ),
    ]
    return flows.simple, docs


def test_the_papers_ticked_at_receipt_are_stored_with_the_dossier(cast, login, with_papers):
    procedure, (form, identity, proxy) = with_papers
    client = login(cast.desk_officer)
    page = client.get(reverse("dossiers:receive") + f"?procedure={procedure.pk}").content.decode()
    assert "Tờ khai theo mẫu" in page and f'name="paper_{proxy.pk}_count"' in page
    data = _form(
        cast,
        procedure,
        **{
            f"paper_{form.pk}": "on",
            f"paper_{form.pk}_form": COPY.ORIGINAL,
            f"paper_{form.pk}_count": "2",
            f"paper_{identity.pk}": "on",
            f"paper_{identity.pk}_form": COPY.CERTIFIED_COPY,
            f"paper_{identity.pk}_count": "1",
            f"paper_{proxy.pk}_form": COPY.CERTIFIED_COPY,
            f"paper_{proxy.pk}_count": "1",
        },
    )
    response = client.post(reverse("dossiers:receive"), data)
    assert response.status_code == 302
    d = Dossier.objects.get()
    assert received_papers(d) == [
        Paper(name="Tờ khai theo mẫu", form=COPY.ORIGINAL, count=2, document_id=form.pk),
        Paper(name="Giấy tờ tùy thân", form=COPY.CERTIFIED_COPY, count=1, document_id=identity.pk),
    ]
    with translation.override("vi"):
        page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert "Tờ khai theo mẫu · Bản chính · 2 bộ" in page
    # The receipt (Mẫu số 01) lists what was ticked, not the catalogue's list: the proxy's paper, left
    # unticked, is not on it, and the form's two sets are.
    assert slipbuild.receipt_papers(d) == (
        slips.Paper(name="Tờ khai theo mẫu", copy_kind="Bản chính", quantity=2),
        slips.Paper(name="Giấy tờ tùy thân", copy_kind="Bản sao có chứng thực", quantity=1),
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("0203 3826 555", "02033826555"),
        ("", ""),
    ],
)
def test_the_applicant_s_phone_follows_the_online_filing_s_rule(cast, login, typed, stored):
    """One rule for a Vietnamese phone number at the counter and online (a newcomer's walk found "8 to 15
    digits" here, another rule online), stored in its national form."""
    procedure = _procedure("9.000031", "Đăng ký khai tử", agencies=[cast.province.commune_a])
    client = login(cast.desk_officer)
    assert (
        client.post(reverse("dossiers:receive"), _form(cast, procedure, applicant_phone=typed)).status_code
        == 302
    )
    assert Dossier.objects.get().applicant_phone == stored


def test_a_phone_number_no_vietnamese_line_has_is_refused_in_vietnamese(cast, login):
    procedure = _procedure("9.000032", "Đăng ký khai tử", agencies=[cast.province.commune_a])
    client = login(cast.desk_officer)
    with translation.override("vi"):
        response = client.post(
            reverse("dossiers:receive"), _form(cast, procedure, applicant_phone="12345678")
        )
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert "Nhập số điện thoại Việt Nam" in response.content.decode()


def test_a_missing_mandatory_paper_is_not_received_decree_118_art_17_1_c(cast, login, with_papers):
    """Art. 17.1.c: an incomplete dossier is not received; the officer guides the applicant to complete
    it, listing everything missing at once (art. 16.3). Nothing is stored, and what was typed stays."""
    procedure, (form, _identity, _proxy) = with_papers
    data = _form(cast, procedure, **{f"paper_{form.pk}": "on", f"paper_{form.pk}_count": "1"})
    data[f"paper_{form.pk}_form"] = COPY.ORIGINAL
    with translation.override("vi"):
        response = login(cast.desk_officer).post(reverse("dossiers:receive"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Dossier.objects.exists() and not ReceivedPaper.objects.exists()
    assert "Giấy tờ tùy thân" in html.split('id="receive-errors"')[1].split("</div>")[0]
    assert "Tờ khai theo mẫu" not in html.split('id="receive-errors"')[1].split("</div>")[0]
    assert "hướng dẫn" in html and 'value="Lê Thị Cúc"' in html


def test_missing_papers_lead_to_the_supplement_request_filled_in_decree_118_art_17_1_c(
    cast, login, with_papers
):
    """From the refused receipt, one link opens the guidance (Mẫu 02, nothing received) with the counter,
    the procedure, the applicant and the missing papers already filled in; sending it records the slip."""
    procedure, (form, _identity, _proxy) = with_papers
    data = _form(cast, procedure, **{f"paper_{form.pk}": "on", f"paper_{form.pk}_count": "1"})
    data[f"paper_{form.pk}_form"] = COPY.ORIGINAL
    client = login(cast.desk_officer)
    html = client.post(reverse("dossiers:receive"), data).content.decode()
    link = re.search(r'id="guide-instead" href="([^"]+)"', html)
    assert link is not None
    page = client.get(link[1].replace("&amp;", "&"))
    guidance_form = page.context["form"]
    assert guidance_form.initial["applicant_name"] == "Lê Thị Cúc"
    assert guidance_form.initial["items"] == "Giấy tờ tùy thân"
    assert guidance_form.initial["procedure"] == str(procedure.pk)
    client.post(reverse("dossiers:guidance"), dict(guidance_form.initial))
    guided = CounterGuidance.objects.get()
    assert (guided.applicant_name, guided.items, guided.outcome) == (
        "Lê Thị Cúc",
        "Giấy tờ tùy thân",
        "guide",
    )
    assert not Dossier.objects.exists()


def test_a_paper_count_out_of_range_is_refused_in_vietnamese(cast, login, with_papers):
    procedure, (form, identity, _proxy) = with_papers
    data = _form(cast, procedure)
    for doc in (form, identity):
        data |= {f"paper_{doc.pk}": "on", f"paper_{doc.pk}_form": COPY.ORIGINAL, f"paper_{doc.pk}_count": "0"}
    with translation.override("vi"):
        response = login(cast.desk_officer).post(reverse("dossiers:receive"), data)
    assert response.status_code == 200 and not Dossier.objects.exists()
    checklist = response.content.decode().split('id="checklist"')[1].split("</fieldset>")[0]
    assert checklist.count('class="error"') == 2 and "Nhập một giá trị từ 1 trở lên." in checklist


# ---------------------------------------------------------------- amounts


def test_amounts_are_written_8_000_d_on_every_screen(cast, flows, login):
    flows.simple.fees.create(name="Lệ phí cấp bản sao", amount=8000)
    d = receive(cast, flows.simple, fees=[("Lệ phí cấp bản sao", Decimal(8000))])
    shown = f"8.000{NBSP}đ"
    client = login(cast.desk_officer)
    receive_page = client.get(reverse("dossiers:receive") + f"?procedure={flows.simple.pk}").content.decode()
    dossier_page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    public_page = client.get(reverse("procedures:detail", args=[flows.simple.code])).content.decode()
    for page in (receive_page, dossier_page, public_page):
        assert shown in page and "8,000" not in page and "8000" not in page


# ---------------------------------------------------------------- receive and print


def test_receive_and_print_answers_with_the_receipt_slip(cast, flows, login):
    client = login(cast.desk_officer)
    response = client.post(reverse("dossiers:receive"), _form(cast, flows.simple, receive="print"))
    d = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:slip", args=[d.pk, "receipt"])
    pdf = client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith("inline")
    # "Back" from the receipt reloads the form with a new one-time key instead of the one just used.
    assert "no-store" in client.get(reverse("dossiers:receive"))["Cache-Control"]
    # The other button receives without printing: the dossier page.
    response = client.post(reverse("dossiers:receive"), _form(cast, flows.simple, idem="counter-2"))
    assert response["Location"] == reverse("dossiers:detail", args=[Dossier.objects.latest("id").pk])


# ---------------------------------------------------------------- where each move sends the dossier


def _goes(html: str, action: str) -> str:
    found = re.search(rf'id="goes-{action}">(.*?)</p>', html, re.S)
    assert found is not None, action
    return re.sub(r"\s+", " ", found.group(1))


def test_each_move_says_where_it_sends_the_dossier_and_to_whom(cast, flows, login):
    d = receive(cast, flows.simple)
    with translation.override("vi"):
        html = login(cast.desk_officer).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    goes = _goes(html, "forward")
    assert "Xử lý 2" in goes and "Phòng Hành chính tư pháp" in goes
    assert "bất kỳ cán bộ nào có vai trò Chuyên viên" in goes


def test_approvers_are_listed_with_their_titles(cast, flows, login):
    Staff.objects.filter(pk=cast.leader.pk).update(position="Giám đốc")
    deputy = make_staff(
        "phogd.stp", cast.province.justice, (Role.LEADER,), "Trịnh Văn Phó", position="Phó Giám đốc"
    )
    d = receive(cast, flows.simple)
    step(d, "forward", cast.desk_officer, MONDAY)
    step(d, "assign", cast.specialist, MONDAY, handler=cast.specialist.user)
    html = login(cast.specialist).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    choices = re.search(r'<select name="handler" id="id_submit_for_approval_handler".*?</select>', html, re.S)
    assert choices is not None
    assert "Hoàng Quốc Việt — Giám đốc, Sở Tư pháp" in choices.group(0)
    assert f"{deputy.user.get_full_name()} — Phó Giám đốc, Sở Tư pháp" in choices.group(0)
    assert "“Phê duyệt 3” tại Sở Tư pháp" in _goes(html, "submit_for_approval")


def test_sending_back_names_the_officer_who_had_the_step(cast, flows, login):
    d = receive(cast, flows.simple)
    step(d, "forward", cast.desk_officer, MONDAY)
    step(d, "assign", cast.specialist, MONDAY, handler=cast.specialist.user)
    step(d, "submit_for_approval", cast.specialist, MONDAY)
    html = login(cast.leader).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert "Đỗ Minh Đức" in _goes(html, "send_back")


def test_officers_are_listed_by_given_name_in_vietnamese_order(cast, flows, login):
    """ "Đỗ Minh Đức" (given name Đức) comes after "Bùi Văn Dũng" and before "Lê Thị Em": Đ after D."""
    office = cast.province.justice_office
    make_staff("b.dung", office, (Role.SPECIALIST,), "Bùi Văn Dũng")
    make_staff("l.em", office, (Role.SPECIALIST,), "Lê Thị Em")
    make_staff("a.anh", office, (Role.SPECIALIST,), "Vương Tuấn Anh")
    d = receive(cast, flows.simple)
    html = login(cast.desk_officer).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    choices = re.search(r'<select name="handler" id="id_forward_handler".*?</select>', html, re.S)
    assert choices is not None
    names = [n.split(" — ")[0] for n in re.findall(r'<option value="\d+">([^<]*)</option>', choices.group(0))]
    assert names == ["Vương Tuấn Anh", "Bùi Văn Dũng", "Đỗ Minh Đức", "Lê Thị Em"]
