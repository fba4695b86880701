"""The online form asks only the questions that select a fee, and the check page and the pay page say which
fees apply and why: an on-time birth registration pays nothing, a late one the late charge (Luật Hộ tịch
2014 art. 11 as the demo catalogue cites it, not read)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.filing import journey, services
from egov.filing.models import Draft
from egov.procedures.models import Fee
from tests.filing.conftest import LATE_CASE, filled_draft


def test_on_time_birth_registration_is_filed_and_owes_nothing(online, citizen, late) -> None:
    draft = filled_draft(online, citizen)
    draft = services.save_fee_cases(actor=citizen, draft=draft, chosen=[])
    dossier = services.submit(actor=citizen, draft=draft)
    assert [(f.name, f.amount, f.why) for f in dossier.fees.all()] == [("Lệ phí đăng ký khai sinh", 0, "")]


def test_late_birth_registration_is_filed_owing_the_late_charge_and_why(online, citizen, late) -> None:
    draft = filled_draft(online, citizen)
    draft = services.save_fee_cases(actor=citizen, draft=draft, chosen=[late.pk])
    dossier = services.submit(actor=citizen, draft=draft)
    assert [(f.name, f.amount, f.why, f.fee_id) for f in dossier.fees.all()] == [
        ("Lệ phí đăng ký khai sinh quá hạn", 5000, LATE_CASE, late.pk)
    ]


def test_a_case_the_form_does_not_ask_is_refused_and_changes_nothing(online, citizen, late) -> None:
    draft = filled_draft(online, citizen)
    always = online.procedure.fees.get(applies=Fee.Applies.ALWAYS)
    with pytest.raises(ValidationError):
        services.save_fee_cases(actor=citizen, draft=draft, chosen=[always.pk])
    draft = Draft.objects.get(pk=draft.pk)
    assert draft.fee_cases == [] and journey.FEES not in draft.done


def test_the_fee_question_is_a_step_only_where_a_fee_depends_on_the_case(client, online, citizen) -> None:
    draft = filled_draft(online, citizen)
    assert journey.FEES not in [s.key for s in journey.steps_of(draft)]
    client.force_login(citizen)
    assert client.get(reverse("filing:fees", args=(draft.pk,))).status_code == 404


def test_the_fee_page_asks_the_case_and_the_check_page_says_why(client, online, citizen, late) -> None:
    draft = filled_draft(online, citizen)
    client.force_login(citizen)
    url = reverse("filing:fees", args=(draft.pk,))
    page = client.get(url).content.decode()
    assert LATE_CASE in page and 'type="checkbox"' in page
    response = client.post(url, {"cases": [str(late.pk)]})
    assert response.status_code == 302
    check = client.get(reverse("filing:check", args=(draft.pk,))).content.decode()
    assert "Lệ phí đăng ký khai sinh quá hạn" in check and LATE_CASE in check and "5.000" in check
    assert "8.000" not in check
    # Unticking every box is an answer: the free on-time line is charged again.
    client.post(url, {})
    assert Draft.objects.get(pk=draft.pk).fee_cases == []
    # A free line is "Free", not also "charged in every case" (a newcomer read the two as a contradiction).
    check = client.get(reverse("filing:check", args=(draft.pk,))).content.decode()
    assert "Miễn phí" in check and "Thu trong mọi trường hợp" not in check


def test_the_pay_page_says_why_each_fee_is_charged(client, online, citizen, late, settings) -> None:
    settings.EGOV_PAYMENT_GATEWAYS = ["sandbox"]
    draft = filled_draft(online, citizen)
    draft = services.save_fee_cases(actor=citizen, draft=draft, chosen=[late.pk])
    dossier = services.submit(actor=citizen, draft=draft)
    client.force_login(citizen)
    page = client.get(reverse("payments:pay", args=(dossier.pk,))).content.decode()
    assert "Lệ phí đăng ký khai sinh quá hạn" in page and LATE_CASE in page


def test_the_fee_question_must_be_answered_before_submitting(online, citizen, late) -> None:
    draft = filled_draft(online, citizen)
    with pytest.raises(ValidationError):
        services.submit(actor=citizen, draft=draft)
    assert Draft.objects.get(pk=draft.pk).dossier_id is None
