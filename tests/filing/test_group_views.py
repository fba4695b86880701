"""The linked group's pages, walked with the test client as a browser without JavaScript would: from the
group's public page to the confirmation, the one payment for the whole group in the sandbox bank, and the
bundle in "My dossiers"."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from egov.dossiers.bundle_models import BundlePart, DossierBundle
from egov.dossiers.models import DossierEvent, DossierFee
from egov.filing.group_models import GroupDraft
from egov.payments import services as payment_services
from egov.payments.gateways import registry as gateways
from egov.payments.gateways.base import Outcome
from egov.payments.models import LedgerEntry
from tests.filing.conftest import ANSWERS_PAGE_1, APPLICANT, upload
from tests.filing.groups import filled_group_draft, linked_group


@pytest.fixture
def linked(online, cast):
    return linked_group(online, cast.province)


def test_the_group_page_offers_filing_online_and_the_walk_submits_one_bundle(client, linked, citizen):
    page = client.get(reverse("procedures:group_detail", args=(linked.group.code,))).content.decode()
    start = reverse("filing:group_start", args=(linked.group.code,))
    assert f'href="{start}" id="file-group-online"' in page
    client.force_login(citizen)
    started = client.post(start)
    draft = GroupDraft.objects.get(owner=citizen)
    assert started.url == reverse("filing:group_applicant", args=(draft.pk,))
    # The applicant is prefilled from the profile.
    assert "Trần Thị Công Dân" in client.get(started.url).content.decode()
    form = {k: v for k, v in APPLICANT.items() if k != "type"}
    r = client.post(started.url, {**form, "action": "continue"})
    assert r.url == reverse("filing:group_parts", args=(draft.pk,))
    r = client.post(r.url, {"parts": ["3"], "action": "continue"})
    assert r.url == reverse("filing:group_form", args=(draft.pk, 1, 1))
    r = client.post(r.url, {**ANSWERS_PAGE_1, "action": "continue"})
    assert r.url == reverse("filing:group_form", args=(draft.pk, 1, 2))
    r = client.post(
        r.url,
        {
            "nguoi_lam_chung-TOTAL_FORMS": "1",
            "nguoi_lam_chung-INITIAL_FORMS": "0",
            "nguoi_lam_chung-0-ten": "Lê Văn Chứng",
            "action": "continue",
        },
    )
    assert r.url == reverse("filing:group_form", args=(draft.pk, 2, 1)), r.content.decode()[:2000]
    r = client.post(r.url, {"noi_thuong_tru": "Xã Bắc Sơn", "action": "continue"})
    # The papers, each once: the birth certificate (two parts), the proxy (two parts, optional: none
    # given), the proof of residence; not the declaration (the online form) nor the identity paper (read
    # from the population database).
    for name in ("giay-chung-sinh.png", None, "cho-o.png"):
        data = {"action": "continue"}
        if name:
            data["file"] = upload(name)
        r = client.post(r.url, data)
        assert r.status_code == 302, r.content.decode()[:3000]
    assert r.url == reverse("filing:group_place", args=(draft.pk,))
    r = client.post(r.url, {"agency": str(linked.counter.pk), "action": "continue"})
    check = reverse("filing:group_check", args=(draft.pk,))
    assert r.url == check
    page = client.get(check).content.decode()
    assert "Giấy chứng sinh" in page and "18.000" in page and "Xã Bắc Sơn" in page
    assert 'id="error-summary"' not in page
    not_asked = page[page.index('id="not-asked"') :]
    assert "Tờ khai đăng ký khai sinh" in not_asked and "Giấy tờ tùy thân để xuất trình" in not_asked
    r = client.post(check)
    assert r.url == reverse("filing:group_submitted", args=(draft.pk,))
    bundle = DossierBundle.objects.get()
    page = client.get(r.url).content.decode()
    assert bundle.reference in page and reverse("payments:pay_bundle", args=(bundle.reference,)) in page
    assert client.post(check).url == r.url  # a repeated submit answers with the same confirmation
    assert DossierBundle.objects.count() == 1


def test_a_missing_answer_gets_the_error_summary_and_the_message_by_the_field(client, linked, citizen):
    client.force_login(citizen)
    client.post(reverse("filing:group_start", args=(linked.group.code,)))
    draft = GroupDraft.objects.get()
    url = reverse("filing:group_applicant", args=(draft.pk,))
    r = client.post(
        url,
        {
            "name": "",
            "id_number": APPLICANT["id_number"],
            "phone": APPLICANT["phone"],
            "email": "",
            "address": "",
            "action": "continue",
        },
    )
    page = r.content.decode()
    assert r.status_code == 200 and 'class="error-summary"' in page and 'href="#id_name"' in page
    assert 'id="id_name_error"' in page and "<title>Lỗi:" in page
    assert GroupDraft.objects.get().done == []


def test_continue_on_a_required_paper_with_no_file_asks_for_it_beside_the_input(client, linked, citizen):
    client.force_login(citizen)
    client.post(reverse("filing:group_start", args=(linked.group.code,)))
    draft = GroupDraft.objects.get()
    url = reverse("filing:group_paper", args=(draft.pk, linked.home_proof.pk))
    response = client.post(url, {"action": "continue"})
    text = response.content.decode()
    assert response.status_code == 200 and 'href="#id_file"' in text and 'id="id_file_error"' in text
    assert GroupDraft.objects.get().done == []


def test_the_check_page_lists_what_is_missing(client, linked, citizen):
    client.force_login(citizen)
    client.post(reverse("filing:group_start", args=(linked.group.code,)))
    draft = GroupDraft.objects.get()
    check = reverse("filing:group_check", args=(draft.pk,))
    r = client.post(check)
    assert r.status_code == 200 and 'id="error-summary"' in r.content.decode()
    assert not DossierBundle.objects.exists()


def test_another_citizens_group_draft_does_not_exist_for_them(client, linked, citizen, other_citizen):
    draft = filled_group_draft(linked, citizen)
    client.force_login(other_citizen)
    for name in ("group_applicant", "group_check", "group_place", "group_resume"):
        assert client.get(reverse(f"filing:{name}", args=(draft.pk,))).status_code == 404
    assert client.post(reverse("filing:group_check", args=(draft.pk,))).status_code == 404
    assert not DossierBundle.objects.exists()


def test_a_staff_account_is_refused_the_group_pages(client, linked, citizen, cast):
    draft = filled_group_draft(linked, citizen)
    client.force_login(cast.desk_officer.user)
    assert client.get(reverse("filing:group_check", args=(draft.pk,))).status_code == 403


def test_the_group_draft_is_listed_with_the_drafts_to_continue(client, linked, citizen):
    client.force_login(citizen)
    client.post(reverse("filing:group_start", args=(linked.group.code,)))
    draft = GroupDraft.objects.get()
    page = client.get(reverse("filing:drafts")).content.decode()
    assert linked.group.name in page and reverse("filing:group_applicant", args=(draft.pk,)) in page


def test_one_payment_pays_every_parts_fees_each_credited_in_its_own_ledger(client, linked, citizen, settings):
    settings.EGOV_PAYMENT_GATEWAYS = ["sandbox"]
    draft = filled_group_draft(linked, citizen)
    client.force_login(citizen)
    client.post(reverse("filing:group_check", args=(draft.pk,)))
    bundle = DossierBundle.objects.get()
    pay = reverse("payments:pay_bundle", args=(bundle.reference,))
    page = client.get(pay).content.decode()
    assert "18.000" in page and "Lệ phí đăng ký cư trú" in page
    to_bank = client.post(pay, {"gateway": "sandbox"})
    assert to_bank.status_code == 302
    gateway = gateways.get("sandbox")
    order = gateway.read_order(dict(parse_qsl(urlsplit(to_bank.url).query)))
    from django.utils import timezone

    result = gateway.result(order, True, "SBX0001", timezone.now())
    assert payment_services.receive_callback("sandbox", result) == Outcome.CONFIRMED
    assert payment_services.receive_callback("sandbox", result) == Outcome.ALREADY_DONE  # replayed

    birth = BundlePart.objects.get(bundle=bundle, position=1).dossier
    residence = BundlePart.objects.get(bundle=bundle, position=2).dossier
    paid = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT)
    assert {(e.dossier_id, e.amount) for e in paid} == {
        (birth.pk, Decimal(8000)),
        (residence.pk, Decimal(10000)),
    }
    assert not DossierFee.objects.filter(dossier__bundle_part__bundle=bundle, paid_at__isnull=True).exists()
    assert DossierEvent.objects.filter(action="fee_paid", dossier__in=[birth, residence]).count() == 2
    after = client.get(reverse("filing:group_submitted", args=(draft.pk,))).content.decode()
    assert 'id="fees-paid"' in after


def test_another_citizen_cannot_pay_or_see_the_bundle(client, linked, citizen, other_citizen, settings):
    settings.EGOV_PAYMENT_GATEWAYS = ["sandbox"]
    draft = filled_group_draft(linked, citizen)
    from egov.filing.group_submission import submit

    bundle = submit(actor=citizen, draft=draft)
    client.force_login(other_citizen)
    assert (
        client.post(
            reverse("payments:pay_bundle", args=(bundle.reference,)), {"gateway": "sandbox"}
        ).status_code
        == 404
    )
    assert client.get(reverse("portal:bundle", args=(bundle.reference,))).status_code == 404
